/// A 256-bit unsigned integer: the EVM word (Yellow Paper §9.1).
///
/// Four `UInt64` limbs in little-endian order (`w0` is the least significant). Arithmetic wraps
/// modulo 2²⁵⁶ like the EVM's; division and remainder by zero give zero (Yellow Paper §H.2, DIV/MOD).
/// A plain value type with no heap storage, so a stack of them never allocates or reference-counts.
@frozen
public struct UInt256: Sendable, Hashable {
    /// Least significant limb.
    public var w0: UInt64
    public var w1: UInt64
    public var w2: UInt64
    /// Most significant limb.
    public var w3: UInt64

    /// Builds a word from its four little-endian limbs.
    @inlinable @inline(__always)
    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// Widens a 64-bit value.
    @inlinable @inline(__always)
    public init(_ v: UInt64) { self.init(w0: v, w1: 0, w2: 0, w3: 0) }

    /// Widens a non-negative `Int`; traps on a negative value (a programming error).
    @inlinable @inline(__always)
    public init(_ v: Int) {
        precondition(v >= 0, "UInt256 from a negative Int")
        self.init(w0: UInt64(v), w1: 0, w2: 0, w3: 0)
    }

    public static let zero = UInt256(w0: 0, w1: 0, w2: 0, w3: 0)
    public static let one = UInt256(w0: 1, w1: 0, w2: 0, w3: 0)
    public static let max = UInt256(w0: .max, w1: .max, w2: .max, w3: .max)

    /// True when every bit is zero.
    @inlinable public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// The least significant 64 bits (truncating).
    @inlinable public var low64: UInt64 { w0 }

    /// The value as `UInt64`, or nil when it does not fit.
    @inlinable public var uint64: UInt64? { (w1 | w2 | w3) == 0 ? w0 : nil }

    /// The value as `Int`, or nil when it exceeds `Int.max`.
    @inlinable public var int: Int? {
        ((w1 | w2 | w3) == 0 && w0 <= UInt64(Int.max)) ? Int(w0) : nil
    }

    /// Number of significant bits (0 for zero, 256 when the top bit is set).
    @inlinable public var bitWidthUsed: Int {
        if w3 != 0 { return 256 - w3.leadingZeroBitCount }
        if w2 != 0 { return 192 - w2.leadingZeroBitCount }
        if w1 != 0 { return 128 - w1.leadingZeroBitCount }
        return 64 - w0.leadingZeroBitCount
    }

    /// Number of significant bytes (0 for zero).
    @inlinable public var byteWidthUsed: Int { (bitWidthUsed + 7) >> 3 }

    /// Number of leading zero bits (256 for zero); the EIP-7939 CLZ result.
    @inlinable public var leadingZeroBitCount: Int { 256 - bitWidthUsed }

    /// The limb at index 0…3 (little-endian).
    @inlinable @inline(__always)
    public subscript(limb i: Int) -> UInt64 {
        get {
            switch i { case 0: return w0; case 1: return w1; case 2: return w2; default: return w3 }
        }
        set {
            switch i { case 0: w0 = newValue; case 1: w1 = newValue; case 2: w2 = newValue; default: w3 = newValue }
        }
    }
}

extension UInt256: Comparable {
    @inlinable @inline(__always)
    public static func < (a: UInt256, b: UInt256) -> Bool {
        if a.w3 != b.w3 { return a.w3 < b.w3 }
        if a.w2 != b.w2 { return a.w2 < b.w2 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        return a.w0 < b.w0
    }
}

extension UInt256: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: UInt64) { self.init(value) }
}

extension UInt256: CustomStringConvertible {
    /// Decimal digits, e.g. "10000000000000000000000".
    public var description: String { decimalString }

    /// The value in base 10.
    public var decimalString: String {
        if isZero { return "0" }
        var digits: [UInt8] = []
        var v = self
        let tenE19 = UInt256(10_000_000_000_000_000_000 as UInt64)
        while !v.isZero {
            let (q, r) = v.quotientAndRemainder(dividingBy: tenE19)
            var chunk = r.w0
            let last = q.isZero
            var n = 0
            while chunk > 0 || (!last && n < 19) {
                digits.append(UInt8(truncatingIfNeeded: chunk % 10) + 48)
                chunk /= 10
                n += 1
            }
            v = q
        }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }

    /// Parses a base-10 string of digits; nil on any other character or on overflow past 2²⁵⁶−1.
    public init?(decimal s: some StringProtocol) {
        if s.isEmpty { return nil }
        var v = UInt256.zero
        let ten = UInt256(10)
        for c in s.utf8 {
            guard c >= 48 && c <= 57 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: ten)
            let (a, o2) = m.addingReportingOverflow(UInt256(UInt64(c - 48)))
            if o1 || o2 { return nil }
            v = a
        }
        self = v
    }
}
