import EVM
import Primitives

extension Receipt {
    /// Decodes a receipt as produced by ``encoded()`` (EIP-2718: plain RLP list for legacy,
    /// type byte 0x01/0x02 ‖ RLP list for typed). Status must be the scalar 0 or 1 (EIP-658),
    /// the bloom 256 bytes, each log `[address (20 bytes), [topic (32 bytes), …], data]`.
    ///
    /// - Throws: ``BlockError``.
    public static func decode(encoded bytes: [UInt8]) throws(BlockError) -> Receipt {
        guard let first = bytes.first else { throw .malformed("empty receipt") }
        let type: TransactionType
        let body: [UInt8]
        if first >= 0xc0 {
            type = .legacy
            body = bytes
        } else if let typed = TransactionType(rawValue: first), typed != .legacy {
            type = typed
            body = Array(bytes[1...])
        } else {
            throw .malformed("receipt type 0x\(String(first, radix: 16)) not supported")
        }
        let items = try BlockFields.list(body)
        guard items.count == 4 else { throw .wrongFieldCount(what: "receipt", got: items.count) }
        let status = try BlockFields.uint64(items[0], "status")
        guard status <= 1 else { throw .invalidField(field: "status", reason: "must be 0 or 1, got \(status)") }
        guard case .list(let logItems) = items[3] else {
            throw .invalidField(field: "logs", reason: "expected a list, found a byte string")
        }
        var logs: [Log] = []
        logs.reserveCapacity(logItems.count)
        for item in logItems {
            guard case .list(let parts) = item, parts.count == 3 else {
                throw .invalidField(field: "logs", reason: "each log must be [address, topics, data]")
            }
            guard case .list(let topicItems) = parts[1] else {
                throw .invalidField(field: "logs.topics", reason: "expected a list, found a byte string")
            }
            var topics: [Hash] = []
            for topic in topicItems { topics.append(try BlockFields.hash(topic, "logs.topics")) }
            logs.append(Log(
                address: Address(try BlockFields.fixed(parts[0], "logs.address", count: 20)),
                topics: topics,
                data: try BlockFields.bytes(parts[2], "logs.data")))
        }
        return Receipt(
            type: type, status: status == 1,
            cumulativeGasUsed: try BlockFields.uint64(items[1], "cumulativeGasUsed"),
            logsBloom: Bloom(try BlockFields.fixed(items[2], "logsBloom", count: 256)),
            logs: logs)
    }
}
