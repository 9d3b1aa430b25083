import Chain
import DevnetCrypto
import EVM
import Primitives

/// eth_createAccessList, eth_signTypedData_v4, eth_simulateV1, anvil_dumpState / anvil_loadState (issue 5).
///
/// - eth_createAccessList(tx, block = latest) → `{accessList: [{address, storageKeys}], gasUsed[, error]}`
///   (geth's shape; `error` is the VM error of the final run, e.g. "execution reverted").
/// - eth_signTypedData_v4(address, typedData) → 65-byte signature r‖s‖v (v 27/28); typedData is
///   the EIP-712 document as a JSON object or as a JSON string.
/// - eth_simulateV1(payload, block = latest) → one block object per simulated block, each with
///   `calls: [{returnData, logs, gasUsed, status[, error]}]` (execution-apis).
/// - anvil_dumpState([preserveHistoricalStates]) → hex of the version-1 JSON state dump (uncompressed).
/// - anvil_loadState(hex) → true; merges the dump's accounts into the head state.
/// - devnet_aiWitnesses(block = latest) → the AI precompile's answers the block's transactions used
///   (issue 8), in call order: `[{transactionIndex, transactionHash, module, version, inputHash, input,
///   output, outputText, failed, outOfGas, gasPerToken}]` (input/output as hex data; outputText the UTF-8
///   reading; failed: the module failed; outOfGas: the call could not pay for the prompt and one token,
///   so the module was not asked).
extension ChainNode {
    /// Most positional parameters of each method here (merged into `maxParams`).
    static let extrasMaxParams: [String: Int] = [
        "eth_createAccessList": 2,
        "eth_signTypedData_v4": 2,
        "eth_simulateV1": 2,
        "anvil_dumpState": 1,
        "anvil_loadState": 1,
        "devnet_aiWitnesses": 1,
    ]

    /// This file's method table; nil for a method it does not serve.
    func dispatchExtras(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        case "eth_createAccessList": return try createAccessList(p)
        case "eth_signTypedData_v4": return try signTypedData(p)
        case "eth_simulateV1": return try simulate(p)
        case "devnet_aiWitnesses":
            let n = try executionBlock(try p.block(0))
            guard let block = chain.block(number: n) else { throw RPCError.server("header not found") }
            return .array(block.aiWitnesses.map { w in
                .object([
                    ("transactionIndex", Enc.q(w.transactionIndex)),
                    ("transactionHash", block.transactionHash(of: w).map(Enc.hash) ?? .null),
                    ("module", .string(w.module)), ("version", .string(w.version)),
                    ("inputHash", Enc.hash(w.inputHash)), ("input", Enc.data(w.input)),
                    ("output", Enc.data(w.output)), ("outputText", .string(String(decoding: w.output, as: UTF8.self))),
                    ("failed", .bool(w.failed)), ("outOfGas", .bool(w.outOfGas)), ("gasPerToken", Enc.q(w.gasPerToken)),
                ])
            })
        case "anvil_dumpState":
            return Enc.data(chain.dumpState().encoded())
        case "anvil_loadState":
            let bytes = try p.data(0, "state")
            do {
                chain.loadState(try StateDump.decode(bytes))
            } catch {
                throw ParamError("invalid argument 0: \(error)")
            }
            return .bool(true)
        default:
            return nil
        }
    }

    // MARK: eth_createAccessList

    func createAccessList(_ p: Params) throws -> JSON {
        let args = try TransactionArgs.parse(try p.required(0, "transaction"), "invalid argument 0")
        let n = try executionBlock(try p.block(1))
        let r = try chain.createAccessList(args.callRequest, at: n)
        var m: [(String, JSON)] = [
            ("accessList", .array(r.accessList.map { e in
                .object([("address", Enc.addr(e.address)), ("storageKeys", .array(e.storageKeys.map(Enc.hash)))])
            })),
            ("gasUsed", Enc.q(r.gasUsed)),
        ]
        if !r.status.isSuccess { m.append(("error", .string(r.status.description))) }
        return .object(m)
    }

    // MARK: eth_signTypedData_v4

    func signTypedData(_ p: Params) throws -> JSON {
        let account = try p.address(0)
        var doc = try p.required(1, "typed data")
        if case .string(let text) = doc {
            do { doc = try JSON.parse(text) } catch { throw ParamError("invalid argument 1: typed data string is not JSON: \(error)") }
        }
        guard case .object = doc else { throw ParamError("invalid argument 1: typed data must be a JSON object or a JSON string") }
        guard let key = keyByAddress[account] else { throw RPCError.server("unknown account \(account.hex)") }
        do {
            let td = try EIP712.TypedData(json: Self.eip712Value(doc))
            return Enc.data(try EIP712.sign(td, key: key))
        } catch {
            throw ParamError("invalid argument 1: \(error)")
        }
    }

    /// The RPC JSON as an EIP-712 value (same structure; numbers keep their literal text).
    static func eip712Value(_ j: JSON) -> EIP712.Value {
        switch j {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let s): return .number(s)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(eip712Value))
        case .object(let m): return .object(m.map { ($0.0, eip712Value($0.1)) })
        }
    }

    // MARK: eth_simulateV1

    func simulate(_ p: Params) throws -> JSON {
        let payload = try p.required(0, "simulation payload")
        guard case .object = payload else { throw ParamError("invalid argument 0: simulation payload must be an object") }
        let ctx = "invalid argument 0"
        func flag(_ k: String) throws -> Bool {
            guard let v = payload[k], v != .null else { return false }
            guard case .bool(let b) = v else { throw ParamError("\(ctx): \(k) must be a boolean") }
            return b
        }
        var options = SimulateOptions()
        options.validation = try flag("validation")
        options.traceTransfers = try flag("traceTransfers")
        let full = try flag("returnFullTransactions")
        guard case .array(let rawBlocks)? = payload["blockStateCalls"] else {
            throw ParamError("\(ctx): blockStateCalls must be an array")
        }
        guard UInt64(rawBlocks.count) <= Blockchain.maxSimulatedBlocks else {
            throw RPCError(code: -38026, message: "too many blocks")
        }
        var specs: [SimulateBlockSpec] = []
        for (i, b) in rawBlocks.enumerated() {
            specs.append(try Self.simulateBlockSpec(b, "\(ctx): blockStateCalls[\(i)]"))
        }
        let n = try executionBlock(try p.block(1))
        let blocks: [SimulatedBlock]
        do {
            blocks = try chain.simulate(specs, options: options, at: n)
        } catch {
            throw RPCError(code: error.code, message: error.message)
        }
        return .array(blocks.map { Self.simulatedBlockJSON($0, full: full) })
    }

    static func simulatedBlockJSON(_ sb: SimulatedBlock, full: Bool) -> JSON {
        guard case .object(var m) = Shapes.block(sb.block, fullTransactions: full) else { return .null }
        let hash = sb.block.hash
        let number = sb.block.header.number
        var logIndex = 0
        var calls: [JSON] = []
        for (i, c) in sb.calls.enumerated() {
            let txHash = sb.block.transactionHashes[i]
            var logs: [JSON] = []
            for log in c.logs {
                logs.append(Shapes.log(log, blockHash: hash, blockNumber: number, txHash: txHash, txIndex: i, logIndex: logIndex))
                logIndex += 1
            }
            var cm: [(String, JSON)] = [
                ("returnData", Enc.data(c.returnData)),
                ("logs", .array(logs)),
                ("gasUsed", Enc.q(c.gasUsed)),
                ("status", .string(c.status.isSuccess ? "0x1" : "0x0")),
            ]
            if c.status == .revert {
                let e = RPCError.reverted(c.returnData)
                cm.append(("error", .object([("code", .int(3)), ("message", .string(e.message)),
                                             ("data", .string(Hex.encode(c.returnData)))])))
            } else if !c.status.isSuccess {
                cm.append(("error", .object([("code", .int(-32015)), ("message", .string(c.status.description))])))
            }
            calls.append(.object(cm))
        }
        m.append(("calls", .array(calls)))
        return .object(m)
    }

    static func simulateBlockSpec(_ b: JSON, _ ctx: String) throws -> SimulateBlockSpec {
        guard case .object = b else { throw ParamError("\(ctx) must be an object") }
        var spec = SimulateBlockSpec()
        func present(_ o: JSON, _ k: String) -> JSON? {
            guard let x = o[k], x != .null else { return nil }
            return x
        }
        if let o = present(b, "blockOverrides") {
            guard case .object = o else { throw ParamError("\(ctx).blockOverrides must be an object") }
            let c = "\(ctx).blockOverrides"
            if let x = present(o, "number") { spec.overrides.number = try ParamDecode.uint64(x, c, "number") }
            if let x = present(o, "time") { spec.overrides.time = try ParamDecode.uint64(x, c, "time") }
            if let x = present(o, "gasLimit") { spec.overrides.gasLimit = try ParamDecode.uint64(x, c, "gasLimit") }
            if let x = present(o, "feeRecipient") { spec.overrides.feeRecipient = try ParamDecode.address(x, c, "feeRecipient") }
            if let x = present(o, "prevRandao") { spec.overrides.prevRandao = try ParamDecode.hash(x, c, "prevRandao") }
            if let x = present(o, "baseFeePerGas") { spec.overrides.baseFeePerGas = try ParamDecode.quantity(x, c, "baseFeePerGas") }
            if let x = present(o, "blobBaseFee") { spec.overrides.blobBaseFee = try ParamDecode.quantity(x, c, "blobBaseFee") }
            if let x = present(o, "withdrawals"), x != .array([]) {
                throw ParamError("\(c): withdrawals are not supported by this devnet")
            }
        }
        if let s = present(b, "stateOverrides") {
            guard case .object(let members) = s else { throw ParamError("\(ctx).stateOverrides must be an object") }
            for (key, o) in members {
                let c = "\(ctx).stateOverrides[\(key)]"
                guard let address = Address(hex: key), key.hasPrefix("0x") else { throw ParamError("\(c): not a 20-byte hex address") }
                guard case .object = o else { throw ParamError("\(c) must be an object") }
                var a = SimulateBlockSpec.AccountOverride()
                if let x = present(o, "balance") { a.balance = try ParamDecode.quantity(x, c, "balance") }
                if let x = present(o, "nonce") { a.nonce = try ParamDecode.uint64(x, c, "nonce") }
                if let x = present(o, "code") { a.code = try ParamDecode.data(x, c, "code") }
                if let x = present(o, "state") { a.state = try slots(x, c, "state") }
                if let x = present(o, "stateDiff") { a.stateDiff = try slots(x, c, "stateDiff") }
                if present(o, "movePrecompileToAddress") != nil {
                    throw ParamError("\(c): movePrecompileToAddress is not supported by this devnet")
                }
                spec.stateOverrides.append((address, a))
            }
        }
        if let calls = present(b, "calls") {
            guard case .array(let list) = calls else { throw ParamError("\(ctx).calls must be an array") }
            for (i, call) in list.enumerated() {
                let args = try TransactionArgs.parse(call, "\(ctx).calls[\(i)]")
                spec.calls.append(SimulateBlockSpec.Call(request: args.callRequest, nonce: args.nonce))
            }
        }
        return spec
    }

    /// A `{slot: value}` object of 32-byte hex words.
    private static func slots(_ v: JSON, _ ctx: String, _ what: String) throws -> [UInt256: UInt256] {
        guard case .object(let members) = v else { throw ParamError("\(ctx).\(what) must be an object") }
        var out: [UInt256: UInt256] = [:]
        for (k, value) in members {
            let slot = try ParamDecode.hash(.string(k), "\(ctx).\(what)", "slot")
            out[slot.word] = try ParamDecode.hash(value, "\(ctx).\(what)", "value").word
        }
        return out
    }
}
