// Conversions between UInt256 and big-endian bytes or hex text.

extension UInt256 {
    /// Reads up to 32 big-endian bytes, left-padded with zeros. Longer input keeps its last 32 bytes.
    @inlinable
    public init(bigEndian bytes: some Collection<UInt8>) {
        var r = UInt256.zero
        var shift = 0
        for b in bytes.reversed() {
            if shift >= 256 { break }
            r[limb: shift >> 6] |= UInt64(b) << UInt64(shift & 63)
            shift += 8
        }
        self = r
    }

    /// Reads exactly 32 big-endian bytes at `p`.
    @inlinable @inline(__always)
    public init(bigEndian p: UnsafeRawPointer) {
        self.init(w0: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
                  w1: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                  w2: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                  w3: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
    }

    /// Writes exactly 32 big-endian bytes at `p`.
    @inlinable @inline(__always)
    public func storeBigEndian(to p: UnsafeMutableRawPointer) {
        p.storeBytes(of: w3.bigEndian, toByteOffset: 0, as: UInt64.self)
        p.storeBytes(of: w2.bigEndian, toByteOffset: 8, as: UInt64.self)
        p.storeBytes(of: w1.bigEndian, toByteOffset: 16, as: UInt64.self)
        p.storeBytes(of: w0.bigEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// The 32-byte big-endian encoding.
    @inlinable
    public var bigEndianBytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buf, n in
            storeBigEndian(to: UnsafeMutableRawPointer(buf.baseAddress!))
            n = 32
        }
    }

    /// The big-endian encoding without leading zero bytes; empty for zero (RLP scalars, Yellow Paper §B).
    @inlinable
    public var minimalBigEndianBytes: [UInt8] {
        let all = bigEndianBytes
        return Array(all[(32 - byteWidthUsed)...])
    }

    /// Parses "0x"-prefixed (or bare) hex of 1…64 digits; leading zeros allowed. nil otherwise.
    public init?(hex s: String) {
        var utf8 = Substring(s).utf8[...]
        if utf8.starts(with: "0x".utf8) || utf8.starts(with: "0X".utf8) { utf8 = utf8.dropFirst(2) }
        if utf8.isEmpty || utf8.count > 64 { return nil }
        var r = UInt256.zero
        for c in utf8 {
            guard let v = hexDigitValue(c) else { return nil }
            r = (r << 4) | UInt256(UInt64(v))
        }
        self = r
    }

    /// Canonical execution-apis QUANTITY: "0x0", "0x1a" (lowercase, no leading zeros).
    public var quantityHex: String {
        if isZero { return "0x0" }
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [48, 120]
        var started = false
        for limb in [w3, w2, w1, w0] {
            for k in stride(from: 60, through: 0, by: -4) {
                let d = Int((limb >> UInt64(k)) & 0xf)
                if d != 0 { started = true }
                if started { out.append(digits[d]) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The value of one ASCII hex digit, or nil.
@inlinable @inline(__always)
func hexDigitValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 48...57: return c - 48
    case 97...102: return c - 87
    case 65...70: return c - 55
    default: return nil
    }
}
