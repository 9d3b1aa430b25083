import Primitives
import State

/// Everything `takeSnapshot()` saves: the chain is restored to exactly this by `revert(toSnapshot:)`.
struct ChainSnapshot {
    /// Number of blocks (head number + 1).
    var blockCount: Int
    /// The head state, including cheat changes made after the head was mined.
    var headState: StateSnapshot
    var pool: TxPool
    var timeOffset: Int64
    var nextBlockTimestamp: UInt64?
}

/// Developer cheats (anvil / Hardhat): state edits in place, snapshots, time travel. In memory only.
extension Blockchain {
    // MARK: state edits (anvil_setBalance, anvil_setCode, anvil_setNonce, anvil_setStorageAt)

    /// Sets the balance of `address` to `wei` in the head state, in place: no block is mined (as
    /// anvil). Visible at once to reads of the head block ("latest" or its number), eth_call, and the
    /// next mined block (whose state root includes it). The head block's header is not changed.
    public func setBalance(_ address: Address, wei: UInt256) {
        editHeadState { $0.setBalance(address, wei) }
    }

    /// Sets the nonce of `address` in the head state, in place (see `setBalance`). Pooled transactions
    /// of the sender below the new nonce are dropped.
    public func setNonce(_ address: Address, _ nonce: UInt64) {
        editHeadState { $0.setNonce(address, nonce) }
        pool.prune(stateNonce: headState.nonce)
    }

    /// Replaces the code of `address` (any bytes; empty removes it) in the head state, in place.
    public func setCode(_ address: Address, _ code: [UInt8]) {
        editHeadState { $0.setCode(address, code) }
    }

    /// Writes storage slot `slot` (32-byte key) of `address` to `value` (zero deletes it) in the head
    /// state, in place.
    public func setStorage(_ address: Address, slot: UInt256, value: UInt256) {
        editHeadState { $0.setStorage(address, slot, value) }
    }

    /// Applies `edit` to the live head state outside any transaction (no EIP-161 clean-up, so an
    /// account holding only storage stays), then republishes the head's state snapshot so readers of
    /// "latest" see the change.
    private func editHeadState(_ edit: (WorldState) -> Void) {
        headState.beginTransaction()
        edit(headState)
        headState.beginTransaction()          // closes the journal: the edit cannot be reverted by a transaction
        editedHeadState = headState.snapshot()
    }

    // MARK: snapshots (evm_snapshot, evm_revert)

    /// Saves the whole chain (head block number, head state, pool, time offset and the pending next
    /// timestamp) and returns its id (1, 2, 3, … within this chain's life).
    public func takeSnapshot() -> UInt64 {
        let id = nextSnapshotId
        nextSnapshotId += 1
        snapshots[id] = ChainSnapshot(blockCount: Int(headNumber) + 1, headState: headState.snapshot(), pool: pool,
                                      timeOffset: timeOffset, nextBlockTimestamp: nextBlockTimestamp)
        return id
    }

    /// Restores the chain saved as snapshot `id`: blocks mined since are removed, the head state,
    /// pool and time settings come back. The snapshot and every later one are consumed (an id works
    /// once, as in Hardhat and anvil).
    /// - Returns: false (and changes nothing) if `id` is unknown or already used.
    @discardableResult
    public func revert(toSnapshot id: UInt64) -> Bool {
        guard let saved = snapshots[id] else { return false }
        snapshots = snapshots.filter { $0.key < id }
        truncate(toCount: saved.blockCount)
        editedHeadState = saved.headState
        headState = saved.headState.makeWorldState()
        installBlockHashes()
        pool = saved.pool
        timeOffset = saved.timeOffset
        nextBlockTimestamp = saved.nextBlockTimestamp
        return true
    }

    // MARK: time (evm_increaseTime, evm_setNextBlockTimestamp)

    /// The clock moved by `timeOffset` (seconds since the Unix epoch, never below 0).
    func offsetClock() -> UInt64 {
        let now = Int64(clamping: clock())
        let t = now.addingReportingOverflow(timeOffset)
        return t.overflow ? (timeOffset > 0 ? UInt64(Int64.max) : 0) : UInt64(max(t.partialValue, 0))
    }

    /// Moves the clock forward by `seconds` for the blocks mined from now on (evm_increaseTime).
    /// - Returns: the total offset in seconds (anvil's answer).
    public func increaseTime(by seconds: UInt64) -> Int64 {
        timeOffset = timeOffset.addingReportingOverflow(Int64(clamping: seconds)).overflow ? Int64.max
            : timeOffset &+ Int64(clamping: seconds)
        return timeOffset
    }

    /// Fixes the next block's timestamp (seconds); later blocks continue from it.
    /// - Throws: `CheatError.timestampNotAfterHead` unless `timestamp` is above the head's timestamp.
    public func setNextBlockTimestamp(_ timestamp: UInt64) throws(CheatError) {
        let head = head.header.timestamp
        guard timestamp > head else { throw .timestampNotAfterHead(timestamp: timestamp, head: head) }
        nextBlockTimestamp = timestamp
    }
}

/// A refused cheat call.
public enum CheatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// evm_setNextBlockTimestamp with a timestamp (seconds) not above the head block's.
    case timestampNotAfterHead(timestamp: UInt64, head: UInt64)

    public var description: String {
        switch self {
        case .timestampNotAfterHead(let t, let head):
            return "timestamp \(t) is lower than or equal to the previous block's timestamp \(head)"
        }
    }
}
