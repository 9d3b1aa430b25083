# pragma version 0.4.3
"""
@title VerifiedComputing
@notice LazAI's verified-computing node registry and proof-job market, after
        0xLazAI/lazbubu-contracts src/verifiedComputing/VerifiedComputing.sol, ABI-compatible with
        Alith 0.12.3's VERIFIED_COMPUTING_CONTRACT_ABI. Written for metis-devnet.

        Nodes: the maintainer adds (`addNode`) and removes (`removeNode`) nodes; `isNode(a)` is true
        only while `a` is active. DataRegistry.requestReward accepts a proof only when its signer
        `isNode`.

        Jobs: `requestProof(fileId)` (alias `submitJob`) is payable with msg.value >= nodeFee
        (else "InsufficientFee"); job ids start at 1; the job goes to
        activeNodeList[jobId % activeNodesCount] (round-robin, OpenZeppelin EnumerableSet order)
        and the whole msg.value is its bid. `completeJob(jobId)` (alias `addProof(jobId)`), by the
        job's node only, credits the bid to the node; `claim()` pays the node what it has been
        credited and not yet claimed.

        Roles (OpenZeppelin AccessControl-compatible): DEFAULT_ADMIN_ROLE (0x00..00) grants and
        revokes roles; MAINTAINER_ROLE = keccak256("MAINTAINER_ROLE") adds/removes nodes, sets the
        fee, pauses. Errors are upstream's error NAMES as revert reason strings.

        Settings are storage written by initialize(admin, nodeFee, idao), which runs once (no
        constructor arguments, no immutables: genesis places the runtime code). admin gets
        DEFAULT_ADMIN_ROLE and MAINTAINER_ROLE; idao gets MAINTAINER_ROLE.
"""

MAX_NODES: constant(uint256) = 64
MAX_FILE_JOBS: constant(uint256) = 1024
MAX_URL: constant(uint256) = 512
MAX_KEY: constant(uint256) = 1024

DEFAULT_ADMIN_ROLE: public(constant(bytes32)) = empty(bytes32)
MAINTAINER_ROLE: public(constant(bytes32)) = keccak256("MAINTAINER_ROLE")

# NodeStatus: 0 None, 1 Active, 2 Removed
NODE_ACTIVE: constant(uint8) = 1
NODE_REMOVED: constant(uint8) = 2
# JobStatus: 0 None, 1 Submitted, 2 Completed, 3 Canceled
JOB_SUBMITTED: constant(uint8) = 1
JOB_COMPLETED: constant(uint8) = 2


struct NodeInfo:
    nodeAddress: address
    url: String[MAX_URL]
    status: uint8
    amount: uint256
    jobsCount: uint256
    publicKey: String[MAX_KEY]


struct Job:
    fileId: uint256
    bidAmount: uint256
    status: uint8
    addedTimestamp: uint256
    ownerAddress: address
    nodeAddress: address


struct Node:
    status: uint8
    url: String[MAX_URL]
    amount: uint256
    withdrawnAmount: uint256
    pendingJobs: uint256
    publicKey: String[MAX_KEY]


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

event NodeAdded:
    nodeAddress: indexed(address)

event NodeRemoved:
    nodeAddress: indexed(address)

event NodeUrlUpdated:
    nodeAddress: indexed(address)
    url: String[MAX_URL]

event NodeFeeUpdated:
    newNodeFee: uint256

event JobSubmitted:
    jobId: indexed(uint256)
    fileId: indexed(uint256)
    nodeAddress: address
    bidAmount: uint256

event JobCanceled:
    jobId: indexed(uint256)

event JobComplete:
    attestator: indexed(address)
    jobId: indexed(uint256)
    fileId: indexed(uint256)

event Claimed:
    nodeAddress: indexed(address)
    amount: uint256


initialized: public(bool)
paused: public(bool)
_roles: HashMap[bytes32, HashMap[address, bool]]

nodeFee: public(uint256)
jobsCount: public(uint256)
_nodes: HashMap[address, Node]
_nodeList: DynArray[address, MAX_NODES]
_activeNodeList: DynArray[address, MAX_NODES]
# 1-based position in _activeNodeList (0 = absent), as in OpenZeppelin's EnumerableSet
_activeIndex: HashMap[address, uint256]
_inNodeList: HashMap[address, bool]
_jobs: HashMap[uint256, Job]
_fileJobIds: HashMap[uint256, DynArray[uint256, MAX_FILE_JOBS]]


@deploy
def __init__():
    pass


@external
def initialize(admin: address, nodeFee: uint256, idao: address):
    """
    @notice One-time setup: admin gets DEFAULT_ADMIN_ROLE and MAINTAINER_ROLE, idao gets
            MAINTAINER_ROLE; nodeFee is the minimum bid (wei) of a proof request.
    """
    assert not self.initialized, "InvalidInitialization"
    assert admin != empty(address), "ZeroAddress"
    self.initialized = True
    self.nodeFee = nodeFee
    self._grant(DEFAULT_ADMIN_ROLE, admin)
    self._grant(MAINTAINER_ROLE, admin)
    if idao != empty(address):
        self._grant(MAINTAINER_ROLE, idao)


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


# ---------------------------------------------------------------- nodes

@internal
@view
def _nodeInfo(nodeAddress: address) -> NodeInfo:
    node: Node = self._nodes[nodeAddress]
    return NodeInfo(nodeAddress=nodeAddress, url=node.url, status=node.status, amount=node.amount,
                    jobsCount=node.pendingJobs, publicKey=node.publicKey)


@external
def updateNodeFee(newNodeFee: uint256):
    """
    @notice Sets the minimum bid (wei) of a proof request; maintainer only.
    """
    self._only(MAINTAINER_ROLE)
    self.nodeFee = newNodeFee
    log NodeFeeUpdated(newNodeFee=newNodeFee)


@external
def addNode(nodeAddress: address, url: String[MAX_URL], publicKey: String[MAX_KEY]):
    """
    @notice Adds (or re-activates) a node with its URL and RSA public key (PEM); maintainer only.
            Reverts "NodeAlreadyAdded" when the node is active.
    """
    self._only(MAINTAINER_ROLE)
    assert self._activeIndex[nodeAddress] == 0, "NodeAlreadyAdded"
    if not self._inNodeList[nodeAddress]:
        self._inNodeList[nodeAddress] = True
        self._nodeList.append(nodeAddress)
    self._activeNodeList.append(nodeAddress)
    self._activeIndex[nodeAddress] = len(self._activeNodeList)
    self._nodes[nodeAddress].status = NODE_ACTIVE
    self._nodes[nodeAddress].url = url
    self._nodes[nodeAddress].publicKey = publicKey
    log NodeAdded(nodeAddress=nodeAddress)


@external
def updateNodeUrl(url: String[MAX_URL]):
    """
    @notice An active node moves its own service URL (devnet addition: the devnet's nodes call it
            when the L2 listens on another port than the genesis URL's). Reverts "NodeNotActive"
            for a caller that is not an active node, "InvalidUrl" for "".
    """
    assert self._activeIndex[msg.sender] != 0, "NodeNotActive"
    assert len(url) > 0, "InvalidUrl"
    self._nodes[msg.sender].url = url
    log NodeUrlUpdated(nodeAddress=msg.sender, url=url)


@external
def removeNode(nodeAddress: address):
    """
    @notice Deactivates a node (it stays in nodeList with status Removed); maintainer only.
            Reverts "NodeNotActive" when it is not active. Its credited bids stay claimable.
    """
    self._only(MAINTAINER_ROLE)
    position: uint256 = self._activeIndex[nodeAddress]
    assert position != 0, "NodeNotActive"
    last: address = self._activeNodeList[len(self._activeNodeList) - 1]
    if last != nodeAddress:
        self._activeNodeList[position - 1] = last
        self._activeIndex[last] = position
    self._activeNodeList.pop()
    self._activeIndex[nodeAddress] = 0
    self._nodes[nodeAddress].status = NODE_REMOVED
    log NodeRemoved(nodeAddress=nodeAddress)


@view
@external
def getNode(nodeAddress: address) -> NodeInfo:
    return self._nodeInfo(nodeAddress)


@view
@external
def nodesCount() -> uint256:
    return len(self._nodeList)


@view
@external
def nodeList() -> DynArray[address, MAX_NODES]:
    return self._nodeList


@view
@external
def nodeListAt(index: uint256) -> NodeInfo:
    return self._nodeInfo(self._nodeList[index])


@view
@external
def activeNodesCount() -> uint256:
    return len(self._activeNodeList)


@view
@external
def activeNodeList() -> DynArray[address, MAX_NODES]:
    return self._activeNodeList


@view
@external
def activeNodeListAt(index: uint256) -> NodeInfo:
    return self._nodeInfo(self._activeNodeList[index])


@view
@external
def isNode(nodeAddress: address) -> bool:
    """
    @notice True only while `nodeAddress` is an active node.
    """
    return self._nodes[nodeAddress].status == NODE_ACTIVE


# ---------------------------------------------------------------- jobs

@internal
@payable
def _requestProof(fileId: uint256):
    self._whenNotPaused()
    assert msg.value >= self.nodeFee, "InsufficientFee"
    active: uint256 = len(self._activeNodeList)
    assert active != 0, "NoActiveNode"
    jobId: uint256 = self.jobsCount + 1
    self.jobsCount = jobId
    nodeAddress: address = self._activeNodeList[jobId % active]
    self._jobs[jobId] = Job(fileId=fileId, bidAmount=msg.value, status=JOB_SUBMITTED,
                            addedTimestamp=block.timestamp, ownerAddress=msg.sender, nodeAddress=nodeAddress)
    self._fileJobIds[fileId].append(jobId)
    self._nodes[nodeAddress].pendingJobs += 1
    log JobSubmitted(jobId=jobId, fileId=fileId, nodeAddress=nodeAddress, bidAmount=msg.value)


@external
@payable
def requestProof(fileId: uint256):
    """
    @notice Opens a proof job for `fileId`, paying msg.value (wei, >= nodeFee, else
            "InsufficientFee") as the bid; "NoActiveNode" when no node is active. Emits JobSubmitted.
    """
    self._requestProof(fileId)


@external
@payable
def submitJob(fileId: uint256):
    """
    @notice Same as requestProof.
    """
    self._requestProof(fileId)


@internal
def _completeJob(jobId: uint256):
    self._whenNotPaused()
    assert self._nodes[msg.sender].status == NODE_ACTIVE, "NodeNotActive"
    job: Job = self._jobs[jobId]
    assert job.status == JOB_SUBMITTED, "InvalidJobStatus"
    assert job.nodeAddress == msg.sender, "InvalidJobNode"
    self._jobs[jobId].status = JOB_COMPLETED
    self._nodes[msg.sender].amount += job.bidAmount
    self._nodes[msg.sender].pendingJobs -= 1
    log JobComplete(attestator=msg.sender, jobId=jobId, fileId=job.fileId)


@external
def completeJob(jobId: uint256):
    """
    @notice The job's (active) node marks it completed and is credited its bid.
            Reverts "NodeNotActive", "InvalidJobStatus" (not Submitted), "InvalidJobNode".
    """
    self._completeJob(jobId)


@external
def addProof(jobId: uint256):
    """
    @notice Same as completeJob (Alith's ABI lists it; the proof itself goes to DataRegistry.addProof).
    """
    self._completeJob(jobId)


@external
@nonreentrant
def claim():
    """
    @notice Pays the caller every credited, not yet claimed bid (wei). "NothingToClaim" when zero,
            "TransferFailed" when the payment fails. Emits Claimed.
    """
    self._whenNotPaused()
    node: Node = self._nodes[msg.sender]
    amount: uint256 = node.amount - node.withdrawnAmount
    assert amount != 0, "NothingToClaim"
    self._nodes[msg.sender].withdrawnAmount = node.amount
    ok: bool = raw_call(msg.sender, b"", value=amount, revert_on_failure=False)
    assert ok, "TransferFailed"
    log Claimed(nodeAddress=msg.sender, amount=amount)


@view
@external
def getJob(jobId: uint256) -> Job:
    return self._jobs[jobId]


@view
@external
def fileJobIds(fileId: uint256) -> DynArray[uint256, MAX_FILE_JOBS]:
    return self._fileJobIds[fileId]


@view
@external
def claimable(nodeAddress: address) -> uint256:
    """
    @notice Wei `nodeAddress` would receive from claim() now (devnet view).
    """
    return self._nodes[nodeAddress].amount - self._nodes[nodeAddress].withdrawnAmount
