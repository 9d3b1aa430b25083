/// Recursive Length Prefix serialization (Yellow Paper appendix B).
///
/// An item is a byte string or a list of items. Decoding is canonical only: a single byte below
/// 0x80 must not be wrapped, lengths must use the short form when they fit and have no leading
/// zero bytes, and the whole input must be consumed.
public indirect enum RLP: Equatable, Sendable {
    case bytes([UInt8])
    case list([RLP])

    // MARK: Building

    /// A scalar: big-endian without leading zeros; zero is the empty string.
    @inlinable
    public static func uint(_ v: UInt64) -> RLP {
        if v == 0 { return .bytes([]) }
        let n = (64 - v.leadingZeroBitCount + 7) / 8
        return .bytes((0..<n).reversed().map { UInt8(truncatingIfNeeded: v >> (UInt64($0) * 8)) })
    }

    /// A 256-bit scalar: big-endian without leading zeros.
    @inlinable
    public static func uint(_ v: UInt256) -> RLP { .bytes(v.minimalBigEndianBytes) }

    /// A 20-byte string.
    public init(_ a: Address) { self = .bytes(a.bytes) }

    /// A 32-byte string.
    public init(_ h: Hash) { self = .bytes(h.bytes) }

    // MARK: Encoding

    /// The serialized bytes.
    public func encoded() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(encodedLength)
        encode(into: &out)
        return out
    }

    /// Length of the serialized form in bytes.
    public var encodedLength: Int {
        switch self {
        case .bytes(let b):
            if b.count == 1 && b[0] < 0x80 { return 1 }
            return RLP.headerLength(b.count) + b.count
        case .list(let items):
            let payload = items.reduce(0) { $0 + $1.encodedLength }
            return RLP.headerLength(payload) + payload
        }
    }

    /// Appends the serialized bytes to `out`.
    public func encode(into out: inout [UInt8]) {
        switch self {
        case .bytes(let b):
            if b.count == 1 && b[0] < 0x80 { out.append(b[0]); return }
            RLP.appendHeader(&out, length: b.count, offset: 0x80)
            out.append(contentsOf: b)
        case .list(let items):
            let payload = items.reduce(0) { $0 + $1.encodedLength }
            RLP.appendHeader(&out, length: payload, offset: 0xc0)
            for item in items { item.encode(into: &out) }
        }
    }

    @inline(__always)
    static func headerLength(_ length: Int) -> Int {
        length < 56 ? 1 : 1 + (64 - UInt64(length).leadingZeroBitCount + 7) / 8
    }

    static func appendHeader(_ out: inout [UInt8], length: Int, offset: UInt8) {
        if length < 56 { out.append(offset + UInt8(length)); return }
        let n = (64 - UInt64(length).leadingZeroBitCount + 7) / 8
        out.append(offset + 55 + UInt8(n))
        for i in (0..<n).reversed() { out.append(UInt8(truncatingIfNeeded: length >> (i * 8))) }
    }

    // MARK: Decoding

    /// Decodes exactly one canonical item spanning all of `bytes`.
    /// - Throws: `RLPError` naming what is wrong (truncated input, non-canonical size, trailing bytes…).
    public static func decode(_ bytes: [UInt8]) throws(RLPError) -> RLP {
        try bytes.withUnsafeBufferPointer { (buf) throws(RLPError) -> RLP in
            var pos = 0
            let item = try decodeItem(buf, &pos, buf.count)
            if pos != buf.count { throw .trailingBytes(buf.count - pos) }
            return item
        }
    }

    /// Decodes the item at `pos`, advancing it; `end` bounds the enclosing payload.
    static func decodeItem(_ b: UnsafeBufferPointer<UInt8>, _ pos: inout Int, _ end: Int) throws(RLPError) -> RLP {
        guard pos < end else { throw .truncated }
        let p = b[pos]
        switch p {
        case 0..<0x80:
            pos += 1
            return .bytes([p])
        case 0x80...0xb7:
            let len = Int(p - 0x80)
            pos += 1
            guard end - pos >= len else { throw .truncated }
            if len == 1 && b[pos] < 0x80 { throw .nonCanonicalSize("single byte below 0x80 must not have a prefix") }
            let out = Array(b[pos..<pos + len])
            pos += len
            return .bytes(out)
        case 0xb8...0xbf:
            let len = try readLength(b, &pos, end, lengthOfLength: Int(p - 0xb7))
            guard end - pos >= len else { throw .truncated }
            let out = Array(b[pos..<pos + len])
            pos += len
            return .bytes(out)
        case 0xc0...0xf7:
            let len = Int(p - 0xc0)
            pos += 1
            return .list(try decodeList(b, &pos, end, length: len))
        default:
            let len = try readLength(b, &pos, end, lengthOfLength: Int(p - 0xf7))
            return .list(try decodeList(b, &pos, end, length: len))
        }
    }

    static func readLength(_ b: UnsafeBufferPointer<UInt8>, _ pos: inout Int, _ end: Int, lengthOfLength n: Int) throws(RLPError) -> Int {
        pos += 1
        guard end - pos >= n else { throw .truncated }
        if b[pos] == 0 { throw .nonCanonicalSize("length has leading zero bytes") }
        guard n <= 7 else { throw .tooLarge }
        var len = 0
        for i in 0..<n { len = (len << 8) | Int(b[pos + i]) }
        pos += n
        if len < 56 { throw .nonCanonicalSize("long form used for a length below 56") }
        return len
    }

    static func decodeList(_ b: UnsafeBufferPointer<UInt8>, _ pos: inout Int, _ end: Int, length: Int) throws(RLPError) -> [RLP] {
        guard end - pos >= length else { throw .truncated }
        let listEnd = pos + length
        var items = [RLP]()
        while pos < listEnd {
            items.append(try decodeItem(b, &pos, listEnd))
        }
        return items
    }

    // MARK: Reading

    /// The byte string. - Throws: `.expectedBytes` for a list.
    public func asBytes() throws(RLPError) -> [UInt8] {
        guard case .bytes(let b) = self else { throw .expectedBytes }
        return b
    }

    /// The list items. - Throws: `.expectedList` for a byte string.
    public func asList() throws(RLPError) -> [RLP] {
        guard case .list(let l) = self else { throw .expectedList }
        return l
    }

    /// A scalar of at most 8 bytes without leading zeros.
    public func asUInt64() throws(RLPError) -> UInt64 {
        let b = try asBytes()
        if b.first == 0 { throw .leadingZeros }
        guard b.count <= 8 else { throw .tooLarge }
        return b.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A scalar of at most 32 bytes without leading zeros.
    public func asUInt256() throws(RLPError) -> UInt256 {
        let b = try asBytes()
        if b.first == 0 { throw .leadingZeros }
        guard b.count <= 32 else { throw .tooLarge }
        return UInt256(bigEndian: b)
    }

    /// Exactly 20 bytes.
    public func asAddress() throws(RLPError) -> Address {
        let b = try asBytes()
        guard b.count == 20 else { throw .wrongLength(expected: 20, got: b.count) }
        return Address(b)
    }

    /// Exactly 32 bytes.
    public func asHash() throws(RLPError) -> Hash {
        let b = try asBytes()
        guard b.count == 32 else { throw .wrongLength(expected: 32, got: b.count) }
        return Hash(b)
    }
}

/// Why RLP input was refused.
public enum RLPError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated
    case trailingBytes(Int)
    case nonCanonicalSize(String)
    case leadingZeros
    case tooLarge
    case expectedList
    case expectedBytes
    case wrongLength(expected: Int, got: Int)
    case wrongFieldCount(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .truncated: return "rlp: input ends before the item does"
        case .trailingBytes(let n): return "rlp: \(n) bytes after the item"
        case .nonCanonicalSize(let why): return "rlp: non-canonical size (\(why))"
        case .leadingZeros: return "rlp: integer with leading zero bytes"
        case .tooLarge: return "rlp: value too large"
        case .expectedList: return "rlp: expected a list, found a string"
        case .expectedBytes: return "rlp: expected a string, found a list"
        case .wrongLength(let e, let g): return "rlp: expected \(e) bytes, got \(g)"
        case .wrongFieldCount(let e, let g): return "rlp: expected \(e) fields, got \(g)"
        }
    }
}
