import Chain
import EVM
import Primitives

/// A log query (eth_getLogs, eth_newFilter): execution-apis `Filter`.
struct LogQuery {
    var from: BlockSelector = .latest
    var to: BlockSelector = .latest
    var blockHash: Hash? = nil
    /// Empty = any address.
    var addresses: [Address] = []
    /// Position i: nil or empty = any topic; otherwise the log's topic i must be one of these.
    var topics: [[Hash]?] = []

    static func parse(_ v: JSON, _ ctx: String) throws(ParamError) -> LogQuery {
        guard case .object = v else { throw ParamError("\(ctx): filter must be an object") }
        var q = LogQuery()
        if let h = v["blockHash"], h != .null {
            q.blockHash = try ParamDecode.hash(h, ctx, "blockHash")
            if (v["fromBlock"] ?? .null) != .null || (v["toBlock"] ?? .null) != .null {
                throw ParamError("\(ctx): blockHash cannot be combined with fromBlock/toBlock")
            }
        }
        if let f = v["fromBlock"], f != .null { q.from = try BlockSelector.parse(f, ctx + " fromBlock") }
        if let t = v["toBlock"], t != .null { q.to = try BlockSelector.parse(t, ctx + " toBlock") }
        switch v["address"] {
        case nil, .null?: break
        case .string?: q.addresses = [try ParamDecode.address(v["address"]!, ctx)]
        case .array(let items)?:
            for a in items { q.addresses.append(try ParamDecode.address(a, ctx)) }
        default: throw ParamError("\(ctx): address must be an address or an array of addresses")
        }
        switch v["topics"] {
        case nil, .null?: break
        case .array(let items)?:
            guard items.count <= 4 else { throw ParamError("\(ctx): at most 4 topic positions") }
            for t in items {
                switch t {
                case .null: q.topics.append(nil)
                case .string: q.topics.append([try ParamDecode.hash(t, ctx, "topic")])
                case .array(let alts):
                    var set: [Hash] = []
                    for a in alts {
                        if a == .null { set = []; break }  // a null alternative matches anything
                        set.append(try ParamDecode.hash(a, ctx, "topic"))
                    }
                    q.topics.append(set.isEmpty ? nil : set)
                default: throw ParamError("\(ctx): each topic must be null, a hash or an array of hashes")
                }
            }
        default: throw ParamError("\(ctx): topics must be an array")
        }
        return q
    }

    func matches(_ log: Log) -> Bool {
        if !addresses.isEmpty && !addresses.contains(log.address) { return false }
        for (i, alts) in topics.enumerated() {
            guard let alts else { continue }
            guard i < log.topics.count, alts.contains(log.topics[i]) else { return false }
        }
        return true
    }

    /// Whether the block bloom may hold a match (skips blocks cheaply).
    func mayMatch(_ bloom: Bloom) -> Bool {
        if !addresses.isEmpty && !addresses.contains(where: { bloom.contains($0.bytes) }) { return false }
        for alts in topics {
            guard let alts else { continue }
            if !alts.contains(where: { bloom.contains($0.bytes) }) { return false }
        }
        return true
    }
}

extension ChainNode {
    /// Matching logs of one block, as JSON log objects in block order.
    /// - Throws: -32005 "query returned more than N results" once `out` would exceed `maxLogResults`.
    func logs(in b: Block, _ q: LogQuery, into out: inout [JSON]) throws(RPCError) {
        guard q.mayMatch(b.header.logsBloom) else { return }
        let hash = b.hash
        var logIndex = 0
        for (i, r) in b.receipts.enumerated() {
            for log in r.logs {
                if q.matches(log) {
                    guard out.count < maxLogResults else {
                        throw RPCError(code: -32005, message: "query returned more than \(maxLogResults) results")
                    }
                    out.append(Shapes.log(log, blockHash: hash, blockNumber: b.header.number,
                                          txHash: b.transactionHashes[i], txIndex: i, logIndex: logIndex))
                }
                logIndex += 1
            }
        }
    }

    /// Logs of blocks from...to (clamped to the head).
    func logs(from: UInt64, to: UInt64, _ q: LogQuery) throws -> [JSON] {
        let head = chain.head.header.number
        let last = min(to, head)
        guard from <= last else { return [] }
        guard last - from < maxLogRange else {
            throw RPCError(code: -32005, message: "query exceeds max block range \(maxLogRange)")
        }
        var out: [JSON] = []
        for n in from...last {
            if let b = chain.block(number: n) { try logs(in: b, q, into: &out) }
        }
        return out
    }

    func run(_ q: LogQuery) throws -> [JSON] {
        if let h = q.blockHash {
            guard let b = chain.block(hash: h) else { throw RPCError.server("unknown block \(h.hex)") }
            var out: [JSON] = []
            try logs(in: b, q, into: &out)
            return out
        }
        let head = chain.head.header.number
        guard let from = try number(of: q.from) else { return [] }   // starts beyond the head: nothing yet
        let to = try number(of: q.to) ?? head
        if from > to {
            throw RPCError.server("invalid block range params: fromBlock \(from) is after toBlock \(to)")
        }
        return try logs(from: from, to: to, q)
    }

    func getLogs(_ p: Params) throws -> JSON {
        let q = try LogQuery.parse(try p.required(0, "filter"), "invalid argument 0")
        return .array(try run(q))
    }

    // MARK: filters

    func newFilterID() -> String {
        // drop idle filters (and the most idle ones beyond the cap) before adding one
        let now = ContinuousClock.now
        filters = filters.filter { now - $0.value.lastUsed < Self.filterTimeout }
        if filters.count >= Self.maxFilters {
            let idle = filters.sorted { $0.value.lastUsed < $1.value.lastUsed }.prefix(filters.count - Self.maxFilters + 1)
            for (id, _) in idle { filters[id] = nil }
        }
        filterCounter += 1
        var rng = SystemRandomNumberGenerator()
        let high = UInt64.random(in: 1...UInt64(UInt32.max), using: &rng)
        return Hex.quantity(high << 24 | (filterCounter & 0xFF_FFFF))
    }

    func newFilter(_ p: Params) throws -> JSON {
        let q = try LogQuery.parse(try p.required(0, "filter"), "invalid argument 0")
        let id = newFilterID()
        filters[id] = Filter(kind: .logs(q), lastBlock: chain.head.header.number)
        return .string(id)
    }

    func newBlockFilter() -> JSON {
        let id = newFilterID()
        filters[id] = Filter(kind: .blocks, lastBlock: chain.head.header.number)
        return .string(id)
    }

    /// eth_newPendingTransactionFilter: a polling filter of the hashes of transactions entering the
    /// pool from now on (geth keeps them per filter; here the hub keeps the newest 10,000).
    func newPendingTransactionFilter() -> JSON {
        let id = newFilterID()
        filters[id] = Filter(kind: .pendingTransactions(seen: events.pendingSequence), lastBlock: chain.head.header.number)
        return .string(id)
    }

    func filterID(_ p: Params) throws -> String {
        let s = try p.string(0, "filter id")
        guard s.hasPrefix("0x") else { throw ParamError("invalid argument 0: filter id must be a hex string") }
        // ids are quantities; accept any case and leading zeros
        let digits = s.dropFirst(2).lowercased().drop(while: { $0 == "0" })
        return "0x" + (digits.isEmpty ? "0" : String(digits))
    }

    /// Items since the last poll, each reported once.
    func filterChanges(_ p: Params) throws -> JSON {
        let id = try filterID(p)
        guard var f = filters[id] else { throw RPCError.server("filter not found") }
        if case .pendingTransactions(let seen) = f.kind {
            let (hashes, last) = events.pooledHashes(after: seen)
            f.kind = .pendingTransactions(seen: last)
            f.lastUsed = .now
            filters[id] = f
            return .array(hashes.map(Enc.hash))
        }
        let head = chain.head.header.number
        defer { f.lastBlock = max(f.lastBlock, head); f.lastUsed = .now; filters[id] = f }
        guard head > f.lastBlock else { return .array([]) }
        switch f.kind {
        case .blocks:
            var out: [JSON] = []
            for n in (f.lastBlock + 1)...head {
                if let b = chain.block(number: n) { out.append(Enc.hash(b.hash)) }
            }
            return .array(out)
        case .pendingTransactions:
            return .array([])
        case .logs(let q):
            if q.blockHash != nil { return .array([]) }
            var from = f.lastBlock + 1
            var to = head
            if case .number(let n) = q.from { from = max(from, n) }
            if case .number(let n) = q.to { to = min(to, n) }
            return .array(try logs(from: from, to: to, q))
        }
    }

    func filterLogs(_ p: Params) throws -> JSON {
        let id = try filterID(p)
        guard var f = filters[id] else { throw RPCError.server("filter not found") }
        f.lastUsed = .now
        filters[id] = f
        guard case .logs(let q) = f.kind else { throw RPCError.server("filter not found: not a log filter") }
        return .array(try run(q))
    }
}
