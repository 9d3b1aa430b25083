import DevnetCrypto
import Foundation
import Node
import Primitives

/// Where the relayer finds the bridge contracts (ROLLUP-API §1; the defaults are those addresses).
public struct RelayerAddresses: Sendable, Hashable {
    public var canonicalTransactionChain: Address
    public var stateCommitmentChain: Address
    public var l1CrossDomainMessenger: Address
    public var l2CrossDomainMessenger: Address
    public var l2ToL1MessagePasser: Address

    public init(canonicalTransactionChain: Address = RollupAddresses.canonicalTransactionChain,
                stateCommitmentChain: Address = RollupAddresses.stateCommitmentChain,
                l1CrossDomainMessenger: Address = RollupAddresses.l1CrossDomainMessenger,
                l2CrossDomainMessenger: Address = RollupAddresses.l2CrossDomainMessenger,
                l2ToL1MessagePasser: Address = RollupAddresses.l2ToL1MessagePasser) {
        self.canonicalTransactionChain = canonicalTransactionChain
        self.stateCommitmentChain = stateCommitmentChain
        self.l1CrossDomainMessenger = l1CrossDomainMessenger
        self.l2CrossDomainMessenger = l2CrossDomainMessenger
        self.l2ToL1MessagePasser = l2ToL1MessagePasser
    }
}

/// Why the relayer cannot answer a request (devnet_getWithdrawalProof).
public enum RelayerError: Error, Sendable, CustomStringConvertible {
    /// No such L2 transaction, or it sent no L2→L1 message.
    case noMessage(String)
    /// The message's L2 block is not in a state batch on L1 yet.
    case notInStateBatch(l2Block: UInt64, totalElements: UInt64)
    /// The state batch's root does not match the L2's state roots.
    case batchMismatch(batchIndex: UInt64)
    /// A node refused or answered oddly.
    case client(RollupClientError)
    /// An eth_getProof answer could not be used.
    case proof(String)

    public var description: String {
        switch self {
        case .noMessage(let why): why
        case .notInStateBatch(let b, let total):
            "L2 block \(b) is not in a state batch on L1 yet (the StateCommitmentChain holds the roots of blocks 1…\(total))"
        case .batchMismatch(let i): "state batch \(i) on L1 does not match the L2's state roots; it cannot prove anything"
        case .client(let e): e.description
        case .proof(let why): why
        }
    }
}

/// The bridge relayer (issue 6, flows 2 and 4 of ../shared/ARCHITECTURE.md), talking to both chains
/// only through JSON-RPC (`RollupClient`) and real signed transactions from the relayer key
/// (m/44'/60'/0'/1/3):
///
/// - **Deposits L1→L2.** Follows CanonicalTransactionChain `TransactionEnqueued` on L1 and sends each
///   element's `data` (the L2 messenger's `relayMessage(target, sender, message, nonce)` calldata) to
///   the L2 messenger, in queue order. Idempotent: a message whose hash the L2 messenger reports in
///   `successfulMessages`, or whose `RelayedMessage` / `FailedRelayedMessage` is on L2, is never sent
///   again, so a restart (which rescans both chains from block 0) or a retry never relays twice.
/// - **Withdrawals L2→L1.** Follows the L2 messenger's `SentMessage` and the SCC's
///   `StateBatchAppended` / `StateBatchDeleted`; rebuilds each batch's roots from the L2 headers
///   (element i = stateRoot of L2 block i + 1) and checks them against the batch root; once the
///   batch is outside the fraud-proof window, proves the message (`WithdrawalProof`) and calls
///   `L1CrossDomainMessenger.relayMessage(…, proof)`. Someone else relaying first (the user, a test)
///   is seen in the L1 messenger's `RelayedMessage`.
///
/// `run()` polls both chains every `pollInterval` (0.5 s) until its task is cancelled.
public actor Relayer {
    public let l1: RollupClient
    public let l2: RollupClient
    public let key: PrivateKey
    public let addresses: RelayerAddresses
    public let pollInterval: Duration
    /// Whether the relayer finalizes withdrawals on L1 itself (false: only reports them and serves
    /// proofs, so users finalize).
    public let relaysWithdrawals: Bool
    /// Where problems are reported (one line each); repeated identical lines are dropped.
    let log: @Sendable (String) -> Void

    // Scan cursors: the highest block whose logs are processed (nil: none yet).
    var l1Scanned: UInt64?
    var l2Scanned: UInt64?
    /// Deposits by queue index (contiguous from 0).
    public private(set) var deposits: [DepositRecord] = []
    /// Withdrawals in L2 order.
    public private(set) var withdrawals: [WithdrawalRecord] = []
    var withdrawalIndex: [Hash: Int] = [:]
    /// SCC batches by index.
    public private(set) var batches: [UInt64: KnownStateBatch] = [:]
    /// Message hashes that reached a terminal state on each chain, with the transaction.
    var l2Relayed: [Hash: (tx: Hash, block: UInt64, ok: Bool)] = [:]
    var l1Relayed: [Hash: (tx: Hash, ok: Bool)] = [:]
    /// The SCC's FRAUD_PROOF_WINDOW in seconds (read once, refreshed on every new batch).
    public private(set) var fraudProofWindow: UInt64?
    /// Latest L1 block timestamp seen.
    var l1HeadTimestamp: UInt64 = 0
    var lastLogged: String?
    /// The clock: Unix seconds (tests replace it).
    let now: @Sendable () -> Double
    /// The timestamp the next L1 block would get (the launcher passes the L1 chain's estimate,
    /// which follows evm_increaseTime); nil: the later of the L1 head's timestamp and `now`.
    let nextL1Timestamp: (@Sendable () async -> UInt64)?
    /// Its last value.
    var l1NextTimestamp: UInt64?

    /// Gas for an L1 relay whose estimate cannot run yet because the L1 head is older than the end
    /// of the window (eth_estimateGas runs at the head's timestamp; the relay's block is later).
    public static let fallbackL1RelayGas: UInt64 = 3_000_000
    /// A sent transaction with no receipt after this many seconds is sent again (the contracts
    /// refuse a second relay, so this cannot relay twice).
    public static let resendAfter: Double = 60
    /// Reverted relay transactions before a message is marked failed.
    public static let maxAttempts = 3

    public init(l1: RollupClient, l2: RollupClient, key: PrivateKey, addresses: RelayerAddresses = RelayerAddresses(),
                pollInterval: Duration = .milliseconds(500), relaysWithdrawals: Bool = true,
                log: @escaping @Sendable (String) -> Void = { _ in },
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                nextL1Timestamp: (@Sendable () async -> UInt64)? = nil) {
        self.l1 = l1
        self.l2 = l2
        self.key = key
        self.addresses = addresses
        self.pollInterval = pollInterval
        self.relaysWithdrawals = relaysWithdrawals
        self.log = log
        self.now = now
        self.nextL1Timestamp = nextL1Timestamp
    }

    /// Polls until the calling task is cancelled. Errors of one round are reported through `log`
    /// and retried on the next.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await step()
            } catch {
                report("relayer: \(error)")
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    func report(_ line: String) {
        guard line != lastLogged else { return }
        lastLogged = line
        log(line)
    }

    /// Forgets everything (a chain went back: anvil_reset, evm_revert); the next round rescans.
    func reset() {
        l1Scanned = nil
        l2Scanned = nil
        deposits = []
        withdrawals = []
        withdrawalIndex = [:]
        batches = [:]
        l2Relayed = [:]
        l1Relayed = [:]
    }

    /// One round: read new events on both chains, then relay what can be relayed.
    /// - Throws: `RollupClientError` from either node.
    public func step() async throws(RollupClientError) {
        let l1Head = try await l1.blockNumber()
        let l2Head = try await l2.blockNumber()
        if let s = l1Scanned, l1Head < s { reset() }
        if let s = l2Scanned, l2Head < s { reset() }
        if let ts = try await l1.block("latest")?["timestamp"] {
            l1HeadTimestamp = try RollupClient.quantity(ts, "eth_getBlockByNumber").low64
        }
        if let nextL1Timestamp { l1NextTimestamp = await nextL1Timestamp() }
        try await scanL1(to: l1Head)
        try await scanL2(to: l2Head)
        try await relayDeposits()
        try await fillBatchRoots()
        try await relayWithdrawals()
    }

    // MARK: scanning

    /// Block ranges of at most 10,000 blocks (the node's eth_getLogs range limit is larger).
    static func ranges(from: UInt64, to: UInt64) -> [ClosedRange<UInt64>] {
        guard from <= to else { return [] }
        var out: [ClosedRange<UInt64>] = []
        var a = from
        while a <= to {
            let b = min(to, a + 9_999)
            out.append(a...b)
            a = b + 1
        }
        return out
    }

    func entries(_ client: RollupClient, _ address: Address, _ topic: Hash?, _ r: ClosedRange<UInt64>) async throws(RollupClientError) -> [RollupLog] {
        let list = try await client.logs(address: address, topic: topic, from: r.lowerBound, to: r.upperBound)
        var out: [RollupLog] = []
        for j in list {
            guard let e = RollupLog(json: j) else { throw .badAnswer(method: "eth_getLogs", "a log without the standard fields") }
            out.append(e)
        }
        return out.sorted { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }
    }

    func scanL1(to head: UInt64) async throws(RollupClientError) {
        let from = l1Scanned.map { $0 + 1 } ?? 0
        for r in Self.ranges(from: from, to: head) {
            for e in try await entries(l1, addresses.canonicalTransactionChain, RollupEvents.transactionEnqueued, r) {
                guard let q = EnqueuedTransaction(e) else { continue }
                if q.queueIndex == UInt64(deposits.count) {
                    deposits.append(DepositRecord(enqueued: q))
                    if let done = l2Relayed[deposits[deposits.count - 1].msgHash] { markDeposit(deposits.count - 1, done) }
                } else if q.queueIndex > UInt64(deposits.count) {
                    report("relayer: CTC queue index \(q.queueIndex) arrived before \(deposits.count); waiting")
                    return
                }
            }
            for e in try await entries(l1, addresses.stateCommitmentChain, nil, r) {
                if let h = ChainBatchHeader(e) {
                    batches[h.batchIndex] = KnownStateBatch(header: h, l1TxHash: e.transactionHash, l1BlockNumber: e.blockNumber)
                    fraudProofWindow = nil
                } else if e.topics.count == 2, e.topics[0] == RollupEvents.stateBatchDeleted, let i = e.topics[1].word.int {
                    // deleteStateBatch removes that batch and every later one.
                    for k in batches.keys where k >= UInt64(i) { batches[k] = nil }
                    for w in withdrawals.indices where (withdrawals[w].batchIndex ?? 0) >= UInt64(i) {
                        withdrawals[w].batchIndex = nil
                    }
                }
            }
            for e in try await entries(l1, addresses.l1CrossDomainMessenger, nil, r) {
                guard e.topics.count == 2 else { continue }
                let ok: Bool
                if e.topics[0] == RollupEvents.relayedMessage { ok = true }
                else if e.topics[0] == RollupEvents.failedRelayedMessage { ok = false }
                else { continue }
                l1Relayed[e.topics[1]] = (e.transactionHash, ok)
                if let w = withdrawalIndex[e.topics[1]] { markWithdrawal(w, tx: e.transactionHash, ok: ok) }
            }
            l1Scanned = r.upperBound
        }
        if l1Scanned == nil || head > l1Scanned! { l1Scanned = head }
    }

    func scanL2(to head: UInt64) async throws(RollupClientError) {
        let from = l2Scanned.map { $0 + 1 } ?? 0
        for r in Self.ranges(from: from, to: head) {
            for e in try await entries(l2, addresses.l2CrossDomainMessenger, nil, r) {
                if let s = SentMessageEvent(e) {
                    let w = WithdrawalRecord(sent: s)
                    guard withdrawalIndex[w.msgHash] == nil else { continue }
                    withdrawalIndex[w.msgHash] = withdrawals.count
                    withdrawals.append(w)
                    if let done = l1Relayed[w.msgHash] { markWithdrawal(withdrawals.count - 1, tx: done.tx, ok: done.ok) }
                } else if e.topics.count == 2, e.topics[0] == RollupEvents.relayedMessage || e.topics[0] == RollupEvents.failedRelayedMessage {
                    let done = (tx: e.transactionHash, block: e.blockNumber, ok: e.topics[0] == RollupEvents.relayedMessage)
                    l2Relayed[e.topics[1]] = done
                    if let d = deposits.firstIndex(where: { $0.msgHash == e.topics[1] }) { markDeposit(d, done) }
                }
            }
            l2Scanned = r.upperBound
        }
    }

    func markDeposit(_ i: Int, _ done: (tx: Hash, block: UInt64, ok: Bool)) {
        deposits[i].status = done.ok ? .relayed : .failed
        deposits[i].l2TxHash = done.tx
        deposits[i].l2BlockNumber = done.block
        deposits[i].sentAt = nil
        if !done.ok { deposits[i].error = "the target call failed on L2 (FailedRelayedMessage)" }
    }

    func markWithdrawal(_ i: Int, tx: Hash, ok: Bool) {
        withdrawals[i].finalStatus = ok ? .relayed : .failed
        withdrawals[i].l1TxHash = tx
        withdrawals[i].sentAt = nil
        if !ok { withdrawals[i].error = "the target call failed on L1 (FailedRelayedMessage)" }
    }

    // MARK: deposits

    /// A revert message saying the messenger has this message already.
    static func alreadyRelayed(_ e: RollupClientError) -> Bool {
        guard case .rpc(_, _, let message) = e else { return false }
        let m = message.lowercased()
        return m.contains("already been received") || m.contains("already relayed") || m.contains("already received")
    }

    /// Sends the pending deposits in queue order; checks the ones in flight.
    func relayDeposits() async throws(RollupClientError) {
        for i in deposits.indices {
            switch deposits[i].status {
            case .relayed, .failed: continue
            case .sent:
                guard let tx = deposits[i].l2TxHash else { deposits[i].status = .pending; break }
                if let r = try await l2.receipt(tx) {
                    if RollupClient.succeeded(r) {
                        // The messenger's event (found by scanL2) decides relayed or failed; read it now.
                        let ok = (r["logs"].flatMap { logs -> Bool? in
                            guard case .array(let list) = logs else { return nil }
                            return list.contains { RollupLog(json: $0)?.topics.first == RollupEvents.relayedMessage }
                        }) ?? true
                        let block = (try? RollupClient.quantity(r["blockNumber"], "receipt").low64) ?? 0
                        markDeposit(i, (tx, block, ok))
                        continue
                    }
                    deposits[i].attempts += 1
                    deposits[i].error = "relay transaction \(tx.hex) reverted"
                    deposits[i].status = deposits[i].attempts >= Self.maxAttempts ? .failed : .pending
                    if deposits[i].status == .failed { continue }
                } else if let at = deposits[i].sentAt, now() - at > Self.resendAfter {
                    deposits[i].status = .pending
                } else {
                    return   // keep queue order: later deposits wait for this one
                }
            case .pending: break
            }
            if deposits[i].status == .pending {
                guard try await sendDeposit(i) else { return }
            }
        }
    }

    /// Sends deposit `i` to the L2 messenger unless the messenger has it already; false when it
    /// could not be sent (later deposits must wait).
    func sendDeposit(_ i: Int) async throws(RollupClientError) -> Bool {
        let d = deposits[i]
        // successfulMessages(hash) of the L2 messenger: relayed before (e.g. before a restart).
        if let v = try? await l2.call(to: addresses.l2CrossDomainMessenger, "successfulMessages(bytes32)",
                                       [.bytes32(d.msgHash)], returns: "(bool)"),
           case .bool(true) = v[0] {
            deposits[i].status = .relayed
            return true
        }
        let estimate: UInt64
        do {
            let tx: JSON = .object([("from", .string(key.address.hex)), ("to", .string(addresses.l2CrossDomainMessenger.hex)),
                                    ("data", .string(Hex.encode(d.enqueued.data)))])
            estimate = try RollupClient.quantity(try await l2.rpc("eth_estimateGas", [tx]), "eth_estimateGas").low64
        } catch {
            if Self.alreadyRelayed(error) { deposits[i].status = .relayed; return true }
            deposits[i].error = "cannot relay: \(error)"
            report("relayer: deposit \(d.enqueued.queueIndex): \(error)")
            return false
        }
        // The messenger catches a failing target call, so an estimate alone may starve the target
        // (EIP-150's 63/64): give at least the gas the sender asked for on top.
        let asked = d.enqueued.gasLimit.low64 > 30_000_000 ? 30_000_000 : d.enqueued.gasLimit.low64
        var gas = max(estimate + estimate / 4 + 20_000, asked + 100_000)
        gas <<= UInt64(min(deposits[i].attempts, 2))
        let hash = try await l2.send(from: key, to: addresses.l2CrossDomainMessenger, data: d.enqueued.data, gas: min(gas, 30_000_000))
        deposits[i].status = .sent
        deposits[i].l2TxHash = hash
        deposits[i].sentAt = now()
        deposits[i].error = nil
        return true
    }

    // MARK: state batches

    /// The L2 state roots of blocks `range`, from the L2 headers.
    func stateRoots(_ range: ClosedRange<UInt64>) async throws(RollupClientError) -> [Hash]? {
        var out: [Hash] = []
        out.reserveCapacity(range.count)
        for n in range {
            guard let b = try await l2.block(number: n) else { return nil }
            guard let s = b["stateRoot"]?.stringValue.flatMap({ Hash(hex: $0) }) else {
                throw .badAnswer(method: "eth_getBlockByNumber", "no stateRoot in block \(n)")
            }
            out.append(s)
        }
        return out
    }

    /// Rebuilds the roots of batches that have none yet and checks them against the batch root.
    func fillBatchRoots() async throws(RollupClientError) {
        for (i, b) in batches.sorted(by: { $0.key < $1.key }) where b.roots == nil {
            guard b.header.batchSize > 0, let roots = try await stateRoots(b.header.l2Start...b.header.l2End) else { continue }
            guard batches[i]?.header == b.header else { continue }   // deleted meanwhile
            let ok = StateBatchMerkle.root(roots) == b.header.batchRoot
            batches[i]?.roots = roots
            batches[i]?.matchesL2 = ok
            if !ok { report("relayer: state batch \(i) on L1 does not match the L2's state roots; not relaying from it") }
        }
    }

    /// The batch holding the state root of L2 block `n` (element n − 1).
    func batch(forL2Block n: UInt64) -> KnownStateBatch? {
        guard n >= 1 else { return nil }
        let element = n - 1
        return batches.values.first { element >= $0.header.prevTotalElements && element < $0.header.prevTotalElements + $0.header.batchSize }
    }

    /// The SCC's FRAUD_PROOF_WINDOW, seconds.
    public func window() async throws(RollupClientError) -> UInt64 {
        if let w = fraudProofWindow { return w }
        let v = try await l1.call(to: addresses.stateCommitmentChain, "FRAUD_PROOF_WINDOW()", returns: "(uint256)")
        let w = v[0].word?.low64 ?? 0
        fraudProofWindow = w
        return w
    }

    /// The earliest timestamp the next L1 block can have: the later of the L1 head's and the clock.
    var l1Now: UInt64 { l1NextTimestamp ?? max(l1HeadTimestamp, UInt64(now())) }

    /// Seconds until a batch appended at `timestamp` leaves the window (0: it has).
    func secondsLeft(batchTimestamp: UInt64, window: UInt64) -> UInt64 {
        let end = batchTimestamp + window
        return end > l1Now ? end - l1Now : 0
    }

    /// The status of withdrawal `i` now, and seconds left in the window when inside it.
    func status(_ i: Int, window: UInt64?) -> (WithdrawalStatus, UInt64?) {
        let w = withdrawals[i]
        if let s = w.finalStatus { return (s, nil) }
        if w.sentAt != nil { return (.sent, nil) }
        guard let b = batch(forL2Block: w.sent.blockNumber), b.matchesL2 != false else { return (.waitingForStateBatch, nil) }
        guard let window else { return (.inChallengeWindow, nil) }
        let left = secondsLeft(batchTimestamp: b.header.timestamp, window: window)
        return left > 0 ? (.inChallengeWindow, left) : (.ready, 0)
    }

    // MARK: withdrawals

    func relayWithdrawals() async throws(RollupClientError) {
        guard !withdrawals.isEmpty else { return }
        let window = try await window()
        for i in withdrawals.indices {
            withdrawals[i].batchIndex = batch(forL2Block: withdrawals[i].sent.blockNumber)?.header.batchIndex
            if withdrawals[i].finalStatus != nil { continue }
            if withdrawals[i].sentAt != nil, let tx = withdrawals[i].l1TxHash {
                if let r = try await l1.receipt(tx) {
                    withdrawals[i].sentAt = nil
                    if RollupClient.succeeded(r) {
                        let ok = (r["logs"].flatMap { logs -> Bool? in
                            guard case .array(let list) = logs else { return nil }
                            return list.contains { RollupLog(json: $0)?.topics.first == RollupEvents.relayedMessage }
                        }) ?? true
                        markWithdrawal(i, tx: tx, ok: ok)
                        continue
                    }
                    withdrawals[i].attempts += 1
                    withdrawals[i].error = "relay transaction \(tx.hex) reverted"
                    if withdrawals[i].attempts >= Self.maxAttempts { withdrawals[i].finalStatus = .failed; continue }
                } else if let at = withdrawals[i].sentAt, now() - at > Self.resendAfter {
                    withdrawals[i].sentAt = nil
                } else {
                    continue
                }
            }
            guard relaysWithdrawals, status(i, window: window).0 == .ready else { continue }
            try await sendWithdrawal(i)
        }
    }

    func sendWithdrawal(_ i: Int) async throws(RollupClientError) {
        let w = withdrawals[i]
        if let v = try? await l1.call(to: addresses.l1CrossDomainMessenger, "successfulMessages(bytes32)",
                                       [.bytes32(w.msgHash)], returns: "(bool)"),
           case .bool(true) = v[0] {
            withdrawals[i].finalStatus = .relayed   // by someone else; scanL1 fills in the transaction
            return
        }
        let proof: WithdrawalProof
        do {
            proof = try await self.proof(w.sent)
        } catch {
            withdrawals[i].error = error.description
            report("relayer: withdrawal \(w.msgHash.hex): \(error)")
            return
        }
        let data = WithdrawalProof.l1RelayCalldata(w.sent.message, proof: proof)
        var gas: UInt64
        do {
            let tx: JSON = .object([("from", .string(key.address.hex)), ("to", .string(addresses.l1CrossDomainMessenger.hex)),
                                    ("data", .string(Hex.encode(data)))])
            let estimate = try RollupClient.quantity(try await l1.rpc("eth_estimateGas", [tx]), "eth_estimateGas").low64
            let asked = min(w.sent.gasLimit.low64, 15_000_000)
            gas = max(estimate + estimate / 4 + 20_000, estimate + asked)
        } catch {
            if Self.alreadyRelayed(error) { withdrawals[i].finalStatus = .relayed; return }
            guard case .rpc(_, _, let message) = error, message.lowercased().contains("fraud proof window") else {
                withdrawals[i].error = "cannot relay: \(error)"
                report("relayer: withdrawal \(w.msgHash.hex): \(error)")
                return
            }
            // The head is older than the window's end; the relay's own block will not be.
            gas = Self.fallbackL1RelayGas
        }
        gas <<= UInt64(min(withdrawals[i].attempts, 2))
        let hash = try await l1.send(from: key, to: addresses.l1CrossDomainMessenger, data: data, gas: min(gas, 30_000_000))
        withdrawals[i].l1TxHash = hash
        withdrawals[i].sentAt = now()
        withdrawals[i].error = nil
    }

    /// Builds the L1 proof of `sent` (its L2 block's state root, its batch and inclusion proof, and
    /// eth_getProof of the passer's slot at that block).
    /// - Throws: `RelayerError`.
    func proof(_ sent: SentMessageEvent) async throws(RelayerError) -> WithdrawalProof {
        let n = sent.blockNumber
        guard var b = batch(forL2Block: n) else {
            let total = batches.values.map { $0.header.prevTotalElements + $0.header.batchSize }.max() ?? 0
            throw .notInStateBatch(l2Block: n, totalElements: total)
        }
        if b.roots == nil {
            do {
                guard b.header.batchSize > 0, let roots = try await stateRoots(b.header.l2Start...b.header.l2End) else {
                    throw RelayerError.proof("the L2 does not have all blocks of state batch \(b.header.batchIndex)")
                }
                b.roots = roots
                b.matchesL2 = StateBatchMerkle.root(roots) == b.header.batchRoot
                if batches[b.header.batchIndex]?.header == b.header { batches[b.header.batchIndex] = b }
            } catch let e as RollupClientError { throw .client(e) } catch let e as RelayerError { throw e } catch {
                throw .proof("\(error)")
            }
        }
        guard b.matchesL2 == true, let roots = b.roots else { throw .batchMismatch(batchIndex: b.header.batchIndex) }
        let index = Int(n - 1 - b.header.prevTotalElements)
        guard index < roots.count else { throw .batchMismatch(batchIndex: b.header.batchIndex) }
        let siblings = StateBatchMerkle.proof(roots, index: index)
        let slot = sent.message.passerSlot(l2Messenger: addresses.l2CrossDomainMessenger)
        let answer: JSON
        do {
            answer = try await l2.rpc("eth_getProof", [.string(addresses.l2ToL1MessagePasser.hex),
                                                       .array([.string(slot.hex)]), .string(Hex.quantity(n))])
        } catch { throw .client(error) }
        let nodes: (account: [[UInt8]], storage: [[UInt8]])
        do { nodes = try WithdrawalProof.nodes(fromGetProof: answer, slot: slot) } catch { throw .proof(error.description) }
        return WithdrawalProof(stateRoot: roots[index], header: b.header, index: UInt64(index), siblings: siblings,
                               accountProof: nodes.account, storageProof: nodes.storage)
    }

    // MARK: queries (devnet_deposits, devnet_withdrawals, devnet_getWithdrawalProof)

    /// Every deposit, queue order, as devnet_deposits answers.
    public func depositsJSON() -> JSON { .array(deposits.map(\.json)) }

    /// Every withdrawal, L2 order, with its status now, as devnet_withdrawals answers.
    public func withdrawalsJSON() async -> JSON {
        if let nextL1Timestamp { l1NextTimestamp = await nextL1Timestamp() }
        let window = try? await window()
        var out: [JSON] = []
        for i in withdrawals.indices {
            let w = withdrawals[i]
            let (status, left) = status(i, window: window)
            var o: [(String, JSON)] = [
                ("msgHash", .string(w.msgHash.hex)),
                ("status", .string(status.rawValue)),
                ("l2TxHash", .string(w.sent.transactionHash.hex)),
                ("l2BlockNumber", .string(Hex.quantity(w.sent.blockNumber))),
                ("target", .string(w.sent.message.target.checksummed)),
                ("sender", .string(w.sent.message.sender.checksummed)),
                ("messageNonce", .string(w.sent.message.nonce.quantityHex)),
                ("gasLimit", .string(w.sent.gasLimit.quantityHex)),
                ("stateBatchIndex", w.batchIndex.map { .string(Hex.quantity($0)) } ?? .null),
                ("stateBatchL1TxHash", w.batchIndex.flatMap { batches[$0]?.l1TxHash }.map { .string($0.hex) } ?? .null),
                ("secondsLeft", left.map { .int(Int($0)) } ?? .null),
                ("l1TxHash", w.l1TxHash.map { .string($0.hex) } ?? .null),
            ]
            if let bridge = w.bridge { o.append(("bridge", bridge.json)) }
            if let e = w.error { o.append(("error", .string(e))) }
            out.append(.object(o))
        }
        return .array(out)
    }

    /// The `relayMessage` arguments for the first L2→L1 message of L2 transaction `l2TxHash`,
    /// ready to send to the L1 messenger (devnet_getWithdrawalProof):
    /// `{to, target, sender, message, messageNonce, proof{…}, calldata, msgHash, l2BlockNumber,
    /// status, secondsLeft}`.
    /// - Throws: `RelayerError` when the transaction is unknown, sent no message, or its block is
    ///   not in a state batch yet.
    public func withdrawalProof(l2TxHash: Hash) async throws(RelayerError) -> JSON {
        let sent: SentMessageEvent
        if let known = withdrawals.first(where: { $0.sent.transactionHash == l2TxHash }) {
            sent = known.sent
        } else {
            // Not scanned yet: read the receipt.
            let receipt: JSON?
            do { receipt = try await l2.receipt(l2TxHash) } catch { throw .client(error) }
            guard let receipt else { throw .noMessage("no L2 transaction \(l2TxHash.hex) (or it is not mined yet)") }
            guard case .array(let logs)? = receipt["logs"],
                  let first = logs.lazy.compactMap({ RollupLog(json: $0) })
                    .filter({ $0.address == self.addresses.l2CrossDomainMessenger })
                    .compactMap({ SentMessageEvent($0) }).first else {
                throw .noMessage("L2 transaction \(l2TxHash.hex) sent no L2→L1 message (no SentMessage of the L2 messenger)")
            }
            sent = first
        }
        let proof = try await proof(sent)
        let window = try? await window()
        let left = window.map { secondsLeft(batchTimestamp: proof.header.timestamp, window: $0) }
        let m = sent.message
        let status: WithdrawalStatus
        if let i = withdrawalIndex[m.hash] { status = self.status(i, window: window).0 } else {
            status = left == 0 ? .ready : .inChallengeWindow
        }
        return .object([
            ("to", .string(addresses.l1CrossDomainMessenger.checksummed)),
            ("target", .string(m.target.checksummed)),
            ("sender", .string(m.sender.checksummed)),
            ("message", .string(Hex.encode(m.message))),
            ("messageNonce", .string(m.nonce.quantityHex)),
            ("proof", proof.json),
            ("calldata", .string(Hex.encode(WithdrawalProof.l1RelayCalldata(m, proof: proof)))),
            ("msgHash", .string(m.hash.hex)),
            ("l2BlockNumber", .string(Hex.quantity(sent.blockNumber))),
            ("status", .string(status.rawValue)),
            ("secondsLeft", left.map { .int(Int($0)) } ?? .null),
        ])
    }
}
