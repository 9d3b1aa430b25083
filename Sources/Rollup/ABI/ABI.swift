import Primitives

/// A Solidity ABI type (the Solidity documentation, "Contract ABI Specification", formal
/// specification of the encoding). Only the types the rollup contracts use.
public indirect enum ABIType: Sendable, Hashable, CustomStringConvertible {
    /// `uint<bits>`, 8 ≤ bits ≤ 256, a multiple of 8: one 32-byte big-endian word.
    case uint(Int)
    /// `address`: 20 bytes, left-padded to a word.
    case address
    /// `bool`: the word 0 or 1.
    case bool
    /// `bytes<n>`, 1 ≤ n ≤ 32: left-aligned in one word, zero-padded on the right.
    case fixedBytes(Int)
    /// `bytes`: dynamic; length word then the bytes padded to a multiple of 32.
    case bytes
    /// `string`: UTF-8, encoded as `bytes`.
    case string
    /// `T[]`: dynamic; length word then the elements encoded as a tuple.
    case array(ABIType)
    /// `T[k]`: the elements encoded as a tuple of k values.
    case fixedArray(ABIType, Int)
    /// `(T1,…,Tn)`.
    case tuple([ABIType])

    /// The canonical name used in signatures: "uint256", "bytes32[]", "(address,uint256)".
    public var description: String {
        switch self {
        case .uint(let b): "uint\(b)"
        case .address: "address"
        case .bool: "bool"
        case .fixedBytes(let n): "bytes\(n)"
        case .bytes: "bytes"
        case .string: "string"
        case .array(let t): "\(t)[]"
        case .fixedArray(let t, let k): "\(t)[\(k)]"
        case .tuple(let ts): "(" + ts.map(\.description).joined(separator: ",") + ")"
        }
    }

    /// True for the types whose encoding is referenced by an offset (bytes, string, T[], and
    /// tuples or fixed arrays that contain one).
    public var isDynamic: Bool {
        switch self {
        case .bytes, .string, .array: true
        case .fixedArray(let t, let k): k > 0 && t.isDynamic
        case .tuple(let ts): ts.contains { $0.isDynamic }
        default: false
        }
    }

    /// Bytes the value takes in the head of its enclosing tuple: 32 for dynamic types (an offset),
    /// else its full static encoding.
    var headSize: Int {
        if isDynamic { return 32 }
        switch self {
        case .fixedArray(let t, let k): return k * t.headSize
        case .tuple(let ts): return ts.reduce(0) { $0 + $1.headSize }
        default: return 32
        }
    }

    /// Parses a canonical type name: "uint256", "address", "bytes32[]", "(bytes32,(uint256,bytes32[]))".
    /// "uint" means uint256. Nil for anything else.
    public init?(_ text: String) {
        var s = Substring(text.filter { !$0.isWhitespace })
        guard let t = ABIType.parse(&s), s.isEmpty else { return nil }
        self = t
    }

    private static func parse(_ s: inout Substring) -> ABIType? {
        var base: ABIType
        if s.first == "(" {
            s.removeFirst()
            var items: [ABIType] = []
            if s.first == ")" { s.removeFirst() } else {
                while true {
                    guard let t = parse(&s) else { return nil }
                    items.append(t)
                    guard let c = s.first else { return nil }
                    s.removeFirst()
                    if c == ")" { break }
                    guard c == "," else { return nil }
                }
            }
            base = .tuple(items)
        } else {
            let name = s.prefix { $0.isLetter || $0.isNumber }
            s.removeFirst(name.count)
            switch name {
            case "address": base = .address
            case "bool": base = .bool
            case "bytes": base = .bytes
            case "string": base = .string
            case "uint": base = .uint(256)
            default:
                if name.hasPrefix("uint"), let b = Int(name.dropFirst(4)), b >= 8, b <= 256, b % 8 == 0 {
                    base = .uint(b)
                } else if name.hasPrefix("bytes"), let n = Int(name.dropFirst(5)), n >= 1, n <= 32 {
                    base = .fixedBytes(n)
                } else {
                    return nil
                }
            }
        }
        while s.first == "[" {
            s.removeFirst()
            let digits = s.prefix { $0.isNumber }
            s.removeFirst(digits.count)
            guard s.first == "]" else { return nil }
            s.removeFirst()
            if digits.isEmpty { base = .array(base) } else {
                guard let k = Int(digits) else { return nil }
                base = .fixedArray(base, k)
            }
        }
        return base
    }
}

/// A value to encode, or a decoded one.
public indirect enum ABIValue: Sendable, Hashable {
    /// Any `uint<M>` (also used for `bool` when decoding is not wanted as `.bool`).
    case uint(UInt256)
    case address(Address)
    case bool(Bool)
    /// `bytes<n>`: at most 32 bytes, left-aligned.
    case fixedBytes([UInt8])
    case bytes([UInt8])
    case string(String)
    /// The elements of `T[]` or `T[k]`.
    case array([ABIValue])
    case tuple([ABIValue])

    /// `.uint` from a small integer.
    public static func uint64(_ v: UInt64) -> ABIValue { .uint(UInt256(v)) }
    /// `bytes32` from a hash.
    public static func bytes32(_ h: Hash) -> ABIValue { .fixedBytes(h.bytes) }

    /// The word of a `.uint`, `.bool` or `.address`; nil otherwise.
    public var word: UInt256? {
        switch self {
        case .uint(let v): v
        case .bool(let b): b ? .one : .zero
        case .address(let a): a.word
        case .fixedBytes(let b) where b.count == 32: UInt256(bigEndian: b)
        default: nil
        }
    }
    /// The address of an `.address`; nil otherwise.
    public var addressValue: Address? { if case .address(let a) = self { a } else { nil } }
    /// The bytes of `.bytes` or `.fixedBytes`; nil otherwise.
    public var bytesValue: [UInt8]? {
        switch self {
        case .bytes(let b), .fixedBytes(let b): b
        default: nil
        }
    }
    /// The elements of `.array` or `.tuple`; nil otherwise.
    public var items: [ABIValue]? {
        switch self {
        case .array(let v), .tuple(let v): v
        default: nil
        }
    }
}

/// Why ABI data could not be decoded.
public enum ABIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The data ends before the value at this byte offset.
    case truncated(offset: Int)
    /// An offset or length word points outside the data or is absurdly large.
    case badOffset(offset: Int)
    /// A word is not a valid value of its type (e.g. a bool that is not 0 or 1, an address with
    /// high bits set).
    case badValue(type: String, offset: Int)
    /// A type name could not be parsed.
    case badType(String)

    public var description: String {
        switch self {
        case .truncated(let o): "ABI data ends before the value at byte \(o)"
        case .badOffset(let o): "ABI offset or length at byte \(o) points outside the data"
        case .badValue(let t, let o): "ABI value at byte \(o) is not a valid \(t)"
        case .badType(let t): "not an ABI type: \(t)"
        }
    }
}

/// Solidity ABI encoding and decoding, function selectors and event topics (the Solidity
/// documentation, "Contract ABI Specification"). Values are encoded as the tuple of the arguments.
public enum ABI {
    /// The 4-byte function selector: the first 4 bytes of keccak256 of the canonical signature,
    /// e.g. `selector("transfer(address,uint256)") == [0xa9, 0x05, 0x9c, 0xbb]`.
    public static func selector(_ signature: String) -> [UInt8] {
        Array(Keccak256.hash(Array(signature.utf8)).bytes.prefix(4))
    }

    /// topic0 of an event: keccak256 of its canonical signature, e.g.
    /// `"Transfer(address,address,uint256)"`.
    public static func eventTopic(_ signature: String) -> Hash {
        Keccak256.hash(Array(signature.utf8))
    }

    /// Calldata: the selector of `signature` followed by `args` encoded as a tuple. The argument
    /// types are taken from the signature ("name(type1,type2)").
    /// - Precondition: `signature` parses and `args` match its types (a programming error otherwise).
    public static func call(_ signature: String, _ args: [ABIValue]) -> [UInt8] {
        guard let open = signature.firstIndex(of: "("), let types = ABIType(String(signature[open...])),
              case .tuple(let ts) = types else {
            preconditionFailure("bad ABI signature \(signature)")
        }
        return selector(signature) + encode(args, types: ts)
    }

    /// Encodes `values` as the tuple of `types` (the arguments of a call, or `abi.encode(...)`).
    /// - Precondition: `values.count == types.count` and each value fits its type.
    public static func encode(_ values: [ABIValue], types: [ABIType]) -> [UInt8] {
        precondition(values.count == types.count, "ABI: \(values.count) values for \(types.count) types")
        var head: [UInt8] = []
        var tail: [UInt8] = []
        let headSize = types.reduce(0) { $0 + $1.headSize }
        for (v, t) in zip(values, types) {
            if t.isDynamic {
                head += word(UInt256(headSize + tail.count))
                tail += encodeOne(v, t)
            } else {
                head += encodeOne(v, t)
            }
        }
        return head + tail
    }

    private static func encodeOne(_ v: ABIValue, _ t: ABIType) -> [UInt8] {
        switch t {
        case .uint, .address, .bool:
            guard let w = v.word else { preconditionFailure("ABI: \(v) is not a \(t)") }
            return word(w)
        case .fixedBytes:
            guard let b = v.bytesValue, b.count <= 32 else { preconditionFailure("ABI: \(v) is not a \(t)") }
            return b + [UInt8](repeating: 0, count: 32 - b.count)
        case .bytes, .string:
            let b: [UInt8]
            if case .string(let s) = v { b = Array(s.utf8) } else {
                guard let x = v.bytesValue else { preconditionFailure("ABI: \(v) is not a \(t)") }
                b = x
            }
            let pad = (32 - b.count % 32) % 32
            return word(UInt256(b.count)) + b + [UInt8](repeating: 0, count: pad)
        case .array(let e):
            guard let items = v.items else { preconditionFailure("ABI: \(v) is not a \(t)") }
            return word(UInt256(items.count)) + encode(items, types: Array(repeating: e, count: items.count))
        case .fixedArray(let e, let k):
            guard let items = v.items, items.count == k else { preconditionFailure("ABI: \(v) is not a \(t)") }
            return encode(items, types: Array(repeating: e, count: k))
        case .tuple(let ts):
            guard let items = v.items else { preconditionFailure("ABI: \(v) is not a \(t)") }
            return encode(items, types: ts)
        }
    }

    /// One 32-byte big-endian word.
    public static func word(_ v: UInt256) -> [UInt8] { v.bigEndianBytes }

    /// Decodes `data` as the tuple of `types` (a call's return data or an event's data).
    /// Extra bytes after the encoding are ignored, as Solidity does.
    /// - Throws: `ABIError` for data that is too short, offsets out of range or invalid words.
    public static func decode(_ types: [ABIType], from data: [UInt8]) throws(ABIError) -> [ABIValue] {
        try decodeTuple(types, data, base: 0)
    }

    /// `decode` with the types given as a signature-style list, e.g. `"(uint256,bytes32[])"` or
    /// `"uint256"`.
    /// - Throws: `ABIError.badType` for a list that does not parse, else as `decode`.
    public static func decode(_ typeList: String, from data: [UInt8]) throws(ABIError) -> [ABIValue] {
        let text = typeList.hasPrefix("(") ? typeList : "(" + typeList + ")"
        guard case .tuple(let ts)? = ABIType(text) else { throw .badType(typeList) }
        return try decode(ts, from: data)
    }

    private static func readWord(_ data: [UInt8], _ at: Int) throws(ABIError) -> UInt256 {
        guard at >= 0, at + 32 <= data.count else { throw .truncated(offset: at) }
        return UInt256(bigEndian: data[at..<(at + 32)])
    }

    private static func readInt(_ data: [UInt8], _ at: Int) throws(ABIError) -> Int {
        let w = try readWord(data, at)
        guard let v = w.int, v <= data.count else { throw .badOffset(offset: at) }
        return v
    }

    private static func decodeTuple(_ types: [ABIType], _ data: [UInt8], base: Int) throws(ABIError) -> [ABIValue] {
        var out: [ABIValue] = []
        var at = base
        for t in types {
            if t.isDynamic {
                let offset = try readInt(data, at)
                out.append(try decodeOne(t, data, at: base + offset))
            } else {
                out.append(try decodeOne(t, data, at: at))
            }
            at += t.headSize
        }
        return out
    }

    private static func decodeOne(_ t: ABIType, _ data: [UInt8], at: Int) throws(ABIError) -> ABIValue {
        switch t {
        case .uint(let bits):
            let w = try readWord(data, at)
            guard bits == 256 || w.bitWidthUsed <= bits else { throw .badValue(type: "\(t)", offset: at) }
            return .uint(w)
        case .address:
            let w = try readWord(data, at)
            guard w.bitWidthUsed <= 160 else { throw .badValue(type: "address", offset: at) }
            return .address(Address(w))
        case .bool:
            let w = try readWord(data, at)
            guard w <= .one else { throw .badValue(type: "bool", offset: at) }
            return .bool(w == .one)
        case .fixedBytes(let n):
            guard at + 32 <= data.count else { throw .truncated(offset: at) }
            return .fixedBytes(Array(data[at..<(at + n)]))
        case .bytes, .string:
            let length = try readInt(data, at)
            guard at + 32 + length <= data.count else { throw .truncated(offset: at + 32) }
            let b = Array(data[(at + 32)..<(at + 32 + length)])
            if case .string = t { return .string(String(decoding: b, as: UTF8.self)) }
            return .bytes(b)
        case .array(let e):
            let count = try readInt(data, at)
            guard count * 32 <= data.count else { throw .badOffset(offset: at) }
            return .array(try decodeTuple(Array(repeating: e, count: count), data, base: at + 32))
        case .fixedArray(let e, let k):
            return .array(try decodeTuple(Array(repeating: e, count: k), data, base: at))
        case .tuple(let ts):
            return .tuple(try decodeTuple(ts, data, base: at))
        }
    }
}
