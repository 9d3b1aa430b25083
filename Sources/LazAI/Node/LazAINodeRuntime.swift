import DevnetCrypto
import Foundation
import Node
import Primitives
import Rollup

/// Alith's `ProofRequest` (alith/lazai/node/types.py): the JSON body of `POST {node_url}/proof`.
public struct LazAIProofRequest: Sendable, Equatable {
    public var jobId: UInt256
    public var fileId: UInt256
    public var fileUrl: String
    /// The file's password RSA-encrypted (PKCS#1 v1.5) to the node's key, hex.
    public var encryptionKey: String
    public var proofUrl: String?
    public var encryptionSeed: String?
    public var nonce: UInt256?

    public init(jobId: UInt256, fileId: UInt256, fileUrl: String, encryptionKey: String,
                proofUrl: String? = nil, encryptionSeed: String? = nil, nonce: UInt256? = nil) {
        self.jobId = jobId
        self.fileId = fileId
        self.fileUrl = fileUrl
        self.encryptionKey = encryptionKey
        self.proofUrl = proofUrl
        self.encryptionSeed = encryptionSeed
        self.nonce = nonce
    }

    /// Parses the JSON body (integers as JSON numbers or decimal/0x strings).
    /// - Throws: `LazAIError` naming the missing or malformed field.
    public init(json body: [UInt8]) throws(LazAIError) {
        let json: JSON
        do { json = try JSON.parse(body) } catch { throw LazAIError("the body is not JSON: \(error)") }
        guard case .object = json else { throw LazAIError("the body is not a JSON object") }
        func int(_ k: String, required: Bool) throws(LazAIError) -> UInt256? {
            guard let v = json[k], v != .null else {
                if required { throw LazAIError("field \(k) is missing") }
                return nil
            }
            guard let n = LazAIJSON.uint(v) else { throw LazAIError("field \(k) is not a non-negative integer") }
            return n
        }
        func str(_ k: String, required: Bool) throws(LazAIError) -> String? {
            guard let v = json[k], v != .null else {
                if required { throw LazAIError("field \(k) is missing") }
                return nil
            }
            guard let s = v.stringValue else { throw LazAIError("field \(k) is not a string") }
            return s
        }
        self.jobId = try int("job_id", required: true)!
        self.fileId = try int("file_id", required: true)!
        self.fileUrl = try str("file_url", required: true)!
        self.encryptionKey = try str("encryption_key", required: true)!
        self.proofUrl = try str("proof_url", required: false)
        self.encryptionSeed = try str("encryption_seed", required: false)
        self.nonce = try int("nonce", required: false)
    }
}

enum LazAIJSON {
    /// A JSON number (integer) or a decimal / 0x-hex string as UInt256.
    static func uint(_ v: JSON) -> UInt256? {
        switch v {
        case .number(let s): return UInt256(decimal: s)
        case .string(let s):
            if s.hasPrefix("0x") || s.hasPrefix("0X") { return try? Hex.parseQuantity(s) }
            return UInt256(decimal: s)
        default: return nil
        }
    }
}

/// Serializes work per key (transactions from one node key must take nonces in turn).
actor SerialQueue {
    private var last: Task<Void, Never>?

    func run<T: Sendable>(_ op: @escaping @Sendable () async -> T) async -> T {
        let previous = last
        let task = Task { () async -> T in
            await previous?.value
            return await op()
        }
        last = Task { _ = await task.value }
        return await task.value
    }
}

/// What proving one job came to.
enum JobOutcome: Sendable {
    /// completeJob and addProof are mined; the score.
    case proven(score: UInt64)
    /// The job was already completed on-chain.
    case alreadyDone
    /// The job is not ours or unknown (HTTP 400).
    case rejected(String)
    /// Something failed; `needsKey` when the password was not available (wait for /proof).
    case failed(LazAIError, needsKey: Bool)
}

/// Run-time state of the in-process nodes: per-job tasks (so the watcher and /proof share one),
/// counters for `lazai_nodes`.
actor LazAINodeState {
    struct NodeStats: Sendable {
        var jobsProven = 0
        var lastError: String?
        var lastErrorAt: UInt64?
        var settlements = 0
        var earnedWei = UInt256.zero
        var lastJob: UInt64?
        var lastScore: UInt64?
    }

    var stats: [NodeStats]
    private var jobs: [UInt64: Task<JobOutcome, Never>] = [:]
    private var finished: [UInt64: JobOutcome] = [:]
    private var waitingForKey: Set<UInt64> = []
    var lastBlock: UInt64?

    init(nodes: Int) { stats = Array(repeating: NodeStats(), count: nodes) }

    /// The running or finished task of `job`; a finished one is replaced when `retry` is true.
    func task(for job: UInt64, retry: Bool, make: @escaping @Sendable () async -> JobOutcome) -> Task<JobOutcome, Never> {
        if let t = jobs[job] {
            if finished[job] != nil {
                // A /proof request re-runs a finished job: proveOnce reads the chain again, so a
                // job proven meanwhile answers at once and a half-done one is finished.
                if !retry { return t }
            } else {
                return t
            }
        }
        finished[job] = nil
        let t = Task { await make() }
        jobs[job] = t
        Task { let outcome = await t.value; self.finish(job, outcome) }
        return t
    }

    /// True when the watcher already tried `job` (it retries only through /proof).
    func watcherTried(_ job: UInt64) -> Bool { jobs[job] != nil }

    private func finish(_ job: UInt64, _ outcome: JobOutcome) { finished[job] = outcome }

    /// Forgets every job's outcome (the chain went back: evm_revert, anvil_reset — job ids are
    /// handed out again).
    func forgetJobs() {
        jobs = [:]
        finished = [:]
    }

    /// Records that `job` waits for a key; true the first time (log once).
    func markWaiting(_ job: UInt64) -> Bool { waitingForKey.insert(job).inserted }

    func proven(node: Int, job: UInt64, score: UInt64) {
        stats[node].jobsProven += 1
        stats[node].lastJob = job
        stats[node].lastScore = score
    }

    func error(node: Int, _ message: String) {
        stats[node].lastError = message
        stats[node].lastErrorAt = UInt64(Date().timeIntervalSince1970)
    }

    func settled(node: Int, cost: UInt256) {
        stats[node].settlements += 1
        stats[node].earnedWei = stats[node].earnedWei &+ cost
    }

    /// Reserves a request nonce; false when it is already being served.

    func setLastBlock(_ b: UInt64) { lastBlock = b }
}
