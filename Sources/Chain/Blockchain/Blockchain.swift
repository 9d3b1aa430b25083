import EVM
import Foundation
import Primitives
import State
import Trie

/// One chain in memory: blocks, receipts, the pool, the state at every block, and the block builder.
///
/// Not thread-safe: the Node owns it inside one actor and calls it from there only.
public final class Blockchain {
    /// Per-block record: the block, its per-transaction receipts, and the state after it.
    struct Record {
        var block: Block
        var receipts: [ReceiptInfo]
        var state: StateSnapshot
    }

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

    private(set) var records: [Record] = []
    /// The head state after cheat edits made since the head was mined (anvil_setBalance …); nil when
    /// there were none. Reads of the head block see it; records keep the state each block produced.
    var editedHeadState: StateSnapshot?
    var numberOfHash: [Hash: UInt64] = [:]
    var locationOfTransaction: [Hash: (block: UInt64, index: Int)] = [:]
    /// The state after the head block; blocks are built on it.
    var headState: WorldState
    /// Pending and queued transactions.
    public internal(set) var pool = TxPool()

    /// Builds the genesis block from `config`.
    public init(config: ChainConfig) {
        self.config = config
        self.executor = TransactionExecutor(fork: config.fork, chainId: config.chainId)
        let state = WorldState(genesis: config.alloc)
        let root = state.commitBlock()
        self.headState = state
        let genesis = Genesis.block(config: config, stateRoot: root)
        append(Record(block: genesis, receipts: [], state: state.snapshot()))
        installBlockHashes()
    }

    // MARK: blocks

    /// The newest block.
    public var head: Block { records[records.count - 1].block }
    /// The newest block's number.
    public var headNumber: UInt64 { UInt64(records.count - 1) }

    /// The block with this number, nil above the head.
    public func block(number: UInt64) -> Block? {
        number < UInt64(records.count) ? records[Int(number)].block : nil
    }

    /// The block with this hash (keccak256 of its RLP header), nil if unknown.
    public func block(hash: Hash) -> Block? {
        numberOfHash[hash].flatMap { block(number: $0) }
    }

    /// The mined transaction with this hash, its block and its index in the block.
    public func transaction(hash: Hash) -> (block: Block, index: Int)? {
        guard let loc = locationOfTransaction[hash] else { return nil }
        return (records[Int(loc.block)].block, loc.index)
    }

    /// The receipt of a mined transaction.
    public func receipt(transactionHash: Hash) -> ReceiptInfo? {
        guard let loc = locationOfTransaction[transactionHash] else { return nil }
        return records[Int(loc.block)].receipts[loc.index]
    }

    /// All receipts of a block, in transaction order.
    public func receipts(blockNumber: UInt64) -> [ReceiptInfo]? {
        blockNumber < UInt64(records.count) ? records[Int(blockNumber)].receipts : nil
    }

    /// The state after block `number` (nil if there is no such block); for the head, including cheat
    /// edits made since it was mined.
    public func state(at number: UInt64) -> StateSnapshot? {
        guard number < UInt64(records.count) else { return nil }
        if number == headNumber, let edited = editedHeadState { return edited }
        return records[Int(number)].state
    }

    /// The base fee (wei per gas) of the next block (EIP-1559, from the head).
    public func nextBaseFee() -> UInt256 {
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
    public var suggestedGasPrice: UInt256 { nextBaseFee() &+ suggestedPriorityFee }

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
        guard tx.gasLimit <= config.gasLimit else {
            throw .gasLimitExceeded(gasLimit: tx.gasLimit, blockGasLimit: config.gasLimit)
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
        if codeHash != .zero, codeHash != Keccak256.emptyHash,
           !(config.fork >= .prague && headState.code(sender).delegationTarget != nil) {
            // EIP-3607; an EIP-7702 delegated account still sends transactions.
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
        return hash
    }

    /// Mines blocks until no executable transaction is left (at least one block if any is pending).
    func mineAll() {
        var guardCount = 0
        while !pool.executable(stateNonce: headState.nonce).isEmpty, guardCount < 1024 {
            let before = pool.count
            mine(timestamp: nil)
            guardCount += 1
            if pool.count == before { break }   // nothing fit: avoid spinning
        }
    }

    // MARK: appending

    func append(_ record: Record) {
        let number = record.block.header.number
        numberOfHash[record.block.hash] = number
        for (i, tx) in record.block.transactions.enumerated() {
            locationOfTransaction[tx.hash] = (number, i)
        }
        records.append(record)
        editedHeadState = nil
        if number > 0 { onBlockAppended?(record.block, record.receipts) }
    }

    /// Removes the blocks after the first `count` (evm_revert) with their hash and transaction
    /// indexes. The caller restores the head state.
    func truncate(toCount count: Int) {
        while records.count > max(count, 1) {
            let record = records.removeLast()
            numberOfHash.removeValue(forKey: record.block.hash)
            for tx in record.block.transactions { locationOfTransaction.removeValue(forKey: tx.hash) }
        }
    }

    /// Tells the live state how to answer BLOCKHASH (the EVM checks the 256-block window).
    func installBlockHashes() {
        headState.blockHashSource = { [unowned self] n in self.hashOfBlock(n) }
    }

    /// Hash of block `number`, or zero if there is none.
    func hashOfBlock(_ number: UInt64) -> Hash {
        number < UInt64(records.count) ? records[Int(number)].block.hash : .zero
    }
}
