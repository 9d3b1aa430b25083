# pragma version 0.4.3
"""
@title DataAnchoringToken
@notice LazAI's Data Anchoring Token (DAT) for metis-devnet: an ERC-1155 token with the ABI the
        Alith SDK calls (`mint(to, amount, tokenURI_, verified_)`, `uri`, `verified`,
        `setTokenVerified`, `batchMint`, `TokenMinted`) and the lifecycle of ERC-8028 (draft):
        classes with a metadata URI, an integrity hash, unit decimals, a policy URI and a total
        share; per token a class, a value (usage quota), a share ratio (revenue weight) and an
        expiry; usage metering that consumes value; revenue in ETH or ERC-20 settled per class
        and claimed per token pro rata (`pending = shareRatio * accRevenuePerShare[asset] / 1e18
        - rewardDebt[asset]`).

        Every token id has exactly one owner: `balanceOf(owner, id)` is the token's current
        value and every other account's balance is 0. An ERC-1155 transfer must move the whole
        balance (anything else reverts "DAT: transfer the whole balance"); the token's unclaimed
        revenue moves with it. Usage and value transfers show as ERC-1155 burns / mints of the
        value moved (TransferSingle to / from the zero address).

        Class 1 ("data contributions") is created by `initialize` and managed by the iDAO;
        Alith-style `mint` puts a token there with value = shareRatio = amount, no expiry.

        The ERC-8028 `mint(uint256 classId, address to, uint256 value, uint256 shareRatio,
        uint64 expireAt)` cannot be a second Vyper function named `mint`, so it is `mintToClass`
        and its ERC-8028 selector (0x741e3723, `MINT_8028`) is dispatched by `__default__`.

        Placed in genesis as runtime code (no constructor arguments, no immutables) and set up
        by `initialize(admin, minter, idao)` once. Reverts carry readable reason strings
        ("AccessControlUnauthorizedAccount" for a missing role, "InsufficientValue", "DAT: ...").
        A class takes revenue in at most 8 assets (ETH = 0x0 and ERC-20 tokens). Written for
        metis-devnet; no code is copied from LazAI's Solidity.
"""

interface IERC1155Receiver:
    def onERC1155Received(operator: address, sender: address, id: uint256, amount: uint256, data: Bytes[1024]) -> bytes4: nonpayable
    def onERC1155BatchReceived(operator: address, sender: address, ids: DynArray[uint256, 128], amounts: DynArray[uint256, 128], data: Bytes[1024]) -> bytes4: nonpayable

# ---------------------------------------------------------------- events

# ERC-1155
event TransferSingle:
    operator: indexed(address)
    sender: indexed(address)
    receiver: indexed(address)
    id: uint256
    amount: uint256

event TransferBatch:
    operator: indexed(address)
    sender: indexed(address)
    receiver: indexed(address)
    ids: DynArray[uint256, 128]
    amounts: DynArray[uint256, 128]

event ApprovalForAll:
    account: indexed(address)
    operator: indexed(address)
    approved: bool

event URI:
    value: String[512]
    id: indexed(uint256)

# Alith / LazAI
event TokenMinted:
    to: indexed(address)
    tokenId: indexed(uint256)
    tokenURI: String[512]

event TokenVerified:
    tokenId: indexed(uint256)
    verified: bool

# ERC-8028
event ClassCreated:
    classId: indexed(uint256)
    metadataURI: String[512]
    integrityHash: bytes32

event ClassPolicyUpdated:
    classId: indexed(uint256)
    policyURI: String[512]

event MetadataUpdated:
    classId: indexed(uint256)
    metadataURI: String[512]
    integrityHash: bytes32

event ClassManagerChanged:
    classId: indexed(uint256)
    previousManager: indexed(address)
    newManager: indexed(address)

event Minted:
    tokenId: indexed(uint256)
    classId: indexed(uint256)
    to: address
    value: uint256
    shareRatio: uint256
    expireAt: uint64

event TransferToken:
    tokenId: indexed(uint256)
    sender: indexed(address)
    receiver: indexed(address)

event ValueTransferred:
    fromTokenId: indexed(uint256)
    toTokenId: indexed(uint256)
    value: uint256

event Expired:
    tokenId: indexed(uint256)

event UsageRecorded:
    tokenId: indexed(uint256)
    metricType: bytes32
    amount: uint256
    actor: address

event RevenueSettled:
    classId: indexed(uint256)
    asset: indexed(address)
    amount: uint256

event Claimed:
    tokenId: indexed(uint256)
    to: indexed(address)
    asset: indexed(address)
    amount: uint256

event ApprovalForClass:
    owner: indexed(address)
    classId: indexed(uint256)
    operator: indexed(address)
    approved: bool

# AccessControl
event RoleGranted:
    role: indexed(bytes32)
    account: indexed(address)
    sender: indexed(address)

event RoleRevoked:
    role: indexed(bytes32)
    account: indexed(address)
    sender: indexed(address)

# ---------------------------------------------------------------- constants

DEFAULT_ADMIN_ROLE: public(constant(bytes32)) = empty(bytes32)
MINTER_ROLE: public(constant(bytes32)) = keccak256("MINTER_ROLE")
USAGE_ROLE: public(constant(bytes32)) = keccak256("USAGE_ROLE")
# The class Alith-style mint uses (the iDAO's data-contribution class).
CONTRIBUTION_CLASS: public(constant(uint256)) = 1
# Revenue accumulator scale (ERC-8028 §3).
ACC_SCALE: constant(uint256) = 10 ** 18

MAX_BATCH: constant(uint256) = 128
MAX_ASSETS: constant(uint256) = 8
MAX_URL: constant(uint256) = 512

ERC165_ID: constant(bytes4) = 0x01ffc9a7
ERC1155_ID: constant(bytes4) = 0xd9b67a26
ERC1155_METADATA_URI_ID: constant(bytes4) = 0x0e89341c
ACCESS_CONTROL_ID: constant(bytes4) = 0x7965db0b
ON_RECEIVED: constant(bytes4) = 0xf23a6e61        # onERC1155Received(address,address,uint256,uint256,bytes)
ON_BATCH_RECEIVED: constant(bytes4) = 0xbc197c81  # onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)
# ERC-8028 mint(uint256,address,uint256,uint256,uint64), served by __default__.
MINT_8028: constant(bytes4) = method_id("mint(uint256,address,uint256,uint256,uint64)", output_type=bytes4)

# ---------------------------------------------------------------- storage

struct ClassData:
    metadataURI: String[512]
    integrityHash: bytes32
    unitDecimals: uint8
    policyURI: String[512]
    manager: address
    totalShare: uint256
    tokenCount: uint256

struct TokenData:
    owner: address
    classId: uint256
    value: uint256
    shareRatio: uint256
    expireAt: uint64
    verified: bool
    countedInShare: bool   # shareRatio is part of the class's totalShare
    live: bool             # value is part of classValueOf (expiry not yet observed)
    usedValue: uint256     # sum of recordUsage amounts

struct Checkpoint:
    fromBlock: uint256
    value: uint256

roles: HashMap[bytes32, HashMap[address, bool]]
operatorApprovals: HashMap[address, HashMap[address, bool]]
classApprovals: HashMap[address, HashMap[uint256, HashMap[address, bool]]]
classes: HashMap[uint256, ClassData]
tokens: HashMap[uint256, TokenData]
tokenUrls: HashMap[uint256, String[512]]
classValue: HashMap[uint256, HashMap[address, uint256]]
# Revenue, per asset (0x0 = ETH): the class's index (scaled by 1e18) and the assets it has seen;
# per token: shareRatio * index / 1e18 at its last claim (or mint), revenue earned before it left
# the share (expiry), and the amount claimed so far.
accRevenue: HashMap[uint256, HashMap[address, uint256]]
classAssets: HashMap[uint256, DynArray[address, MAX_ASSETS]]
assetListed: HashMap[uint256, HashMap[address, bool]]
rewardDebt: HashMap[uint256, HashMap[address, uint256]]
accrued: HashMap[uint256, HashMap[address, uint256]]
claimedOf: HashMap[uint256, HashMap[address, uint256]]
# History of classValue per (class, owner): checkpoint i = (first block it holds for, value).
checkpoints: HashMap[uint256, HashMap[address, HashMap[uint256, Checkpoint]]]
checkpointCount: HashMap[uint256, HashMap[address, uint256]]
tokenCounter: uint256
classCounter: uint256
initialized: public(bool)


@deploy
def __init__():
    pass


@external
def initialize(admin: address, minter: address, idao: address):
    """
    @notice One-time setup: `admin` gets DEFAULT_ADMIN_ROLE, `minter` (the DataRegistry) gets
            MINTER_ROLE, and class 1 (data contributions, empty metadata) is created with
            `idao` as its manager. Reverts "InvalidInitialization" the second time.
    """
    assert not self.initialized, "InvalidInitialization"
    assert admin != empty(address), "ZeroAddress"
    self.initialized = True
    self._grantRole(DEFAULT_ADMIN_ROLE, admin, msg.sender)
    if minter != empty(address):
        self._grantRole(MINTER_ROLE, minter, msg.sender)
    self._createClass("", empty(bytes32), 0, "", idao)

# ---------------------------------------------------------------- AccessControl

@internal
def _grantRole(role: bytes32, account: address, sender: address):
    if not self.roles[role][account]:
        self.roles[role][account] = True
        log RoleGranted(role=role, account=account, sender=sender)


@internal
def _revokeRole(role: bytes32, account: address, sender: address):
    if self.roles[role][account]:
        self.roles[role][account] = False
        log RoleRevoked(role=role, account=account, sender=sender)


@internal
@view
def _checkRole(role: bytes32, account: address):
    assert self.roles[role][account], "AccessControlUnauthorizedAccount"


@external
@view
def hasRole(role: bytes32, account: address) -> bool:
    return self.roles[role][account]


@external
@pure
def getRoleAdmin(role: bytes32) -> bytes32:
    """@notice Every role is administered by DEFAULT_ADMIN_ROLE (0x00…00)."""
    return DEFAULT_ADMIN_ROLE


@external
def grantRole(role: bytes32, account: address):
    self._checkRole(DEFAULT_ADMIN_ROLE, msg.sender)
    self._grantRole(role, account, msg.sender)


@external
def revokeRole(role: bytes32, account: address):
    self._checkRole(DEFAULT_ADMIN_ROLE, msg.sender)
    self._revokeRole(role, account, msg.sender)


@external
def renounceRole(role: bytes32, callerConfirmation: address):
    assert callerConfirmation == msg.sender, "AccessControlBadConfirmation"
    self._revokeRole(role, msg.sender, msg.sender)

# ---------------------------------------------------------------- internals

@internal
@view
def _requireToken(tokenId: uint256):
    assert self.tokens[tokenId].classId != 0, "DAT: nonexistent token"


@internal
@view
def _requireClass(classId: uint256):
    assert classId != 0 and classId <= self.classCounter, "DAT: nonexistent class"


@internal
@view
def _requireManager(classId: uint256, account: address):
    self._requireClass(classId)
    assert account == self.classes[classId].manager or self.roles[DEFAULT_ADMIN_ROLE][account], "DAT: not the class manager"


@internal
@view
def _isExpired(tokenId: uint256) -> bool:
    e: uint64 = self.tokens[tokenId].expireAt
    return e != 0 and block.timestamp > convert(e, uint256)


@internal
@view
def _pending(tokenId: uint256, asset: address) -> uint256:
    t: uint256 = self.accrued[tokenId][asset]
    if self.tokens[tokenId].countedInShare:
        c: uint256 = self.tokens[tokenId].classId
        t += self.tokens[tokenId].shareRatio * self.accRevenue[c][asset] // ACC_SCALE - self.rewardDebt[tokenId][asset]
    return t


@internal
def _observeExpiry(tokenId: uint256) -> bool:
    """
    @dev ERC-8028 §6.6: on the first observation of an expired token its share leaves the
         class's totalShare (the revenue earned so far, per asset, is kept in `accrued`) and its value
         leaves classValueOf. Returns whether the token is expired.
    """
    if not self._isExpired(tokenId):
        return False
    if self.tokens[tokenId].live:
        c: uint256 = self.tokens[tokenId].classId
        if self.tokens[tokenId].countedInShare:
            for asset: address in self.classAssets[c]:
                self.accrued[tokenId][asset] = self._pending(tokenId, asset)
                self.rewardDebt[tokenId][asset] = 0
            self.tokens[tokenId].countedInShare = False
            self.classes[c].totalShare -= self.tokens[tokenId].shareRatio
        self._subClassValue(c, self.tokens[tokenId].owner, self.tokens[tokenId].value)
        self.tokens[tokenId].live = False
        log Expired(tokenId=tokenId)
    return True


@internal
def _writeClassValue(classId: uint256, owner: address, newValue: uint256):
    """@dev classValue plus its checkpoint for this block (one per block: the block's last value)."""
    self.classValue[classId][owner] = newValue
    n: uint256 = self.checkpointCount[classId][owner]
    if n > 0 and self.checkpoints[classId][owner][n - 1].fromBlock == block.number:
        self.checkpoints[classId][owner][n - 1].value = newValue
    else:
        self.checkpoints[classId][owner][n] = Checkpoint(fromBlock=block.number, value=newValue)
        self.checkpointCount[classId][owner] = n + 1


@internal
def _addClassValue(classId: uint256, owner: address, amount: uint256):
    if amount > 0:
        self._writeClassValue(classId, owner, self.classValue[classId][owner] + amount)


@internal
def _subClassValue(classId: uint256, owner: address, amount: uint256):
    if amount > 0:
        self._writeClassValue(classId, owner, self.classValue[classId][owner] - amount)


@internal
def _checkReceiver(operator: address, sender: address, to: address, tokenId: uint256, amount: uint256, data: Bytes[1024]):
    """@dev ERC-1155 safe-transfer rule: a contract receiver must answer onERC1155Received's selector."""
    if not to.is_contract:
        return
    ok: bool = False
    resp: Bytes[256] = b""
    ok, resp = raw_call(
        to,
        abi_encode(operator, sender, tokenId, amount, data, method_id=ON_RECEIVED),
        max_outsize=256,
        revert_on_failure=False,
    )
    if not ok:
        if len(resp) > 0:
            raw_revert(resp)
        raise "DAT: transfer to non-ERC1155Receiver"
    assert len(resp) >= 32 and convert(slice(resp, 0, 4), bytes4) == ON_RECEIVED, "DAT: ERC1155Receiver rejected tokens"


@internal
def _checkBatchReceiver(operator: address, sender: address, to: address, ids: DynArray[uint256, 128], amounts: DynArray[uint256, 128], data: Bytes[1024]):
    if not to.is_contract:
        return
    ok: bool = False
    resp: Bytes[256] = b""
    ok, resp = raw_call(
        to,
        abi_encode(operator, sender, ids, amounts, data, method_id=ON_BATCH_RECEIVED),
        max_outsize=256,
        revert_on_failure=False,
    )
    if not ok:
        if len(resp) > 0:
            raw_revert(resp)
        raise "DAT: transfer to non-ERC1155Receiver"
    assert len(resp) >= 32 and convert(slice(resp, 0, 4), bytes4) == ON_BATCH_RECEIVED, "DAT: ERC1155Receiver rejected tokens"


@internal
def _createClass(metadataURI: String[512], integrityHash: bytes32, unitDecimals: uint8, policyURI: String[512], manager: address) -> uint256:
    classId: uint256 = self.classCounter + 1
    self.classCounter = classId
    self.classes[classId].metadataURI = metadataURI
    self.classes[classId].integrityHash = integrityHash
    self.classes[classId].unitDecimals = unitDecimals
    self.classes[classId].policyURI = policyURI
    self.classes[classId].manager = manager
    log ClassCreated(classId=classId, metadataURI=metadataURI, integrityHash=integrityHash)
    if policyURI != "":
        log ClassPolicyUpdated(classId=classId, policyURI=policyURI)
    log ClassManagerChanged(classId=classId, previousManager=empty(address), newManager=manager)
    return classId


@internal
def _mint(classId: uint256, to: address, amount: uint256, shareRatio: uint256, expireAt: uint64, url: String[512], isVerified: bool) -> uint256:
    """@dev State and events of a mint, except the receiver check (done by the caller last)."""
    assert to != empty(address), "DAT: mint to the zero address"
    assert expireAt == 0 or convert(expireAt, uint256) > block.timestamp, "DAT: already expired"
    tokenId: uint256 = self.tokenCounter + 1
    self.tokenCounter = tokenId
    self.tokens[tokenId].owner = to
    self.tokens[tokenId].classId = classId
    self.tokens[tokenId].value = amount
    self.tokens[tokenId].shareRatio = shareRatio
    self.tokens[tokenId].expireAt = expireAt
    self.tokens[tokenId].verified = isVerified
    self.tokens[tokenId].live = True
    if shareRatio > 0:
        self.tokens[tokenId].countedInShare = True
        for asset: address in self.classAssets[classId]:
            self.rewardDebt[tokenId][asset] = shareRatio * self.accRevenue[classId][asset] // ACC_SCALE
        self.classes[classId].totalShare += shareRatio
    self.classes[classId].tokenCount += 1
    self._addClassValue(classId, to, amount)
    if url != "":
        self.tokenUrls[tokenId] = url
    log TransferSingle(operator=msg.sender, sender=empty(address), receiver=to, id=tokenId, amount=amount)
    log Minted(tokenId=tokenId, classId=classId, to=to, value=amount, shareRatio=shareRatio, expireAt=expireAt)
    return tokenId


@internal
def _move(sender: address, to: address, tokenId: uint256, amount: uint256):
    """
    @dev The one-owner rule: `amount` must be the sender's whole balance of `tokenId`
         (the value when `sender` owns it, 0 otherwise). Moving the owner's balance moves the
         token (its value in classValueOf, its unclaimed revenue); a zero transfer by a
         non-owner changes nothing (ERC-1155 allows zero-value transfers).
    """
    assert to != empty(address), "DAT: transfer to the zero address"
    self._requireToken(tokenId)
    owner: address = self.tokens[tokenId].owner
    balance: uint256 = 0
    if sender == owner:
        balance = self.tokens[tokenId].value
    assert amount <= balance, "DAT: insufficient balance"
    assert amount == balance, "DAT: transfer the whole balance"
    if sender != owner:
        return
    self._observeExpiry(tokenId)
    c: uint256 = self.tokens[tokenId].classId
    if self.tokens[tokenId].live:
        self._subClassValue(c, sender, balance)
        self._addClassValue(c, to, balance)
    self.tokens[tokenId].owner = to
    log TransferToken(tokenId=tokenId, sender=sender, receiver=to)

# ---------------------------------------------------------------- ERC-1155

@external
@view
def balanceOf(account: address, id: uint256) -> uint256:
    """@notice The token's current value for its owner, 0 for everyone else."""
    if account != empty(address) and self.tokens[id].owner == account:
        return self.tokens[id].value
    return 0


@external
@view
def balanceOfBatch(accounts: DynArray[address, 1024], ids: DynArray[uint256, 1024]) -> DynArray[uint256, 1024]:
    assert len(accounts) == len(ids), "DAT: accounts and ids length mismatch"
    out: DynArray[uint256, 1024] = []
    for i: uint256 in range(len(accounts), bound=1024):
        b: uint256 = 0
        if accounts[i] != empty(address) and self.tokens[ids[i]].owner == accounts[i]:
            b = self.tokens[ids[i]].value
        out.append(b)
    return out


@external
def setApprovalForAll(operator: address, approved: bool):
    assert operator != msg.sender, "DAT: setting approval status for self"
    self.operatorApprovals[msg.sender][operator] = approved
    log ApprovalForAll(account=msg.sender, operator=operator, approved=approved)


@external
@view
def isApprovedForAll(account: address, operator: address) -> bool:
    return self.operatorApprovals[account][operator]


@external
@nonreentrant
def safeTransferFrom(sender: address, to: address, id: uint256, amount: uint256, data: Bytes[1024]):
    """@notice ERC-1155 transfer; `amount` must be the whole balance (the token's value)."""
    assert sender == msg.sender or self.operatorApprovals[sender][msg.sender], "DAT: caller is not token owner or approved"
    self._move(sender, to, id, amount)
    log TransferSingle(operator=msg.sender, sender=sender, receiver=to, id=id, amount=amount)
    self._checkReceiver(msg.sender, sender, to, id, amount, data)


@external
@nonreentrant
def safeBatchTransferFrom(sender: address, to: address, ids: DynArray[uint256, 128], amounts: DynArray[uint256, 128], data: Bytes[1024]):
    assert sender == msg.sender or self.operatorApprovals[sender][msg.sender], "DAT: caller is not token owner or approved"
    assert len(ids) == len(amounts), "DAT: ids and amounts length mismatch"
    for i: uint256 in range(len(ids), bound=MAX_BATCH):
        self._move(sender, to, ids[i], amounts[i])
    log TransferBatch(operator=msg.sender, sender=sender, receiver=to, ids=ids, amounts=amounts)
    self._checkBatchReceiver(msg.sender, sender, to, ids, amounts, data)


@external
@view
def uri(id: uint256) -> String[512]:
    """
    @notice The token's file URL (Alith's tokenURI); a token minted without one answers its class's
            metadata URI; an id never minted answers "" (ERC-1155 `uri` does not revert, as
            OpenZeppelin's ERC1155 answers its base URI for any id; Alith's examples walk ids).
    """
    if id == 0 or id > self.tokenCounter:
        return ""
    u: String[512] = self.tokenUrls[id]
    if u == "":
        return self.classes[self.tokens[id].classId].metadataURI
    return u


@external
@pure
def supportsInterface(interfaceId: bytes4) -> bool:
    return interfaceId in [ERC165_ID, ERC1155_ID, ERC1155_METADATA_URI_ID, ACCESS_CONTROL_ID]

# ---------------------------------------------------------------- Alith's DAT ABI

@external
@nonreentrant
def mint(to: address, amount: uint256, tokenURI_: String[512], verified_: bool) -> uint256:
    """
    @notice Alith / DataRegistry mint (MINTER_ROLE): token id = currentTokenId() + 1 in class 1
            with value = shareRatio = `amount`, no expiry, uri = `tokenURI_`. Emits
            TransferSingle, Minted and TokenMinted. Returns the token id.
    """
    self._checkRole(MINTER_ROLE, msg.sender)
    tokenId: uint256 = self._mint(CONTRIBUTION_CLASS, to, amount, amount, 0, tokenURI_, verified_)
    log TokenMinted(to=to, tokenId=tokenId, tokenURI=tokenURI_)
    self._checkReceiver(msg.sender, empty(address), to, tokenId, amount, b"")
    return tokenId


@external
@nonreentrant
def batchMint(to: address, ids: DynArray[uint256, 64], amounts: DynArray[uint256, 64], tokenURIs: DynArray[String[512], 64]):
    """
    @notice Alith's batchMint (MINTER_ROLE): mints in class 1 like `mint` (unverified), one token
            per entry. `ids` must be the next token ids in order (currentTokenId()+1, +2, ...):
            ids are never chosen by the caller.
    """
    self._checkRole(MINTER_ROLE, msg.sender)
    assert len(ids) == len(amounts) and len(ids) == len(tokenURIs), "DAT: arrays length mismatch"
    for i: uint256 in range(len(ids), bound=64):
        assert ids[i] == self.tokenCounter + 1, "DAT: batchMint ids must be the next token ids"
        tokenId: uint256 = self._mint(CONTRIBUTION_CLASS, to, amounts[i], amounts[i], 0, tokenURIs[i], False)
        log TokenMinted(to=to, tokenId=tokenId, tokenURI=tokenURIs[i])
        self._checkReceiver(msg.sender, empty(address), to, tokenId, amounts[i], b"")


@external
@view
def verified(tokenId: uint256) -> bool:
    self._requireToken(tokenId)
    return self.tokens[tokenId].verified


@external
@view
def fileUrl(tokenId: uint256) -> String[512]:
    """@notice The URL given to mint ("" for ERC-8028 mints)."""
    self._requireToken(tokenId)
    return self.tokenUrls[tokenId]


@external
def setTokenVerified(tokenId: uint256, verified_: bool):
    """@notice MINTER_ROLE or the token's class manager."""
    self._requireToken(tokenId)
    if not self.roles[MINTER_ROLE][msg.sender]:
        self._requireManager(self.tokens[tokenId].classId, msg.sender)
    self.tokens[tokenId].verified = verified_
    log TokenVerified(tokenId=tokenId, verified=verified_)


@external
def setTokenURI(tokenId: uint256, tokenURI_: String[512]):
    """@notice MINTER_ROLE or the token's class manager; emits ERC-1155 URI."""
    self._requireToken(tokenId)
    if not self.roles[MINTER_ROLE][msg.sender]:
        self._requireManager(self.tokens[tokenId].classId, msg.sender)
    self.tokenUrls[tokenId] = tokenURI_
    log URI(value=tokenURI_, id=tokenId)


@external
@view
def currentTokenId() -> uint256:
    """@notice The last token id minted (0 before the first mint)."""
    return self.tokenCounter

# ---------------------------------------------------------------- ERC-8028 classes

@external
def createClass(metadataURI: String[512], integrityHash: bytes32, unitDecimals: uint8, policyURI: String[512]) -> uint256:
    """@notice Anyone may create a class; the caller becomes its manager. Ids 2, 3, ... (1 is the iDAO's)."""
    return self._createClass(metadataURI, integrityHash, unitDecimals, policyURI, msg.sender)


@external
def updateClassMetadata(classId: uint256, metadataURI: String[512], integrityHash: bytes32):
    """@notice Class manager (or DEFAULT_ADMIN_ROLE)."""
    self._requireManager(classId, msg.sender)
    self.classes[classId].metadataURI = metadataURI
    self.classes[classId].integrityHash = integrityHash
    log MetadataUpdated(classId=classId, metadataURI=metadataURI, integrityHash=integrityHash)


@external
def updateClassPolicy(classId: uint256, policyURI: String[512]):
    """@notice Class manager (or DEFAULT_ADMIN_ROLE)."""
    self._requireManager(classId, msg.sender)
    self.classes[classId].policyURI = policyURI
    log ClassPolicyUpdated(classId=classId, policyURI=policyURI)


@external
def setClassManager(classId: uint256, manager: address):
    """@notice Class manager (or DEFAULT_ADMIN_ROLE) hands the class to `manager`."""
    self._requireManager(classId, msg.sender)
    previous: address = self.classes[classId].manager
    self.classes[classId].manager = manager
    log ClassManagerChanged(classId=classId, previousManager=previous, newManager=manager)


@external
@view
def getClassMeta(classId: uint256) -> (String[512], bytes32, uint8, String[512]):
    """@notice (metadataURI, integrityHash, unitDecimals, policyURI), ERC-8028 §5."""
    self._requireClass(classId)
    return self.classes[classId].metadataURI, self.classes[classId].integrityHash, self.classes[classId].unitDecimals, self.classes[classId].policyURI


@external
@view
def classInfo(classId: uint256) -> (address, uint256, uint256, uint256):
    """@notice (manager, totalShare, accRevenuePerShare for ETH scaled by 1e18, tokens minted in the class)."""
    self._requireClass(classId)
    return self.classes[classId].manager, self.classes[classId].totalShare, self.accRevenue[classId][empty(address)], self.classes[classId].tokenCount


@external
@view
def classManager(classId: uint256) -> address:
    return self.classes[classId].manager


@external
@view
def classCount() -> uint256:
    return self.classCounter


@external
@view
def accRevenuePerShare(classId: uint256, asset: address) -> uint256:
    """@notice The class's revenue index for `asset` (0x0 = ETH): units per share, scaled by 1e18."""
    return self.accRevenue[classId][asset]


@external
@view
def revenueAssets(classId: uint256) -> DynArray[address, MAX_ASSETS]:
    """@notice The assets the class has been paid in, in first-settlement order (0x0 = ETH)."""
    return self.classAssets[classId]


@external
@view
def classValueOf(classId: uint256, owner: address) -> uint256:
    """
    @notice Sum of the values of `owner`'s tokens in `classId` that are not known to be expired
            (a token leaves the sum when its expiry is observed: any state change touching it,
            or `checkExpiry`). The iDAO's vote weight.
    """
    return self.classValue[classId][owner]


@external
@view
def classValueAt(classId: uint256, owner: address, blockNumber: uint256) -> uint256:
    """
    @notice classValueOf(classId, owner) as it stood at the end of block `blockNumber`, which
            must be mined already ("DAT: block not yet mined"). The iDAO's vote weight at a
            proposal's snapshot block. Binary search over the owner's checkpoints.
    """
    assert blockNumber < block.number, "DAT: block not yet mined"
    n: uint256 = self.checkpointCount[classId][owner]
    if n == 0 or self.checkpoints[classId][owner][0].fromBlock > blockNumber:
        return 0
    # the last checkpoint with fromBlock <= blockNumber, in [lo, hi]
    lo: uint256 = 0
    hi: uint256 = n - 1
    for _: uint256 in range(256):
        if lo >= hi:
            break
        mid: uint256 = hi - (hi - lo) // 2
        if self.checkpoints[classId][owner][mid].fromBlock <= blockNumber:
            lo = mid
        else:
            hi = mid - 1
    return self.checkpoints[classId][owner][lo].value

# ---------------------------------------------------------------- ERC-8028 tokens

@internal
def _mintToClass(classId: uint256, to: address, amount: uint256, shareRatio: uint256, expireAt: uint64) -> uint256:
    self._requireManager(classId, msg.sender)
    tokenId: uint256 = self._mint(classId, to, amount, shareRatio, expireAt, "", False)
    self._checkReceiver(msg.sender, empty(address), to, tokenId, amount, b"")
    return tokenId


@external
@nonreentrant
def mintToClass(classId: uint256, to: address, amount: uint256, shareRatio: uint256, expireAt: uint64) -> uint256:
    """
    @notice ERC-8028 mint by the class manager (or DEFAULT_ADMIN_ROLE): a token with `amount`
            value, `shareRatio` revenue weight and `expireAt` (unix seconds, 0 = never).
            Also reachable with ERC-8028's selector mint(uint256,address,uint256,uint256,uint64).
    """
    return self._mintToClass(classId, to, amount, shareRatio, expireAt)


@external
@nonreentrant
def __default__() -> uint256:
    """@dev Serves ERC-8028's mint(uint256,address,uint256,uint256,uint64); anything else reverts."""
    assert len(msg.data) >= 164 and convert(slice(msg.data, 0, 4), bytes4) == MINT_8028, "DAT: unknown function"
    classId: uint256 = 0
    to: address = empty(address)
    amount: uint256 = 0
    shareRatio: uint256 = 0
    expireAt: uint64 = 0
    classId, to, amount, shareRatio, expireAt = abi_decode(slice(msg.data, 4, 160), (uint256, address, uint256, uint256, uint64))
    tokenId: uint256 = self._mintToClass(classId, to, amount, shareRatio, expireAt)
    return tokenId


@external
@nonreentrant
def transferToken(tokenId: uint256, to: address):
    """@notice ERC-8028: the owner (or its ERC-1155 operator) hands the whole token to `to`."""
    self._requireToken(tokenId)
    owner: address = self.tokens[tokenId].owner
    assert msg.sender == owner or self.operatorApprovals[owner][msg.sender], "DAT: caller is not token owner or approved"
    amount: uint256 = self.tokens[tokenId].value
    self._move(owner, to, tokenId, amount)
    log TransferSingle(operator=msg.sender, sender=owner, receiver=to, id=tokenId, amount=amount)
    self._checkReceiver(msg.sender, owner, to, tokenId, amount, b"")


@external
def approveForClass(classId: uint256, operator: address, approved: bool):
    """@notice ERC-8028 §6.3: `operator` may record usage and transfer value of the caller's tokens in `classId`."""
    self._requireClass(classId)
    self.classApprovals[msg.sender][classId][operator] = approved
    log ApprovalForClass(owner=msg.sender, classId=classId, operator=operator, approved=approved)


@external
@view
def isApprovedForClass(owner: address, classId: uint256, operator: address) -> bool:
    return self.classApprovals[owner][classId][operator]


@external
def transferValue(fromTokenId: uint256, toTokenId: uint256, amount: uint256):
    """
    @notice ERC-8028 §6.4: move `amount` value between two live tokens of the same class (the
            caller owns `fromTokenId` or is a class operator of its owner). Share ratios and
            owners stay; balances follow (an ERC-1155 burn on one id, a mint on the other).
    """
    self._requireToken(fromTokenId)
    self._requireToken(toTokenId)
    c: uint256 = self.tokens[fromTokenId].classId
    assert self.tokens[toTokenId].classId == c, "DAT: class mismatch"
    assert fromTokenId != toTokenId, "DAT: same token"
    fromOwner: address = self.tokens[fromTokenId].owner
    toOwner: address = self.tokens[toTokenId].owner
    assert msg.sender == fromOwner or self.classApprovals[fromOwner][c][msg.sender], "DAT: not owner nor class operator"
    assert amount > 0, "DAT: zero value"
    assert not self._isExpired(fromTokenId) and not self._isExpired(toTokenId), "DAT: token expired"
    assert self.tokens[fromTokenId].value >= amount, "InsufficientValue"
    self.tokens[fromTokenId].value -= amount
    self.tokens[toTokenId].value += amount
    self._subClassValue(c, fromOwner, amount)
    self._addClassValue(c, toOwner, amount)
    log ValueTransferred(fromTokenId=fromTokenId, toTokenId=toTokenId, value=amount)
    log TransferSingle(operator=msg.sender, sender=fromOwner, receiver=empty(address), id=fromTokenId, amount=amount)
    log TransferSingle(operator=msg.sender, sender=empty(address), receiver=toOwner, id=toTokenId, amount=amount)


@external
def recordUsage(tokenId: uint256, metricType: bytes32, amount: uint256):
    """
    @notice ERC-8028 §6.5 hard quota: lowers the token's value by `amount` ("InsufficientValue"
            past it, "DAT: token expired" after expireAt). Callers: the class manager, USAGE_ROLE,
            the token's owner or a class operator of the owner.
    """
    self._requireToken(tokenId)
    c: uint256 = self.tokens[tokenId].classId
    owner: address = self.tokens[tokenId].owner
    assert (msg.sender == self.classes[c].manager or self.roles[USAGE_ROLE][msg.sender]
            or msg.sender == owner or self.classApprovals[owner][c][msg.sender]), "DAT: not allowed to record usage"
    assert not self._isExpired(tokenId), "DAT: token expired"
    assert amount <= self.tokens[tokenId].value, "InsufficientValue"
    self.tokens[tokenId].value -= amount
    self.tokens[tokenId].usedValue += amount
    self._subClassValue(c, owner, amount)
    log UsageRecorded(tokenId=tokenId, metricType=metricType, amount=amount, actor=msg.sender)
    if amount > 0:
        log TransferSingle(operator=msg.sender, sender=owner, receiver=empty(address), id=tokenId, amount=amount)


@external
def checkExpiry(tokenId: uint256) -> bool:
    """@notice Anyone: observe the token's expiry now (ERC-8028 §6.6). Returns whether it is expired."""
    self._requireToken(tokenId)
    return self._observeExpiry(tokenId)


@internal
def _settle(classId: uint256, asset: address, amount: uint256):
    """@dev accRevenue[classId][asset] += amount * 1e18 / totalShare; lists the asset on first use."""
    self._requireClass(classId)
    assert amount > 0, "DAT: no revenue"
    total: uint256 = self.classes[classId].totalShare
    assert total > 0, "DAT: no shares in class"
    if not self.assetListed[classId][asset]:
        assert len(self.classAssets[classId]) < MAX_ASSETS, "DAT: too many revenue assets"
        self.assetListed[classId][asset] = True
        self.classAssets[classId].append(asset)
    self.accRevenue[classId][asset] += amount * ACC_SCALE // total
    log RevenueSettled(classId=classId, asset=asset, amount=amount)


@external
@payable
def settleRevenueETH(classId: uint256):
    """
    @notice ERC-8028 §6.7: distribute msg.value over the class's shares:
            accRevenuePerShare[ETH] += msg.value * 1e18 / totalShare (the rounding dust stays here).
            Reverts "DAT: no shares in class" when totalShare is 0.
    """
    self._settle(classId, empty(address), msg.value)


@external
@nonreentrant
def settleRevenueERC20(classId: uint256, asset: address, amount: uint256):
    """
    @notice ERC-8028 §6.7: takes `amount` of the ERC-20 `asset` from the caller (transferFrom,
            after an approve) and distributes it like settleRevenueETH. A class takes at most 8
            assets ("DAT: too many revenue assets").
    """
    assert asset != empty(address), "DAT: use settleRevenueETH for ETH"
    self._settle(classId, asset, amount)
    self._erc20Call(asset, abi_encode(msg.sender, self, amount, method_id=method_id("transferFrom(address,address,uint256)")))


@internal
def _erc20Call(asset: address, data: Bytes[100]):
    """@dev An ERC-20 transfer / transferFrom that must succeed and answer true (or nothing)."""
    assert asset.is_contract, "DAT: asset is not a contract"
    ok: bool = False
    resp: Bytes[32] = b""
    ok, resp = raw_call(asset, data, max_outsize=32, revert_on_failure=False)
    assert ok and (len(resp) == 0 or convert(resp, bool)), "DAT: ERC-20 transfer failed"


@external
@nonreentrant
def claim(tokenId: uint256, asset: address, to: address) -> uint256:
    """
    @notice ERC-8028 §6.7: the token's owner takes its pending revenue in `asset` (0x0 = ETH)
            (shareRatio * accRevenuePerShare[asset] / 1e18 - rewardDebt[asset]) to `to`.
            Returns the amount paid (0 when nothing is pending).
    """
    self._requireToken(tokenId)
    assert msg.sender == self.tokens[tokenId].owner, "DAT: not the token owner"
    assert to != empty(address), "DAT: claim to the zero address"
    self._observeExpiry(tokenId)
    amount: uint256 = self._pending(tokenId, asset)
    if self.tokens[tokenId].countedInShare:
        c: uint256 = self.tokens[tokenId].classId
        self.rewardDebt[tokenId][asset] = self.tokens[tokenId].shareRatio * self.accRevenue[c][asset] // ACC_SCALE
    self.accrued[tokenId][asset] = 0
    if amount == 0:
        return 0
    self.claimedOf[tokenId][asset] += amount
    if asset == empty(address):
        ok: bool = raw_call(to, b"", value=amount, revert_on_failure=False)
        assert ok, "DAT: ETH transfer failed"
    else:
        self._erc20Call(asset, abi_encode(to, amount, method_id=method_id("transfer(address,uint256)")))
    log Claimed(tokenId=tokenId, to=to, asset=asset, amount=amount)
    return amount


@external
@view
def claimed(tokenId: uint256, asset: address) -> uint256:
    """@notice What the token's owners have claimed so far in `asset` (0x0 = ETH)."""
    return self.claimedOf[tokenId][asset]

# ---------------------------------------------------------------- ERC-8028 views

@external
@view
def classOf(tokenId: uint256) -> uint256:
    self._requireToken(tokenId)
    return self.tokens[tokenId].classId


@external
@view
def valueOf(tokenId: uint256) -> uint256:
    self._requireToken(tokenId)
    return self.tokens[tokenId].value


@external
@view
def shareRatioOf(tokenId: uint256) -> uint256:
    self._requireToken(tokenId)
    return self.tokens[tokenId].shareRatio


@external
@view
def expireAtOf(tokenId: uint256) -> uint64:
    self._requireToken(tokenId)
    return self.tokens[tokenId].expireAt


@external
@view
def ownerOf(tokenId: uint256) -> address:
    self._requireToken(tokenId)
    return self.tokens[tokenId].owner


@external
@view
def isExpired(tokenId: uint256) -> bool:
    self._requireToken(tokenId)
    return self._isExpired(tokenId)


@external
@view
def pendingRevenue(tokenId: uint256, asset: address) -> uint256:
    """@notice What claim(tokenId, asset, …) would pay now (0x0 = ETH, in wei)."""
    self._requireToken(tokenId)
    return self._pending(tokenId, asset)


@external
@view
def tokenInfo(tokenId: uint256) -> (address, uint256, uint256, uint256, uint64, String[512], bool, uint256, uint256):
    """
    @notice (owner, classId, value, shareRatio, expireAt, fileUrl, verified, usedValue, claimed)
            — flat outputs; usedValue = sum of recordUsage amounts, claimed = ETH (wei) claimed so far.
    """
    self._requireToken(tokenId)
    return (self.tokens[tokenId].owner, self.tokens[tokenId].classId, self.tokens[tokenId].value,
            self.tokens[tokenId].shareRatio, self.tokens[tokenId].expireAt, self.tokenUrls[tokenId],
            self.tokens[tokenId].verified, self.tokens[tokenId].usedValue, self.claimedOf[tokenId][empty(address)])
