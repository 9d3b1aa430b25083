import Chain
import EVM
import Primitives

/// The replaying half of ots_* and the trace_* table.
///
/// ots_traceTransaction: every frame in execution order as `{type, depth, from, to, value, input,
/// output}` — type the opcode name ("CALL", "STATICCALL", "DELEGATECALL", "CALLCODE", "CREATE",
/// "CREATE2", "SELFDESTRUCT"), depth 0 for the transaction's own frame, value null for
/// STATICCALL and DELEGATECALL (erigon's TransactionTracer); calls to precompiles without value
/// below the top are left out, as erigon does. ots_getInternalOperations: below the top frame,
/// CALLs with value (type 0), SELFDESTRUCTs (1), CREATEs (2), CREATE2s (3), as `{type, from, to,
/// value}` with type a JSON number — recorded when they start, so also those a later revert
/// undid (erigon's OperationsTracer). ots_getTransactionError: the revert data of a reverted
/// transaction, "0x" otherwise.
extension ChainNode {
    func dispatchTracing(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        case "ots_traceTransaction":
            guard let r = try recordTransaction(try p.hash(0, "transaction hash")) else { return .null }
            var out: [JSON] = []
            for f in r.frames {
                let value: JSON = f.kind == .staticcall || f.kind == .delegatecall ? .null : Enc.q(f.value)
                out.append(.object([
                    ("type", .string(f.kind.name)), ("depth", .number(String(f.depth - 1))),
                    ("from", Enc.addr(f.from)), ("to", Enc.addr(f.to)), ("value", value),
                    ("input", Enc.data(f.input)), ("output", Enc.data(f.output)),
                ]))
            }
            return .array(out)
        case "ots_getInternalOperations":
            guard let r = try recordTransaction(try p.hash(0, "transaction hash")) else { return .null }
            var out: [JSON] = []
            for f in r.frames where f.depth > 1 {
                let type: Int
                switch f.kind {
                case .call where !f.value.isZero: type = 0
                case .selfdestruct: type = 1
                case .create: type = 2
                case .create2: type = 3
                default: continue
                }
                out.append(.object([("type", .number(String(type))), ("from", Enc.addr(f.from)),
                                    ("to", Enc.addr(f.to)), ("value", Enc.q(f.value))]))
            }
            return .array(out)
        case "ots_getTransactionError":
            let h = try p.hash(0, "transaction hash")
            guard chain.transaction(hash: h) != nil else { return .null }
            let result: ReplayResult
            do {
                result = try chain.replayTransaction(hash: h, tracer: nil)
            } catch {
                throw Self.replayFailure(error)
            }
            return Enc.data(result.status.isRevert ? result.output : [])
        case "trace_transaction":
            guard let r = try recordTransaction(try p.hash(0, "transaction hash")) else { return .null }
            return .array(Self.localizedTraces(r.frames, block: r.block, index: r.index))
        case "trace_get":
            guard let r = try recordTransaction(try p.hash(0, "transaction hash")) else { return .null }
            guard case .array(let idx) = try p.required(1, "trace indices"), let first = idx.first else {
                throw ParamError("invalid argument 1: trace indices must be a non-empty array")
            }
            let i = try ParamDecode.flexibleUInt(first, "invalid argument 1", "trace index")
            guard i < UInt64(r.frames.count) else { return .null }
            return Self.localizedTraces([r.frames[Int(i)]], block: r.block, index: r.index)[0]
        case "trace_block":
            guard let b = blockAt(try otsBlock(p, 0, default: nil)) else { return .null }
            var out: [JSON] = []
            for (i, rec) in try recordBlock(b).enumerated() {
                out.append(contentsOf: Self.localizedTraces(rec.frames, block: b, index: i))
            }
            return .array(out)
        case "trace_replayTransaction":
            let h = try p.hash(0, "transaction hash")
            let types = try traceTypes(p, 1)
            guard let r = try recordTransaction(h) else { return .null }
            return replayJSON(frames: r.frames, result: r.result, block: r.block, index: r.index, types: types, withHash: false)
        case "trace_replayBlockTransactions":
            let sel = try otsBlock(p, 0, default: nil)
            let types = try traceTypes(p, 1)
            guard let b = blockAt(sel) else { return .null }
            return .array(try recordBlock(b).enumerated().map { i, rec in
                replayJSON(frames: rec.frames, result: rec.result, block: b, index: i, types: types, withHash: true)
            })
        case "trace_filter":
            return try traceFilter(p)
        default:
            return nil
        }
    }
}
