import Chain
import EVM
import Primitives
import State

/// debug_* tracing with geth's shapes (`eth/tracers`, execution-apis debug namespace):
/// debug_traceTransaction(hash, options?), debug_traceCall(tx, block = latest, options?),
/// debug_traceBlockByNumber(block, options?), debug_traceBlockByHash(hash, options?).
///
/// Options (geth `TraceConfig`): `tracer` — omitted or "" for the struct logger, "callTracer",
/// "prestateTracer", "noopTracer"; `tracerConfig` — callTracer `{onlyTopCall, withLog}`,
/// prestateTracer `{diffMode, disableCode, disableStorage, includeEmpty}`; struct-logger options
/// `disableStack`, `disableStorage`, `enableMemory`, `enableReturnData`, `limit` (most entries);
/// `timeout` and `reexec` are accepted and ignored. Block variants answer `[{txHash, result}]`.
extension ChainNode {
    /// Most positional parameters of each method here (merged into `maxParams`).
    static let debugMaxParams: [String: Int] = [
        "debug_traceTransaction": 2, "debug_traceCall": 3,
        "debug_traceBlockByNumber": 2, "debug_traceBlockByHash": 2,
    ]

    /// This file's method table; nil for a method it does not serve.
    /// Replay failures (unknown transaction or block, unavailable state) answer -32000 with their reason.
    func dispatchDebug(_ method: String, _ p: Params) throws -> JSON? {
        do {
            return try debugMethod(method, p)
        } catch let e as ReplayError {
            throw RPCError.server(e.description)
        }
    }

    func debugMethod(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        case "debug_traceTransaction":
            let hash = try p.hash(0, "transaction hash")
            let options = try TraceOptions.parse(p.optional(1), "invalid argument 1")
            let tracer = options.makeTracer()
            let result = try chain.replayTransaction(hash: hash, tracer: tracer.evmTracer)
            try Self.requireFaithful(result)
            return tracer.result(result)
        case "debug_traceCall":
            let args = try TransactionArgs.parse(try p.required(0, "transaction"), "invalid argument 0")
            let n = try executionBlock(try p.block(1))
            let options = try TraceOptions.parse(p.optional(2), "invalid argument 2", call: true)
            let tracer = options.makeTracer()
            let result = try chain.traceCall(args.callRequest, at: n, tracer: tracer.evmTracer)
            return tracer.result(result)
        case "debug_traceBlockByNumber", "debug_traceBlockByHash":
            let n: UInt64
            if method == "debug_traceBlockByHash" {
                let h = try p.hash(0, "block hash")
                guard let b = chain.block(hash: h) else { throw RPCError.server("block \(h.hex) not found") }
                n = b.header.number
            } else {
                n = try executionBlock(try p.block(0, default: nil))
            }
            let options = try TraceOptions.parse(p.optional(1), "invalid argument 1")
            var tracers: [ActiveTracer] = []
            let results = try chain.replayBlock(number: n) { _ in
                let t = options.makeTracer()
                tracers.append(t)
                return t.evmTracer
            }
            for r in results { try Self.requireFaithful(r) }
            return .array(zip(results, tracers).map { r, t in
                .object([("txHash", Enc.hash(r.transactionHash ?? .zero)), ("result", t.result(r))])
            })
        default:
            return nil
        }
    }
}

extension ChainNode {
    /// A replay whose gas or status differs from the stored receipt did not run on the state the
    /// block ran on (replay starts from `Blockchain.stateBuiltOn(block:)`, cheat edits included, so
    /// this is a safety net): refuse it rather than show a trace of something that did not happen.
    static func requireFaithful(_ r: ReplayResult) throws {
        guard r.matchesReceipt else {
            throw RPCError.server("cannot reproduce transaction \(r.transactionHash?.hex ?? "?") of block \(r.blockNumber): "
                + "re-executed it used \(r.gasUsed) gas with status \(r.status), unlike its receipt (the state its block "
                + "was built on could not be rebuilt; please report this)")
        }
    }
}

/// The parsed debug_trace* options.
struct TraceOptions {
    enum Kind { case structLogger, call, prestate, noop }
    var kind = Kind.structLogger
    var logger = StructLogger.Config()
    var onlyTopCall = false
    var withLog = false
    var prestate = PrestateOptions()

    /// Parses the options object (nil or null: defaults). Unknown members are ignored, as geth does.
    /// - Throws: `ParamError` for wrongly typed members and unknown tracer names.
    static func parse(_ v: JSON?, _ ctx: String, call: Bool = false) throws(ParamError) -> TraceOptions {
        var o = TraceOptions()
        guard let v, v != .null else { return o }
        guard case .object = v else { throw ParamError("\(ctx): tracing options must be an object, got \(v.typeName)") }
        func flag(_ key: String, in obj: JSON) throws(ParamError) -> Bool {
            guard let x = obj[key], x != .null else { return false }
            guard case .bool(let b) = x else { throw ParamError("\(ctx): \(key) must be a boolean, got \(x.typeName)") }
            return b
        }
        if call {
            for key in ["stateOverrides", "blockOverrides"] where v[key] != nil && v[key] != .null {
                throw ParamError("\(ctx): \(key) is not supported by this node")
            }
        }
        o.logger.disableStack = try flag("disableStack", in: v)
        o.logger.disableStorage = try flag("disableStorage", in: v)
        o.logger.enableMemory = try flag("enableMemory", in: v)
        o.logger.enableReturnData = try flag("enableReturnData", in: v)
        if let l = v["limit"], l != .null {
            guard case .number(let s) = l, let n = Int(s), n >= 0 else {
                throw ParamError("\(ctx): limit must be a non-negative integer")
            }
            o.logger.limit = n
        }
        if let t = v["tracer"], t != .null {
            guard case .string(let name) = t else { throw ParamError("\(ctx): tracer must be a string, got \(t.typeName)") }
            switch name {
            case "": o.kind = .structLogger
            case "callTracer": o.kind = .call
            case "prestateTracer": o.kind = .prestate
            case "noopTracer": o.kind = .noop
            default:
                throw ParamError("\(ctx): tracer \(ParamDecode.preview(name)) is not supported; use \"callTracer\", \"prestateTracer\", \"noopTracer\", or omit tracer for the struct logger")
            }
        }
        if let c = v["tracerConfig"], c != .null {
            guard case .object = c else { throw ParamError("\(ctx): tracerConfig must be an object, got \(c.typeName)") }
            o.onlyTopCall = try flag("onlyTopCall", in: c)
            o.withLog = try flag("withLog", in: c)
            o.prestate.diffMode = try flag("diffMode", in: c)
            o.prestate.disableCode = try flag("disableCode", in: c)
            o.prestate.disableStorage = try flag("disableStorage", in: c)
            o.prestate.includeEmpty = try flag("includeEmpty", in: c)
            if o.kind == .prestate, o.prestate.diffMode, o.prestate.includeEmpty {
                throw ParamError("\(ctx): cannot use diffMode with includeEmpty")
            }
        }
        return o
    }

    func makeTracer() -> ActiveTracer {
        switch kind {
        case .structLogger: return .structLogger(StructLogger(config: logger))
        case .call: return .call(CallTracer(onlyTopCall: onlyTopCall, withLogs: withLog))
        case .prestate: return .prestate(AccessTracer(), prestate)
        case .noop: return .noop
        }
    }
}

/// A tracer of one transaction and how its result is written.
enum ActiveTracer {
    case structLogger(StructLogger)
    case call(CallTracer)
    case prestate(AccessTracer, PrestateOptions)
    case noop

    var evmTracer: (any EVMTracer)? {
        switch self {
        case .structLogger(let t): t
        case .call(let t): t
        case .prestate(let t, _): t
        case .noop: nil
        }
    }

    func result(_ r: ReplayResult) -> JSON {
        switch self {
        case .structLogger(let t): return DebugJSON.structLogs(t)
        case .call(let t): return t.root.map(DebugJSON.callFrame) ?? .null
        case .prestate(let t, let options):
            let p = Prestate(accesses: t, before: r.before, after: r.after, options: options)
            if options.diffMode {
                return .object([("post", DebugJSON.prestate(p.post)), ("pre", DebugJSON.prestate(p.pre))])
            }
            return DebugJSON.prestate(p.pre)
        case .noop: return .object([])
        }
    }
}

/// geth's JSON forms of the tracers' results.
enum DebugJSON {
    /// `{gas, failed, returnValue, structLogs}` (geth `logger.ExecutionResult`, entries as `structLogLegacy`).
    static func structLogs(_ t: StructLogger) -> JSON {
        var logs: [JSON] = []
        logs.reserveCapacity(t.entries.count)
        for e in t.entries {
            var m: [(String, JSON)] = [("pc", .int(e.pc)), ("op", .string(e.opName)),
                                       ("gas", .number(String(e.gas))), ("gasCost", .number(String(e.gasCost))),
                                       ("depth", .int(e.depth))]
            if let err = e.error { m.append(("error", .string(err))) }
            if let s = e.stack { m.append(("stack", .array(s.map { .string($0.quantityHex) }))) }
            if let r = e.returnData, !r.isEmpty { m.append(("returnData", Enc.data(r))) }
            if let mem = e.memory, !mem.isEmpty {
                var words: [JSON] = []
                var i = 0
                while i < mem.count {
                    var w = Array(mem[i..<min(i + 32, mem.count)])
                    if w.count < 32 { w += [UInt8](repeating: 0, count: 32 - w.count) }
                    words.append(Enc.data(w))
                    i += 32
                }
                m.append(("memory", .array(words)))
            }
            if let s = e.storage, !s.isEmpty {
                m.append(("storage", .object(s.sorted { $0.key < $1.key }.map { (Enc.word($0.key).stringValue!, Enc.word($0.value)) })))
            }
            if e.refund != 0 { m.append(("refund", .number(String(e.refund)))) }
            logs.append(.object(m))
        }
        return .object([("gas", .number(String(t.gasUsed))), ("failed", .bool(t.failed)),
                        ("returnValue", Enc.data(t.returnValue)), ("structLogs", .array(logs))])
    }

    /// geth callTracer frame: from, gas, gasUsed, to, input, output, error, revertReason, calls,
    /// logs, value, type (its member order; empty output/error/calls/logs omitted, value omitted
    /// for STATICCALL).
    static func callFrame(_ f: CallFrame) -> JSON {
        var m: [(String, JSON)] = [("from", Enc.addr(f.from)), ("gas", Enc.q(f.gas)), ("gasUsed", Enc.q(f.gasUsed))]
        if let to = f.to { m.append(("to", Enc.addr(to))) }
        m.append(("input", Enc.data(f.input)))
        if !f.output.isEmpty { m.append(("output", Enc.data(f.output))) }
        if let e = f.error { m.append(("error", .string(e))) }
        if let r = f.revertReason { m.append(("revertReason", .string(r))) }
        if !f.calls.isEmpty { m.append(("calls", .array(f.calls.map(callFrame)))) }
        if !f.logs.isEmpty {
            m.append(("logs", .array(f.logs.map { l in
                .object([("address", Enc.addr(l.address)), ("topics", .array(l.topics.map(Enc.hash))),
                         ("data", Enc.data(l.data)), ("index", Enc.q(l.index)), ("position", Enc.q(l.position))])
            })))
        }
        if f.kind != .staticcall { m.append(("value", Enc.q(f.value))) }
        m.append(("type", .string(f.kind.name)))
        return .object(m)
    }

    /// prestateTracer accounts by address (sorted, lowercase hex): balance, code, codeHash, nonce, storage.
    static func prestate(_ accounts: [Address: PrestateAccount]) -> JSON {
        .object(accounts.sorted { $0.key.hex < $1.key.hex }.map { address, a in
            var m: [(String, JSON)] = []
            if let b = a.balance { m.append(("balance", Enc.q(b))) }
            if let c = a.code { m.append(("code", Enc.data(c))) }
            if let h = a.codeHash { m.append(("codeHash", Enc.hash(h))) }
            if let n = a.nonce, n != 0 { m.append(("nonce", .number(String(n)))) }
            if !a.storage.isEmpty {
                m.append(("storage", .object(a.storage.sorted { $0.key < $1.key }.map { (Enc.word($0.key).stringValue!, Enc.word($0.value)) })))
            }
            return (address.hex, .object(m))
        })
    }
}
