# pragma version ~=0.4.3
"""
@title MetisSequencerSet
@notice Which sequencer signs which L2 blocks, in epochs, after Metis' MetisSequencerSet
        (metis-sequencer-contract SequencerSet.sol; L2 address 0x0fe382b74C3894B65c10E5C12ae60Bbd8FAf5b48).
        Written for metis-devnet.

        Epoch k = (number k, signer, startBlock, endBlock), blocks inclusive. initialize(owner,
        mpcAddress, epochLength, firstSigner) opens epoch 1 = blocks 1..epochLength signed by
        firstSigner (block 0 is genesis and in no epoch). After that only `mpcAddress` (on the
        devnet SYSTEM_ADDRESS 0xfffffffffffffffffffffffffffffffffffffffe, whose system calls open
        each block) changes epochs:

        commitEpoch(newEpoch, startBlock, endBlock, signer), as Metis:
          newEpoch == currentEpochNumber() + 1; startBlock == current epoch's endBlock + 1;
          endBlock - startBlock + 1 == epochLength; signer != 0; and, from epoch 2 on, the epoch
          before the current one has ended (its endBlock < block.number).
        recommitEpoch(oldEpochId, newEpochId, startBlock, endBlock, newSigner) (failover), as Metis:
          startBlock == block.number; newSigner != 0; endBlock >= startBlock; and either
          - oldEpochId == current: old epoch ends at block.number - 1, a new epoch
            newEpochId == current + 1 = [startBlock, endBlock] is opened for newSigner; or
          - oldEpochId == current - 1 (the next epoch was committed early): old epoch ends at
            block.number - 1 and epoch newEpochId == current is rewritten as
            [startBlock, endBlock] for newSigner.
        Devnet differences: recommitEpoch also requires block.number >= the old epoch's
        startBlock, and endBlock >= startBlock (Metis: >) is enough for both calls, so an epoch
        length of 1 works. With these rules the epochs' start blocks never decrease with the
        epoch number, so getEpochByBlock is a binary search: any block in any committed epoch is
        answered in O(log epochs), however old.
"""

struct Epoch:
    number: uint256
    signer: address
    startBlock: uint256
    endBlock: uint256

event NewEpoch:
    epochId: indexed(uint256)
    startBlock: uint256
    endBlock: uint256
    signer: address

event ReCommitEpoch:
    oldEpochId: indexed(uint256)
    newEpochId: indexed(uint256)
    curEpochId: uint256
    startBlock: uint256
    endBlock: uint256
    newSigner: address

event MpcAddressUpdated:
    newMpcAddress: address

event EpochUpdated:
    newLength: uint256

event OwnershipTransferred:
    previousOwner: indexed(address)
    newOwner: indexed(address)

owner: public(address)
mpcAddress: public(address)
epochLength: public(uint256)
epochs: public(HashMap[uint256, Epoch])
currentEpochId: uint256
initialized: bool


@deploy
def __init__():
    pass


@external
def initialize(owner: address, mpcAddress: address, epochLength: uint256, firstSigner: address):
    """
    @notice Sets the owner and the MPC (system) address and opens epoch 1 = blocks
            1..epochLength for firstSigner. Reverts when called a second time.
    """
    assert not self.initialized, "MetisSequencerSet: already initialized"
    assert epochLength > 0, "Invalid new epoch length"
    assert firstSigner != empty(address), "Invalid signer"
    self.initialized = True
    self.owner = owner
    self.mpcAddress = mpcAddress
    self.epochLength = epochLength
    self.epochs[1] = Epoch(number=1, signer=firstSigner, startBlock=1, endBlock=epochLength)
    self.currentEpochId = 1
    log OwnershipTransferred(previousOwner=empty(address), newOwner=owner)
    log MpcAddressUpdated(newMpcAddress=mpcAddress)
    log NewEpoch(epochId=1, startBlock=1, endBlock=epochLength, signer=firstSigner)


@view
@internal
def _lastStartingBy(blockNumber: uint256) -> uint256:
    """
    @dev The highest epoch id whose startBlock <= blockNumber, 0 when none (start blocks are
         non-decreasing in the id).
    """
    lo: uint256 = 1
    hi: uint256 = self.currentEpochId
    if hi == 0 or self.epochs[1].startBlock > blockNumber:
        return 0
    # invariant: epochs[lo].startBlock <= blockNumber; the answer is in [lo, hi]
    for _: uint256 in range(256):
        if lo >= hi:
            break
        mid: uint256 = (lo + hi + 1) // 2
        if self.epochs[mid].startBlock <= blockNumber:
            lo = mid
        else:
            hi = mid - 1
    return lo


@view
@internal
def _epochByBlock(blockNumber: uint256) -> uint256:
    id: uint256 = self._lastStartingBy(blockNumber)
    if id == 0 or blockNumber > self.epochs[id].endBlock:
        return max_value(uint256)
    return id


@view
@external
def getEpochByBlock(blockNumber: uint256) -> uint256:
    """
    @notice The number of the epoch containing `blockNumber`, max uint256 when none does.
    """
    return self._epochByBlock(blockNumber)


@view
@external
def getMetisSequencer(blockNumber: uint256) -> address:
    """
    @notice The signer of the epoch containing `blockNumber`, the zero address when none does.
    """
    id: uint256 = self._epochByBlock(blockNumber)
    if id == max_value(uint256):
        return empty(address)
    return self.epochs[id].signer


@view
@external
def currentEpochNumber() -> uint256:
    return self.currentEpochId


@view
@external
def currentEpoch() -> Epoch:
    return self.epochs[self.currentEpochId]


@view
@external
def finalizedBlock() -> uint256:
    """
    @notice The end block of the last epoch that ended before the current block
            (endBlock < block.number), 0 when none has.
    """
    id: uint256 = self._lastStartingBy(block.number)
    if id == 0:
        return 0
    if self.epochs[id].endBlock < block.number:
        return self.epochs[id].endBlock
    if id == 1:
        return 0
    return self.epochs[id - 1].endBlock


@external
def commitEpoch(newEpoch: uint256, startBlock: uint256, endBlock: uint256, signer: address):
    """
    @notice Opens the next epoch (see the contract notice for the rules); mpcAddress only.
    """
    assert msg.sender == self.mpcAddress, "Not Mpc"
    cur: uint256 = self.currentEpochId
    if cur > 1:
        assert self.epochs[cur - 1].endBlock < block.number, "The last epoch not finished"
    assert newEpoch == cur + 1, "Invalid new epoch number"
    assert endBlock >= startBlock, "End block must be greater than start block"
    assert endBlock - startBlock + 1 == self.epochLength, "Mismatch epoch length and block length"
    assert self.epochs[cur].endBlock + 1 == startBlock, "Start block must be greater than currentEpoch.endBlock by 1"
    assert signer != empty(address), "Invalid signer"
    self.epochs[newEpoch] = Epoch(number=newEpoch, signer=signer, startBlock=startBlock, endBlock=endBlock)
    self.currentEpochId = newEpoch
    log NewEpoch(epochId=newEpoch, startBlock=startBlock, endBlock=endBlock, signer=signer)


@external
def recommitEpoch(oldEpochId: uint256, newEpochId: uint256, startBlock: uint256, endBlock: uint256,
                  newSigner: address):
    """
    @notice Hands the rest of an epoch to another signer from this block on (failover; see
            the contract notice for the rules); mpcAddress only.
    """
    assert msg.sender == self.mpcAddress, "Not Mpc"
    assert startBlock == block.number, "Invalid start block"
    assert newSigner != empty(address), "Invalid signer"
    assert endBlock >= startBlock, "End block must be greater than start block"
    cur: uint256 = self.currentEpochId
    if oldEpochId == cur and cur > 0:
        assert newEpochId == cur + 1, "Invalid newEpochId"
    elif cur > 1 and oldEpochId == cur - 1:
        assert newEpochId == cur, "Invalid newEpochId"
    else:
        raise "Invalid oldEpochId"
    assert block.number >= self.epochs[oldEpochId].startBlock, "Invalid start block"

    self.epochs[oldEpochId].endBlock = block.number - 1
    self.epochs[newEpochId] = Epoch(number=newEpochId, signer=newSigner, startBlock=startBlock, endBlock=endBlock)
    self.currentEpochId = newEpochId
    log ReCommitEpoch(oldEpochId=oldEpochId, newEpochId=newEpochId, curEpochId=cur,
                      startBlock=startBlock, endBlock=endBlock, newSigner=newSigner)


@external
def UpdateMpcAddress(newMpc: address):
    """
    @notice Changes the MPC address; owner only.
    """
    assert msg.sender == self.owner, "Ownable: caller is not the owner"
    assert newMpc != empty(address), "Invalid new mpc"
    self.mpcAddress = newMpc
    log MpcAddressUpdated(newMpcAddress=newMpc)


@external
def UpdateEpochLength(newLength: uint256):
    """
    @notice Changes the epoch length for later commitEpoch calls; MPC address or owner.
    """
    assert msg.sender == self.mpcAddress or msg.sender == self.owner, "Not Mpc or Owner"
    assert newLength > 0, "Invalid new epoch length"
    self.epochLength = newLength
    log EpochUpdated(newLength=newLength)


@external
def transferOwnership(newOwner: address):
    assert msg.sender == self.owner, "Ownable: caller is not the owner"
    assert newOwner != empty(address), "Ownable: new owner is the zero address"
    log OwnershipTransferred(previousOwner=self.owner, newOwner=newOwner)
    self.owner = newOwner
