# pragma version ~=0.4.3
"""
@title LockingPool
@notice Sequencer staking on the devnet's L1, after Metis' LockingPool + LockingInfo
        (MetisProtocol/metis-sequencer-contract). Names of functions, views and events follow
        Metis; the code is written for metis-devnet.

        Simplified for a local devnet:
        - One contract: the METIS escrow and the events that Metis keeps in a separate LockingInfo
          contract live here (no LockingInfo, no proxy, no upgrade).
        - Unlocked stake is paid back to the sequencer owner on L1 (Metis pays on L2 through the
          L1 bridge), so unlock / unlockClaim take no l2Gas and are not payable.
        - No block rewards, no whitelist, no pause, no signer update; relock(lockReward=True) moves
          the sequencer's `reward` (always 0 here) into its lock.
        - slash(seqId, amount) by the owner is a devnet addition (Metis has no on-chain slash):
          the slashed METIS goes to the owner.
        - No constructor work and no immutables: initialize(owner, token, mpcAddress,
          withdrawalDelay) sets everything once (genesis calls it on runtime code placed at the
          fixed address; a deployment by transaction calls it next).
        - WITHDRAWAL_DELAY is in seconds (Metis: exitDelayPeriod, 21 days); small default.
        - The batch counter (currentBatch) is advanced by the mpc address with advanceBatch
          (Metis advances it in batchSubmitRewards).
        Events have Metis' signatures (ILockingInfo), so their topics are Metis' topics. Each
        sequencer has a `nonce` that grows by one per state change (lockFor sets 1; relock,
        unlock, unlockClaim and slash add one), the nonce Themis uses to order LockingInfo events.
        It is carried by Locked and UnlockInit, and by a LockUpdate(sequencerId, nonce, newAmount)
        emitted with every Relocked, Unlocked and Slashed (Metis' Relocked and Unlocked have no
        nonce field; Metis emits LockUpdate on relock only).
"""

from ethereum.ercs import IERC20

STATUS_UNAVAILABLE: constant(uint8) = 0
STATUS_INACTIVE: constant(uint8) = 1
STATUS_ACTIVE: constant(uint8) = 2
STATUS_UNLOCKED: constant(uint8) = 3

struct Sequencer:
    amount: uint256
    reward: uint256
    activationBatch: uint256
    updatedBatch: uint256
    deactivationBatch: uint256
    deactivationTime: uint256
    unlockClaimTime: uint256
    nonce: uint256
    owner: address
    signer: address
    pubkey: Bytes[64]
    rewardRecipient: address
    status: uint8

struct BatchState:
    id: uint256
    number: uint256
    startEpoch: uint256
    endEpoch: uint256

event Locked:
    signer: indexed(address)
    sequencerId: indexed(uint256)
    nonce: uint256
    activationBatch: indexed(uint256)
    amount: uint256
    total: uint256
    signerPubkey: Bytes[64]

event Relocked:
    sequencerId: indexed(uint256)
    amount: uint256
    total: uint256

event LockUpdate:
    sequencerId: indexed(uint256)
    nonce: indexed(uint256)
    newAmount: indexed(uint256)

event UnlockInit:
    user: indexed(address)
    sequencerId: indexed(uint256)
    nonce: uint256
    deactivationBatch: uint256
    deactivationTime: uint256
    unlockClaimTime: uint256
    amount: indexed(uint256)

event Unlocked:
    user: indexed(address)
    sequencerId: indexed(uint256)
    amount: uint256
    total: uint256

# A devnet addition (Metis has no on-chain slash).
event Slashed:
    sequencerId: indexed(uint256)
    nonce: uint256
    amount: uint256
    newAmount: uint256

event SetMinLock:
    newMinLock: uint256

event SetMaxLock:
    newMaxLock: uint256

# Metis' spelling.
event WithrawDelayTimeChange:
    cur: uint256
    prev: uint256

event UpdateMpc:
    newMpc: indexed(address)

event BatchAdvanced:
    batchId: indexed(uint256)
    startEpoch: uint256
    endEpoch: uint256

token: public(address)
owner: public(address)
initialized: public(bool)
mpcAddress: public(address)

minLock: public(uint256)
maxLock: public(uint256)
WITHDRAWAL_DELAY: public(uint256)

totalLocked: public(uint256)
seqCount: public(uint256)          # ids are 1..seqCount
curBatchState: public(BatchState)

sequencers: public(HashMap[uint256, Sequencer])
seqSigners: public(HashMap[address, uint256])
seqOwners: public(HashMap[address, uint256])


@deploy
def __init__():
    pass


@external
def initialize(owner: address, token: address, mpcAddress: address, withdrawalDelay: uint256):
    """
    @notice Sets the owner, the METIS token, the mpc address (advanceBatch) and the withdrawal
            delay in seconds; minLock / maxLock 20,000 / 100,000 METIS, currentBatch 1.
            Callable once; reverts the second time.
    """
    assert not self.initialized, "LockingPool: already initialized"
    assert owner != empty(address), "LockingPool: zero owner"
    assert token != empty(address), "LockingPool: zero token"
    assert mpcAddress != empty(address), "LockingPool: zero mpc"
    self.initialized = True
    self.token = token
    self.owner = owner
    self.mpcAddress = mpcAddress
    self.minLock = 20_000 * 10**18
    self.maxLock = 100_000 * 10**18
    self.WITHDRAWAL_DELAY = withdrawalDelay
    self.curBatchState.id = 1


@internal
def _only_owner():
    assert msg.sender == self.owner, "LockingPool: not the owner"


@internal
@pure
def _signer_of(pubkey: Bytes[64]) -> address:
    # The Ethereum address of an uncompressed secp256k1 key (64 bytes, no 0x04 prefix).
    return convert(convert(keccak256(pubkey), uint256) % 2**160, address)


@view
@external
def currentBatch() -> uint256:
    return self.curBatchState.id


@view
@external
def BLOCK_REWARD() -> uint256:
    return 0


@external
def lockFor(signer: address, amount: uint256, signerPubkey: Bytes[64]) -> uint256:
    assert len(signerPubkey) == 64, "LockingPool: pubkey must be 64 bytes"
    assert signer != empty(address), "LockingPool: zero signer"
    assert self._signer_of(signerPubkey) == signer, "LockingPool: pubkey and signer mismatch"
    assert self.seqSigners[signer] == 0, "LockingPool: signer already used"
    assert self.seqOwners[msg.sender] == 0, "LockingPool: owner already has a sequencer"
    assert amount >= self.minLock, "LockingPool: amount below minLock"
    assert amount <= self.maxLock, "LockingPool: amount above maxLock"
    assert extcall IERC20(self.token).transferFrom(msg.sender, self, amount), "LockingPool: transfer failed"

    seqId: uint256 = self.seqCount + 1
    self.seqCount = seqId
    batch: uint256 = self.curBatchState.id
    self.sequencers[seqId] = Sequencer(
        amount=amount, reward=0, activationBatch=batch, updatedBatch=batch,
        deactivationBatch=0, deactivationTime=0, unlockClaimTime=0, nonce=1,
        owner=msg.sender, signer=signer, pubkey=signerPubkey, rewardRecipient=msg.sender,
        status=STATUS_ACTIVE)
    self.seqSigners[signer] = seqId
    self.seqOwners[msg.sender] = seqId
    self.totalLocked += amount
    log Locked(signer=signer, sequencerId=seqId, nonce=1, activationBatch=batch,
               amount=amount, total=self.totalLocked, signerPubkey=signerPubkey)
    return seqId


@external
def relock(seqId: uint256, amount: uint256, lockReward: bool):
    seq: Sequencer = self.sequencers[seqId]
    assert seq.owner == msg.sender, "LockingPool: not the sequencer owner"
    assert seq.status == STATUS_ACTIVE, "LockingPool: sequencer not active"
    added: uint256 = amount
    if lockReward:
        added += seq.reward
        seq.reward = 0
    assert added > 0, "LockingPool: nothing to relock"
    newAmount: uint256 = seq.amount + added
    assert newAmount <= self.maxLock, "LockingPool: amount above maxLock"
    if amount > 0:
        assert extcall IERC20(self.token).transferFrom(msg.sender, self, amount), "LockingPool: transfer failed"
    seq.amount = newAmount
    seq.updatedBatch = self.curBatchState.id
    seq.nonce += 1
    self.sequencers[seqId] = seq
    self.totalLocked += added
    log Relocked(sequencerId=seqId, amount=added, total=self.totalLocked)
    log LockUpdate(sequencerId=seqId, nonce=seq.nonce, newAmount=newAmount)


@external
def unlock(seqId: uint256):
    seq: Sequencer = self.sequencers[seqId]
    assert seq.owner == msg.sender, "LockingPool: not the sequencer owner"
    assert seq.status == STATUS_ACTIVE, "LockingPool: sequencer not active"
    seq.status = STATUS_INACTIVE
    seq.deactivationBatch = self.curBatchState.id
    seq.deactivationTime = block.timestamp
    seq.unlockClaimTime = block.timestamp + self.WITHDRAWAL_DELAY
    seq.nonce += 1
    self.sequencers[seqId] = seq
    log UnlockInit(user=msg.sender, sequencerId=seqId, nonce=seq.nonce,
                   deactivationBatch=seq.deactivationBatch, deactivationTime=seq.deactivationTime,
                   unlockClaimTime=seq.unlockClaimTime, amount=seq.amount)


@external
def unlockClaim(seqId: uint256):
    seq: Sequencer = self.sequencers[seqId]
    assert seq.owner == msg.sender, "LockingPool: not the sequencer owner"
    assert seq.status == STATUS_INACTIVE, "LockingPool: unlock not initiated"
    assert block.timestamp >= seq.unlockClaimTime, "LockingPool: withdrawal delay not over"
    amount: uint256 = seq.amount + seq.reward
    self.totalLocked -= seq.amount
    seq.amount = 0
    seq.reward = 0
    seq.status = STATUS_UNLOCKED
    seq.nonce += 1
    self.sequencers[seqId] = seq
    self.seqOwners[msg.sender] = 0
    if amount > 0:
        assert extcall IERC20(self.token).transfer(msg.sender, amount), "LockingPool: transfer failed"
    log Unlocked(user=msg.sender, sequencerId=seqId, amount=amount, total=self.totalLocked)
    log LockUpdate(sequencerId=seqId, nonce=seq.nonce, newAmount=0)


@external
def slash(seqId: uint256, amount: uint256):
    self._only_owner()
    seq: Sequencer = self.sequencers[seqId]
    assert seq.status == STATUS_ACTIVE or seq.status == STATUS_INACTIVE, "LockingPool: no stake to slash"
    assert amount > 0 and amount <= seq.amount, "LockingPool: bad slash amount"
    seq.amount -= amount
    seq.nonce += 1
    self.sequencers[seqId] = seq
    self.totalLocked -= amount
    assert extcall IERC20(self.token).transfer(msg.sender, amount), "LockingPool: transfer failed"
    log Slashed(sequencerId=seqId, nonce=seq.nonce, amount=amount, newAmount=seq.amount)
    log LockUpdate(sequencerId=seqId, nonce=seq.nonce, newAmount=seq.amount)


@external
def setMinLock(minLock: uint256):
    self._only_owner()
    assert minLock > 0 and minLock <= self.maxLock, "LockingPool: bad minLock"
    log SetMinLock(newMinLock=minLock)
    self.minLock = minLock


@external
def setMaxLock(maxLock: uint256):
    self._only_owner()
    assert maxLock >= self.minLock, "LockingPool: bad maxLock"
    log SetMaxLock(newMaxLock=maxLock)
    self.maxLock = maxLock


@external
def updateWithdrawDelayTimeValue(delay: uint256):
    self._only_owner()
    log WithrawDelayTimeChange(cur=delay, prev=self.WITHDRAWAL_DELAY)
    self.WITHDRAWAL_DELAY = delay


@external
def updateMpc(newMpc: address):
    self._only_owner()
    assert newMpc != empty(address), "LockingPool: zero mpc"
    self.mpcAddress = newMpc
    log UpdateMpc(newMpc=newMpc)


@external
def advanceBatch(batchId: uint256, startEpoch: uint256, endEpoch: uint256):
    assert msg.sender == self.mpcAddress, "LockingPool: not the mpc address"
    state: BatchState = self.curBatchState
    assert batchId == state.id + 1, "LockingPool: invalid batch id"
    assert state.endEpoch == 0 or startEpoch == state.endEpoch + 1, "LockingPool: invalid start epoch"
    assert startEpoch < endEpoch, "LockingPool: invalid end epoch"
    self.curBatchState = BatchState(id=batchId, number=block.number, startEpoch=startEpoch, endEpoch=endEpoch)
    log BatchAdvanced(batchId=batchId, startEpoch=startEpoch, endEpoch=endEpoch)
