/// A log recognised by its topic 0 and shown with named arguments.
public struct DecodedEvent: Sendable, Equatable {
    /// Event signature, e.g. `"Transfer(address,address,uint256)"`.
    public var signature: String
    /// Argument names and display values, in declaration order.
    public var arguments: [(name: String, value: String)]

    public static func == (a: DecodedEvent, b: DecodedEvent) -> Bool {
        a.signature == b.signature && a.arguments.map(\.name) == b.arguments.map(\.name)
            && a.arguments.map(\.value) == b.arguments.map(\.value)
    }
}

/// Decodes well-known events by topic 0 (keccak256 of the event signature).
public enum LogDecoder {
    /// keccak256("Transfer(address,address,uint256)") — ERC-20 (EIP-20) and ERC-721 (EIP-721).
    public static let transferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
    /// keccak256("Approval(address,address,uint256)") — ERC-20 and ERC-721.
    public static let approvalTopic = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925"
    /// keccak256("ApprovalForAll(address,address,bool)") — ERC-721 / ERC-1155.
    public static let approvalForAllTopic = "0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31"

    /// Returns the decoded event, or `nil` when topic 0 is unknown or the shape (topic count, data
    /// length) does not match the known event.
    public static func decode(_ log: LogView) -> DecodedEvent? {
        guard let topic0 = log.topics.first?.lowercased() else { return nil }
        let data = words(log.data)
        switch topic0 {
        case transferTopic, approvalTopic:
            let isTransfer = topic0 == transferTopic
            let names = isTransfer ? ("from", "to") : ("owner", "spender")
            let name = isTransfer ? "Transfer" : "Approval"
            if log.topics.count == 3, let data, data.count == 1,
               let a = address(log.topics[1]), let b = address(log.topics[2]),
               let amount = Format.decimal(fromHex: "0x" + data[0]) {
                // ERC-20: the amount is in data.
                return DecodedEvent(signature: "\(name)(address,address,uint256)",
                                    arguments: [(names.0, a), (names.1, b), ("value", amount)])
            }
            if log.topics.count == 4, let data, data.isEmpty,
               let a = address(log.topics[1]), let b = address(log.topics[2]),
               let id = Format.decimal(fromHex: log.topics[3]) {
                // ERC-721: the token id is the third indexed argument.
                return DecodedEvent(signature: "\(name)(address,address,uint256)",
                                    arguments: [(names.0, a), (isTransfer ? "to" : "approved", b), ("tokenId", id)])
            }
            return nil
        case approvalForAllTopic:
            guard log.topics.count == 3, let data, data.count == 1,
                  let a = address(log.topics[1]), let b = address(log.topics[2]) else { return nil }
            let approved = data[0].contains { $0 != "0" }
            return DecodedEvent(signature: "ApprovalForAll(address,address,bool)",
                                arguments: [("owner", a), ("operator", b), ("approved", approved ? "true" : "false")])
        default:
            return nil
        }
    }

    /// An indexed address argument: a 32-byte topic whose first 12 bytes are zero → `0x` + 40 digits.
    static func address(_ topic: String) -> String? {
        let t = topic.lowercased()
        guard t.hasPrefix("0x"), t.count == 66 else { return nil }
        let body = t.dropFirst(2)
        guard body.prefix(24).allSatisfy({ $0 == "0" }), body.allSatisfy(\.isHexDigit) else { return nil }
        return "0x" + body.suffix(40)
    }

    /// Splits `0x…` data into 32-byte words (64 hex digits each); `nil` if not whole words.
    static func words(_ data: String) -> [String]? {
        guard data.hasPrefix("0x") else { return nil }
        let body = Array(data.dropFirst(2))
        guard body.count % 64 == 0, body.allSatisfy(\.isHexDigit) else { return nil }
        return stride(from: 0, to: body.count, by: 64).map { String(body[$0..<$0 + 64]) }
    }
}
