import Chain
import EVM
import Primitives
import State

/// Parity (OpenEthereum) trace_* over replayed transactions.
///
/// Shapes as OpenEthereum/erigon print them: a trace is `{action, result, error?, subtraces,
/// traceAddress, type}` and, when localized (trace_transaction, trace_block, trace_filter),
/// `blockHash`, `blockNumber`, `transactionHash`, `transactionPosition` (numbers as JSON numbers).
/// `type` is "call" (action `{callType, from, to, gas, input, value}`, result `{gasUsed,
/// output}`), "create" (action `{from, gas, init, value}`, result `{address, code, gasUsed}`) or
/// "suicide" (action `{address, refundAddress, balance}`, result null). A reverted frame keeps its
/// result (gas used, revert data) with error "Reverted"; other failures have result null and
/// OpenEthereum's error text ("Out of gas", "Bad instruction", "Bad jump destination", …).
/// The top frame's `gas` is the gas limit minus the intrinsic gas and its `gasUsed` the gas its
/// code used (before the refund), as OpenEthereum counted them. Post-merge blocks have no reward
/// traces.
extension ChainNode {
    /// Frames of mined transaction `hash` by replay; nil if no such mined transaction.
    func recordTransaction(_ hash: Hash) throws -> (frames: [RecordedFrame], result: ReplayResult, block: Block, index: Int)? {
        guard let mined = chain.transaction(hash: hash) else { return nil }
        let rec = FrameRecorder()
        let result: ReplayResult
        do {
            result = try chain.replayTransaction(hash: hash, tracer: rec)
        } catch {
            throw Self.replayFailure(error)
        }
        return (visibleFrames(rec.frames), result, mined.block, mined.index)
    }

    /// `frames` without calls to precompiles that move no wei below the top frame (erigon's
    /// OeTracer and ots tracer leave them out), `path` and `subframes` renumbered to match.
    func visibleFrames(_ frames: [RecordedFrame]) -> [RecordedFrame] {
        let fork = chain.config.fork
        var out: [RecordedFrame] = []
        var open: [Int] = []   // indices into `out` of the frames enclosing the next one
        for var f in frames {
            if f.depth > 1, f.kind == .call || f.kind == .staticcall || f.kind == .delegatecall || f.kind == .callcode,
               f.value.isZero, Precompiles.contains(f.to, fork: fork) { continue }
            while let last = open.last, out[last].depth >= f.depth { open.removeLast() }
            if let parent = open.last {
                f.path = out[parent].path + [out[parent].subframes]
                out[parent].subframes += 1
            } else {
                f.path = []
            }
            f.subframes = 0
            open.append(out.count)
            out.append(f)
        }
        return out
    }

    /// Frames and replay results of every transaction of `block`.
    func recordBlock(_ block: Block) throws -> [(frames: [RecordedFrame], result: ReplayResult)] {
        var recorders: [FrameRecorder] = []
        let results: [ReplayResult]
        do {
            results = try chain.replayBlock(number: block.number) { _ in
                let r = FrameRecorder()
                recorders.append(r)
                return r
            }
        } catch {
            throw Self.replayFailure(error)
        }
        return zip(recorders, results).map { (visibleFrames($0.frames), $1) }
    }

    /// A replay that could not run, as -32000 with the reason.
    static func replayFailure(_ error: ReplayError) -> RPCError {
        RPCError.server("cannot replay: \(error.description)")
    }

    /// OpenEthereum's error text for a failed frame; nil on success.
    static func parityError(_ s: ExecutionStatus) -> String? {
        switch s {
        case .success: return nil
        case .revert: return "Reverted"
        case .outOfGas, .createCollision: return "Out of gas"   // erigon counts a collision as out of gas
        case .invalidOpcode: return "Bad instruction"
        case .badJumpDestination: return "Bad jump destination"
        case .stackUnderflow: return "Stack underflow"
        case .stackOverflow: return "Out of stack"
        case .staticViolation: return "Mutable Call In Static Context"
        case .invalidMemoryAccess: return "Out of bounds"
        case .precompileFailure: return "Built-in failed"
        default: return s.description   // geth's words: "max call depth exceeded", "contract address collision", …
        }
    }

    /// One frame as a Parity trace (without the localizing fields).
    static func parityTrace(_ f: RecordedFrame) -> [(String, JSON)] {
        var m: [(String, JSON)] = []
        let type: String
        switch f.kind {
        case .create, .create2:
            type = "create"
            m.append(("action", .object([("from", Enc.addr(f.from)), ("gas", Enc.q(UInt64(max(0, f.gas)))),
                                         ("init", Enc.data(f.input)), ("value", Enc.q(f.value))])))
            if f.status.isSuccess {
                m.append(("result", .object([("address", Enc.addr(f.to)), ("code", Enc.data(f.output)),
                                             ("gasUsed", Enc.q(UInt64(max(0, f.gasUsed))))])))
            } else if f.status.isRevert {
                m.append(("result", .object([("address", Enc.addr(f.to)), ("code", Enc.data(f.output)),
                                             ("gasUsed", Enc.q(UInt64(max(0, f.gasUsed))))])))
            } else {
                m.append(("result", .null))
            }
        case .selfdestruct:
            type = "suicide"
            m.append(("action", .object([("address", Enc.addr(f.from)), ("refundAddress", Enc.addr(f.to)),
                                         ("balance", Enc.q(f.value))])))
            m.append(("result", .null))
        case .call, .callcode, .delegatecall, .staticcall:
            type = "call"
            let callType: String = switch f.kind {
            case .callcode: "callcode"
            case .delegatecall: "delegatecall"
            case .staticcall: "staticcall"
            default: "call"
            }
            m.append(("action", .object([("callType", .string(callType)), ("from", Enc.addr(f.from)),
                                         ("to", Enc.addr(f.to)), ("gas", Enc.q(UInt64(max(0, f.gas)))),
                                         ("input", Enc.data(f.input)),
                                         ("value", Enc.q(f.kind == .staticcall ? .zero : f.value))])))
            if f.status.isSuccess || f.status.isRevert {
                m.append(("result", .object([("gasUsed", Enc.q(UInt64(max(0, f.gasUsed)))),
                                             ("output", Enc.data(f.output))])))
            } else {
                m.append(("result", .null))
            }
        }
        if f.kind != .selfdestruct, let e = parityError(f.status) { m.append(("error", .string(e))) }
        m.append(("subtraces", .number(String(f.subframes))))
        m.append(("traceAddress", .array(f.path.map { .number(String($0)) })))
        m.append(("type", .string(type)))
        return m
    }

    /// Localized traces of transaction `index` of `block`.
    static func localizedTraces(_ frames: [RecordedFrame], block: Block, index: Int) -> [JSON] {
        frames.map { f in
            var m = parityTrace(f)
            m.append(("blockHash", Enc.hash(block.hash)))
            m.append(("blockNumber", .number(String(block.number))))
            m.append(("transactionHash", Enc.hash(block.transactionHashes[index])))
            m.append(("transactionPosition", .number(String(index))))
            return .object(m)
        }
    }

    /// Requested Parity trace types; throws for unknown ones and for vmTrace.
    func traceTypes(_ p: Params, _ i: Int) throws -> (trace: Bool, stateDiff: Bool) {
        guard case .array(let items) = try p.required(i, "trace types") else {
            throw ParamError("invalid argument \(i): trace types must be an array of \"trace\", \"stateDiff\", \"vmTrace\"")
        }
        var trace = false
        var diff = false
        for item in items {
            guard case .string(let s) = item else { throw ParamError("invalid argument \(i): trace types must be strings") }
            switch s {
            case "trace": trace = true
            case "stateDiff": diff = true
            case "vmTrace":
                throw RPCError.server("trace type vmTrace is not supported by this node; use debug_traceTransaction for opcode-level traces (\"trace\" and \"stateDiff\" are supported)")
            default:
                throw ParamError("invalid argument \(i): unknown trace type \(ParamDecode.preview(s)); use \"trace\" or \"stateDiff\"")
            }
        }
        return (trace, diff)
    }

    /// A trace_replay* result: `{output, stateDiff, trace, vmTrace}` (+ transactionHash when given).
    func replayJSON(frames: [RecordedFrame], result: ReplayResult, block: Block, index: Int,
                    types: (trace: Bool, stateDiff: Bool), withHash: Bool) -> JSON {
        var m: [(String, JSON)] = [("output", Enc.data(result.output))]
        if types.stateDiff {
            // Every account a changed field can belong to: sender, fee recipient, each frame's
            // from/to (storage owners, callees, created contracts, beneficiaries), EIP-7702 authorities.
            var accounts: Set<Address> = [block.senders[index], block.header.coinbase]
            for f in frames { accounts.insert(f.from); accounts.insert(f.to) }
            for auth in block.transactions[index].authorizationList {
                if let a = try? auth.authority() { accounts.insert(a) }
            }
            m.append(("stateDiff", Self.stateDiff(before: result.before, after: result.after, accounts: accounts)))
        } else {
            m.append(("stateDiff", .null))
        }
        m.append(("trace", .array(types.trace ? frames.map { .object(Self.parityTrace($0)) } : [])))
        if withHash { m.append(("transactionHash", Enc.hash(block.transactionHashes[index]))) }
        m.append(("vmTrace", .null))
        return .object(m)
    }

    /// OpenEthereum's stateDiff: per changed account `{balance, code, nonce, storage}` with "=" for
    /// unchanged, `{"*": {from, to}}` for changed, and `{"+": v}` / `{"-": v}` for every field
    /// of an account that was created / deleted; storage lists changed slots only (32-byte keys
    /// and values). Accounts are sorted by address.
    static func stateDiff(before: StateSnapshot, after: StateSnapshot, accounts: Set<Address>) -> JSON {
        var out: [(String, JSON)] = []
        for a in accounts.sorted() {
            let old = before.account(a)
            let new = after.account(a)
            if old == nil && new == nil { continue }
            if let old, let new, old == new { continue }
            var m: [(String, JSON)] = []
            if old == nil, let new {
                m.append(("balance", .object([("+", Enc.q(new.balance))])))
                m.append(("code", .object([("+", Enc.data(new.code.bytes))])))
                m.append(("nonce", .object([("+", Enc.q(new.nonce))])))
                m.append(("storage", .object(new.storage.keys.sorted().map { k in
                    (Hex.encode(k.bigEndianBytes), .object([("+", Enc.word(new.storage[k]!))]))
                })))
            } else if let old, new == nil {
                m.append(("balance", .object([("-", Enc.q(old.balance))])))
                m.append(("code", .object([("-", Enc.data(old.code.bytes))])))
                m.append(("nonce", .object([("-", Enc.q(old.nonce))])))
                m.append(("storage", .object(old.storage.keys.sorted().map { k in
                    (Hex.encode(k.bigEndianBytes), .object([("-", Enc.word(old.storage[k]!))]))
                })))
            } else if let old, let new {
                func field(_ a: JSON, _ b: JSON) -> JSON {
                    a == b ? .string("=") : .object([("*", .object([("from", a), ("to", b)]))])
                }
                m.append(("balance", field(Enc.q(old.balance), Enc.q(new.balance))))
                m.append(("code", field(Enc.data(old.code.bytes), Enc.data(new.code.bytes))))
                m.append(("nonce", field(Enc.q(old.nonce), Enc.q(new.nonce))))
                var slots: [(String, JSON)] = []
                for k in Set(old.storage.keys).union(new.storage.keys).sorted() {
                    let x = old.storage[k] ?? .zero
                    let y = new.storage[k] ?? .zero
                    if x != y { slots.append((Hex.encode(k.bigEndianBytes), field(Enc.word(x), Enc.word(y)))) }
                }
                m.append(("storage", .object(slots)))
            }
            out.append((a.hex, .object(m)))
        }
        return .object(out)
    }

    /// trace_filter's object: fromBlock, toBlock (default latest), fromAddress, toAddress (arrays;
    /// empty/absent = any; both given = both must match), after (skip), count (limit).
    func traceFilter(_ p: Params) throws -> JSON {
        guard case .object = try p.required(0, "filter") else { throw ParamError("invalid argument 0: filter must be an object") }
        let f = p.items[0]
        func blockField(_ key: String, _ d: UInt64) throws -> UInt64 {
            guard let v = f[key] else { return d }
            if case .number = v { return try ParamDecode.flexibleUInt(v, "invalid argument 0", key) }
            guard let n = try number(of: try BlockSelector.parse(v, "invalid argument 0: \(key)")) else {
                throw RPCError.server("header not found")
            }
            return n
        }
        func addresses(_ key: String) throws -> Set<Address> {
            guard let v = f[key], v != .null else { return [] }
            guard case .array(let items) = v else { throw ParamError("invalid argument 0: \(key) must be an array of addresses") }
            return Set(try items.map { try ParamDecode.address($0, "invalid argument 0", key) })
        }
        let head = chain.headNumber
        let from = try blockField("fromBlock", head)
        let to = try blockField("toBlock", head)
        guard from <= to else { throw ParamError("invalid argument 0: fromBlock is after toBlock") }
        guard to - from < maxLogRange else { throw RPCError.server("block range too large: at most \(maxLogRange) blocks") }
        let froms = try addresses("fromAddress")
        let tos = try addresses("toAddress")
        let after = Int(try f["after"].map { try ParamDecode.flexibleUInt($0, "invalid argument 0", "after") } ?? 0)
        let count = try f["count"].map { Int(min(try ParamDecode.flexibleUInt($0, "invalid argument 0", "count"), 1_000_000)) }
        var out: [JSON] = []
        var skipped = 0
        var n = from
        while n <= min(to, head) {
            defer { n += 1 }
            guard let b = chain.block(number: n), !b.transactions.isEmpty else { continue }
            for (i, rec) in try recordBlock(b).enumerated() {
                for frame in rec.frames {
                    let src = frame.from
                    let dst = frame.to
                    if !froms.isEmpty && !froms.contains(src) { continue }
                    if !tos.isEmpty && !tos.contains(dst) { continue }
                    if skipped < after { skipped += 1; continue }
                    out.append(contentsOf: Self.localizedTraces([frame], block: b, index: i))
                    if let count, out.count >= count { return .array(out) }
                }
            }
        }
        return .array(out)
    }
}
