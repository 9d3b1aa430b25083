import Primitives
import State

/// Everything `takeSnapshot()` saves: the chain is restored to exactly this by `revert(toSnapshot:)`.
struct ChainSnapshot {
    /// Number of blocks (head number + 1).
    var blockCount: Int
    /// The head state, including cheat changes made after the head was mined.
    var headState: StateSnapshot
    var pool: TxPool
    /// Every dev setting (mining mode, time offset and pending timestamp, coinbase, gas limit, base
    /// fee override, minimum gas price, impersonation, …) as it was.
    var settings: DevSettings
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

    /// Saves the whole chain (head block number, head state, pool and every `DevSettings` value) and
    /// returns its id (1, 2, 3, … within this chain's life).
    public func takeSnapshot() -> UInt64 {
        let id = nextSnapshotId
        nextSnapshotId += 1
        snapshots[id] = ChainSnapshot(blockCount: Int(headNumber) + 1, headState: headState.snapshot(), pool: pool,
                                      settings: settings)
        return id
    }

    /// Restores the chain saved as snapshot `id`: blocks mined since are removed (the head number
    /// goes back too), the head state, pool and every dev setting (mining mode included) come back.
    /// The snapshot and every later one are consumed (an id works once, as in Hardhat and anvil).
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
        settings = saved.settings
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

/// How blocks get mined (issue 5, "Mining modes"; anvil's `MiningMode`). Exactly one is active.
public enum MiningMode: Sendable, Equatable {
    /// A block for every accepted transaction, at once (the default; evm_setAutomine true).
    case automine
    /// A block every `seconds` seconds, empty or not (`block_time` in devnet.toml;
    /// evm_setIntervalMining / anvil_setIntervalMining with seconds > 0).
    case interval(seconds: UInt64)
    /// Only evm_mine / anvil_mine mine (evm_setAutomine false, or evm_setIntervalMining 0).
    case manual
}

/// Developer cheats that change how the next blocks are built, who may send, and the pool.
extension Blockchain {
    // MARK: mining mode (evm_setAutomine, evm_setIntervalMining)

    /// The active mining mode, read from and written to `settings.automine` / `settings.blockTime`.
    /// Setting `.interval(seconds: 0)` is `.manual`. The owner of the chain runs the interval timer
    /// (`ChainNode` does); this type only records the mode and mines when asked.
    public var miningMode: MiningMode {
        get {
            if settings.automine { return .automine }
            if let t = settings.blockTime, t > 0 { return .interval(seconds: t) }
            return .manual
        }
        set {
            switch newValue {
            case .automine: settings.automine = true; settings.blockTime = nil
            case .interval(let t): settings.automine = false; settings.blockTime = t > 0 ? t : nil
            case .manual: settings.automine = false; settings.blockTime = nil
            }
        }
    }

    /// evm_setAutomine as anvil does it: true switches to automine from any mode; false switches
    /// automine to manual and leaves interval mining running. Transactions already pooled stay
    /// until the next block (as anvil: switching does not mine).
    public func setAutomine(_ on: Bool) {
        if on { miningMode = .automine } else if case .automine = miningMode { miningMode = .manual }
    }

    // MARK: block contents (anvil_setCoinbase, anvil_setBlockGasLimit, anvil_setNextBlockBaseFeePerGas)

    /// The beneficiary of blocks mined from now on: `settings.coinbase` (anvil_setCoinbase), else
    /// `config.coinbase`. eth_coinbase reports it.
    public var coinbase: Address { settings.coinbase ?? config.coinbase }

    /// Makes `address` the beneficiary (priority fees) of blocks mined from now on (anvil_setCoinbase).
    public func setCoinbase(_ address: Address) {
        settings.coinbase = address
    }

    /// The gas limit (gas) of blocks mined from now on: `settings.blockGasLimit`
    /// (anvil_setBlockGasLimit), else `config.gasLimit`. The pool refuses a transaction above it
    /// ("exceeds block gas limit").
    public var blockGasLimit: UInt64 { settings.blockGasLimit ?? config.gasLimit }

    /// Sets the gas limit of blocks mined from now on (anvil_setBlockGasLimit). Pooled transactions
    /// above the new limit stay pooled, unmined, until the limit rises or they are dropped.
    /// - Throws: `CheatError.badGasLimit` for 0 or above 2^63 − 1 (the largest header gas limit
    ///   geth accepts, `params.MaxGasLimit`).
    public func setBlockGasLimit(_ gas: UInt64) throws(CheatError) {
        guard gas > 0, gas <= UInt64(Int64.max) else { throw .badGasLimit(gas) }
        settings.blockGasLimit = gas
    }

    /// Fixes the base fee (wei per gas) of the next block (anvil_setNextBlockBaseFeePerGas): the pool,
    /// eth_gasPrice and eth_sendTransaction's fee filling use it until that block is mined; the block
    /// after it follows EIP-1559 from it. Any value, 0 included, is accepted (every chain here is
    /// post-London, so anvil's "EIP-1559 is not active" refusal never applies).
    public func setNextBlockBaseFee(_ wei: UInt256) {
        settings.nextBlockBaseFeePerGas = wei
    }

    /// Sets the lowest tip the pool accepts (anvil_setMinGasPrice), in wei per gas; nil removes it.
    ///
    /// anvil and Hardhat refuse this method when EIP-1559 is active ("not supported when EIP-1559
    /// is active"), which on these chains would be always. Here it is accepted and works as geth's
    /// `--txpool.pricelimit`: a transaction whose tip cap (gasPrice for types 0/1,
    /// maxPriorityFeePerGas for types 2–4) is below the minimum is refused with geth's
    /// "transaction gas price below minimum". Mined blocks and the base fee are unaffected.
    public func setMinGasPrice(_ wei: UInt256?) {
        settings.minGasPrice = wei
    }

    /// The pool's minimum-tip check (see `setMinGasPrice`).
    func checkMinGasPrice(_ request: ExecutionRequest) throws(TxPoolError) {
        guard let minimum = settings.minGasPrice else { return }
        let tip: UInt256
        switch request.pricing {
        case .legacy(let price): tip = price
        case .dynamic(_, let t): tip = t
        }
        guard tip >= minimum else { throw .gasTipBelowMinimum(tip: tip, minimum: minimum) }
    }

    // MARK: timestamps (anvil_setBlockTimestampInterval)

    /// Stamps each block mined from now on with parent timestamp + `seconds` instead of the clock
    /// (anvil_setBlockTimestampInterval); an explicit timestamp (evm_setNextBlockTimestamp,
    /// evm_mine's) still wins for its block. 0 is allowed: blocks then advance by the minimum of 1 s.
    public func setBlockTimestampInterval(_ seconds: UInt64) {
        settings.blockTimestampInterval = seconds
    }

    /// Ends `setBlockTimestampInterval`; later blocks follow the clock again (never going back below
    /// parent + 1). Returns true if an interval was set (anvil's answer).
    @discardableResult
    public func removeBlockTimestampInterval() -> Bool {
        defer { settings.blockTimestampInterval = nil }
        return settings.blockTimestampInterval != nil
    }

    // MARK: impersonation (anvil_impersonateAccount, anvil_autoImpersonateAccount)

    /// Lets eth_sendTransaction send from `address` without its key (anvil_impersonateAccount). The
    /// account may be a contract: EIP-3607 is not applied to its impersonated transactions.
    public func impersonate(_ address: Address) {
        settings.impersonated.insert(address)
    }

    /// Ends `impersonate(address)` (anvil_stopImpersonatingAccount). Pooled and mined transactions
    /// stay as they are.
    public func stopImpersonating(_ address: Address) {
        settings.impersonated.remove(address)
    }

    /// Lets eth_sendTransaction send from any address without a key (anvil_autoImpersonateAccount).
    public func setAutoImpersonate(_ on: Bool) {
        settings.autoImpersonate = on
    }

    /// True when transactions from `address` are accepted without a signature.
    public func isImpersonated(_ address: Address) -> Bool {
        settings.autoImpersonate || settings.impersonated.contains(address)
    }

    /// Pools (and with automine, mines) `tx` as sent by the impersonated `sender`: it gets the
    /// placeholder signature `Transaction.impersonated(by:)` documents and goes through every check
    /// of `submit(_:sender:)` except EIP-3607. The caller has checked `isImpersonated(sender)`.
    /// - Returns: the transaction hash, keccak256 of the raw transaction with that signature.
    /// - Throws: `TxPoolError`, as `submit(_:sender:)`.
    @discardableResult
    public func submitImpersonated(_ tx: Transaction, sender: Address) throws(TxPoolError) -> Hash {
        try submit(tx.impersonated(by: sender), sender: sender)
    }

    // MARK: pool (anvil_dropTransaction, txpool_*)

    /// Removes the pooled transaction with this hash (anvil_dropTransaction). A later nonce of the
    /// same sender stays pooled, queued behind the gap. Returns the hash if it was pooled, else nil
    /// (anvil's answer; a mined transaction cannot be dropped).
    @discardableResult
    public func dropTransaction(hash: Hash) -> Hash? {
        guard let e = pool.entry(hash: hash) else { return nil }
        pool.remove(sender: e.sender, nonce: e.transaction.nonce)
        return hash
    }

    /// Empties the pool (anvil_dropAllTransactions).
    public func dropAllTransactions() {
        pool = TxPool()
    }

    /// Removes every pooled transaction (pending and queued) of `sender` (anvil_removePoolTransactions).
    /// Returns how many were removed.
    @discardableResult
    public func removePoolTransactions(sender: Address) -> Int {
        let content = poolContent
        let mine = (content.pending + content.queued).filter { $0.sender == sender }
        for e in mine { pool.remove(sender: sender, nonce: e.transaction.nonce) }
        return mine.count
    }

    /// The pool as txpool_content shows it: executable transactions (each sender's nonces from its
    /// state nonce without a gap) and queued ones (behind a gap), each list by sender then nonce.
    public var poolContent: (pending: [TxPool.Entry], queued: [TxPool.Entry]) {
        let pending = pool.pending(stateNonce: headState.nonce).sorted {
            ($0.sender, $0.transaction.nonce) < ($1.sender, $1.transaction.nonce)
        }
        return (pending, pool.queued(stateNonce: headState.nonce))
    }

    // MARK: reset (anvil_reset)

    /// Goes back to the genesis block (anvil_reset without forking arguments): every later block,
    /// receipt and pooled transaction is removed, the head state is the genesis state again,
    /// snapshots are forgotten (ids start at 1 again), and the dev settings return to their defaults
    /// except the mining mode, which is kept (as anvil keeps its miner). The single entry point for
    /// a reset: storage layers that keep blocks elsewhere extend this.
    public func reset() {
        truncate(toCount: 1)
        // The genesis state is a function of the config: rebuild it rather than trust a cached
        // snapshot, and drop any cheat edits stored for block 0.
        let genesis = WorldState(genesis: config.alloc)
        _ = genesis.commitBlock()
        headState = genesis
        editedHeadState = nil
        if let store {
            do throws(ChainStoreError) { try store.replaceHeadEdits(number: 0, changes: StateDelta()) } catch {
                noteStoreFailure(error)
            }
        }
        installBlockHashes()
        pool = TxPool()
        snapshots = [:]
        nextSnapshotId = 1
        let mode = miningMode
        settings = DevSettings()
        miningMode = mode
    }
}

/// A refused cheat call.
public enum CheatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// evm_setNextBlockTimestamp with a timestamp (seconds) not above the head block's.
    case timestampNotAfterHead(timestamp: UInt64, head: UInt64)
    /// anvil_setBlockGasLimit with 0 or a limit above 2^63 − 1 gas.
    case badGasLimit(UInt64)

    public var description: String {
        switch self {
        case .timestampNotAfterHead(let t, let head):
            return "timestamp \(t) is lower than or equal to the previous block's timestamp \(head)"
        case .badGasLimit(let g):
            return g == 0 ? "block gas limit must be above 0"
                : "block gas limit \(g) is above the largest allowed, \(Int64.max) (2^63-1)"
        }
    }
}
