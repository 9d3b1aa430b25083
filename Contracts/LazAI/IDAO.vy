# pragma version 0.4.3
"""
@title IDAO
@notice The devnet's iDAO: LazAI's iDAO registry surface (name, description, version, token,
        verifiedComputing, settlement, update*, pause) plus on-chain governance weighted by
        Data Anchoring Token value:

        - propose(target, calldata_, value, description) -> id, by anyone whose DAT value in the
          iDAO's class (DataAnchoringToken.classValueOf(classId, sender)) is > 0;
        - vote(id, support) once per address while the vote is open (votingPeriod seconds from
          the proposal), weight = DataAnchoringToken.classValueAt(classId, voter, snapshotBlock):
          the voter's class value at the end of the block before the proposal's (so a token
          moved after the snapshot cannot vote twice);
        - execute(id) by anyone once the period is over and forVotes > againstVotes and
          forVotes >= quorum: calls target with calldata_ and value (wei from this contract's
          balance); a failing call reverts execute with the target's revert data.

        Targets are restricted to the LazAI contracts: the DAT, VerifiedComputing, Settlement, the
        Query / Inference / Training AIProcess contracts Settlement names (query(), inference(),
        training()) and the iDAO itself. The iDAO holds MAINTAINER_ROLE on VerifiedComputing and
        the AIProcess contracts and manages DAT class 1 (genesis), so proposals can
        updateNodeFee, addNode / removeNode, updateClassPolicy; `distributeRewards(amount)`
        (callable through a proposal) pays `amount` of the iDAO's ETH into
        DataAnchoringToken.settleRevenueETH(classId), i.e. to the class's holders pro rata.

        Placed in genesis as runtime code and set up by `initialize(...)` once. Reverts carry
        readable reason strings ("IDAO: ...", "AccessControlUnauthorizedAccount", "EnforcedPause").
        Written for metis-devnet; no code is copied from LazAI's Solidity.
"""

interface IDAT:
    def classValueOf(classId: uint256, owner: address) -> uint256: view
    def classValueAt(classId: uint256, owner: address, blockNumber: uint256) -> uint256: view
    def settleRevenueETH(classId: uint256): payable

# ---------------------------------------------------------------- events

event TokenUpdated:
    newToken: indexed(address)

event VerifiedComputingUpdated:
    newVerifiedComputing: indexed(address)

event SettlementUpdated:
    newSettlement: indexed(address)

event VotingPeriodUpdated:
    votingPeriod: uint256

event QuorumUpdated:
    quorum: uint256

event Paused:
    account: address

event Unpaused:
    account: address

event ProposalCreated:
    proposalId: indexed(uint256)
    proposer: indexed(address)
    target: indexed(address)
    value: uint256
    calldata_: Bytes[4096]
    description: String[1024]
    startTime: uint256
    endTime: uint256

event VoteCast:
    voter: indexed(address)
    proposalId: indexed(uint256)
    support: bool
    weight: uint256

event ProposalExecuted:
    proposalId: indexed(uint256)
    target: indexed(address)
    value: uint256

event Funded:
    sender: indexed(address)
    amount: uint256

event RewardsDistributed:
    classId: indexed(uint256)
    amount: uint256

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
MAINTAINER_ROLE: public(constant(bytes32)) = keccak256("MAINTAINER_ROLE")
VERSION: constant(uint256) = 1

MAX_CALLDATA: constant(uint256) = 4096

ERC165_ID: constant(bytes4) = 0x01ffc9a7
ERC1155_RECEIVER_ID: constant(bytes4) = 0x4e2312e0
ON_RECEIVED: constant(bytes4) = 0xf23a6e61
ON_BATCH_RECEIVED: constant(bytes4) = 0xbc197c81

# Proposal states of state(id).
STATE_NONE: constant(uint8) = 0
STATE_ACTIVE: constant(uint8) = 1
STATE_DEFEATED: constant(uint8) = 2
STATE_SUCCEEDED: constant(uint8) = 3
STATE_EXECUTED: constant(uint8) = 4

# ---------------------------------------------------------------- storage

struct Proposal:
    proposer: address
    target: address
    value: uint256
    calldata_: Bytes[4096]
    description: String[1024]
    startTime: uint256
    endTime: uint256
    forVotes: uint256
    againstVotes: uint256
    executed: bool
    snapshotBlock: uint256

roles: HashMap[bytes32, HashMap[address, bool]]
name: public(String[256])
description: public(String[1024])
token: public(address)
verifiedComputing: public(address)
settlement: public(address)
classId: public(uint256)
votingPeriod: public(uint256)
quorum: public(uint256)
paused: public(bool)
proposalCount: public(uint256)
proposalData: HashMap[uint256, Proposal]
hasVoted: public(HashMap[uint256, HashMap[address, bool]])
initialized: public(bool)


@deploy
def __init__():
    pass


@external
def initialize(admin: address, token: address, verifiedComputing: address, settlement: address, name: String[256], description: String[1024], classId: uint256, votingPeriod: uint256, quorum: uint256):
    """
    @notice One-time setup: `admin` gets DEFAULT_ADMIN_ROLE and MAINTAINER_ROLE, the iDAO
            itself DEFAULT_ADMIN_ROLE (so a proposal can change its settings and roles);
            `classId` is the DAT class whose value weighs votes, `votingPeriod` in seconds,
            `quorum` in DAT value units. Reverts "InvalidInitialization" the second time.
    """
    assert not self.initialized, "InvalidInitialization"
    assert admin != empty(address), "ZeroAddress"
    self.initialized = True
    self._grantRole(DEFAULT_ADMIN_ROLE, admin, msg.sender)
    self._grantRole(MAINTAINER_ROLE, admin, msg.sender)
    self._grantRole(DEFAULT_ADMIN_ROLE, self, msg.sender)
    self.token = token
    self.verifiedComputing = verifiedComputing
    self.settlement = settlement
    self.name = name
    self.description = description
    self.classId = classId
    self.votingPeriod = votingPeriod
    self.quorum = quorum
    log TokenUpdated(newToken=token)
    log VerifiedComputingUpdated(newVerifiedComputing=verifiedComputing)
    log SettlementUpdated(newSettlement=settlement)

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

# ---------------------------------------------------------------- registry surface

@external
@pure
def version() -> uint256:
    return VERSION


@external
def updateToken(newToken: address):
    """@notice DEFAULT_ADMIN_ROLE (the admin, or the iDAO through a proposal)."""
    self._checkRole(DEFAULT_ADMIN_ROLE, msg.sender)
    self.token = newToken
    log TokenUpdated(newToken=newToken)


@external
def updateVerifiedComputing(newVerifiedComputing: address):
    self._checkRole(DEFAULT_ADMIN_ROLE, msg.sender)
    self.verifiedComputing = newVerifiedComputing
    log VerifiedComputingUpdated(newVerifiedComputing=newVerifiedComputing)


@external
def updateSettlement(newSettlement: address):
    self._checkRole(DEFAULT_ADMIN_ROLE, msg.sender)
    self.settlement = newSettlement
    log SettlementUpdated(newSettlement=newSettlement)


@external
def updateVotingPeriod(newVotingPeriod: uint256):
    """@notice Seconds; applies to proposals created afterwards."""
    self._checkRole(DEFAULT_ADMIN_ROLE, msg.sender)
    self.votingPeriod = newVotingPeriod
    log VotingPeriodUpdated(votingPeriod=newVotingPeriod)


@external
def updateQuorum(newQuorum: uint256):
    """@notice Minimum forVotes (DAT value units) for a proposal to pass."""
    self._checkRole(DEFAULT_ADMIN_ROLE, msg.sender)
    self.quorum = newQuorum
    log QuorumUpdated(quorum=newQuorum)


@external
def pause():
    self._checkRole(MAINTAINER_ROLE, msg.sender)
    assert not self.paused, "EnforcedPause"
    self.paused = True
    log Paused(account=msg.sender)


@external
def unpause():
    self._checkRole(MAINTAINER_ROLE, msg.sender)
    assert self.paused, "ExpectedPause"
    self.paused = False
    log Unpaused(account=msg.sender)

# ---------------------------------------------------------------- governance

@internal
@view
def _processContract(getter: Bytes[4]) -> address:
    """@dev Settlement's query() / inference() / training(), or 0x0 when it does not answer."""
    s: address = self.settlement
    if not s.is_contract:
        return empty(address)
    ok: bool = False
    resp: Bytes[32] = b""
    ok, resp = raw_call(s, getter, max_outsize=32, is_static_call=True, revert_on_failure=False)
    if not ok or len(resp) != 32:
        return empty(address)
    word: uint256 = convert(resp, uint256)
    if word >= 2 ** 160:
        return empty(address)
    return convert(convert(word, uint160), address)


@external
@view
def isAllowedTarget(target: address) -> bool:
    """@notice Whether a proposal may call `target`: the DAT, VerifiedComputing, Settlement, Settlement's query/inference/training, or the iDAO."""
    return self._isAllowedTarget(target)


@internal
@view
def _isAllowedTarget(target: address) -> bool:
    if target == empty(address):
        return False
    if target == self or target == self.token or target == self.verifiedComputing or target == self.settlement:
        return True
    if target == self._processContract(method_id("query()")):
        return True
    if target == self._processContract(method_id("inference()")):
        return True
    return target == self._processContract(method_id("training()"))


@internal
@view
def _weight(voter: address) -> uint256:
    return staticcall IDAT(self.token).classValueOf(self.classId, voter)


@internal
@view
def _weightAt(voter: address, blockNumber: uint256) -> uint256:
    return staticcall IDAT(self.token).classValueAt(self.classId, voter, blockNumber)


@external
@view
def voteWeight(proposalId: uint256, account: address) -> uint256:
    """@notice The weight `account` votes with on `proposalId`: its DAT class value at the proposal's snapshot block."""
    assert proposalId != 0 and proposalId <= self.proposalCount, "IDAO: unknown proposal"
    return self._weightAt(account, self.proposalData[proposalId].snapshotBlock)


@external
@view
def votingPower(account: address) -> uint256:
    """@notice DataAnchoringToken.classValueOf(classId, account): the weight `account` would vote with now."""
    return self._weight(account)


@external
def propose(target: address, calldata_: Bytes[4096], value_: uint256, description: String[1024]) -> uint256:
    """
    @notice A proposal to call `target` with `calldata_` and `value` wei (from the iDAO's balance).
            The proposer must hold DAT value in the iDAO's class now. Voting opens now and closes
            votingPeriod seconds later; votes weigh the class values at snapshotBlock =
            block.number - 1. Returns the proposal id (1, 2, ...).
    """
    assert not self.paused, "EnforcedPause"
    assert self._isAllowedTarget(target), "IDAO: target not allowed"
    assert self._weight(msg.sender) > 0, "IDAO: no voting power"
    pid: uint256 = self.proposalCount + 1
    self.proposalCount = pid
    start: uint256 = block.timestamp
    end: uint256 = start + self.votingPeriod
    snapshot: uint256 = block.number - 1
    self.proposalData[pid] = Proposal(
        proposer=msg.sender, target=target, value=value_, calldata_=calldata_, description=description,
        startTime=start, endTime=end, forVotes=0, againstVotes=0, executed=False, snapshotBlock=snapshot,
    )
    log ProposalCreated(proposalId=pid, proposer=msg.sender, target=target, value=value_, calldata_=calldata_,
                        description=description, startTime=start, endTime=end)
    return pid


@external
def vote(proposalId: uint256, support: bool) -> uint256:
    """
    @notice Vote for (`support`) or against, once per address, while block.timestamp < endTime.
            Weight = the voter's DAT value in the iDAO's class at the proposal's snapshot block
            (the block before the proposal's). Returns the weight.
    """
    assert not self.paused, "EnforcedPause"
    assert proposalId != 0 and proposalId <= self.proposalCount, "IDAO: unknown proposal"
    assert block.timestamp < self.proposalData[proposalId].endTime, "IDAO: voting closed"
    assert not self.hasVoted[proposalId][msg.sender], "IDAO: already voted"
    weight: uint256 = self._weightAt(msg.sender, self.proposalData[proposalId].snapshotBlock)
    assert weight > 0, "IDAO: no voting power"
    self.hasVoted[proposalId][msg.sender] = True
    if support:
        self.proposalData[proposalId].forVotes += weight
    else:
        self.proposalData[proposalId].againstVotes += weight
    log VoteCast(voter=msg.sender, proposalId=proposalId, support=support, weight=weight)
    return weight


@internal
@view
def _state(proposalId: uint256) -> uint8:
    if proposalId == 0 or proposalId > self.proposalCount:
        return STATE_NONE
    if self.proposalData[proposalId].executed:
        return STATE_EXECUTED
    if block.timestamp < self.proposalData[proposalId].endTime:
        return STATE_ACTIVE
    f: uint256 = self.proposalData[proposalId].forVotes
    if f > self.proposalData[proposalId].againstVotes and f >= self.quorum:
        return STATE_SUCCEEDED
    return STATE_DEFEATED


@external
@view
def state(proposalId: uint256) -> uint8:
    """@notice 0 none, 1 active (voting open), 2 defeated, 3 succeeded (executable), 4 executed."""
    return self._state(proposalId)


@external
@nonreentrant
def execute(proposalId: uint256) -> Bytes[1024]:
    """
    @notice Anyone, after the voting period, for a proposal with forVotes > againstVotes and
            forVotes >= quorum: calls its target (still an allowed one) with its calldata and
            value. Reverts with the target's revert data if the call fails. Returns the call's
            return data (up to 1024 bytes).
    """
    assert not self.paused, "EnforcedPause"
    st: uint8 = self._state(proposalId)
    assert st != STATE_NONE, "IDAO: unknown proposal"
    assert st != STATE_EXECUTED, "IDAO: already executed"
    assert st != STATE_ACTIVE, "IDAO: voting not ended"
    assert st == STATE_SUCCEEDED, "IDAO: proposal defeated"
    target: address = self.proposalData[proposalId].target
    assert self._isAllowedTarget(target), "IDAO: target not allowed"
    amount: uint256 = self.proposalData[proposalId].value
    assert self.balance >= amount, "IDAO: insufficient balance"
    self.proposalData[proposalId].executed = True
    ok: bool = False
    resp: Bytes[1024] = b""
    ok, resp = raw_call(target, self.proposalData[proposalId].calldata_, max_outsize=1024, value=amount, revert_on_failure=False)
    if not ok:
        if len(resp) > 0:
            raw_revert(resp)
        raise "IDAO: call failed"
    log ProposalExecuted(proposalId=proposalId, target=target, value=amount)
    return resp


@external
@view
def proposals(proposalId: uint256) -> (address, address, uint256, Bytes[4096], String[1024], uint256, uint256, uint256, uint256, bool):
    """
    @notice (proposer, target, value, calldata_, description, startTime, endTime, forVotes,
            againstVotes, executed) — flat outputs like a Solidity public mapping getter; zeros
            for an unknown id.
    """
    return (self.proposalData[proposalId].proposer, self.proposalData[proposalId].target,
            self.proposalData[proposalId].value, self.proposalData[proposalId].calldata_,
            self.proposalData[proposalId].description, self.proposalData[proposalId].startTime,
            self.proposalData[proposalId].endTime, self.proposalData[proposalId].forVotes,
            self.proposalData[proposalId].againstVotes, self.proposalData[proposalId].executed)


@external
@view
def proposalSnapshot(proposalId: uint256) -> uint256:
    """@notice The block whose end-state DAT class values weigh the proposal's votes (its block - 1)."""
    assert proposalId != 0 and proposalId <= self.proposalCount, "IDAO: unknown proposal"
    return self.proposalData[proposalId].snapshotBlock

# ---------------------------------------------------------------- funds

@external
@payable
def fund():
    """@notice Send ETH to the iDAO's treasury (also plain transfers)."""
    log Funded(sender=msg.sender, amount=msg.value)


@external
@payable
def __default__():
    """@notice A plain ETH transfer funds the treasury; calldata naming no function reverts."""
    assert len(msg.data) == 0, "IDAO: unknown function"
    log Funded(sender=msg.sender, amount=msg.value)


@external
def distributeRewards(amount: uint256):
    """
    @notice DEFAULT_ADMIN_ROLE (the iDAO itself through a proposal, or the admin): pays `amount`
            wei of the treasury into DataAnchoringToken.settleRevenueETH(classId), shared by the
            class's token holders pro rata to their share ratios.
    """
    self._checkRole(DEFAULT_ADMIN_ROLE, msg.sender)
    assert amount > 0, "IDAO: zero amount"
    assert self.balance >= amount, "IDAO: insufficient balance"
    extcall IDAT(self.token).settleRevenueETH(self.classId, value=amount)
    log RewardsDistributed(classId=self.classId, amount=amount)

# ---------------------------------------------------------------- ERC-1155 receiver (the iDAO may hold DATs)

@external
@pure
def onERC1155Received(operator: address, sender: address, id: uint256, amount: uint256, data: Bytes[1024]) -> bytes4:
    return ON_RECEIVED


@external
@pure
def onERC1155BatchReceived(operator: address, sender: address, ids: DynArray[uint256, 128], amounts: DynArray[uint256, 128], data: Bytes[1024]) -> bytes4:
    return ON_BATCH_RECEIVED


@external
@pure
def supportsInterface(interfaceId: bytes4) -> bool:
    return interfaceId == ERC165_ID or interfaceId == ERC1155_RECEIVER_ID
