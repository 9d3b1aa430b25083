import Chain
import EVM
import Primitives

/// trace_* (Parity format) and ots_* (Otterscan API level 8) (issue 5).
///
/// ots_* follow Otterscan's `docs/custom-jsonrpc.md` and erigon's implementation: numbers
/// (block numbers, page numbers and sizes, nonces) are accepted as JSON numbers — Otterscan sends
/// them so — or as hex QUANTITYs; results use execution-apis shapes (QUANTITY, DATA).
/// The address index behind ots_searchTransactions* and ots_getContractCreator is built by
/// scanning blocks on demand (see `Blockchain.transactions(involving:before:pageSize:)`); a devnet
/// chain is small enough for that.
extension ChainNode {
    /// Otterscan API level served (ots_getApiLevel): 8, the level Otterscan 2.x requires.
    static let otterscanApiLevel = 8

    /// Most positional parameters of each method here (merged into `maxParams`).
    static let otterscanMaxParams: [String: Int] = [
        "ots_getApiLevel": 0, "ots_hasCode": 2, "erigon_getHeaderByNumber": 1,
        "ots_getBlockDetails": 1, "ots_getBlockDetailsByHash": 1, "ots_getBlockTransactions": 3,
        "ots_searchTransactionsBefore": 3, "ots_searchTransactionsAfter": 3,
        "ots_getTransactionBySenderAndNonce": 2, "ots_getContractCreator": 1,
        "ots_traceTransaction": 1, "ots_getTransactionError": 1, "ots_getInternalOperations": 1,
        "trace_transaction": 1, "trace_block": 1, "trace_replayTransaction": 2,
        "trace_replayBlockTransactions": 2, "trace_get": 2, "trace_filter": 1,
    ]

    /// This file's method table; nil for a method it does not serve.
    func dispatchOtterscan(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        case "ots_getApiLevel":
            return .number(String(Self.otterscanApiLevel))
        case "ots_hasCode":
            let a = try p.address(0)
            let sel = try otsBlock(p, 1, default: .latest)
            return .bool(!(try stateAt(sel).code(a).isEmpty))
        case "erigon_getHeaderByNumber":
            // Otterscan reads headers with it (anvil serves it too): the block object without
            // transaction bodies, null beyond the head.
            return blockAt(try otsBlock(p, 0, default: nil)).map { Shapes.block($0, fullTransactions: false) } ?? .null
        case "ots_getBlockDetails":
            guard let b = blockAt(try otsBlock(p, 0, default: nil)) else { return .null }
            return blockDetails(b)
        case "ots_getBlockDetailsByHash":
            guard let b = chain.block(hash: try p.hash(0, "block hash")) else { return .null }
            return blockDetails(b)
        case "ots_getBlockTransactions":
            let sel = try otsBlock(p, 0, default: nil)
            let page = try otsUInt(p, 1, "page number")
            let size = try otsUInt(p, 2, "page size")
            guard let b = blockAt(sel) else { return .null }
            return blockTransactions(b, page: page, pageSize: size)
        case "ots_searchTransactionsBefore", "ots_searchTransactionsAfter":
            let a = try p.address(0)
            let from = try otsUInt(p, 1, "block number")
            let size = try otsUInt(p, 2, "page size")
            guard size >= 1 else { throw ParamError("invalid argument 2: page size must be at least 1") }
            return searchTransactions(a, from: from, pageSize: Int(min(size, 100_000)),
                                      before: method == "ots_searchTransactionsBefore")
        case "ots_getTransactionBySenderAndNonce":
            let a = try p.address(0)
            let nonce = try otsUInt(p, 1, "nonce")
            return chain.transactionHash(sender: a, nonce: nonce).map(Enc.hash) ?? .null
        case "ots_getContractCreator":
            let a = try p.address(0)
            guard let c = chain.contractCreator(of: a) else { return .null }
            return .object([("hash", Enc.hash(c.transactionHash)), ("creator", Enc.addr(c.creator))])
        default:
            return try dispatchTracing(method, p)
        }
    }

    // MARK: parameters

    /// A non-negative integer given as a JSON number or a hex QUANTITY.
    func otsUInt(_ p: Params, _ i: Int, _ what: String) throws -> UInt64 {
        try ParamDecode.flexibleUInt(try p.required(i, what), "invalid argument \(i)", what)
    }

    /// A block given as a JSON number (Otterscan's habit), a hex number, a tag or EIP-1898 object.
    func otsBlock(_ p: Params, _ i: Int, default d: BlockSelector?) throws -> BlockSelector {
        if case .number = p.optional(i) { return .number(try otsUInt(p, i, "block number")) }
        return try p.block(i, default: d)
    }

    // MARK: shapes

    /// Replaces (or appends) member `key` of a JSON object.
    static func setting(_ json: JSON, _ key: String, _ value: JSON) -> JSON {
        guard case .object(var m) = json else { return json }
        if let k = m.firstIndex(where: { $0.0 == key }) { m[k].1 = value } else { m.append((key, value)) }
        return .object(m)
    }

    /// Drops member `key` of a JSON object.
    static func removing(_ json: JSON, _ key: String) -> JSON {
        guard case .object(let m) = json else { return json }
        return .object(m.filter { $0.0 != key })
    }

    /// ots_getBlockDetails: `{block, issuance, totalFees}` — `block` is eth_getBlockByNumber's
    /// object without `transactions`, with `logsBloom` null and `transactionCount`; `issuance`
    /// is all zero (no block or uncle rewards after the merge); `totalFees` = Σ gasUsed ×
    /// effectiveGasPrice over the block's transactions, in wei (what senders paid, base fee
    /// included, as Otterscan's docs define it).
    func blockDetails(_ b: Block) -> JSON {
        var block = Self.removing(Shapes.block(b, fullTransactions: false), "transactions")
        block = Self.setting(block, "logsBloom", .null)
        block = Self.setting(block, "transactionCount", .number(String(b.transactions.count)))
        var fees = UInt256.zero
        for i in b.transactions.indices { fees = fees &+ UInt256(b.gasUsed[i]) &* b.effectiveGasPrices[i] }
        return .object([
            ("block", block),
            ("issuance", .object([("blockReward", .string("0x0")), ("uncleReward", .string("0x0")),
                                  ("issuance", .string("0x0"))])),
            ("totalFees", Enc.q(fees)),
        ])
    }

    /// ots_getBlockTransactions: `{fullblock, receipts}`. Pages count from the END of the block,
    /// as erigon's implementation (the one Otterscan is built against) does: page `p` holds
    /// transactions `max(0, n − (p+1)·size) ..< max(0, n − p·size)` in block order, so page 0 is
    /// the block's last `size` transactions. `fullblock` is the block with those full transaction
    /// objects only, each `input` cut to its 4-byte selector, `logsBloom` null and
    /// `transactionCount` the block's whole count; `receipts` the same transactions' receipts with
    /// `logs` and `logsBloom` null.
    func blockTransactions(_ b: Block, page: UInt64, pageSize: UInt64) -> JSON {
        let count = UInt64(b.transactions.count)
        let (skipped, overflow) = page.multipliedReportingOverflow(by: pageSize)
        let end = overflow || skipped >= count ? 0 : count - skipped
        let start = end > pageSize ? end - pageSize : 0
        let range = Int(start)..<Int(end)
        let facts = Shapes.BlockFacts(b, blobSchedule: chain.executor.blobSchedule)
        var txs: [JSON] = []
        var receipts: [JSON] = []
        for i in range {
            var tx = txJSON(b, i)
            tx = Self.setting(tx, "input", Enc.data(b.transactions[i].data.prefix(4)))
            txs.append(tx)
            var r = Shapes.receipt(block: b, index: i, facts: facts)
            r = Self.setting(r, "logs", .null)
            r = Self.setting(r, "logsBloom", .null)
            receipts.append(r)
        }
        var block = Self.setting(Shapes.block(b, fullTransactions: false), "transactions", .array(txs))
        block = Self.setting(block, "logsBloom", .null)
        block = Self.setting(block, "transactionCount", .number(String(count)))
        return .object([("fullblock", block), ("receipts", .array(receipts))])
    }

    /// ots_searchTransactionsBefore / After: `{txs, receipts, firstPage, lastPage}` with
    /// transactions newest first, each receipt the eth_getTransactionReceipt object plus the
    /// block's `timestamp`. `from` 0 means "from the head" (Before) or "from genesis" (After).
    /// firstPage: Before with 0, or After that reached the head; lastPage: After with 0, or Before
    /// that reached genesis (Otterscan's definitions).
    func searchTransactions(_ a: Address, from: UInt64, pageSize: Int, before: Bool) -> JSON {
        let page = before
            ? chain.transactions(involving: a, before: from == 0 ? nil : from, pageSize: pageSize)
            : chain.transactions(involving: a, after: from == 0 ? nil : from, pageSize: pageSize)
        var txs: [JSON] = []
        var receipts: [JSON] = []
        var factsCache: (UInt64, Shapes.BlockFacts)?
        for pos in page.positions {
            guard let b = chain.block(number: pos.blockNumber) else { continue }
            let facts: Shapes.BlockFacts
            if let c = factsCache, c.0 == pos.blockNumber { facts = c.1 } else {
                facts = Shapes.BlockFacts(b, blobSchedule: chain.executor.blobSchedule)
                factsCache = (pos.blockNumber, facts)
            }
            txs.append(txJSON(b, pos.index))
            receipts.append(Self.setting(Shapes.receipt(block: b, index: pos.index, facts: facts),
                                         "timestamp", Enc.q(b.header.timestamp)))
        }
        let first = before ? from == 0 : !page.hasMore
        let last = before ? !page.hasMore : from == 0
        return .object([("txs", .array(txs)), ("receipts", .array(receipts)),
                        ("firstPage", .bool(first)), ("lastPage", .bool(last))])
    }
}
