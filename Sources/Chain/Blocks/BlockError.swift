import Primitives

/// Why stored or received block data (a header, a receipt) could not be decoded.
/// `description` gives a one-line message.
public enum BlockError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not canonical RLP, or the wrong shape (a string where a list belongs, trailing bytes…).
    case malformed(String)
    /// The header or receipt list has a field count no fork defines.
    case wrongFieldCount(what: String, got: Int)
    /// A field has a bad value: wrong byte length, leading zeros, too wide for its type.
    case invalidField(field: String, reason: String)

    /// One line for logs and error messages.
    public var description: String {
        switch self {
        case .malformed(let why): "malformed block data: \(why)"
        case .wrongFieldCount(let what, let got): "\(what) has an invalid number of RLP fields: \(got)"
        case .invalidField(let field, let reason): "invalid block field \(field): \(reason)"
        }
    }
}

/// Strict readers of RLP items for header and receipt decoding.
enum BlockFields {
    static func list(_ bytes: [UInt8]) throws(BlockError) -> [RLP] {
        let item: RLP
        do {
            item = try RLP.decode(bytes)
        } catch {
            throw .malformed("\(error)")
        }
        guard case .list(let items) = item else { throw .malformed("expected an RLP list, found a byte string") }
        return items
    }

    static func bytes(_ item: RLP, _ field: String) throws(BlockError) -> [UInt8] {
        guard case .bytes(let b) = item else {
            throw .invalidField(field: field, reason: "expected a byte string, found a list")
        }
        return b
    }

    static func fixed(_ item: RLP, _ field: String, count: Int) throws(BlockError) -> [UInt8] {
        let b = try bytes(item, field)
        guard b.count == count else {
            throw .invalidField(field: field, reason: "must be \(count) bytes, got \(b.count)")
        }
        return b
    }

    static func hash(_ item: RLP, _ field: String) throws(BlockError) -> Hash {
        Hash(try fixed(item, field, count: 32))
    }

    static func scalar(_ item: RLP, _ field: String, maxBytes: Int) throws(BlockError) -> [UInt8] {
        let b = try bytes(item, field)
        if b.first == 0 { throw .invalidField(field: field, reason: "integer has leading zero bytes") }
        if b.count > maxBytes { throw .invalidField(field: field, reason: "integer exceeds \(maxBytes * 8) bits") }
        return b
    }

    static func uint64(_ item: RLP, _ field: String) throws(BlockError) -> UInt64 {
        var value: UInt64 = 0
        for byte in try scalar(item, field, maxBytes: 8) { value = value << 8 | UInt64(byte) }
        return value
    }

    static func uint256(_ item: RLP, _ field: String) throws(BlockError) -> UInt256 {
        UInt256(bigEndian: try scalar(item, field, maxBytes: 32)[...])
    }
}
