import Chain
import DevnetCrypto
import Node
import Primitives

/// A batch the batcher found on L1 (a mined transaction from its key to the inbox).
public struct PostedBatch: Sendable, Hashable {
    /// The batch index (from 0).
    public var index: UInt64
    /// First and last L2 block in it.
    public var l2Start: UInt64
    public var l2End: UInt64
    /// L2 transactions in it.
    public var transactionCount: Int
    /// The L1 transaction and the L1 block holding it.
    public var l1TxHash: Hash
    public var l1BlockNumber: UInt64
    public var l1BlockHash: Hash
    /// Calldata bytes on L1 (header included) and the block data's size before compression.
    public var calldataBytes: Int
    public var uncompressedBytes: Int
}

/// The batcher (ROLLUP-API.md §6; issue 6 "Rollup services"): every `interval` seconds it posts
/// the L2 blocks not yet on L1 as batches — at most `maxBlocks` blocks and `maxCalldataBytes`
/// calldata bytes each — in transactions from its key to the inbox address, and waits for their
/// receipts.
///
/// L1 is its memory: what is posted is what its scan of L1 finds (mined transactions from its key
/// to the inbox, decoded). So a restart on a data directory resumes after the last posted batch,
/// and when L1 is reverted below a batch (evm_revert, anvil_reset) the batch disappears from the
/// scan and its blocks are posted again. Safe = the last L2 block of the last batch found.
///
/// When the L2 itself is reverted below what is posted (evm_revert, anvil_reset on the L2), the
/// batcher notices that the posted blocks no longer match (timestamp and transaction hashes) and
/// posts the L2's blocks again from the first one that changed: that batch starts at or below
/// the previous batch's end and supersedes it from there on (a block's content is that of the
/// newest batch covering it).
public actor Batcher {
    /// How the batcher reaches L1 (JSON-RPC on the L1 node).
    public let l1: RollupClient
    /// Where it reads L2 blocks.
    public let l2: any L2BlockSource
    /// The batcher key (ROLLUP-API.md §0: m/44'/60'/0'/1/1).
    public let key: PrivateKey
    /// The inbox address on L1.
    public let inbox: Address
    /// Seconds between rounds.
    public let interval: Double
    /// Most L2 blocks per batch (Metis' MAX_TX_BATCH_COUNT = 50).
    public let maxBlocks: Int
    /// Most calldata bytes per batch transaction (Metis' MAX_L1_TX_SIZE = 90,000). A single L2
    /// block larger than this goes alone in a batch.
    public let maxCalldataBytes: Int
    /// The seqSign of a transaction: the signature of the block's sealer (`miner`) over its hash;
    /// nil → empty seqSign.
    public let signTx: @Sendable (_ miner: Address, _ txHash: Hash) -> [UInt8]?
    /// Where `safe` goes (nil: nowhere).
    public let finality: FinalityTracker?
    private let log: @Sendable (String) -> Void

    /// Batches found on L1, by index (contiguous from 0).
    public private(set) var posted: [PostedBatch] = []
    /// What the newest batch covering each L2 block says about it (1…postedThrough).
    private var canonical: [UInt64: BlockFingerprint] = [:]
    /// The highest L2 block in a batch on L1 (0: none): the end of the newest batch.
    public private(set) var postedThrough: UInt64 = 0
    /// The L1 block the scan reached, and its hash (to notice reverts).
    private var scannedThrough: UInt64 = 0
    private var scannedHash: Hash?
    /// The last batch transaction sent and not yet found on L1.
    public private(set) var inFlight: (hash: Hash, index: UInt64, l2Start: UInt64, l2End: UInt64)?
    /// The last error a round met (nil after a clean round); devnet_batches shows it.
    public private(set) var lastError: String?
    private var warnedL2Behind = false

    public init(l1: RollupClient, l2: any L2BlockSource, key: PrivateKey, inbox: Address, interval: Double = 2,
                maxBlocks: Int = 50, maxCalldataBytes: Int = 90_000,
                signTx: @escaping @Sendable (_ miner: Address, _ txHash: Hash) -> [UInt8]? = { _, _ in nil },
                finality: FinalityTracker? = nil, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.l1 = l1
        self.l2 = l2
        self.key = key
        self.inbox = inbox
        self.interval = interval
        self.maxBlocks = max(1, maxBlocks)
        self.maxCalldataBytes = max(BatchCodec.headerSize + 64, maxCalldataBytes)
        self.signTx = signTx
        self.finality = finality
        self.log = log
    }

    /// Runs rounds every `interval` seconds until the task is cancelled. Errors are logged and the
    /// next round tries again.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await round()
                lastError = nil
            } catch {
                if lastError != "\(error)" { log("batcher: \(error)") }
                lastError = "\(error)"
            }
            try? await Task.sleep(for: .milliseconds(Int64(interval * 1000)))
        }
    }

    /// One round: catch up with L1, post every L2 block not yet posted, publish `safe`.
    /// - Returns: the batches this round sent (and found mined).
    @discardableResult
    public func round() async throws(RollupClientError) -> [PostedBatch] {
        try await syncWithL1()
        let before = posted.count
        if try await hasInFlight() {
            await finality?.setSafe(postedThrough)
            return []
        }
        let head = await l2.l2HeadNumber()
        if head < postedThrough {
            if !warnedL2Behind {
                log("batcher: the L2 head (\(head)) is below the last posted block (\(postedThrough)); its next blocks will be posted again")
                warnedL2Behind = true
            }
        } else {
            warnedL2Behind = false
        }
        var next = postedThrough + 1
        if let changed = await firstChangedBlock() {
            if changed <= head {
                log("batcher: the L2 blocks from \(changed) differ from the posted ones (the L2 was reverted); posting them again")
            }
            next = changed
        }
        while next <= head, !Task.isCancelled {
            guard let (batch, calldata) = try await buildBatch(from: next, head: head) else { break }
            let hash = try await l1.send(from: key, to: inbox, data: calldata)
            let end = batch.l2Start + UInt64(batch.blocks.count) - 1
            inFlight = (hash, batch.index, batch.l2Start, end)
            let wait = max(5, min(30, interval * 5))
            do {
                _ = try await l1.waitForReceipt(hash, seconds: wait)
            } catch {
                log("batcher: batch \(batch.index) (L2 \(batch.l2Start)…\(end)) not mined after \(wait) s; waiting for it")
                break
            }
            try await syncWithL1()
            guard postedThrough == end, posted.last?.index == batch.index else {
                throw .badAnswer(method: "batcher", "batch \(batch.index) was mined but not found on L1")
            }
            next = end + 1
        }
        await finality?.setSafe(postedThrough)
        return Array(posted[min(before, posted.count)...])
    }

    /// The first posted L2 block whose content (timestamp, transaction hashes) the L2 no longer
    /// has, walking down from `postedThrough` until a block matches; nil when the newest matches.
    private func firstChangedBlock() async -> UInt64? {
        var n = postedThrough
        while n >= 1 {
            if let fp = canonical[n], let block = await l2.l2Block(number: n),
               fp.timestamp == block.header.timestamp, fp.transactionHashes == block.transactionHashes {
                break
            }
            n -= 1
        }
        return n == postedThrough ? nil : n + 1
    }

    /// True while a transaction from the batcher key is in the L1 pool (its pending nonce is above
    /// its mined one); then no new batch is sent, so none is posted twice.
    private func hasInFlight() async throws(RollupClientError) -> Bool {
        let pending = try await l1.pendingNonce(key.address)
        let mined = try RollupClient.quantity(
            try await l1.rpc("eth_getTransactionCount", [.string(key.address.hex), .string("latest")]),
            "eth_getTransactionCount").low64
        if pending == mined { inFlight = nil }
        return pending > mined
    }

    /// Builds the next batch from L2 block `from`: as many blocks as fit the limits (at least one).
    /// Nil when block `from` does not exist.
    private func buildBatch(from: UInt64, head: UInt64) async throws(RollupClientError) -> (Batch, [UInt8])? {
        var blocks: [BatchBlock] = []
        var data: [UInt8] = []
        var accepted: (Batch, [UInt8])?
        var n = from
        let index = UInt64(posted.count)
        while n <= head, blocks.count < maxBlocks {
            guard let block = await l2.l2Block(number: n) else { break }
            let entry = batchBlock(block)
            var candidate = data
            do { try BatchCodec.appendBlock(entry, to: &candidate) } catch {
                throw .badAnswer(method: "batcher", "L2 block \(n): \(error)")
            }
            let candidateBlocks = blocks + [entry]
            let batch = Batch(index: index, l2Start: from, blocks: candidateBlocks)
            let calldata: [UInt8]
            do {
                calldata = BatchCodec.header(index: index, l2Start: from, blockCount: UInt32(candidateBlocks.count))
                    + (try Zlib.compress(candidate))
            } catch {
                throw .badAnswer(method: "batcher", "zlib: \(error)")
            }
            if calldata.count > maxCalldataBytes && !blocks.isEmpty { break }
            if calldata.count > maxCalldataBytes {
                log("batcher: L2 block \(n) alone takes \(calldata.count) calldata bytes (limit \(maxCalldataBytes)); posting it by itself")
            }
            blocks = candidateBlocks
            data = candidate
            accepted = (batch, calldata)
            n += 1
            if calldata.count > maxCalldataBytes { break }
        }
        return accepted
    }

    /// A block as the batch format holds it, with the sealer's seqSign per transaction.
    private func batchBlock(_ block: Block) -> BatchBlock {
        let miner = block.header.coinbase
        var txs: [BatchTransaction] = []
        txs.reserveCapacity(block.transactions.count)
        for (i, tx) in block.transactions.enumerated() {
            let sig = signTx(miner, block.transactionHashes[i]) ?? []
            txs.append(.sequencer(raw: tx.encoded(), seqSign: sig))
        }
        return BatchBlock(timestamp: block.header.timestamp, l1BlockNumber: .zero, transactions: txs)
    }

    // MARK: reading L1

    /// Brings `posted` up to date with L1: scans the L1 blocks mined since the last scan for
    /// batches; after an L1 revert (the scanned block is gone or changed) it scans again from the
    /// start.
    public func syncWithL1() async throws(RollupClientError) {
        let head = try await l1.blockNumber()
        if let known = scannedHash {
            let now = head >= scannedThrough ? try await l1.block(number: scannedThrough) : nil
            let hash = now?["hash"]?.stringValue.flatMap { Hash(hex: $0) }
            if hash != known {
                log("batcher: L1 changed below block \(scannedThrough) (reverted or reset); reading its batches again")
                posted = []
                canonical = [:]
                postedThrough = 0
                scannedThrough = 0
                scannedHash = nil
            }
        }
        var n = scannedHash == nil ? 0 : scannedThrough + 1
        while n <= head {
            guard let block = try await l1.block(number: n, full: true) else { break }
            if n > 0 { scan(block, number: n) }
            scannedThrough = n
            scannedHash = block["hash"]?.stringValue.flatMap { Hash(hex: $0) }
            n += 1
        }
    }

    /// Records the batches in one L1 block (transactions from the batcher key to the inbox whose
    /// calldata decodes and continues the sequence; anything else is logged and skipped).
    private func scan(_ block: JSON, number: UInt64) {
        guard case .array(let txs)? = block["transactions"] else { return }
        let blockHash = block["hash"]?.stringValue.flatMap { Hash(hex: $0) } ?? .zero
        for tx in txs {
            guard let to = tx["to"]?.stringValue.flatMap({ Address(hex: $0) }), to == inbox,
                  let from = tx["from"]?.stringValue.flatMap({ Address(hex: $0) }), from == key.address,
                  let input = tx["input"]?.stringValue.flatMap({ try? Hex.decode($0) }),
                  let hash = tx["hash"]?.stringValue.flatMap({ Hash(hex: $0) }) else { continue }
            let batch: Batch
            do { batch = try BatchCodec.decode(input) } catch {
                log("batcher: L1 tx \(hash.hex) to the inbox is not a batch: \(error)")
                continue
            }
            guard batch.index == UInt64(posted.count), batch.l2Start >= 1, batch.l2Start <= postedThrough + 1,
                  !batch.blocks.isEmpty else {
                log("batcher: L1 tx \(hash.hex) holds batch \(batch.index) from L2 block \(batch.l2Start); expected batch \(posted.count) from at most \(postedThrough + 1); skipped")
                continue
            }
            let end = batch.l2Start + UInt64(batch.blocks.count) - 1
            if batch.l2Start <= postedThrough {
                for n in batch.l2Start...postedThrough { canonical[n] = nil }
            }
            for (i, b) in batch.blocks.enumerated() {
                let hashes = b.transactions.compactMap { t -> Hash? in
                    if case .sequencer(let raw, _) = t { return Keccak256.hash(raw) } else { return nil }
                }
                canonical[batch.l2Start + UInt64(i)] = BlockFingerprint(timestamp: b.timestamp, transactionHashes: hashes)
            }
            postedThrough = end
            let uncompressed = (try? BatchCodec.blockData(batch.blocks).count) ?? 0
            posted.append(PostedBatch(
                index: batch.index, l2Start: batch.l2Start, l2End: end,
                transactionCount: batch.blocks.reduce(0) { $0 + $1.transactions.count },
                l1TxHash: hash, l1BlockNumber: number, l1BlockHash: blockHash,
                calldataBytes: input.count, uncompressedBytes: uncompressed))
            if let f = inFlight, f.hash == hash { inFlight = nil }
        }
    }
}

/// What a batch says about one L2 block, to notice an L2 that changed under posted batches.
struct BlockFingerprint: Sendable, Hashable {
    var timestamp: UInt64
    var transactionHashes: [Hash]
}
