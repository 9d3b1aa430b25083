import Node
import Primitives

/// `devnet_batches` and `devnet_stateBatches` (ROLLUP-API.md §8), answered on the L2 node.
///
/// - `devnet_batches([count])` → the newest `count` (default 20, at most 1000) batches on L1,
///   newest first: `{index, l2Start, l2End, blockCount, transactionCount, l1TxHash, l1BlockNumber,
///   calldataBytes, uncompressedBytes, status: "onL1"}`, preceded by the batch in flight if there
///   is one (`status: "pending"`, no L1 block). Numbers are QUANTITY hex strings, sizes JSON numbers.
/// - `devnet_stateBatches([count])` → the newest state batches, newest first: `{batchIndex,
///   batchRoot, batchSize, prevTotalElements, extraData, l2Start, l2End, timestamp, l1TxHash,
///   l1BlockNumber, status: "inWindow" | "finalized", secondsLeft (JSON number)}`.
public struct BatchesRPC: Sendable {
    public let batcher: Batcher?
    public let proposer: Proposer?

    public init(batcher: Batcher?, proposer: Proposer?) {
        self.batcher = batcher
        self.proposer = proposer
    }

    /// Method → most positional parameters.
    public var methods: [String: Int] { ["devnet_batches": 1, "devnet_stateBatches": 1] }

    /// Answers one of `methods`.
    /// - Throws: -32602 for a bad count, -32601 for another method.
    public func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        let count = try Self.count(params)
        switch method {
        case "devnet_batches": return await batches(count)
        case "devnet_stateBatches": return await stateBatches(count)
        default: throw RPCError.methodNotFound(method)
        }
    }

    static func count(_ params: JSON) throws(RPCError) -> Int {
        guard case .array(let list) = params, let first = list.first, first != .null else { return 20 }
        var n: UInt64?
        switch first {
        case .number(let s): n = UInt64(s)
        case .string(let s): n = (try? Hex.parseQuantity(s))?.uint64
        default: n = nil
        }
        guard let n, n >= 1, n <= 1000 else {
            throw RPCError.invalidParams("count must be a number from 1 to 1000")
        }
        return Int(n)
    }

    func batches(_ count: Int) async -> JSON {
        guard let batcher else { return .array([]) }
        var out: [JSON] = []
        if let f = await batcher.inFlight {
            out.append(.object([
                ("index", .string(Hex.quantity(f.index))), ("l2Start", .string(Hex.quantity(f.l2Start))),
                ("l2End", .string(Hex.quantity(f.l2End))), ("blockCount", .int(Int(f.l2End - f.l2Start + 1))),
                ("l1TxHash", .string(f.hash.hex)), ("l1BlockNumber", .null), ("status", .string("pending")),
            ]))
        }
        for b in await batcher.posted.suffix(count).reversed() {
            out.append(.object([
                ("index", .string(Hex.quantity(b.index))), ("l2Start", .string(Hex.quantity(b.l2Start))),
                ("l2End", .string(Hex.quantity(b.l2End))), ("blockCount", .int(Int(b.l2End - b.l2Start + 1))),
                ("transactionCount", .int(b.transactionCount)),
                ("l1TxHash", .string(b.l1TxHash.hex)), ("l1BlockNumber", .string(Hex.quantity(b.l1BlockNumber))),
                ("calldataBytes", .int(b.calldataBytes)), ("uncompressedBytes", .int(b.uncompressedBytes)),
                ("status", .string("onL1")),
            ]))
        }
        return .array(out)
    }

    func stateBatches(_ count: Int) async -> JSON {
        guard let proposer else { return .array([]) }
        var out: [JSON] = []
        for b in await proposer.batches.suffix(count).reversed() {
            let left = await proposer.secondsLeft(b)
            let h = b.header
            out.append(.object([
                ("batchIndex", .string(Hex.quantity(h.batchIndex))), ("batchRoot", .string(h.batchRoot.hex)),
                ("batchSize", .string(Hex.quantity(h.batchSize))),
                ("prevTotalElements", .string(Hex.quantity(h.prevTotalElements))),
                ("extraData", .string(Hex.encode(h.extraData))),
                ("l2Start", .string(Hex.quantity(h.l2Start))), ("l2End", .string(Hex.quantity(h.l2End))),
                ("timestamp", .string(Hex.quantity(h.timestamp))),
                ("l1TxHash", .string(b.l1TxHash.hex)), ("l1BlockNumber", .string(Hex.quantity(b.l1BlockNumber))),
                ("status", .string(left == 0 ? "finalized" : "inWindow")), ("secondsLeft", .int(Int(left))),
            ]))
        }
        return .array(out)
    }
}

extension BatchesRPC: RPCExtension {}
