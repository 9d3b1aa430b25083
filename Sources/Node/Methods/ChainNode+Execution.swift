import Chain
import DevnetCrypto
import EVM
import Primitives
import State

/// A transaction object as eth_call / eth_estimateGas / eth_sendTransaction take it (execution-apis
/// `GenericTransaction`).
struct TransactionArgs {
    var from: Address?
    var to: Address?
    var gas: UInt64?
    var gasPrice: UInt256?
    var maxFeePerGas: UInt256?
    var maxPriorityFeePerGas: UInt256?
    var value: UInt256?
    var data: [UInt8] = []
    var nonce: UInt64?
    var type: UInt64?
    var chainId: UInt64?
    var accessList: [AccessListEntry]?

    static func parse(_ v: JSON, _ ctx: String) throws(ParamError) -> TransactionArgs {
        guard case .object = v else { throw ParamError("\(ctx): transaction must be an object, got \(v.typeName)") }
        func present(_ k: String) -> JSON? {
            guard let x = v[k], x != .null else { return nil }
            return x
        }
        var a = TransactionArgs()
        if let x = present("from") { a.from = try ParamDecode.address(x, ctx, "from") }
        if let x = present("to") { a.to = try ParamDecode.address(x, ctx, "to") }
        if let x = present("gas") { a.gas = try ParamDecode.uint64(x, ctx, "gas") }
        if let x = present("gasPrice") { a.gasPrice = try ParamDecode.quantity(x, ctx, "gasPrice") }
        if let x = present("maxFeePerGas") { a.maxFeePerGas = try ParamDecode.quantity(x, ctx, "maxFeePerGas") }
        if let x = present("maxPriorityFeePerGas") {
            a.maxPriorityFeePerGas = try ParamDecode.quantity(x, ctx, "maxPriorityFeePerGas")
        }
        if let x = present("value") { a.value = try ParamDecode.quantity(x, ctx, "value") }
        if let x = present("nonce") { a.nonce = try ParamDecode.uint64(x, ctx, "nonce") }
        // geth has no `type` member in TransactionArgs (it ignores it), so it is read loosely
        if let x = present("type") { a.type = try ParamDecode.uint64(x, ctx, "type", allowLeadingZeros: true) }
        if let x = present("chainId") { a.chainId = try ParamDecode.uint64(x, ctx, "chainId") }
        let input = try present("input").map { (x) throws(ParamError) in try ParamDecode.data(x, ctx, "input") }
        let data = try present("data").map { (x) throws(ParamError) in try ParamDecode.data(x, ctx, "data") }
        if let input, let data, input != data {
            throw ParamError("\(ctx): both \"data\" and \"input\" are set and differ; use \"input\"")
        }
        a.data = input ?? data ?? []
        if let x = present("accessList") {
            guard case .array(let entries) = x else { throw ParamError("\(ctx): accessList must be an array") }
            var list: [AccessListEntry] = []
            for e in entries {
                guard case .object = e, let addr = e["address"] else {
                    throw ParamError("\(ctx): each accessList entry needs an address")
                }
                var keys: [Hash] = []
                if let k = e["storageKeys"], k != .null {
                    guard case .array(let ks) = k else { throw ParamError("\(ctx): storageKeys must be an array") }
                    for key in ks { keys.append(try ParamDecode.hash(key, ctx, "storage key")) }
                }
                list.append(AccessListEntry(address: try ParamDecode.address(addr, ctx, "accessList address"),
                                            storageKeys: keys))
            }
            a.accessList = list
        }
        if a.gasPrice != nil && (a.maxFeePerGas != nil || a.maxPriorityFeePerGas != nil) {
            throw ParamError("\(ctx): both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified")
        }
        return a
    }

    var callRequest: CallRequest {
        CallRequest(from: from, to: to, gas: gas, gasPrice: gasPrice, maxFeePerGas: maxFeePerGas,
                    maxPriorityFeePerGas: maxPriorityFeePerGas, value: value, data: data, accessList: accessList ?? [])
    }
}

extension ChainNode {
    /// Block number for execution at `sel`; -32000 "header not found" beyond the head.
    func executionBlock(_ sel: BlockSelector) throws -> UInt64 {
        guard let n = try number(of: sel) else {
            if case .hash(let h, _) = sel { throw RPCError.server("header for hash not found: \(h.hex)") }
            throw RPCError.server("header not found")
        }
        return n
    }

    /// eth_call(tx, block = latest): the return data; a revert → code 3 with the revert data.
    func ethCall(_ p: Params) throws -> JSON {
        try p.rejectOverrides(from: 2)
        let args = try TransactionArgs.parse(try p.required(0, "transaction"), "invalid argument 0")
        let n = try executionBlock(try p.block(1))
        let outcome = try chain.call(args.callRequest, at: n)
        if outcome.succeeded { return Enc.data(outcome.output) }
        if outcome.status == .revert { throw RPCError.reverted(outcome.output) }
        throw RPCError.server("\(outcome.status)")
    }

    /// eth_estimateGas(tx, block = latest): the smallest gas limit that succeeds (binary search in Chain).
    func estimateGas(_ p: Params) throws -> JSON {
        try p.rejectOverrides(from: 2)
        let args = try TransactionArgs.parse(try p.required(0, "transaction"), "invalid argument 0")
        let n = try executionBlock(try p.block(1))
        return Enc.q(try chain.estimateGas(args.callRequest, at: n))
    }

    /// eth_sendTransaction(tx) from an unlocked dev account or an impersonated one: fills nonce
    /// (pending), gas (estimate), fees (type 2 unless gasPrice is given: tip =
    /// eth_maxPriorityFeePerGas, maxFee = 2·next base fee + tip), chain id; signs (RFC 6979) — or,
    /// for an impersonated account without a key, gives it `Transaction.impersonated(by:)`'s
    /// placeholder signature — and submits.
    func sendTransaction(_ p: Params) throws -> JSON {
        let args = try TransactionArgs.parse(try p.required(0, "transaction"), "invalid argument 0")
        guard let from = args.from else { throw ParamError("invalid argument 0: \"from\" is required") }
        // Impersonated accounts (anvil_impersonateAccount) send without a key; an unlocked dev
        // account is still signed for real even when impersonation is on.
        let key = keyByAddress[from]
        guard key != nil || chain.isImpersonated(from) else { throw RPCError.server("unknown account \(from.hex)") }
        if let cid = args.chainId, cid != chainId {
            throw RPCError.server("invalid chain id: have \(cid) want \(chainId)")
        }
        let nonce = args.nonce ?? chain.pendingNonce(of: from)
        var tx: Transaction
        if let gasPrice = args.gasPrice {
            let typed = args.type == 1 || args.accessList != nil
            tx = Transaction(type: typed ? .accessList : .legacy, chainId: chainId, nonce: nonce, gasPrice: gasPrice,
                             to: args.to, value: args.value ?? .zero, data: args.data,
                             accessList: args.accessList ?? [])
        } else {
            var tip = args.maxPriorityFeePerGas ?? currentTip
            // Saturating: a base fee set near 2^256 (anvil_setNextBlockBaseFeePerGas) must not wrap
            // to a tiny fee cap.
            let base = chain.nextBaseFee()
            let doubled = base.addingReportingOverflow(base)
            let withTip = doubled.partialValue.addingReportingOverflow(tip)
            let maxFee = args.maxFeePerGas ?? (doubled.overflow || withTip.overflow ? UInt256.max : withTip.partialValue)
            if tip > maxFee { tip = maxFee }
            tx = Transaction(type: .dynamicFee, chainId: chainId, nonce: nonce, maxPriorityFeePerGas: tip,
                             maxFeePerGas: maxFee, to: args.to, value: args.value ?? .zero, data: args.data,
                             accessList: args.accessList ?? [])
        }
        if let gas = args.gas {
            tx.gasLimit = gas
        } else {
            var probe = args.callRequest
            probe.from = from
            // geth fills the fees before estimating: a tip given without a fee cap would otherwise
            // be estimated against a cap of 0 ("max priority fee per gas higher than max fee").
            if args.gasPrice == nil, args.maxFeePerGas == nil, args.maxPriorityFeePerGas != nil {
                probe.maxFeePerGas = tx.maxFeePerGas
            }
            tx.gasLimit = try chain.estimateGas(probe, at: chain.head.header.number)
        }
        guard let key else { return Enc.hash(try chain.submitImpersonated(tx, sender: from)) }
        let signed = try Transaction.sign(unsigned: tx, key: key)
        return Enc.hash(try chain.submit(signed, sender: from))
    }

    /// eth_getProof(address, storageKeys, block) — EIP-1186; proofs are RLP trie nodes root → leaf.
    func proof(_ p: Params) throws -> JSON {
        let a = try p.address(0)
        guard case .array(let rawKeys) = try p.required(1, "storage keys") else {
            throw ParamError("invalid argument 1: storage keys must be an array")
        }
        var keys: [UInt256] = []
        for k in rawKeys {   // 32-byte words in geth: zero-padded keys are normal
            keys.append(try ParamDecode.quantity(k, "invalid argument 1", "storage key", allowLeadingZeros: true))
        }
        let state = try stateAt(try p.block(2, default: nil))
        let pr = state.proof(address: a, storageKeys: keys)
        return .object([
            ("address", Enc.addr(a)),
            ("accountProof", .array(pr.accountProof.map { Enc.data($0) })),
            ("balance", Enc.q(pr.balance)),
            ("codeHash", Enc.hash(pr.codeHash)),
            ("nonce", Enc.q(pr.nonce)),
            ("storageHash", Enc.hash(pr.storageHash)),
            ("storageProof", .array(pr.storageProof.map { sp in
                .object([("key", Enc.word(sp.key)), ("value", Enc.q(sp.value)), ("proof", .array(sp.proof.map { Enc.data($0) }))])
            })),
        ])
    }
}
