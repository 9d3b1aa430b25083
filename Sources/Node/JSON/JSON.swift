/// A JSON value as the RPC layer sees it (RFC 8259).
///
/// Numbers keep the literal text they were written with, so a request id such as `1099511627776` or
/// `1.50` is echoed byte for byte, as JSON-RPC 2.0 asks. Objects keep their member order (the order
/// in which we build them is the order we serialize them); lookup by key is linear, which is right
/// for the small objects of JSON-RPC.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number literal exactly as written (validated against the RFC 8259 grammar when parsed).
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where x.0 != y.0 || x.1 != y.1 { return false }
            return true
        default: return false
        }
    }

    /// The member named `key` of an object (the first one, if a key repeats); nil for other values.
    public subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        for (k, v) in members where k == key { return v }
        return nil
    }

    /// An integer as a JSON number literal.
    public static func int(_ v: Int) -> JSON { .number(String(v)) }

    /// `nil` becomes JSON `null`.
    public static func optional(_ v: JSON?) -> JSON { v ?? .null }

    /// The string payload, or nil.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Short name of the value's JSON type, for error messages ("string", "number", …).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// Why a JSON text could not be parsed; `description` says where.
public struct JSONError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// Byte offset into the input.
    public let offset: Int
    public var description: String { "\(message) at byte \(offset)" }
}
