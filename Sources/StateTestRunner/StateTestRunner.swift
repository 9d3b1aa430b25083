import BigInt
import Chain
import DevnetCrypto
import EVM
import Foundation
import Primitives
import State

/// One checked `post[fork][i]` entry of an execution-spec-tests state test.
public struct StateTestResult: Sendable {
    /// The file the case came from (path as given).
    public var file: String
    /// The case name (the top-level JSON key).
    public var name: String
    /// The fork name as spelled in the file ("Prague").
    public var fork: String
    /// Position in `post[fork]`.
    public var index: Int
    /// nil when the case passed; otherwise why it failed.
    public var failure: String?

    public var passed: Bool { failure == nil }
}

/// A file that could not be read or parsed as a state-test file.
public struct StateTestFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}

/// Runs execution-spec-tests state tests (format: `../shared/fixtures/README.md`) on our EVM, state
/// and transaction executor: pre-state into a `WorldState`, the post entry's transaction through
/// `TransactionExecutor`, then the state root against `hash` and keccak-256(rlp(logs)) against `logs`.
public struct StateTestRunner: Sendable {
    /// The forks whose `post` entries are run.
    public var forks: [Hardfork]
    /// When set, only cases whose name matches (substring regex search) are run.
    public var namePattern: String?
    /// When set, cases run one after another and each writes its EIP-3155 trace here, one JSON line
    /// per call (no newline): the opcode lines and the end-of-message line of `EIP3155Tracer`, then
    /// one summary line `{"stateRoot","output","gasUsed","pass","fork","name"[,"error"]}` where
    /// `stateRoot` is the post-state root we computed, `output` the return data ("0x"-hex), `gasUsed`
    /// the transaction's gas used (hex; "0x0" when rejected), `error` why the case failed.
    public var trace: (@Sendable (String) -> Void)?
    /// When set and `trace` is nil, every case runs with a fresh tracer from this (e.g. geth's
    /// `StructLogger`, to compare it with EELS), and files run one after another.
    public var makeTracer: (@Sendable () -> any EVMTracer)?

    /// - Parameters:
    ///   - forks: defaults to every fork the EVM supports (Cancun, Prague, Osaka).
    ///   - namePattern: an NSRegularExpression pattern matched anywhere in the case name.
    ///   - trace: see `trace`; nil runs files in parallel without tracing.
    public init(forks: [Hardfork] = Hardfork.allCases, namePattern: String? = nil,
                trace: (@Sendable (String) -> Void)? = nil) {
        self.forks = forks
        self.namePattern = namePattern
        self.trace = trace
    }

    /// Every `.json` file under `paths` (files as given; directories recursively), sorted.
    /// - Throws: `StateTestFileError` for a path that does not exist.
    public static func collectFiles(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw StateTestFileError(file: path, reason: "no such file or directory")
            }
            if !isDir.boolValue { out.append(path); continue }
            guard let e = fm.enumerator(atPath: path) else { continue }
            var found: [String] = []
            for case let rel as String in e where rel.hasSuffix(".json") {
                found.append((path as NSString).appendingPathComponent(rel))
            }
            out.append(contentsOf: found.sorted())
        }
        return out
    }

    /// Runs every file on all cores (one file per work item; in order on one thread when tracing, so
    /// traces never interleave). Unreadable or malformed files yield one failed result naming the
    /// file (case name "-", index -1).
    public func run(files: [String]) -> [StateTestResult] {
        let box = ResultBox(count: files.count)
        let one: @Sendable (Int) -> Void = { i in
            let r: [StateTestResult]
            do {
                r = try runFile(files[i])
            } catch {
                r = [StateTestResult(file: files[i], name: "-", fork: "-", index: -1,
                                     failure: "malformed file: \(error)")]
            }
            box.set(i, r)
        }
        if trace == nil && makeTracer == nil {
            DispatchQueue.concurrentPerform(iterations: files.count, execute: one)
        } else {
            for i in files.indices { one(i) }
        }
        return box.all()
    }

    /// Runs one file.
    /// - Throws: `StateTestFileError` when the file cannot be read or is not a state-test object.
    public func runFile(_ path: String) throws -> [StateTestResult] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StateTestFileError(file: path, reason: "cannot read file")
        }
        return try run(json: data, file: path)
    }

    /// Runs the cases of one file's JSON text.
    /// - Throws: `StateTestFileError` when the text is not a JSON object of state-test cases.
    public func run(json data: Data, file: String) throws -> [StateTestResult] {
        let top: Any
        do { top = try JSONSerialization.jsonObject(with: data) } catch {
            throw StateTestFileError(file: file, reason: "invalid JSON: \(error.localizedDescription)")
        }
        guard let cases = top as? [String: Any] else {
            throw StateTestFileError(file: file, reason: "top level is not a JSON object")
        }
        let regex = try namePattern.map { p in
            do { return try NSRegularExpression(pattern: p) } catch {
                throw StateTestFileError(file: file, reason: "bad --run pattern \(p)")
            }
        }
        var results: [StateTestResult] = []
        for name in cases.keys.sorted() {
            if let regex, regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) == nil { continue }
            guard let body = cases[name] as? [String: Any] else {
                throw StateTestFileError(file: file, reason: "case \(name) is not an object")
            }
            guard let post = body["post"] as? [String: Any] else {
                throw StateTestFileError(file: file, reason: "case \(name) has no post object")
            }
            for fork in forks {
                guard let entries = post[fork.name] as? [Any] else { continue }
                for (i, entry) in entries.enumerated() {
                    let failure: String?
                    let info = CaseInfo(tracer: trace.map { EIP3155Tracer(write: $0) } ?? makeTracer?())
                    do {
                        failure = try runEntry(body, entry: entry, fork: fork, info: info)
                    } catch let e as CaseError {
                        failure = e.message
                    } catch {
                        failure = "\(error)"
                    }
                    if let trace { trace(info.summaryLine(name: name, fork: fork.name, failure: failure)) }
                    results.append(StateTestResult(file: file, name: name, fork: fork.name, index: i, failure: failure))
                }
            }
        }
        return results
    }

    struct CaseError: Error { var message: String }

    /// What one case's run leaves for its trace summary line.
    final class CaseInfo {
        let tracer: (any EVMTracer)?
        var stateRoot: Hash?
        var output: [UInt8] = []
        var gasUsed: UInt64 = 0
        init(tracer: (any EVMTracer)?) { self.tracer = tracer }

        func summaryLine(name: String, fork: String, failure: String?) -> String {
            func quoted(_ s: String) -> String {
                var out = "\""
                for u in s.unicodeScalars {
                    switch u {
                    case "\"": out += "\\\""
                    case "\\": out += "\\\\"
                    case "\n": out += "\\n"
                    default:
                        if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
                    }
                }
                return out + "\""
            }
            var s = "{\"stateRoot\":" + quoted(stateRoot?.hex ?? "") + ",\"output\":" + quoted(Hex.encode(output))
            s += ",\"gasUsed\":\"0x" + String(gasUsed, radix: 16) + "\",\"pass\":\(failure == nil)"
            s += ",\"fork\":" + quoted(fork) + ",\"name\":" + quoted(name)
            if let failure { s += ",\"error\":" + quoted(failure) }
            return s + "}"
        }
    }

    /// Per-file results written from concurrent work items under a lock.
    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [[StateTestResult]]
        init(count: Int) { slots = Array(repeating: [], count: count) }
        func set(_ i: Int, _ r: [StateTestResult]) { lock.lock(); slots[i] = r; lock.unlock() }
        func all() -> [StateTestResult] { lock.lock(); defer { lock.unlock() }; return slots.flatMap { $0 } }
    }

    // MARK: - one entry

    /// nil = passed.
    func runEntry(_ body: [String: Any], entry: Any, fork: Hardfork, info: CaseInfo? = nil) throws -> String? {
        guard let post = entry as? [String: Any] else { throw CaseError(message: "malformed post entry") }
        guard let wantRoot = Hash(hex: try str(post, "hash")) else { throw CaseError(message: "malformed post hash") }
        guard let wantLogs = Hash(hex: try str(post, "logs")) else { throw CaseError(message: "malformed post logs") }
        let expectException = post["expectException"] as? String

        let env = try dict(body, "env")
        let config = body["config"] as? [String: Any] ?? [:]
        let chainId = try config["chainid"].map { try u64($0, "config.chainid") } ?? 1

        // Pre-state.
        let pre = try dict(body, "pre")
        var genesis: [Address: Account] = [:]
        for (key, value) in pre {
            guard let address = Address(hex: key), let acct = value as? [String: Any] else {
                throw CaseError(message: "malformed pre account \(key)")
            }
            var storage: [UInt256: UInt256] = [:]
            for (k, v) in acct["storage"] as? [String: Any] ?? [:] {
                storage[try u256(k, "storage key")] = try u256(v, "storage value")
            }
            genesis[address] = Account(nonce: try u64(acct["nonce"] ?? "0x0", "nonce"),
                                       balance: try u256(acct["balance"] ?? "0x0", "balance"),
                                       code: try bytes(acct["code"] ?? "0x", "code"), storage: storage)
        }
        let state = WorldState(genesis: genesis)
        let preRoot = state.commitBlock()

        // Block environment.
        let baseFee = try env["currentBaseFee"].map { try u256($0, "currentBaseFee") } ?? .zero
        let excessBlobGas = try env["currentExcessBlobGas"].map { try u256($0, "currentExcessBlobGas") } ?? .zero
        let schedule = Self.blobSchedule(config: config, fork: fork)
        let random = try env["currentRandom"].map { try u256($0, "currentRandom") } ?? .zero
        let block = BlockContext(
            number: try u64(env["currentNumber"] ?? "0x0", "currentNumber"),
            timestamp: try u64(env["currentTimestamp"] ?? "0x0", "currentTimestamp"),
            coinbase: try address(env["currentCoinbase"] ?? "", "currentCoinbase"),
            gasLimit: try u64(env["currentGasLimit"] ?? "0x0", "currentGasLimit"),
            baseFee: baseFee, prevRandao: Hash(word: random), chainId: UInt256(chainId),
            blobBaseFee: Self.blobBaseFee(excessBlobGas: excessBlobGas, updateFraction: schedule.baseFeeUpdateFraction))

        // Transaction.
        let request: ExecutionRequest
        do {
            request = try makeRequest(body: body, post: post)
        } catch let e as CaseError {
            if expectException != nil { return check(state, preRoot, [], wantRoot, wantLogs, info) }
            return "exception unexpected: \(e.message)"
        }

        let executor = TransactionExecutor(fork: fork, chainId: chainId, blobSchedule: schedule)
        if request.gasLimit > block.gasLimit {
            if expectException != nil { return check(state, preRoot, [], wantRoot, wantLogs, info) }
            return "exception unexpected: gas limit \(request.gasLimit) above block gas limit \(block.gasLimit)"
        }
        let logs: [Log]
        do {
            let outcome = try executor.execute(request, state: state, block: block, tracer: info?.tracer)
            logs = outcome.logs
            info?.output = outcome.output
            info?.gasUsed = outcome.gasUsed
        } catch {
            if expectException != nil { return check(state, preRoot, [], wantRoot, wantLogs, info) }
            return "exception unexpected: \(error)"
        }
        if let expectException {
            info?.stateRoot = state.commitBlock()
            return "exception expected (\(expectException)) but the transaction was accepted"
        }
        return check(state, nil, logs, wantRoot, wantLogs, info)
    }

    private func check(_ state: WorldState, _ preRoot: Hash?, _ logs: [Log], _ wantRoot: Hash, _ wantLogs: Hash,
                       _ info: CaseInfo?) -> String? {
        let root = state.commitBlock()
        info?.stateRoot = root
        if let preRoot, root != preRoot { return "state changed by a rejected transaction" }
        if root != wantRoot { return "state root mismatch: got \(root.hex) want \(wantRoot.hex)" }
        let logsHash = Self.logsHash(logs)
        if logsHash != wantLogs { return "logs hash mismatch: got \(logsHash.hex) want \(wantLogs.hex)" }
        return nil
    }

    /// keccak-256(rlp([[address, [topics…], data], …])), the `logs` field of a post entry.
    public static func logsHash(_ logs: [Log]) -> Hash {
        let items: [RLP] = logs.map { .list([RLP($0.address), .list($0.topics.map { RLP($0) }), .bytes($0.data)]) }
        return Keccak256.hash(RLP.list(items).encoded())
    }

    /// EIP-4844 `fake_exponential(MIN_BASE_FEE_PER_BLOB_GAS = 1, excessBlobGas, updateFraction)`, in wei.
    public static func blobBaseFee(excessBlobGas: UInt256, updateFraction: UInt64) -> UInt256 {
        let factor = BigUInt(1)
        let numerator = BigUInt(Data(excessBlobGas.bigEndianBytes))
        let denominator = BigUInt(max(updateFraction, 1))
        var i = BigUInt(1)
        var output = BigUInt(0)
        var accum = factor * denominator
        while accum > 0 {
            output += accum
            accum = (accum * numerator) / (denominator * i)
            i += 1
        }
        let r = output / denominator
        let bytes = [UInt8](r.serialize())
        if bytes.count > 32 { return .max }
        return UInt256(hex: "0x" + (bytes.isEmpty ? "0" : Hex.encode(bytes).dropFirst(2))) ?? .max
    }

    /// `config.blobSchedule[fork]` (`target`, `max`, `baseFeeUpdateFraction`, EIP-7840), each
    /// value missing from it taken from ``BlobSchedule/default(for:)`` (EIP-4844, EIP-7691).
    static func blobSchedule(config: [String: Any], fork: Hardfork) -> BlobSchedule {
        var result = BlobSchedule.default(for: fork)
        guard let schedule = config["blobSchedule"] as? [String: Any],
              let f = schedule[fork.name] as? [String: Any] else { return result }
        if let v = f["target"], let n = try? u64(v, "") { result.target = n }
        if let v = f["max"], let n = try? u64(v, "") { result.max = n }
        if let v = f["baseFeeUpdateFraction"], let n = try? u64(v, "") { result.baseFeeUpdateFraction = n }
        return result
    }

    private func makeRequest(body: [String: Any], post: [String: Any]) throws -> ExecutionRequest {
        if let txHex = post["txbytes"] as? String {
            let raw = try bytes(txHex, "txbytes")
            do {
                let tx = try Transaction.decode(raw: raw)
                return ExecutionRequest(transaction: tx, sender: try tx.sender())
            } catch {
                throw CaseError(message: "\(error)")
            }
        }
        // No txbytes: build from the indexed fields.
        let tx = try dict(body, "transaction")
        let idx = try dict(post, "indexes")
        let di = Int(try u64(idx["data"] ?? 0, "data index")), gi = Int(try u64(idx["gas"] ?? 0, "gas index")),
            vi = Int(try u64(idx["value"] ?? 0, "value index"))
        guard let datas = tx["data"] as? [Any], let gases = tx["gasLimit"] as? [Any], let values = tx["value"] as? [Any],
              di < datas.count, gi < gases.count, vi < values.count else {
            throw CaseError(message: "malformed transaction indexes")
        }
        let pricing: ExecutionRequest.Pricing
        if let gp = tx["gasPrice"] {
            pricing = .legacy(gasPrice: try u256(gp, "gasPrice"))
        } else {
            pricing = .dynamic(maxFeePerGas: try u256(tx["maxFeePerGas"] ?? "0x0", "maxFeePerGas"),
                               maxPriorityFeePerGas: try u256(tx["maxPriorityFeePerGas"] ?? "0x0", "maxPriorityFeePerGas"))
        }
        var accessList: [AccessListEntry] = []
        if let lists = tx["accessLists"] as? [Any], di < lists.count, let list = lists[di] as? [Any] {
            for item in list {
                guard let e = item as? [String: Any] else { throw CaseError(message: "malformed access list") }
                let keys = try (e["storageKeys"] as? [Any] ?? []).map { Hash(word: try u256($0, "storage key")) }
                accessList.append(AccessListEntry(address: try address(e["address"] ?? "", "access list address"), storageKeys: keys))
            }
        }
        // EIP-4844 blob fields.
        var blobFeeCap: UInt256?
        var blobHashes: [Hash] = []
        if let hashes = tx["blobVersionedHashes"] as? [Any] {
            blobFeeCap = try u256(tx["maxFeePerBlobGas"] ?? "0x0", "maxFeePerBlobGas")
            blobHashes = try hashes.map { Hash(word: try u256($0, "blob versioned hash")) }
        }
        // EIP-7702 authorization tuples (`signer` is the fixture's note of the authority; the
        // executor recovers it from the signature).
        var authorizations: [Authorization]?
        if let list = tx["authorizationList"] as? [Any] {
            authorizations = try list.map { item in
                guard let a = item as? [String: Any] else { throw CaseError(message: "malformed authorization") }
                let parity = try u256(a["yParity"] ?? a["v"] ?? "0x0", "authorization yParity")
                guard parity <= UInt256(255) else { throw CaseError(message: "authorization yParity above 8 bits") }
                return Authorization(chainId: try u256(a["chainId"] ?? "0x0", "authorization chainId"),
                                     address: try address(a["address"] ?? "", "authorization address"),
                                     nonce: try u64(a["nonce"] ?? "0x0", "authorization nonce"),
                                     yParity: UInt8(parity.low64), r: try u256(a["r"] ?? "0x0", "authorization r"),
                                     s: try u256(a["s"] ?? "0x0", "authorization s"))
            }
        }
        let toString = tx["to"] as? String ?? ""
        return ExecutionRequest(sender: try address(tx["sender"] ?? "", "sender"),
                                to: toString.isEmpty ? nil : try address(toString, "to"),
                                nonce: try u64(tx["nonce"] ?? "0x0", "nonce"),
                                gasLimit: try u64(gases[gi], "gasLimit"), pricing: pricing,
                                value: try u256(values[vi], "value"), data: try bytes(datas[di], "data"),
                                accessList: accessList, maxFeePerBlobGas: blobFeeCap,
                                blobVersionedHashes: blobHashes, authorizationList: authorizations)
    }
}

// MARK: - JSON helpers

private func str(_ d: [String: Any], _ key: String) throws -> String {
    guard let s = d[key] as? String else { throw StateTestRunner.CaseError(message: "missing or non-string field \(key)") }
    return s
}

private func dict(_ d: [String: Any], _ key: String) throws -> [String: Any] {
    guard let s = d[key] as? [String: Any] else { throw StateTestRunner.CaseError(message: "missing or malformed \(key)") }
    return s
}

private func u256(_ v: Any, _ what: String) throws -> UInt256 {
    if let s = v as? String {
        if s == "0x" || s.isEmpty { return .zero }
        if let n = UInt256(hex: s) { return n }
        if !s.hasPrefix("0x"), let n = UInt64(s) { return UInt256(n) }
    } else if let n = v as? NSNumber, n.int64Value >= 0 {
        return UInt256(n.uint64Value)
    }
    throw StateTestRunner.CaseError(message: "malformed \(what): \(v)")
}

private func u64(_ v: Any, _ what: String) throws -> UInt64 {
    let n = try u256(v, what)
    guard n <= UInt256(UInt64.max) else { throw StateTestRunner.CaseError(message: "\(what) above 2^64-1") }
    return UInt64(n.minimalBigEndianBytes.reduce(0) { $0 << 8 | UInt64($1) })
}

private func bytes(_ v: Any, _ what: String) throws -> [UInt8] {
    guard let s = v as? String else { throw StateTestRunner.CaseError(message: "malformed \(what)") }
    do { return try Hex.decode(s.hasPrefix("0x") ? s : "0x" + s) } catch {
        throw StateTestRunner.CaseError(message: "malformed \(what): \(error)")
    }
}

private func address(_ v: Any, _ what: String) throws -> Address {
    guard let s = v as? String, let a = Address(hex: s) else { throw StateTestRunner.CaseError(message: "malformed \(what)") }
    return a
}
