// Signed and modular operations with the EVM's exact semantics (Yellow Paper §H.2; EIP-145).

extension UInt256 {
    /// True when bit 255 is set: negative in two's complement.
    @inlinable @inline(__always)
    public var isNegative: Bool { (w3 >> 63) != 0 }

    /// Two's complement negation modulo 2²⁵⁶.
    @inlinable @inline(__always)
    public var negated: UInt256 { UInt256.zero &- self }

    /// Signed division truncating toward zero; x/0 = 0 and −2²⁵⁵/−1 = −2²⁵⁵ (SDIV).
    @inlinable
    public static func sdiv(_ a: UInt256, _ b: UInt256) -> UInt256 {
        if b.isZero { return .zero }
        let na = a.isNegative, nb = b.isNegative
        let q = (na ? a.negated : a) / (nb ? b.negated : b)
        return na != nb ? q.negated : q
    }

    /// Signed remainder taking the dividend's sign; x%0 = 0 (SMOD).
    @inlinable
    public static func smod(_ a: UInt256, _ b: UInt256) -> UInt256 {
        if b.isZero { return .zero }
        let na = a.isNegative
        let r = (na ? a.negated : a) % (b.isNegative ? b.negated : b)
        return na ? r.negated : r
    }

    /// (a + b) mod m over the full 257-bit sum; m = 0 gives 0 (ADDMOD).
    @inlinable
    public static func addmod(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        if m.isZero { return .zero }
        let (s, carry) = a.addingReportingOverflow(b)
        if !carry { return s % m }
        var u: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (s.w0, s.w1, s.w2, s.w3, 1, 0)
        var q: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        var r = UInt256.zero
        withUnsafeMutableBytes(of: &u) { ub in
            withUnsafeMutableBytes(of: &q) { qb in
                divideLimbs(ub.baseAddress!.assumingMemoryBound(to: UInt64.self), 5, m,
                            qb.baseAddress!.assumingMemoryBound(to: UInt64.self), &r)
            }
        }
        return r
    }

    /// (a · b) mod m over the full 512-bit product; m = 0 gives 0 (MULMOD).
    @inlinable
    public static func mulmod(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        if m.isZero { return .zero }
        let p = multiplyFull(a, b)
        if (p.4 | p.5 | p.6 | p.7) == 0 { return UInt256(w0: p.0, w1: p.1, w2: p.2, w3: p.3) % m }
        var u: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (p.0, p.1, p.2, p.3, p.4, p.5, p.6, p.7, 0)
        var q: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var r = UInt256.zero
        withUnsafeMutableBytes(of: &u) { ub in
            withUnsafeMutableBytes(of: &q) { qb in
                divideLimbs(ub.baseAddress!.assumingMemoryBound(to: UInt64.self), 8, m,
                            qb.baseAddress!.assumingMemoryBound(to: UInt64.self), &r)
            }
        }
        return r
    }

    /// base^exponent modulo 2²⁵⁶ by square-and-multiply (EXP).
    @inlinable
    public static func exp(_ base: UInt256, _ exponent: UInt256) -> UInt256 {
        var result = UInt256.one
        var b = base
        var e = exponent
        while !e.isZero {
            if e.w0 & 1 == 1 { result = result &* b }
            e = e >> 1
            if e.isZero { break }
            b = b &* b
        }
        return result
    }

    /// Sign-extends `value` from byte `byteIndex` (0 = least significant); index ≥ 31 leaves it
    /// unchanged (SIGNEXTEND).
    @inlinable
    public static func signExtend(byteIndex: UInt256, value: UInt256) -> UInt256 {
        guard let k = byteIndex.uint64, k < 31 else { return value }
        let bit = Int(k) * 8 + 7
        let mask = (UInt256.one << (bit + 1)) &- .one
        let signSet = !((value >> bit) & .one).isZero
        return signSet ? (value | ~mask) : (value & mask)
    }

    /// Arithmetic right shift, filling with the sign bit (EIP-145 SAR).
    @inlinable
    public static func sar(_ value: UInt256, by shift: UInt256) -> UInt256 {
        let neg = value.isNegative
        guard let s = shift.uint64, s < 256 else { return neg ? .max : .zero }
        if s == 0 { return value }
        let shifted = value >> Int(s)
        return neg ? (shifted | ~(UInt256.max >> Int(s))) : shifted
    }

    /// Signed less-than (SLT).
    @inlinable @inline(__always)
    public static func slt(_ a: UInt256, _ b: UInt256) -> Bool {
        let na = a.isNegative, nb = b.isNegative
        if na != nb { return na }
        return a < b
    }

    /// Signed greater-than (SGT).
    @inlinable @inline(__always)
    public static func sgt(_ a: UInt256, _ b: UInt256) -> Bool { slt(b, a) }

    /// The byte at big-endian position `index` (0 = most significant) or 0 when index ≥ 32 (BYTE).
    @inlinable
    public static func byte(index: UInt256, of value: UInt256) -> UInt256 {
        guard let i = index.uint64, i < 32 else { return .zero }
        let fromLow = 31 - Int(i)
        let limb = value[limb: fromLow >> 3]
        return UInt256((limb >> UInt64((fromLow & 7) * 8)) & 0xff)
    }
}
