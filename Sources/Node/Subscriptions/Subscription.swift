import Chain
import EVM
import Primitives

/// What one eth_subscribe asked for (geth `eth/filters/api.go`).
enum SubscriptionKind: Sendable {
    /// Each new canonical block's header.
    case newHeads
    /// Logs matching an address/topics filter (the same matching as eth_getLogs).
    case logs(LogQuery)
    /// Hashes of transactions entering the pool; full transaction objects when `full`.
    case newPendingTransactions(full: Bool)

    /// Parses eth_subscribe's params: `["newHeads"]`, `["logs", {address?, topics?}]`,
    /// `["newPendingTransactions", fullTransactions?]`.
    /// - Throws: -32602 for a missing or malformed name or filter; -32601 `no "x" subscription in
    ///   eth namespace` for an unknown name (geth's words and codes).
    static func parse(_ params: JSON) throws(RPCError) -> SubscriptionKind {
        guard case .array(let items) = params else {
            throw .invalidParams("invalid params: eth_subscribe takes positional parameters")
        }
        guard let first = items.first, case .string(let name) = first else {
            throw .invalidParams("expected subscription name as first argument")
        }
        func most(_ n: Int) throws(RPCError) {
            if items.count > n { throw .invalidParams("too many arguments, want at most \(n)") }
        }
        switch name {
        case "newHeads":
            try most(1)
            return .newHeads
        case "logs":
            try most(2)
            guard items.count > 1, items[1] != .null else { return .logs(LogQuery()) }
            var q: LogQuery
            do {
                q = try LogQuery.parse(items[1], "invalid argument 1")
            } catch {
                throw .invalidParams(error.message)
            }
            if q.blockHash != nil { throw .invalidParams("invalid argument 1: blockHash is not supported for a subscription") }
            // a live subscription follows the head: block bounds do not apply (geth ignores them too)
            q.from = .latest
            q.to = .latest
            return .logs(q)
        case "newPendingTransactions":
            try most(2)
            guard items.count > 1, items[1] != .null else { return .newPendingTransactions(full: false) }
            guard case .bool(let full) = items[1] else {
                throw .invalidParams("invalid argument 1: fullTransactions must be a boolean")
            }
            return .newPendingTransactions(full: full)
        default:
            throw RPCError(code: -32601, message: "no \"\(name)\" subscription in eth namespace")
        }
    }

    /// The `result` payloads `event` produces for this subscription, in order (none when it does not match).
    func results(for event: ChainEvent) -> [JSON] {
        switch (self, event) {
        case (.newHeads, .blockAppended(let b, _)):
            return [Self.header(b)]
        case (.logs(let q), .blockAppended(let b, _)):
            return Self.logs(b, q, removed: false)
        case (.logs(let q), .blockRemoved(let b, _)):
            return Self.logs(b, q, removed: true)
        case (.newPendingTransactions(let full), .transactionPooled(let tx, let sender, let hash)):
            return [full ? Shapes.transaction(tx, sender: sender, location: nil, hash: hash) : Enc.hash(hash)]
        default:
            return []
        }
    }

    /// The newHeads payload: the block object of eth_getBlockByNumber without its body members
    /// (`transactions`, `uncles`, `withdrawals`) and `size`, as geth's header marshalling.
    static func header(_ b: Block) -> JSON {
        guard case .object(let members) = Shapes.block(b, fullTransactions: false) else { return .null }
        let body: Set<String> = ["transactions", "uncles", "withdrawals", "size"]
        return .object(members.filter { !body.contains($0.0) })
    }

    /// Matching logs of one block as log objects (logIndex = position in the block).
    static func logs(_ b: Block, _ q: LogQuery, removed: Bool) -> [JSON] {
        guard q.mayMatch(b.header.logsBloom) else { return [] }
        let hash = b.hash
        var out: [JSON] = []
        var logIndex = 0
        for (i, r) in b.receipts.enumerated() {
            for log in r.logs {
                if q.matches(log) {
                    var j = Shapes.log(log, blockHash: hash, blockNumber: b.header.number,
                                       txHash: b.transactionHashes[i], txIndex: i, logIndex: logIndex)
                    if removed, case .object(var m) = j {
                        for k in m.indices where m[k].0 == "removed" { m[k].1 = .bool(true) }
                        j = .object(m)
                    }
                    out.append(j)
                }
                logIndex += 1
            }
        }
        return out
    }

    /// A notification frame: `{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":id,"result":…}}`.
    static func notification(id: String, result: JSON) -> JSON {
        .object([("jsonrpc", .string("2.0")), ("method", .string("eth_subscription")),
                 ("params", .object([("subscription", .string(id)), ("result", result)]))])
    }

    /// A new subscription id: 0x + 16 random bytes in hex without leading zeros (geth's `rpc.NewID`).
    static func newID() -> String {
        var rng = SystemRandomNumberGenerator()
        let hex = Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }).dropFirst(2)
        let trimmed = hex.drop { $0 == "0" }
        return "0x" + (trimmed.isEmpty ? "0" : String(trimmed))
    }
}
