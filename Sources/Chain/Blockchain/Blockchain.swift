import EVM
import Foundation
import Primitives
import State
import Trie

/// One chain: blocks, receipts, the pool, the state at every block, and the block builder.
///
/// Without a store everything stays in memory. With a `ChainStore` every block is committed to it
/// before the call that mined it returns, and memory stays bounded: only the newest `memoryWindow`
/// blocks (with their receipts and full state snapshots) stay in memory; older blocks, receipts,
/// logs and states are read back from the store (states rebuilt from its per-block change sets).
///
/// Not thread-safe: the Node owns it inside one actor and calls it from there only.
public final class Blockchain {
    /// Per-block record: the block, its per-transaction receipts, and the state after it.
    struct Record {
        var block: Block
        var receipts: [ReceiptInfo]
        var state: StateSnapshot
        /// The state the block was built on when cheat edits (anvil_setBalance …) had changed the
        /// parent's state before it was mined; nil when there were none (then it is the parent's).
        var builtOn: StateSnapshot? = nil
    }
    /// A block read back from the store with its receipts (its state is rebuilt on demand).
    typealias StoredRecord = (block: Block, receipts: [ReceiptInfo])

    /// Blocks (and their state snapshots) kept in memory when a store holds the chain, like geth's
    /// 128 in-memory state layers.
    public static let defaultMemoryWindow = 128
    /// The store the chain is committed to (nil: everything in memory, nothing evicted).
    public let store: (any ChainStore)?
    /// How many of the newest blocks stay in memory with a store (at least 1).
    public let memoryWindow: Int
    /// The last store failure (a write that did not happen); nil while every write succeeded. The
    /// chain keeps running in memory after one, and says so on standard error.
    public private(set) var storeFailure: ChainStoreError?
    /// Whether the chain was read back from a store holding blocks (false for a new chain).
    public private(set) var resumed = false
    /// Blocks read back from the store, by number (a small cache for old blocks).
    var storedRecords: [UInt64: StoredRecord] = [:]
    /// States rebuilt from the store, by block number (a small cache).
    var rebuiltStates: [UInt64: StateSnapshot] = [:]
    /// The pool and settings as last written to the store.
    var savedPoolHashes: Set<Hash> = []
    var savedSettings = DevSettings()
    /// Set while the constructor loads from the store (no write-back then).
    var loading = false

    /// The settings the chain was built from (fixed for its lifetime).
    public let config: ChainConfig
    /// The executor with this chain's fork rules.
    public let executor: TransactionExecutor
    /// The run-time developer settings (automine, interval, time offset, coinbase, …); see `DevSettings`.
    public var settings = DevSettings()
    /// When true (the default), every accepted transaction triggers a block at once.
    public var automine: Bool {
        get { settings.automine }
        set { settings.automine = newValue }
    }
    /// Seconds since the Unix epoch; tests replace it to get fixed timestamps.
    public var clock: () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }
    /// Called with each block appended after genesis and its receipts, on the owner's thread, before
    /// the call that mined it returns (the terminal log of `devnet start` uses it).
    public var onBlockAppended: ((Block, [ReceiptInfo]) -> Void)?
    /// System calls opening every block (sheet §3; the L2's MetisSequencerSet epochs). nil: none,
    /// blocks are exactly as without the hook. Set it before the first block is mined after genesis
    /// and keep it: replay re-runs it for every block.
    public var prelude: (any BlockPrelude)?
    /// The AI precompile at 0x…0999 (issue 8, `AIPrecompile`): non-nil makes it active on this chain
    /// (the L2 sets it) and answers live calls — eth_call, eth_estimateGas, and mining, where every
    /// answer is recorded with the block as an AI witness (`Block.aiWitnesses`). Re-execution of a
    /// mined block (sequencer verification, debug_trace*, after a restart) answers from those
    /// witnesses, never from this oracle. nil (the default, the L1): 0x…0999 is an ordinary account.
    public var aiOracle: (any AIPrecompileOracle)?
    /// Who seals blocks and checks them (sheet §3). nil: blocks use `coinbase` and are not verified.
    public var sealer: (any BlockSealer)?
    /// Called with each transaction accepted into the pool (its sender and hash), on the owner's
    /// thread, before automine mines it (eth_subscribe "newPendingTransactions" uses it).
    public var onTransactionPooled: ((Transaction, Address, Hash) -> Void)?
    /// If set, the next block uses this timestamp (evm_setNextBlockTimestamp); cleared after use.
    public var nextBlockTimestamp: UInt64? {
        get { settings.nextBlockTimestamp }
        set { settings.nextBlockTimestamp = newValue }
    }
    /// Seconds added to `clock()` for blocks mined without an explicit timestamp (evm_increaseTime;
    /// evm_setNextBlockTimestamp moves it so later blocks continue from the set time). May be negative.
    public internal(set) var timeOffset: Int64 {
        get { settings.timeOffset }
        set { settings.timeOffset = newValue }
    }
    /// Snapshots taken by `takeSnapshot()`, by id (evm_snapshot).
    var snapshots: [UInt64: ChainSnapshot] = [:]
    /// The id the next snapshot gets (ids start at 1, as Hardhat's).
    var nextSnapshotId: UInt64 = 1
    /// anvil's default priority fee suggestion: 1 gwei.
    public var suggestedPriorityFee: UInt256 {
        get { settings.suggestedPriorityFee }
        set { settings.suggestedPriorityFee = newValue }
    }

    /// The newest blocks, oldest first: records[0] is block `recordBase`, the last one the head.
    /// Without a store it holds every block.
    private(set) var records: [Record] = []
    /// The number of `records[0]`.
    private(set) var recordBase: UInt64 = 0
    /// The head state after cheat edits made since the head was mined (anvil_setBalance …); nil when
    /// there were none. Reads of the head block see it; records keep the state each block produced.
    /// Setting it stores the edits (relative to the state the head block produced).
    var editedHeadState: StateSnapshot? {
        didSet { if let edited = editedHeadState, !loading { storeHeadEdits(edited) } }
    }
    var numberOfHash: [Hash: UInt64] = [:]
    var locationOfTransaction: [Hash: (block: UInt64, index: Int)] = [:]
    /// The state after the head block; blocks are built on it.
    var headState: WorldState
    /// Pending and queued transactions.
    public internal(set) var pool = TxPool() {
        didSet { poolDirty = true }
    }
    /// The pool changed since it was last written to the store.
    var poolDirty = false

    /// Builds the genesis block from `config`; everything stays in memory.
    public init(config: ChainConfig) {
        self.config = config
        self.executor = TransactionExecutor(fork: config.fork, chainId: config.chainId)
        self.store = nil
        self.memoryWindow = Int.max
        let state = WorldState(genesis: config.alloc)
        let root = state.commitBlock()
        self.headState = state
        let genesis = Genesis.block(config: config, stateRoot: root)
        append(Record(block: genesis, receipts: [], state: state.snapshot()))
        installBlockHashes()
    }

    /// Opens the chain held by `store`, or starts it there from `config`'s genesis if the store is
    /// empty. A resumed chain has the stored head block, head state (with cheat edits), pool and dev
    /// settings.
    /// - Parameter memoryWindow: newest blocks kept in memory (default 128, at least 1).
    /// - Throws: `ChainStoreError.genesisMismatch` when the store holds another chain (other chain
    ///   id or genesis block), `.io` / `.corrupt` when it cannot be read or written.
    public init(config: ChainConfig, store: any ChainStore,
                memoryWindow: Int = Blockchain.defaultMemoryWindow) throws(ChainStoreError) {
        self.config = config
        self.executor = TransactionExecutor(fork: config.fork, chainId: config.chainId)
        self.store = store
        self.memoryWindow = max(1, memoryWindow)
        let state = WorldState(genesis: config.alloc)
        let root = state.commitBlock()
        self.headState = state
        let genesis = Genesis.block(config: config, stateRoot: root)
        let meta = ChainStoreMeta(chainId: config.chainId, genesisHash: genesis.hash)
        if let stored = try store.loadMeta() {
            guard stored == meta else { throw .genesisMismatch(path: store.location, stored: stored, wanted: meta) }
            try resume(from: store)
        } else {
            try store.initialize(meta: meta, genesis: genesis, state: .all(state.snapshot().accounts), settings: settings)
            loading = true
            append(Record(block: genesis, receipts: [], state: state.snapshot()))
            loading = false
            installBlockHashes()
        }
    }

    /// Loads the head block, head state, pool and settings of a non-empty store.
    private func resume(from store: any ChainStore) throws(ChainStoreError) {
        loading = true
        defer { loading = false }
        guard let head = try store.headNumber(), let block = try store.block(number: head) else {
            throw .corrupt("no head block")
        }
        let produced = StateSnapshot(accounts: try store.accounts(atSequence: 2 * head), stateRoot: block.header.stateRoot)
        guard produced.makeWorldState().commitBlock() == block.header.stateRoot else {
            throw .corrupt("the state rebuilt from the change sets does not have block \(head)'s state root")
        }
        let edited = try store.accounts(atSequence: 2 * head + 1)
        recordBase = head
        records = []
        append(Record(block: block, receipts: Blockchain.receiptInfos(of: block), state: produced))
        if edited == produced.accounts {
            headState = produced.makeWorldState()
        } else {
            let world = StateSnapshot(accounts: edited, stateRoot: .zero).makeWorldState()
            world.commitBlock()
            headState = world
            editedHeadState = world.snapshot()
        }
        installBlockHashes()
        var restored = TxPool()
        for e in try store.loadPool() { restored.insert(e.transaction, sender: e.sender, hash: e.hash) }
        pool = restored
        settings = try store.loadSettings()
        savedPoolHashes = Set(poolEntries().map(\.hash))
        savedSettings = settings
        resumed = true
    }

    // MARK: blocks

    /// The newest block.
    public var head: Block { records[records.count - 1].block }
    /// The newest block's number.
    public var headNumber: UInt64 { recordBase + UInt64(records.count - 1) }

    /// Block `number` and its receipts: from memory, else read back from the store (nil above the head).
    func record(_ number: UInt64) -> StoredRecord? {
        guard number <= headNumber else { return nil }
        if number >= recordBase {
            let r = records[Int(number - recordBase)]
            return (r.block, r.receipts)
        }
        if let cached = storedRecords[number] { return cached }
        guard let store else { return nil }
        let block: Block?
        do throws(ChainStoreError) { block = try store.block(number: number) } catch { noteStoreFailure(error); return nil }
        guard let block else { return nil }
        let record: StoredRecord = (block, Blockchain.receiptInfos(of: block))
        if storedRecords.count >= Blockchain.storedRecordCacheSize { storedRecords.removeAll(keepingCapacity: true) }
        storedRecords[number] = record
        return record
    }

    /// Old blocks read back from the store kept at once (a cache, emptied when full).
    static let storedRecordCacheSize = 256
    /// Rebuilt old states kept at once.
    static let rebuiltStateCacheSize = 4

    /// The block with this number, nil above the head.
    public func block(number: UInt64) -> Block? {
        record(number)?.block
    }

    /// The block with this hash (keccak256 of its RLP header), nil if unknown.
    public func block(hash: Hash) -> Block? {
        if let n = numberOfHash[hash] { return block(number: n) }
        guard let store else { return nil }
        do throws(ChainStoreError) {
            guard let n = try store.blockNumber(hash: hash), n <= headNumber else { return nil }
            return block(number: n)
        } catch { noteStoreFailure(error); return nil }
    }

    /// Where the mined transaction with this hash is (memory first, then the store).
    func location(ofTransaction hash: Hash) -> (block: UInt64, index: Int)? {
        if let loc = locationOfTransaction[hash] { return loc }
        guard let store else { return nil }
        do throws(ChainStoreError) {
            guard let loc = try store.transactionLocation(hash: hash), loc.block <= headNumber else { return nil }
            return loc
        } catch { noteStoreFailure(error); return nil }
    }

    /// The mined transaction with this hash, its block and its index in the block.
    public func transaction(hash: Hash) -> (block: Block, index: Int)? {
        guard let loc = location(ofTransaction: hash), let record = record(loc.block) else { return nil }
        return (record.block, loc.index)
    }

    /// The receipt of a mined transaction.
    public func receipt(transactionHash: Hash) -> ReceiptInfo? {
        guard let loc = location(ofTransaction: transactionHash), let record = record(loc.block),
              loc.index < record.receipts.count else { return nil }
        return record.receipts[loc.index]
    }

    /// All receipts of a block, in transaction order.
    public func receipts(blockNumber: UInt64) -> [ReceiptInfo]? {
        record(blockNumber)?.receipts
    }

    /// The state after block `number` (nil if there is no such block); for the head, including cheat
    /// edits made since it was mined. A state older than the memory window is rebuilt from the
    /// store's change sets (a few rebuilt states are cached).
    public func state(at number: UInt64) -> StateSnapshot? {
        guard number <= headNumber else { return nil }
        if number == headNumber, let edited = editedHeadState { return edited }
        if number >= recordBase { return records[Int(number - recordBase)].state }
        if let cached = rebuiltStates[number] { return cached }
        guard let store, let block = block(number: number) else { return nil }
        let accounts: [Address: Account]
        do throws(ChainStoreError) { accounts = try store.accounts(atSequence: 2 * number) } catch { noteStoreFailure(error); return nil }
        let snapshot = StateSnapshot(accounts: accounts, stateRoot: block.header.stateRoot)
        if rebuiltStates.count >= Blockchain.rebuiltStateCacheSize { rebuiltStates.removeAll(keepingCapacity: true) }
        rebuiltStates[number] = snapshot
        return snapshot
    }

    /// The state block `number` (≥ 1) was built on: the state its parent produced plus any cheat
    /// edits (anvil_setBalance, anvil_setStorageAt …) made while the parent was the head. Replaying
    /// the block's transactions on it reproduces their receipts. nil for block 0 or above the head.
    public func stateBuiltOn(block number: UInt64) -> StateSnapshot? {
        guard number >= 1, number <= headNumber else { return nil }
        // A record in the window remembers the edited state it was built on; the oldest record may
        // have been read back from the store (evm_revert below the window) without it.
        if number > recordBase, let s = records[Int(number - recordBase)].builtOn { return s }
        if number > recordBase || store == nil { return state(at: number - 1) }
        let sequence = 2 * (number - 1) + 1
        do throws(ChainStoreError) {
            guard let store, try store.hasChanges(atSequence: sequence) else { return state(at: number - 1) }
            let world = WorldState(genesis: try store.accounts(atSequence: sequence))
            _ = world.commitBlock()
            return world.snapshot()
        } catch {
            noteStoreFailure(error)
            return nil
        }
    }

    /// The receipts of `block` as eth_getTransactionReceipt shows them (senders, gas, prices,
    /// created addresses and block-wide log indexes come from the block).
    static func receiptInfos(of block: Block) -> [ReceiptInfo] {
        var infos: [ReceiptInfo] = []
        infos.reserveCapacity(block.transactions.count)
        var logIndex = 0
        let number = block.number, blockHash = block.hash
        for (i, tx) in block.transactions.enumerated() {
            let r = block.receipts[i]
            let txHash = block.transactionHashes[i]
            var entries: [LogEntry] = []
            for log in r.logs {
                entries.append(LogEntry(log: log, blockNumber: number, blockHash: blockHash, transactionHash: txHash,
                                        transactionIndex: i, logIndex: logIndex))
                logIndex += 1
            }
            infos.append(ReceiptInfo(transactionHash: txHash, transactionIndex: i, blockHash: blockHash, blockNumber: number,
                                     from: block.senders[i], to: tx.to, cumulativeGasUsed: r.cumulativeGasUsed,
                                     gasUsed: block.gasUsed[i], effectiveGasPrice: block.effectiveGasPrices[i],
                                     contractAddress: block.contractAddresses[i], logs: entries, logsBloom: r.logsBloom,
                                     type: tx.type, status: r.status))
        }
        return infos
    }

    /// The base fee (wei per gas) of the next block (EIP-1559, from the head).
    /// anvil_setNextBlockBaseFeePerGas overrides it until that block is mined.
    public func nextBaseFee() -> UInt256 {
        if let fee = settings.nextBlockBaseFeePerGas { return fee }
        let h = head.header
        return FeeMarket.nextBaseFee(parentBaseFee: h.baseFeePerGas ?? config.initialBaseFee,
                                     parentGasUsed: h.gasUsed, parentGasLimit: h.gasLimit)
    }

    /// The next block's excess blob gas (EIP-4844, from the head's excess and blob gas used; from
    /// Osaka with EIP-7918's reserve price, which also reads the head's base fee).
    public func nextExcessBlobGas() -> UInt64 {
        let h = head.header
        return executor.blobSchedule.nextExcessBlobGas(parentExcessBlobGas: h.excessBlobGas ?? 0,
                                                       parentBlobGasUsed: h.blobGasUsed ?? 0,
                                                       parentBaseFee: h.baseFeePerGas ?? .zero, fork: config.fork)
    }

    /// The blob base fee (wei per blob gas) of the next block (EIP-4844 `fake_exponential`).
    public func nextBlobBaseFee() -> UInt256 {
        executor.blobSchedule.baseFee(excessBlobGas: nextExcessBlobGas())
    }

    /// eth_gasPrice: next base fee + the suggested priority fee (1 gwei), like anvil.
    public var suggestedGasPrice: UInt256 {   // saturating: the base fee may be set near 2^256
        let sum = nextBaseFee().addingReportingOverflow(suggestedPriorityFee)
        return sum.overflow ? .max : sum.partialValue
    }

    // MARK: pool

    /// Executable pending transactions (sender by sender, in nonce order).
    public var pending: [Transaction] { pool.pending(stateNonce: headState.nonce).map(\.transaction) }
    /// Transactions waiting for a nonce gap to be filled.
    public var queued: [Transaction] { pool.queued(stateNonce: headState.nonce).map(\.transaction) }

    /// The next nonce of `address` counting its executable pending transactions (eth_getTransactionCount "pending").
    public func pendingNonce(of address: Address) -> UInt64 {
        var nonce = headState.nonce(address)
        while pool.entry(sender: address, nonce: nonce) != nil { nonce += 1 }
        return nonce
    }

    /// A pooled (not yet mined) transaction by hash, with its sender.
    public func pooledTransaction(hash: Hash) -> (transaction: Transaction, sender: Address)? {
        pool.entry(hash: hash).map { ($0.transaction, $0.sender) }
    }

    /// Decodes, checks and pools a signed transaction (eth_sendRawTransaction); with automine on,
    /// mines it before returning.
    /// - Returns: the transaction hash (keccak of the raw bytes).
    /// - Throws: `TxPoolError` in geth's words (see its cases).
    @discardableResult
    public func submit(raw: [UInt8]) throws(TxPoolError) -> Hash {
        // A type-3 transaction in its network form carries its blobs (128 KiB each) with one
        // commitment and up to 128 cell proofs (48 bytes each) per blob; the size limit then applies
        // to the canonical transaction in `submit(_:sender:)`.
        var rawLimit = config.maxTransactionSize
        if raw.first == TransactionType.blob.rawValue {
            let blobs = Int(executor.blobSchedule.maxBlobsPerTransaction(fork: config.fork))
            rawLimit += blobs * (Int(BlobSchedule.gasPerBlob) + 129 * 48 + 16)
        }
        guard raw.count <= rawLimit else {
            throw .oversizedData(size: raw.count, limit: rawLimit)
        }
        let tx: Transaction
        do {
            tx = try Transaction.decode(pooledRaw: raw)
        } catch {
            if case .unsupportedType(let t) = error { throw .unsupportedType(t) }
            throw .malformed("\(error)")
        }
        let sender: Address
        do { sender = try tx.sender() } catch { throw .invalidSender("\(error)") }
        return try submit(tx, sender: sender)
    }

    /// Checks and pools a transaction whose sender is already known (eth_sendTransaction signs it
    /// first; eth_sendRawTransaction recovers it); with automine on, mines it before returning.
    /// - Throws: `TxPoolError`.
    @discardableResult
    public func submit(_ tx: Transaction, sender: Address) throws(TxPoolError) -> Hash {
        if tx.type == .blob, !config.acceptsBlobTransactions { throw .unsupportedType(tx.type.rawValue) }
        if tx.type == .setCode, config.fork < .prague { throw .unsupportedType(tx.type.rawValue) }
        let hash = tx.hash
        if pool.contains(hash) || locationOfTransaction[hash] != nil { throw .alreadyKnown }
        let size = tx.encoded().count
        guard size <= config.maxTransactionSize else { throw .oversizedData(size: size, limit: config.maxTransactionSize) }
        if let id = tx.chainId, id != config.chainId { throw .invalidChainId(have: id, want: config.chainId) }
        guard tx.gasLimit <= blockGasLimit else {
            throw .gasLimitExceeded(gasLimit: tx.gasLimit, blockGasLimit: blockGasLimit)
        }
        if config.fork >= .osaka, tx.gasLimit > TransactionLimits.maxTransactionGasLimit {
            throw .gasLimitTooHigh(gasLimit: tx.gasLimit, cap: TransactionLimits.maxTransactionGasLimit)
        }
        if tx.nonce == .max { throw .nonceMax(address: sender, nonce: tx.nonce) }
        let request = ExecutionRequest(transaction: tx, sender: sender)
        let intrinsic = executor.intrinsicGas(request)
        guard tx.gasLimit >= intrinsic else { throw .intrinsicGasTooLow(have: tx.gasLimit, want: intrinsic) }
        let floor = executor.floorGas(request)
        guard tx.gasLimit >= floor else { throw .floorDataGasTooLow(have: tx.gasLimit, want: floor) }
        if tx.to == nil, tx.data.count > GasSchedule.maxInitcodeSize {
            throw .initcodeTooLarge(size: tx.data.count, limit: GasSchedule.maxInitcodeSize)
        }
        if case .dynamic(let fee, let tip) = request.pricing, tip > fee {
            throw .tipAboveFeeCap(address: sender, maxPriorityFeePerGas: tip, maxFeePerGas: fee)
        }
        try checkMinGasPrice(request)
        if let blobFeeCap = request.maxFeePerBlobGas {
            try executor.validateBlobs(request, blobFeeCap: blobFeeCap, blobBaseFee: nextBlobBaseFee())
        }
        if let list = request.authorizationList {
            if tx.to == nil { throw .setCodeTxCreate }
            if list.isEmpty { throw .emptyAuthorizationList }
        }
        let baseFee = nextBaseFee()
        guard request.feeCap >= baseFee else {
            throw .feeCapTooLow(address: sender, maxFeePerGas: request.feeCap, baseFee: baseFee)
        }
        let next = headState.nonce(sender)
        guard tx.nonce >= next else { throw .nonceTooLow(next: next, tx: tx.nonce) }
        guard next < .max else { throw .nonceMax(address: sender, nonce: next) }
        let codeHash = headState.codeHash(sender)
        if codeHash != .zero, codeHash != Keccak256.emptyHash, !tx.isImpersonated(by: sender),
           !(config.fork >= .prague && headState.code(sender).delegationTarget != nil) {
            // EIP-3607; an EIP-7702 delegated account still sends transactions, and so does an
            // impersonated account (anvil_impersonateAccount).
            throw .senderNotEOA(address: sender, codeHash: codeHash)
        }
        let have = headState.balance(sender)
        let want = TransactionExecutor.upfrontCost(request)
        guard let want, have >= want else { throw .insufficientFunds(address: sender, have: have, want: want ?? .max) }
        if let old = pool.entry(sender: sender, nonce: tx.nonce) {
            // geth's price bump: both caps at least 10 % above the pooled transaction's.
            let oldRequest = ExecutionRequest(transaction: old.transaction, sender: sender)
            let bump = { (v: UInt256) in v &+ v / UInt256(10) }
            guard request.feeCap >= bump(oldRequest.feeCap), request.tipCap >= bump(oldRequest.tipCap) else {
                throw .replacementUnderpriced
            }
        }
        pool.insert(tx, sender: sender, hash: hash)
        onTransactionPooled?(tx, sender, hash)
        if automine { mineAll() }
        persistPendingChanges()
        return hash
    }

    /// Mines blocks until no executable transaction is left (at least one block if any is pending),
    /// or until no block can be sealed (a stopped leader: the transactions stay pending).
    /// - Returns: the number of blocks mined.
    @discardableResult
    public func mineAll() -> Int {
        var guardCount = 0
        while !pool.executable(stateNonce: headState.nonce).isEmpty, guardCount < 1024 {
            let before = pool.count
            guard mine(timestamp: nil) != nil else { break }
            guardCount += 1
            if pool.count == before { break }   // nothing fit: avoid spinning
        }
        return guardCount
    }

    // MARK: appending

    /// Appends a block (the head's successor; genesis first). With a store, commits it first, in
    /// one transaction with its receipts, logs, state changes, the pool and the settings, then
    /// evicts the oldest in-memory block beyond `memoryWindow`.
    func append(_ record: Record) {
        let number = record.block.header.number
        if let store, !loading, number > 0 {
            let state = record.state
            let before = editedHeadState ?? self.state(at: number - 1)
            let delta = StateDelta.between(before?.accounts ?? [:], state.accounts)
            let entries = poolEntries()
            do throws(ChainStoreError) {
                try store.commit(block: record.block, changes: delta, pool: entries, settings: settings)
                savedPoolHashes = Set(entries.map(\.hash))
                savedSettings = settings
                poolDirty = false
            } catch {
                noteStoreFailure(error)
            }
        }
        numberOfHash[record.block.hash] = number
        for (i, hash) in record.block.transactionHashes.enumerated() {
            locationOfTransaction[hash] = (number, i)
        }
        if records.isEmpty { recordBase = number }
        var record = record
        if number > 0, !loading { record.builtOn = editedHeadState }
        records.append(record)
        if store != nil, records.count > memoryWindow { evictOldest() }
        editedHeadState = nil
        if number > 0 { onBlockAppended?(record.block, record.receipts) }
    }

    /// Drops the oldest in-memory block (it stays in the store).
    private func evictOldest() {
        let old = records.removeFirst()
        recordBase += 1
        numberOfHash.removeValue(forKey: old.block.hash)
        for hash in old.block.transactionHashes { locationOfTransaction.removeValue(forKey: hash) }
    }

    /// Removes the blocks after the first `count` (evm_revert) with their hash and transaction
    /// indexes, from memory and from the store. The caller restores the head state.
    func truncate(toCount count: Int) {
        let newHead = min(UInt64(max(count, 1) - 1), headNumber)
        while records.count > 1, headNumber > newHead {
            let record = records.removeLast()
            numberOfHash.removeValue(forKey: record.block.hash)
            for hash in record.block.transactionHashes { locationOfTransaction.removeValue(forKey: hash) }
        }
        if headNumber > newHead, let stored = record(newHead), let produced = state(at: newHead) {
            // The new head is older than the memory window: bring it back from the store.
            let loaded = Record(block: stored.block, receipts: stored.receipts, state: produced)
            let old = records.removeLast()
            numberOfHash.removeValue(forKey: old.block.hash)
            for hash in old.block.transactionHashes { locationOfTransaction.removeValue(forKey: hash) }
            recordBase = newHead
            records = [loaded]
            numberOfHash[loaded.block.hash] = newHead
            for (i, hash) in loaded.block.transactionHashes.enumerated() { locationOfTransaction[hash] = (newHead, i) }
        }
        storedRecords = storedRecords.filter { $0.key <= newHead }
        rebuiltStates = rebuiltStates.filter { $0.key <= newHead }
        if let store {
            do throws(ChainStoreError) { try store.truncate(above: newHead) } catch { noteStoreFailure(error) }
        }
    }

    /// Tells the live state how to answer BLOCKHASH (the EVM checks the 256-block window).
    func installBlockHashes() {
        headState.blockHashSource = { [unowned self] n in self.hashOfBlock(n) }
    }

    /// Hash of block `number`, or zero if there is none.
    func hashOfBlock(_ number: UInt64) -> Hash {
        guard number <= headNumber else { return .zero }
        if number >= recordBase { return records[Int(number - recordBase)].block.hash }
        return record(number)?.block.hash ?? .zero
    }

    // MARK: store

    /// Every pooled transaction (pending and queued), in arrival order.
    func poolEntries() -> [TxPool.Entry] {
        // With every state nonce at the maximum nothing is executable, so `queued` lists them all.
        pool.queued(stateNonce: { _ in .max }).sorted { $0.sequence < $1.sequence }
    }

    /// Writes the pool and the dev settings to the store if they changed since they were last
    /// written. The Node calls it after every request, so a change is durable before the answer.
    public func persistPendingChanges() {
        guard let store, !loading else { return }
        var entries: [TxPool.Entry]?
        if poolDirty {
            let now = poolEntries()
            if Set(now.map(\.hash)) != savedPoolHashes { entries = now }
            poolDirty = false
        }
        guard entries != nil || settings != savedSettings else { return }
        let list = entries ?? poolEntries()
        do throws(ChainStoreError) {
            try store.save(pool: list, settings: settings)
            savedPoolHashes = Set(list.map(\.hash))
            savedSettings = settings
        } catch {
            noteStoreFailure(error)
        }
    }

    /// Stores the cheat edits of the head: the difference between the state the head block
    /// produced and `edited`.
    private func storeHeadEdits(_ edited: StateSnapshot) {
        guard let store else { return }
        let number = headNumber
        let produced = number >= recordBase ? records[Int(number - recordBase)].state : nil
        guard let base = produced ?? rebuiltHeadState(number) else { return }   // the head is always in memory
        do throws(ChainStoreError) {
            try store.replaceHeadEdits(number: number, changes: StateDelta.between(base.accounts, edited.accounts))
        } catch {
            noteStoreFailure(error)
        }
        persistPendingChanges()
    }

    /// The state block `number` produced, rebuilt from the store (without the head's edits).
    private func rebuiltHeadState(_ number: UInt64) -> StateSnapshot? {
        guard let store, let block = block(number: number) else { return nil }
        do throws(ChainStoreError) {
            return StateSnapshot(accounts: try store.accounts(atSequence: 2 * number), stateRoot: block.header.stateRoot)
        } catch { noteStoreFailure(error); return nil }
    }

    /// Empties the store and this chain's caches (the in-memory chain is left as it is). To start
    /// the same chain again from genesis use `reset()` (anvil_reset), which the store follows; after
    /// this call only a new `Blockchain` on the same store (`init(config:store:)`, which writes
    /// genesis again) is valid, e.g. for a reset to another configuration.
    /// - Throws: `ChainStoreError.io` when the store cannot be emptied.
    public func resetStore() throws(ChainStoreError) {
        storedRecords = [:]
        rebuiltStates = [:]
        try store?.reset()
    }

    /// Records a failed store operation and reports it once on standard error.
    func noteStoreFailure(_ error: ChainStoreError) {
        if storeFailure == nil {
            FileHandle.standardError.write(Data("metis-devnet: chain \(config.chainId): \(error) (the chain goes on in memory; data after this point may not survive a restart)\n".utf8))
        }
        storeFailure = error
    }
}
