# pragma version 0.4.3
"""
@title DataRegistry
@notice LazAI's registry of contributed (encrypted) data files and their verified-computing
        proofs, after 0xLazAI/lazbubu-contracts src/dataRegistry/DataRegistry.sol, ABI-compatible
        with Alith 0.12.3's DATA_REGISTRY_CONTRACT_ABI. Written for metis-devnet.

        Files: ids start at 1; a URL can be registered once ("FileUrlAlreadyUsed"; key
        keccak256(url bytes)); the owner grants per-account permissions (the file's password
        RSA-encrypted to a node's key).

        Proofs: `addProof(fileId, (signature, (id, score, fileUrl, proofUrl)))` is open to anyone
        (proof indices per file start at 1); validity is checked by `requestReward(fileId,
        proofIndex)`: h = keccak256(abi.encode(ProofData)) (the struct as a one-element tuple, i.e.
        with a leading 0x20 offset word -- what Alith's ProofData.abi_encode gives), signer =
        ecrecover(EIP-191 "Ethereum Signed Message" hash of h (32-byte form), signature) must be an active
        VerifiedComputing node, else "InvalidAttestator". A file is rewarded once
        ("FileAlreadyRewarded"); the reward is `score` DAT minted to the file's owner via
        DataAnchoringToken.mint(owner, score, fileUrl, true).

        Roles (OpenZeppelin AccessControl-compatible): DEFAULT_ADMIN_ROLE updates the public key,
        token and verifiedComputing and grants/revokes roles; MAINTAINER_ROLE pauses. Errors are
        upstream's error NAMES as revert reason strings.

        Settings are storage written by initialize(admin, token, verifiedComputing, name,
        publicKey), which runs once (no constructor arguments, no immutables: genesis places the
        runtime code).
"""

MAX_URL: constant(uint256) = 512
MAX_HASH: constant(uint256) = 256
MAX_NAME: constant(uint256) = 256
MAX_PUBLIC_KEY: constant(uint256) = 1024
MAX_PERMISSION_KEY: constant(uint256) = 1024
MAX_PERMISSIONS: constant(uint256) = 32
MAX_SIGNATURE: constant(uint256) = 128
SECP256K1_HALF_N: constant(uint256) = 57896044618658097711785492504343953926418782139537452191302581570759080747168  # secp256k1 n / 2

DEFAULT_ADMIN_ROLE: public(constant(bytes32)) = empty(bytes32)
MAINTAINER_ROLE: public(constant(bytes32)) = keccak256("MAINTAINER_ROLE")


interface DataAnchoringToken:
    def mint(to: address, amount: uint256, tokenURI_: String[MAX_URL], verified_: bool): nonpayable

interface VerifiedComputing:
    def isNode(nodeAddress: address) -> bool: view
    def requestProof(fileId: uint256): payable


struct ProofData:
    id: uint256
    score: uint256
    fileUrl: String[MAX_URL]
    proofUrl: String[MAX_URL]


struct Proof:
    signature: Bytes[MAX_SIGNATURE]
    data: ProofData


struct Permission:
    account: address
    key: String[MAX_PERMISSION_KEY]


struct FileResponse:
    id: uint256
    ownerAddress: address
    url: String[MAX_URL]
    hash: String[MAX_HASH]
    proofIndex: uint256
    rewardAmount: uint256


# What Alith's ABI has getFileProof return: when the proof was added, keccak256(abi.encode(data)), signature.
struct ProofResponse:
    timestamp: uint256
    hash: bytes32
    signature: Bytes[MAX_SIGNATURE]


struct File:
    ownerAddress: address
    url: String[MAX_URL]
    hash: String[MAX_HASH]
    timestamp: uint256
    proofIndex: uint256
    proofsCount: uint256
    rewardAmount: uint256
    rewarded: bool


event RoleGranted:
    role: indexed(bytes32)
    account: indexed(address)
    sender: indexed(address)

event RoleRevoked:
    role: indexed(bytes32)
    account: indexed(address)
    sender: indexed(address)

event Paused:
    account: address

event Unpaused:
    account: address

event FileAdded:
    fileId: indexed(uint256)
    ownerAddress: indexed(address)
    url: String[MAX_URL]

event ProofAdded:
    fileId: indexed(uint256)
    ownerAddress: indexed(address)
    proofIndex: uint256
    proofUrl: String[MAX_URL]

event PermissionGranted:
    fileId: indexed(uint256)
    account: indexed(address)

event RewardRequested:
    contributorAddress: indexed(address)
    fileId: indexed(uint256)
    proofIndex: indexed(uint256)
    rewardAmount: uint256

event PublicKeyUpdated:
    newPublicKey: String[MAX_PUBLIC_KEY]

event TokenUpdated:
    newToken: address

event VerifiedComputingUpdated:
    newVerifiedComputing: address


initialized: public(bool)
paused: public(bool)
_roles: HashMap[bytes32, HashMap[address, bool]]

name: public(String[MAX_NAME])
publicKey: public(String[MAX_PUBLIC_KEY])
token: public(address)
verifiedComputing: public(address)
filesCount: public(uint256)

_files: HashMap[uint256, File]
_proofs: HashMap[uint256, HashMap[uint256, Proof]]
_proofTimestamps: HashMap[uint256, HashMap[uint256, uint256]]
_permissions: HashMap[uint256, HashMap[address, String[MAX_PERMISSION_KEY]]]
_urlHashToFileId: HashMap[bytes32, uint256]


@deploy
def __init__():
    pass


@external
def initialize(admin: address, token: address, verifiedComputing: address, name: String[MAX_NAME],
               publicKey: String[MAX_PUBLIC_KEY]):
    """
    @notice One-time setup: admin gets DEFAULT_ADMIN_ROLE and MAINTAINER_ROLE; token is the
            DataAnchoringToken (this registry must hold its MINTER_ROLE), verifiedComputing the
            node registry, publicKey the nodes' RSA public key (PKCS#1 PEM).
    """
    assert not self.initialized, "InvalidInitialization"
    assert admin != empty(address), "ZeroAddress"
    self.initialized = True
    self.token = token
    self.verifiedComputing = verifiedComputing
    self.name = name
    self.publicKey = publicKey
    self._grant(DEFAULT_ADMIN_ROLE, admin)
    self._grant(MAINTAINER_ROLE, admin)


# ---------------------------------------------------------------- roles and pause

@internal
def _grant(role: bytes32, account: address):
    if not self._roles[role][account]:
        self._roles[role][account] = True
        log RoleGranted(role=role, account=account, sender=msg.sender)


@internal
@view
def _only(role: bytes32):
    assert self._roles[role][msg.sender], "AccessControlUnauthorizedAccount"


@internal
@view
def _whenNotPaused():
    assert not self.paused, "EnforcedPause"


@view
@external
def hasRole(role: bytes32, account: address) -> bool:
    return self._roles[role][account]


@view
@external
def getRoleAdmin(role: bytes32) -> bytes32:
    return DEFAULT_ADMIN_ROLE


@external
def grantRole(role: bytes32, account: address):
    """
    @notice Grants `role` to `account`; DEFAULT_ADMIN_ROLE only.
    """
    self._only(DEFAULT_ADMIN_ROLE)
    self._grant(role, account)


@external
def revokeRole(role: bytes32, account: address):
    """
    @notice Revokes `role` from `account`; DEFAULT_ADMIN_ROLE only.
    """
    self._only(DEFAULT_ADMIN_ROLE)
    if self._roles[role][account]:
        self._roles[role][account] = False
        log RoleRevoked(role=role, account=account, sender=msg.sender)


@external
def renounceRole(role: bytes32, callerConfirmation: address):
    assert callerConfirmation == msg.sender, "AccessControlBadConfirmation"
    if self._roles[role][msg.sender]:
        self._roles[role][msg.sender] = False
        log RoleRevoked(role=role, account=msg.sender, sender=msg.sender)


@external
def pause():
    self._only(MAINTAINER_ROLE)
    assert not self.paused, "EnforcedPause"
    self.paused = True
    log Paused(account=msg.sender)


@external
def unpause():
    self._only(MAINTAINER_ROLE)
    assert self.paused, "ExpectedPause"
    self.paused = False
    log Unpaused(account=msg.sender)


@pure
@external
def version() -> uint256:
    return 1


@external
def updatePublicKey(newPublicKey: String[MAX_PUBLIC_KEY]):
    self._only(DEFAULT_ADMIN_ROLE)
    self.publicKey = newPublicKey
    log PublicKeyUpdated(newPublicKey=newPublicKey)


@external
def updateToken(newToken: address):
    self._only(DEFAULT_ADMIN_ROLE)
    self.token = newToken
    log TokenUpdated(newToken=newToken)


@external
def updateVerifiedComputing(newVerifiedComputing: address):
    self._only(DEFAULT_ADMIN_ROLE)
    self.verifiedComputing = newVerifiedComputing
    log VerifiedComputingUpdated(newVerifiedComputing=newVerifiedComputing)


# ---------------------------------------------------------------- files

@internal
def _addFile(url: String[MAX_URL], hash: String[MAX_HASH], ownerAddress: address) -> uint256:
    self._whenNotPaused()
    assert len(url) != 0, "InvalidUrl"
    urlHash: bytes32 = keccak256(url)
    assert self._urlHashToFileId[urlHash] == 0, "FileUrlAlreadyUsed"
    fileId: uint256 = self.filesCount + 1
    self.filesCount = fileId
    self._files[fileId].ownerAddress = ownerAddress
    self._files[fileId].url = url
    self._files[fileId].hash = hash
    self._urlHashToFileId[urlHash] = fileId
    log FileAdded(fileId=fileId, ownerAddress=ownerAddress, url=url)
    return fileId


@internal
def _grantPermissions(fileId: uint256, permissions: DynArray[Permission, MAX_PERMISSIONS]):
    for p: Permission in permissions:
        self._permissions[fileId][p.account] = p.key
        log PermissionGranted(fileId=fileId, account=p.account)


@external
def addFile(url: String[MAX_URL], hash: String[MAX_HASH]) -> uint256:
    """
    @notice Registers a file owned by the caller; returns its id (from 1). Reverts "InvalidUrl"
            (empty), "FileUrlAlreadyUsed". Emits FileAdded.
    """
    return self._addFile(url, hash, msg.sender)


@external
def addFileWithPermissions(url: String[MAX_URL], hash: String[MAX_HASH], ownerAddress: address,
                           permissions: DynArray[Permission, MAX_PERMISSIONS]) -> uint256:
    """
    @notice Registers a file owned by `ownerAddress` with per-account keys (at most 32).
    """
    fileId: uint256 = self._addFile(url, hash, ownerAddress)
    self._grantPermissions(fileId, permissions)
    return fileId


@external
@payable
def addFileAndRequestProof(url: String[MAX_URL], hash: String[MAX_HASH], ownerAddress: address,
                           permissions: DynArray[Permission, MAX_PERMISSIONS]) -> uint256:
    """
    @notice addFileWithPermissions, then VerifiedComputing.requestProof{value: msg.value}(fileId)
            (the job's ownerAddress is this registry).
    """
    fileId: uint256 = self._addFile(url, hash, ownerAddress)
    self._grantPermissions(fileId, permissions)
    extcall VerifiedComputing(self.verifiedComputing).requestProof(fileId, value=msg.value)
    return fileId


@external
def addPermissionForFile(fileId: uint256, account: address, key: String[MAX_PERMISSION_KEY]):
    """
    @notice The file's owner sets `account`'s key. Reverts "NotFileOwner".
    """
    self._whenNotPaused()
    assert msg.sender == self._files[fileId].ownerAddress, "NotFileOwner"
    self._permissions[fileId][account] = key
    log PermissionGranted(fileId=fileId, account=account)


@view
@external
def getFile(fileId: uint256) -> FileResponse:
    file: File = self._files[fileId]
    return FileResponse(id=fileId, ownerAddress=file.ownerAddress, url=file.url, hash=file.hash,
                        proofIndex=file.proofIndex, rewardAmount=file.rewardAmount)


@view
@external
def getFileIdByUrl(url: String[MAX_URL]) -> uint256:
    """
    @notice The id of the file registered with `url`, 0 when none.
    """
    return self._urlHashToFileId[keccak256(url)]


@view
@external
def getFilePermission(fileId: uint256, account: address) -> String[MAX_PERMISSION_KEY]:
    return self._permissions[fileId][account]


@view
@external
def fileTimestamp(fileId: uint256) -> uint256:
    """
    @notice Block timestamp (s) of the file's reward, 0 before (devnet view).
    """
    return self._files[fileId].timestamp


@view
@external
def fileProofsCount(fileId: uint256) -> uint256:
    """
    @notice How many proofs the file has (indices 1..count) (devnet view).
    """
    return self._files[fileId].proofsCount


# ---------------------------------------------------------------- proofs and rewards

@internal
@pure
def _proofHash(data: ProofData) -> bytes32:
    return keccak256(abi_encode(data))


@internal
@pure
def _recoverEthSigned(h: bytes32, signature: Bytes[MAX_SIGNATURE]) -> address:
    """
    @dev ECDSA.recover(toEthSignedMessageHash(h), signature) for 65-byte r||s||v signatures;
         empty(address) when malformed (wrong length, v not 27/28 (or 0/1), high s).
    """
    if len(signature) != 65:
        return empty(address)
    r: uint256 = convert(slice(signature, 0, 32), uint256)
    s: uint256 = convert(slice(signature, 32, 32), uint256)
    v: uint256 = convert(slice(signature, 64, 1), uint256)
    if v < 27:
        v += 27
    if (v != 27 and v != 28) or s > SECP256K1_HALF_N:
        return empty(address)
    return ecrecover(keccak256(concat(b"\x19Ethereum Signed Message:\n32", h)), v, r, s)


@external
def addProof(fileId: uint256, proof: Proof):
    """
    @notice Appends a proof to the file (anyone may; checked at reward time). Reverts
            "FileNotFound". Emits ProofAdded with the new proof index (from 1).
    """
    self._whenNotPaused()
    assert fileId != 0 and fileId <= self.filesCount, "FileNotFound"
    index: uint256 = self._files[fileId].proofsCount + 1
    self._files[fileId].proofsCount = index
    self._proofs[fileId][index] = proof
    self._proofTimestamps[fileId][index] = block.timestamp
    log ProofAdded(fileId=fileId, ownerAddress=self._files[fileId].ownerAddress, proofIndex=index,
                   proofUrl=proof.data.proofUrl)


@view
@external
def getFileProof(fileId: uint256, index: uint256) -> ProofResponse:
    """
    @notice (timestamp the proof was added (s), keccak256(abi.encode(ProofData)), signature) --
            the shape of Alith's ABI. All zero for a missing proof.
    """
    if self._proofTimestamps[fileId][index] == 0:
        return empty(ProofResponse)
    proof: Proof = self._proofs[fileId][index]
    return ProofResponse(timestamp=self._proofTimestamps[fileId][index], hash=self._proofHash(proof.data),
                         signature=proof.signature)


@view
@external
def getFileProofData(fileId: uint256, index: uint256) -> Proof:
    """
    @notice The whole stored proof (signature, (id, score, fileUrl, proofUrl)), upstream's
            getFileProof shape (devnet view).
    """
    return self._proofs[fileId][index]


@external
@nonreentrant
def requestReward(fileId: uint256, proofIndex: uint256):
    """
    @notice Verifies proof `proofIndex` of the file and mints `score` DAT to the file's owner.
            Reverts "FileNotFound", "FileAlreadyRewarded", "InvalidAttestator" (the signer is not
            an active VerifiedComputing node, or the proof does not exist). Emits RewardRequested.
    """
    self._whenNotPaused()
    assert fileId != 0 and fileId <= self.filesCount, "FileNotFound"
    file: File = self._files[fileId]
    assert not file.rewarded, "FileAlreadyRewarded"
    assert proofIndex != 0 and proofIndex <= file.proofsCount, "InvalidAttestator"
    proof: Proof = self._proofs[fileId][proofIndex]
    signer: address = self._recoverEthSigned(self._proofHash(proof.data), proof.signature)
    assert signer != empty(address), "InvalidAttestator"
    assert staticcall VerifiedComputing(self.verifiedComputing).isNode(signer), "InvalidAttestator"
    self._files[fileId].rewarded = True
    self._files[fileId].timestamp = block.timestamp
    self._files[fileId].proofIndex = proofIndex
    self._files[fileId].rewardAmount = proof.data.score
    extcall DataAnchoringToken(self.token).mint(file.ownerAddress, proof.data.score, file.url, True)
    log RewardRequested(contributorAddress=file.ownerAddress, fileId=fileId, proofIndex=proofIndex,
                        rewardAmount=proof.data.score)
