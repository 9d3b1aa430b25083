import Chain
import DevnetCrypto
import Node
import Primitives

/// The proposer (ROLLUP-API.md §2, StateCommitmentChain; issue 6 "Rollup services"): every
/// `interval` seconds it appends the state roots of the L2 blocks not yet committed (one root per
/// block, contiguous, at most `maxBatchSize` per batch) to StateCommitmentChain with
/// `appendStateBatch(roots, shouldStartAtElement = getTotalElements())`, from its key. Element i
/// is the state root of L2 block i + 1 (genesis is not committed).
///
/// It keeps the SCC's batches (header from `StateBatchAppended`, roots from the calldata, L1
/// transaction and block), read from L1 logs (so it resumes after a restart, and reads them again
/// after an L1 revert); the relayer takes headers and inclusion proofs from `batch(containing:)`.
/// `finalized` = the last L2 block of the newest batch whose `extraData` timestamp +
/// FRAUD_PROOF_WINDOW ≤ the timestamp the next L1 block would get.
public actor Proposer {
    public static let appendedTopic = ABI.eventTopic("StateBatchAppended(uint256,bytes32,uint256,uint256,bytes)")
    public static let deletedTopic = ABI.eventTopic("StateBatchDeleted(uint256,bytes32)")
    public static let appendSignature = "appendStateBatch(bytes32[],uint256)"

    public let l1: RollupClient
    public let l2: any L2BlockSource
    /// The proposer key (ROLLUP-API.md §0: m/44'/60'/0'/1/2).
    public let key: PrivateKey
    /// StateCommitmentChain on L1.
    public let scc: Address
    public let interval: Double
    /// Most roots per batch (the SCC's MAX_BATCH_SIZE, 1024).
    public let maxBatchSize: Int
    /// The highest L2 block that may be committed (the batcher's `postedThrough`: roots only for
    /// blocks whose transactions are on L1); nil → the L2 head.
    public let commitLimit: (@Sendable () async -> UInt64?)?
    /// The timestamp the next L1 block would get (seconds).
    public let nextL1Timestamp: @Sendable () async -> UInt64
    public let finality: FinalityTracker?
    /// The SCC's fraud verifier (ROLLUP-API.md §0: the admin key): when the L2 was reverted below
    /// committed roots, it deletes the state batches from the first stale one while they are
    /// inside the window (`deleteStateBatch`), and the proposer commits the L2's roots again. nil:
    /// stale batches are only reported.
    public let fraudVerifier: PrivateKey?
    private let log: @Sendable (String) -> Void
    private var reportedStale: UInt64?

    /// The SCC's batches, by index.
    public private(set) var batches: [StateBatch] = []
    /// FRAUD_PROOF_WINDOW as last read (seconds).
    public private(set) var challengeWindow: UInt64 = 0
    /// The L2 block `finalized` names (0: none).
    public private(set) var finalizedThrough: UInt64 = 0
    public private(set) var lastError: String?
    private var scannedThrough: UInt64 = 0
    private var scannedHash: Hash?

    public init(l1: RollupClient, l2: any L2BlockSource, key: PrivateKey, scc: Address, interval: Double = 2,
                maxBatchSize: Int = 1024, commitLimit: (@Sendable () async -> UInt64?)? = nil,
                nextL1Timestamp: @escaping @Sendable () async -> UInt64,
                finality: FinalityTracker? = nil, fraudVerifier: PrivateKey? = nil,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.l1 = l1
        self.l2 = l2
        self.key = key
        self.scc = scc
        self.interval = interval
        self.maxBatchSize = max(1, min(1024, maxBatchSize))
        self.commitLimit = commitLimit
        self.nextL1Timestamp = nextL1Timestamp
        self.finality = finality
        self.fraudVerifier = fraudVerifier
        self.log = log
    }

    /// Runs rounds every `interval` seconds until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await round()
                lastError = nil
            } catch {
                if lastError != "\(error)" { log("proposer: \(error)") }
                lastError = "\(error)"
            }
            try? await Task.sleep(for: .milliseconds(Int64(interval * 1000)))
        }
    }

    /// The L2 block through which state roots are on L1 (0: none).
    public var committedThrough: UInt64 { batches.last?.header.l2End ?? 0 }

    /// The batch holding L2 block `l2Block`'s state root, with its header and roots; nil when it
    /// is not committed (yet).
    public func batch(containing l2Block: UInt64) -> StateBatch? {
        guard l2Block >= 1 else { return nil }
        var lo = 0, hi = batches.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let h = batches[mid].header
            if l2Block < h.l2Start { hi = mid - 1 } else if l2Block > h.l2End { lo = mid + 1 } else { return batches[mid] }
        }
        return nil
    }

    /// One round: read L1, append the roots not yet committed, publish `finalized`.
    /// - Returns: the batches this round appended.
    @discardableResult
    public func round() async throws(RollupClientError) -> [StateBatch] {
        try await syncWithL1()
        let before = Set(batches.map(\.l1TxHash))
        challengeWindow = try await readWindow()
        if try await !hasInFlight(), try await removeStaleBatches() {
            let head = await l2.l2HeadNumber()
            var limit = head
            if let commitLimit, let l = await commitLimit() { limit = min(limit, l) }
            while !Task.isCancelled {
                let total = try await readUInt("getTotalElements()")
                guard total < limit else { break }
                let last = min(limit, total + UInt64(maxBatchSize))
                var roots: [Hash] = []
                for n in (total + 1)...last {
                    guard let b = await l2.l2Block(number: n) else { break }
                    roots.append(b.header.stateRoot)
                }
                guard !roots.isEmpty else { break }
                let data = ABI.call(Self.appendSignature, [.array(roots.map { .bytes32($0) }), .uint64(total)])
                let hash = try await l1.send(from: key, to: scc, data: data)
                let receipt: JSON
                do {
                    receipt = try await l1.waitForReceipt(hash, seconds: max(5, min(30, interval * 5)))
                } catch {
                    log("proposer: state batch from element \(total) not mined yet; waiting for it")
                    break
                }
                guard RollupClient.succeeded(receipt) else {
                    throw .badAnswer(method: "appendStateBatch", "transaction \(hash.hex) reverted")
                }
                try await syncWithL1()
            }
        }
        try await updateFinalized()
        return batches.filter { !before.contains($0.l1TxHash) }
    }

    /// Recomputes `finalized` from the batches, the window and the next L1 timestamp.
    public func updateFinalized() async throws(RollupClientError) {
        let now = await nextL1Timestamp()
        var through: UInt64 = 0
        for b in batches.reversed() {
            let t = b.header.timestamp
            if t != 0, t.addingReportingOverflow(challengeWindow).partialValue <= now,
               !t.addingReportingOverflow(challengeWindow).overflow {
                through = b.header.l2End
                break
            }
        }
        finalizedThrough = through
        await finality?.setFinalized(through)
    }

    /// Seconds left in the challenge window of `batch` at the next L1 block's time (0: past it).
    public func secondsLeft(_ batch: StateBatch) async -> UInt64 {
        let now = await nextL1Timestamp()
        let end = batch.header.timestamp &+ challengeWindow
        return end > now ? end - now : 0
    }

    private func readWindow() async throws(RollupClientError) -> UInt64 {
        try await readUInt("FRAUD_PROOF_WINDOW()")
    }

    /// A uint256 view of the SCC that fits 64 bits.
    private func readUInt(_ signature: String) async throws(RollupClientError) -> UInt64 {
        let out = try await l1.call(to: scc, data: ABI.call(signature, []))
        guard out.count >= 32, let v = UInt256(bigEndian: out[0..<32]).uint64 else {
            throw .badAnswer(method: "eth_call \(signature)", "expected a uint256 below 2^64")
        }
        return v
    }

    /// The first batch whose last root the L2 no longer has (its block changed or is gone: the L2
    /// was reverted), walking down from the newest batch; nil when the newest batch matches.
    private func firstStaleBatch() async -> Int? {
        var i = batches.count - 1
        var stale: Int?
        while i >= 0 {
            // A revert changes every block above its point, so the batch's last root tells.
            let b = batches[i]
            guard let last = b.roots.last else { break }
            let block = await l2.l2Block(number: b.header.l2Start + UInt64(b.roots.count) - 1)
            if block?.header.stateRoot == last { break }
            stale = i
            i -= 1
        }
        return stale
    }

    /// Deletes stale batches (see `fraudVerifier`). Returns false when stale batches remain (then
    /// nothing is appended after them).
    private func removeStaleBatches() async throws(RollupClientError) -> Bool {
        guard let i = await firstStaleBatch() else { reportedStale = nil; return true }
        let header = batches[i].header
        let now = await nextL1Timestamp()
        guard let fraudVerifier, header.timestamp &+ challengeWindow > now else {
            if reportedStale != header.batchIndex {
                log("proposer: state batch \(header.batchIndex) holds roots of L2 blocks that were reverted, and it is past its window (or no fraud verifier key); not appending after it")
                reportedStale = header.batchIndex
            }
            return false
        }
        log("proposer: the L2 was reverted below state batch \(header.batchIndex); deleting it (and the ones after) inside its window")
        let data = ABI.call("deleteStateBatch((uint256,bytes32,uint256,uint256,bytes))", [header.abiValue])
        let hash = try await l1.send(from: fraudVerifier, to: scc, data: data)
        let receipt = try await l1.waitForReceipt(hash, seconds: max(5, min(30, interval * 5)))
        guard RollupClient.succeeded(receipt) else {
            throw .badAnswer(method: "deleteStateBatch", "transaction \(hash.hex) reverted")
        }
        try await syncWithL1()
        return await firstStaleBatch() == nil
    }

    private func hasInFlight() async throws(RollupClientError) -> Bool {
        let pending = try await l1.pendingNonce(key.address)
        let mined = try RollupClient.quantity(
            try await l1.rpc("eth_getTransactionCount", [.string(key.address.hex), .string("latest")]),
            "eth_getTransactionCount").low64
        return pending > mined
    }

    // MARK: reading L1

    /// Brings `batches` up to date with the SCC's events; after an L1 revert reads them all again.
    public func syncWithL1() async throws(RollupClientError) {
        let head = try await l1.blockNumber()
        if let known = scannedHash {
            let now = head >= scannedThrough ? try await l1.block(number: scannedThrough) : nil
            if now?["hash"]?.stringValue.flatMap({ Hash(hex: $0) }) != known {
                log("proposer: L1 changed below block \(scannedThrough) (reverted or reset); reading the state batches again")
                batches = []
                scannedHash = nil
                scannedThrough = 0
            }
        }
        let from = scannedHash == nil ? 0 : scannedThrough + 1
        guard from <= head else { return }
        let logs = try await l1.logs(address: scc, from: from, to: head)
        for entry in logs {
            try await apply(entry)
        }
        guard let top = try await l1.block(number: head) else { return }
        scannedThrough = head
        scannedHash = top["hash"]?.stringValue.flatMap { Hash(hex: $0) }
    }

    private func apply(_ entry: JSON) async throws(RollupClientError) {
        guard case .array(let topics)? = entry["topics"], let t0 = topics.first?.stringValue.flatMap({ Hash(hex: $0) }),
              topics.count >= 2, let indexWord = topics[1].stringValue.flatMap({ Hash(hex: $0) }) else { return }
        guard let index = indexWord.word.uint64 else { return }
        let data = try RollupClient.data(entry["data"], "eth_getLogs")
        if t0 == Self.deletedTopic {
            batches.removeAll { $0.header.batchIndex >= index }
            return
        }
        guard t0 == Self.appendedTopic else { return }
        let fields: [ABIValue]
        do { fields = try ABI.decode("(bytes32,uint256,uint256,bytes)", from: data) } catch {
            throw .badAnswer(method: "eth_getLogs", "StateBatchAppended data: \(error)")
        }
        guard fields.count == 4, let root = fields[0].bytesValue, root.count == 32,
              let size = fields[1].word?.uint64, let prev = fields[2].word?.uint64,
              let extra = fields[3].bytesValue else { return }
        let header = ChainBatchHeader(batchIndex: index, batchRoot: Hash(root), batchSize: size,
                                      prevTotalElements: prev, extraData: extra)
        guard let txHash = entry["transactionHash"]?.stringValue.flatMap({ Hash(hex: $0) }) else { return }
        let l1Block = (try? RollupClient.quantity(entry["blockNumber"], "eth_getLogs").low64) ?? 0
        let roots = try await roots(of: txHash, header: header)
        batches.removeAll { $0.header.batchIndex >= index }
        batches.append(StateBatch(header: header, roots: roots, l1TxHash: txHash, l1BlockNumber: l1Block))
    }

    /// The roots of a batch: the `appendStateBatch` calldata when the transaction called the SCC
    /// directly, else the L2 blocks' state roots; checked against the header's Merkle root.
    private func roots(of txHash: Hash, header: ChainBatchHeader) async throws(RollupClientError) -> [Hash] {
        let tx = try await l1.rpc("eth_getTransactionByHash", [.string(txHash.hex)])
        if let input = tx["input"]?.stringValue.flatMap({ try? Hex.decode($0) }),
           input.count >= 4, Array(input.prefix(4)) == ABI.selector(Self.appendSignature),
           let args = try? ABI.decode("(bytes32[],uint256)", from: Array(input.dropFirst(4))),
           let items = args.first?.items {
            let roots = items.compactMap { $0.bytesValue.map { Hash($0) } }
            if roots.count == Int(header.batchSize), !roots.isEmpty, StateBatchMerkle.root(roots) == header.batchRoot {
                return roots
            }
        }
        var roots: [Hash] = []
        for n in header.l2Start...max(header.l2Start, header.l2End) {
            guard let b = await l2.l2Block(number: n) else { break }
            roots.append(b.header.stateRoot)
        }
        if roots.isEmpty || roots.count != Int(header.batchSize) || StateBatchMerkle.root(roots) != header.batchRoot {
            log("proposer: the roots of state batch \(header.batchIndex) are unknown (its calldata does not decode and the L2 blocks differ)")
        }
        return roots
    }
}
