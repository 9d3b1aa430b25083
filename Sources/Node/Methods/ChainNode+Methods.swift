import Chain
import DevnetCrypto
import EVM
import Primitives
import State

extension ChainNode {
    /// Every method served, with the most positional parameters it takes. A call with more gets
    /// -32602 "too many arguments, want at most N" (geth's wording, `rpc/json.go`); a method missing
    /// here is answered -32601 even if `dispatch` knows it, so the two cannot drift apart unnoticed.
    /// The counts are geth's signatures, except eth_call and eth_estimateGas: geth takes state and
    /// block overrides as arguments 2 and 3, which this node does not implement, so it takes 2 (the
    /// answer older geth gave, which clients read as "overrides not supported"). Dev methods
    /// follow anvil/hardhat.
    static let maxParams: [String: Int] = [
        "web3_clientVersion": 0, "web3_sha3": 1,
        "net_version": 0, "net_listening": 0, "net_peerCount": 0,
        "eth_chainId": 0, "eth_syncing": 0, "eth_mining": 0, "eth_hashrate": 0, "eth_coinbase": 0,
        "eth_accounts": 0, "eth_blockNumber": 0, "eth_gasPrice": 0, "eth_maxPriorityFeePerGas": 0,
        "eth_feeHistory": 3, "eth_blobBaseFee": 0,
        "eth_getBalance": 2, "eth_getTransactionCount": 2, "eth_getCode": 2, "eth_getStorageAt": 3,
        "eth_getProof": 3,
        "eth_call": 4, "eth_estimateGas": 4, "eth_sendRawTransaction": 1, "eth_sendTransaction": 1,
        "eth_sign": 2, "personal_sign": 3,   // geth: (data, address, password); the password is ignored
        "eth_getBlockByNumber": 2, "eth_getBlockByHash": 2,
        "eth_getBlockTransactionCountByNumber": 1, "eth_getBlockTransactionCountByHash": 1,
        "eth_getUncleCountByBlockNumber": 1, "eth_getUncleCountByBlockHash": 1,
        "eth_getUncleByBlockNumberAndIndex": 2, "eth_getUncleByBlockHashAndIndex": 2,
        "eth_getBlockReceipts": 1,
        "eth_getTransactionByHash": 1, "eth_getTransactionByBlockNumberAndIndex": 2,
        "eth_getTransactionByBlockHashAndIndex": 2, "eth_getTransactionReceipt": 1,
        "eth_getLogs": 1, "eth_newFilter": 1, "eth_newBlockFilter": 0, "eth_getFilterChanges": 1,
        "eth_getFilterLogs": 1, "eth_uninstallFilter": 1, "eth_newPendingTransactionFilter": 0,
    ].merging(cheatMaxParams) { a, _ in a }
        .merging(debugMaxParams) { a, _ in a }
        .merging(otterscanMaxParams) { a, _ in a }
        .merging(extrasMaxParams) { a, _ in a }
        .merging(extensionHostMaxParams) { a, _ in a }

    /// The method table. Returns nil for an unknown method.
    func dispatch(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        // web3 / net
        case "web3_clientVersion": return .string(clientVersion)
        case "web3_sha3": return Enc.hash(Keccak256.hash(try p.data(0)))
        case "net_version": return .string(String(chainId))
        case "net_listening": return .bool(true)
        case "net_peerCount": return .string("0x0")
        // chain facts
        case "eth_chainId": return Enc.q(chainId)
        case "eth_syncing": return .bool(false)
        case "eth_mining": return .bool(chain.automine)
        case "eth_hashrate": return .string("0x0")
        case "eth_coinbase": return Enc.addr(chain.coinbase)
        case "eth_accounts": return .array(keys.map { Enc.addr($0.address) })
        case "eth_blockNumber": return Enc.q(chain.head.header.number)
        case "eth_gasPrice": return Enc.q(gasPrice())
        case "eth_maxPriorityFeePerGas": return Enc.q(currentTip)
        case "eth_feeHistory": return try feeHistory(p)
        case "eth_blobBaseFee": return Enc.q(chain.nextBlobBaseFee())   // EIP-4844, the next block's
        // state
        case "eth_getBalance":
            let a = try p.address(0)
            return Enc.q(try stateAt(try p.block(1)).balance(a))
        case "eth_getTransactionCount":
            let a = try p.address(0)
            let sel = try p.block(1)
            if sel == .pending { return Enc.q(chain.pendingNonce(of: a)) }
            return Enc.q(try stateAt(sel).nonce(a))
        case "eth_getCode":
            let a = try p.address(0)
            return Enc.data(try stateAt(try p.block(1)).code(a).bytes)
        case "eth_getStorageAt":
            let a = try p.address(0)
            let slot = try p.storageSlot(1)
            return Enc.word(try stateAt(try p.block(2)).storage(a, slot))
        case "eth_getProof": return try proof(p)
        // execution
        case "eth_call": return try ethCall(p)
        case "eth_estimateGas": return try estimateGas(p)
        case "eth_sendRawTransaction":
            let raw = try p.data(0, "raw transaction")
            return Enc.hash(try chain.submit(raw: raw))
        case "eth_sendTransaction": return try sendTransaction(p)
        case "eth_sign":
            let a = try p.address(0)
            let msg = try p.data(1, "message")
            return try sign(message: msg, account: a)
        case "personal_sign":
            let msg = try p.data(0, "message")
            let a = try p.address(1)
            return try sign(message: msg, account: a)
        // blocks
        case "eth_getBlockByNumber":
            let sel = try p.block(0, default: nil)
            let full = try p.optionalBool(1, "full transactions flag", default: false)
            return blockAt(sel).map { Shapes.block($0, fullTransactions: full) } ?? .null
        case "eth_getBlockByHash":
            let h = try p.hash(0, "block hash")
            let full = try p.optionalBool(1, "full transactions flag", default: false)
            return chain.block(hash: h).map { Shapes.block($0, fullTransactions: full) } ?? .null
        case "eth_getBlockTransactionCountByNumber":
            return blockAt(try p.block(0, default: nil)).map { Enc.q($0.transactions.count) } ?? .null
        case "eth_getBlockTransactionCountByHash":
            return chain.block(hash: try p.hash(0, "block hash")).map { Enc.q($0.transactions.count) } ?? .null
        case "eth_getUncleCountByBlockNumber":
            return blockAt(try p.block(0, default: nil)).map { _ in .string("0x0") } ?? .null
        case "eth_getUncleCountByBlockHash":
            return chain.block(hash: try p.hash(0, "block hash")).map { _ in .string("0x0") } ?? .null
        case "eth_getUncleByBlockNumberAndIndex":
            _ = try p.block(0, default: nil)
            _ = try p.uint64(1, "uncle index")
            return .null                                        // no uncles after the merge
        case "eth_getUncleByBlockHashAndIndex":
            _ = try p.hash(0, "block hash")
            _ = try p.uint64(1, "uncle index")
            return .null
        case "eth_getBlockReceipts":
            guard let b = blockAt(try p.block(0, default: nil)) else { return .null }
            let facts = Shapes.BlockFacts(b, blobSchedule: chain.executor.blobSchedule)
            return .array(b.transactions.indices.map { Shapes.receipt(block: b, index: $0, facts: facts) })
        // transactions
        case "eth_getTransactionByHash":
            let h = try p.hash(0, "transaction hash")
            if let mined = chain.transaction(hash: h) { return txJSON(mined.block, mined.index) }
            if let pooled = chain.pooledTransaction(hash: h) {
                return Shapes.transaction(pooled.transaction, sender: pooled.sender, location: nil, hash: h)
            }
            return .null
        case "eth_getTransactionByBlockNumberAndIndex":
            let b = blockAt(try p.block(0, default: nil))
            let i = try p.uint64(1, "transaction index")
            guard let b, i < UInt64(b.transactions.count) else { return .null }
            return txJSON(b, Int(i))
        case "eth_getTransactionByBlockHashAndIndex":
            let b = chain.block(hash: try p.hash(0, "block hash"))
            let i = try p.uint64(1, "transaction index")
            guard let b, i < UInt64(b.transactions.count) else { return .null }
            return txJSON(b, Int(i))
        case "eth_getTransactionReceipt":
            let h = try p.hash(0, "transaction hash")
            guard let mined = chain.transaction(hash: h) else { return .null }
            return Shapes.receipt(block: mined.block, index: mined.index,
                                  facts: Shapes.BlockFacts(mined.block, blobSchedule: chain.executor.blobSchedule))
        // logs and filters
        case "eth_getLogs": return try getLogs(p)
        case "eth_newFilter": return try newFilter(p)
        case "eth_newBlockFilter": return newBlockFilter()
        case "eth_newPendingTransactionFilter": return newPendingTransactionFilter()
        case "eth_getFilterChanges": return try filterChanges(p)
        case "eth_getFilterLogs": return try filterLogs(p)
        case "eth_uninstallFilter": return .bool(filters.removeValue(forKey: try filterID(p)) != nil)
        // mining: evm_mine, anvil_mine, evm_setAutomine, … are in the cheat table (ChainNode+Cheats.swift)
        default:
            if let r = try dispatchCheat(method, p) { return r }
            if let r = try dispatchDebug(method, p) { return r }
            if let r = try dispatchOtterscan(method, p) { return r }
            if let r = try dispatchExtensionHost(method, p) { return r }
            return try dispatchExtras(method, p)
        }
    }

    func txJSON(_ b: Block, _ i: Int) -> JSON {
        Shapes.transaction(b.transactions[i], sender: b.senders[i],
                           location: .init(blockHash: b.hash, blockNumber: b.header.number, index: i,
                                           baseFee: b.header.baseFeePerGas),
                           hash: b.transactionHashes[i])
    }

    // MARK: block selection

    /// Block number a selector names; nil when beyond the head or unknown (block getters answer null).
    func number(of sel: BlockSelector) throws -> UInt64? {
        let head = chain.head.header.number
        switch sel {
        case .latest, .pending: return head
        case .safe: return chain.resolvedSafeBlockNumber
        case .finalized: return chain.resolvedFinalizedBlockNumber
        case .earliest: return 0
        case .number(let n): return n <= head ? n : nil
        case .hash(let h, _): return chain.block(hash: h)?.header.number
        }
    }

    func blockAt(_ sel: BlockSelector) -> Block? {
        guard let n = try? number(of: sel) else { return nil }
        return chain.block(number: n)
    }

    /// State after the selected block; throws -32000 "header not found" beyond the head (geth's words).
    func stateAt(_ sel: BlockSelector) throws -> StateSnapshot {
        guard let n = try number(of: sel) else {
            if case .hash(let h, _) = sel { throw RPCError.server("header for hash not found: \(h.hex)") }
            throw RPCError.server("header not found")
        }
        guard let s = chain.state(at: n) else { throw RPCError.server("state for block \(n) is not available") }
        return s
    }

    // MARK: fees

    /// The tip suggested to wallets and used by eth_sendTransaction, in wei per gas: `suggestedTip`,
    /// raised to anvil_setMinGasPrice's floor when one is set (else the node's own default would be
    /// refused by its pool: "transaction gas price below minimum").
    var currentTip: UInt256 {
        guard let floor = chain.settings.minGasPrice, floor > suggestedTip else { return suggestedTip }
        return floor
    }

    /// eth_gasPrice: next block's base fee + the suggested tip, so a legacy transaction priced at it
    /// pays the same tip as an EIP-1559 one using eth_maxPriorityFeePerGas; never below the head's
    /// base fee (wallets compare against the latest block).
    func gasPrice() -> UInt256 {
        let head = chain.head.header.baseFeePerGas ?? .zero
        // Saturating: anvil_setNextBlockBaseFeePerGas may set a base fee near 2^256 (a wrapped sum
        // would suggest a tiny price).
        let sum = chain.nextBaseFee().addingReportingOverflow(currentTip)
        let price = sum.overflow ? UInt256.max : sum.partialValue
        return price > head ? price : head
    }

    /// eth_feeHistory(blockCount, newestBlock, rewardPercentiles?) — execution-apis; rewards per
    /// percentile are the effective tips of the block's transactions weighted by gas used (geth).
    /// `baseFeePerBlobGas`: each block's blob base fee (EIP-4844, from its `excessBlobGas`) plus the
    /// next block's (count + 1 entries); `blobGasUsedRatio`: blobGasUsed / (max blobs × 2^17) of the
    /// chain's `BlobSchedule`.
    func feeHistory(_ p: Params) throws -> JSON {
        var count: UInt64
        switch try p.required(0, "block count") {
        case .number(let s):
            guard let n = UInt64(s) else { throw ParamError("invalid argument 0: block count must be a non-negative integer") }
            count = n
        default:   // geth's math.HexOrDecimal64: leading zeros are fine here
            count = try ParamDecode.uint64(p.items[0], "invalid argument 0", "block count", allowLeadingZeros: true)
        }
        guard let newest = try number(of: try p.block(1, default: nil)) else { throw RPCError.server("header not found") }
        var percentiles: [Double] = []
        if let v = p.optional(2) {
            guard case .array(let items) = v else { throw ParamError("invalid argument 2: reward percentiles must be an array of numbers") }
            for item in items {
                guard case .number(let s) = item, let d = Double(s), d >= 0, d <= 100 else {
                    throw ParamError("invalid argument 2: each reward percentile must be a number in [0, 100]")
                }
                if let last = percentiles.last, d < last {
                    throw ParamError("invalid argument 2: reward percentiles must be non-decreasing")
                }
                percentiles.append(d)
            }
        }
        count = min(count, 1024, newest + 1)
        guard count > 0 else {
            return .object([("oldestBlock", .string("0x0")), ("baseFeePerGas", .array([])), ("gasUsedRatio", .array([]))])
        }
        let oldest = newest + 1 - count
        var baseFees: [JSON] = []
        var ratios: [JSON] = []
        var rewards: [JSON] = []
        var blobFees: [JSON] = []
        var blobRatios: [JSON] = []
        let schedule = chain.executor.blobSchedule
        let maxBlobGas = schedule.maxBlobGasPerBlock
        for n in oldest...newest {
            guard let b = chain.block(number: n) else { continue }
            let h = b.header
            let base = h.baseFeePerGas ?? .zero
            baseFees.append(Enc.q(base))
            ratios.append(Enc.double(h.gasLimit == 0 ? 0 : Double(h.gasUsed) / Double(h.gasLimit)))
            blobFees.append(Enc.q(schedule.baseFee(excessBlobGas: h.excessBlobGas ?? 0)))
            blobRatios.append(Enc.double(maxBlobGas == 0 ? 0 : Double(h.blobGasUsed ?? 0) / Double(maxBlobGas)))
            if !percentiles.isEmpty {
                rewards.append(.array(blockRewards(b, percentiles).map(Enc.q)))
            }
        }
        let next: UInt256 = newest == chain.head.header.number
            ? chain.nextBaseFee()
            : (chain.block(number: newest + 1)?.header.baseFeePerGas ?? .zero)
        baseFees.append(Enc.q(next))
        let nextBlob: UInt256 = newest == chain.head.header.number
            ? chain.nextBlobBaseFee()
            : schedule.baseFee(excessBlobGas: chain.block(number: newest + 1)?.header.excessBlobGas ?? 0)
        blobFees.append(Enc.q(nextBlob))
        var m: [(String, JSON)] = [("oldestBlock", Enc.q(oldest)), ("baseFeePerGas", .array(baseFees)),
                                   ("gasUsedRatio", .array(ratios))]
        m.append(("baseFeePerBlobGas", .array(blobFees)))
        m.append(("blobGasUsedRatio", .array(blobRatios)))
        if !percentiles.isEmpty { m.append(("reward", .array(rewards))) }
        return .object(m)
    }

    func blockRewards(_ b: Block, _ percentiles: [Double]) -> [UInt256] {
        guard !b.transactions.isEmpty else { return percentiles.map { _ in .zero } }
        let base = b.header.baseFeePerGas ?? .zero
        let facts = Shapes.BlockFacts(b, blobSchedule: chain.executor.blobSchedule)
        var items: [(tip: UInt256, gas: UInt64)] = b.transactions.indices.map { i in
            let price = b.effectiveGasPrices[i]
            return (price > base ? price &- base : .zero, facts.gasUsed[i])
        }
        items.sort { $0.tip < $1.tip }
        let total = items.reduce(UInt64(0)) { $0 + $1.gas }
        var out: [UInt256] = []
        var k = 0
        var sum = items[0].gas
        for pct in percentiles {
            let threshold = Double(total) * pct / 100
            while Double(sum) < threshold && k < items.count - 1 {
                k += 1
                sum += items[k].gas
            }
            out.append(items[k].tip)
        }
        return out
    }

    // MARK: signing

    /// EIP-191 personal message signature (65 bytes r‖s‖v, v ∈ {27, 28}) by an unlocked account.
    func sign(message: [UInt8], account: Address) throws -> JSON {
        guard let key = keyByAddress[account] else { throw RPCError.server("unknown account \(account.hex)") }
        return Enc.data(try EIP191.sign(message: message, key: key))
    }

    // MARK: mining

    /// evm_mine([timestamp | {timestamp, blocks}]) and anvil_mine([blocks[, interval]]).
    func mine(_ p: Params, anvil: Bool) throws -> JSON {
        var blocks: UInt64 = 1
        var timestamp: UInt64? = nil
        var interval: UInt64 = 1
        if anvil {
            if p.optional(0) != nil { blocks = try ParamDecode.flexibleUInt(p.items[0], "invalid argument 0", "block count") }
            if p.optional(1) != nil { interval = try ParamDecode.flexibleUInt(p.items[1], "invalid argument 1", "interval") }
        } else if let v = p.optional(0) {
            if case .object = v {
                if let t = v["timestamp"], t != .null { timestamp = try ParamDecode.flexibleUInt(t, "invalid argument 0", "timestamp") }
                if let n = v["blocks"], n != .null { blocks = try ParamDecode.flexibleUInt(n, "invalid argument 0", "blocks") }
            } else {
                timestamp = try ParamDecode.flexibleUInt(v, "invalid argument 0", "timestamp")
            }
        }
        guard blocks <= 10_000 else { throw ParamError("invalid argument 0: at most 10000 blocks at once") }
        for k in 0..<blocks {
            // Saturating: a huge interval or timestamp must not trap (the block builder keeps
            // timestamps increasing from the parent).
            let step = k.multipliedReportingOverflow(by: interval)
            var ts = timestamp.map { t in
                step.overflow || t.addingReportingOverflow(step.partialValue).overflow ? UInt64.max : t + step.partialValue
            }
            if anvil, k > 0, ts == nil {
                let parent = chain.head.header.timestamp
                ts = parent.addingReportingOverflow(interval).overflow ? .max : parent + interval
            }
            if k == 0, let t = ts {
                // As anvil's evm_mine(timestamp): the time moves there, so later blocks continue
                // from it (a time not above the head's is still raised to head + 1).
                chain.nextBlockTimestamp = t
                ts = nil
            }
            // No live sealer (a stopped L2 leader): -32000 with the sealer's reason.
            do throws(MineError) { try chain.mineBlock(timestamp: ts) } catch { throw RPCError.server(error.description) }
        }
        return anvil ? .null : .string("0x0")
    }
}

extension ParamDecode {
    /// A count given either as a JSON number or as a hex QUANTITY (cheat methods accept both).
    static func flexibleUInt(_ v: JSON, _ ctx: String, _ what: String) throws(ParamError) -> UInt64 {
        if case .number(let s) = v {
            guard let n = UInt64(s) else { throw ParamError("\(ctx): \(what) must be a non-negative integer") }
            return n
        }
        return try uint64(v, ctx, what)
    }
}
