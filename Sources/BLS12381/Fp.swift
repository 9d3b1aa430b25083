// BLS12-381 base field Fp. Montgomery arithmetic on six 64-bit limbs; no allocation in field ops.
// Modulus and curve facts: draft-irtf-cfrg-pairing-friendly-curves-11 §4.2.1, EIP-2537.

/// An element of the BLS12-381 base field Fp, p = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab
/// (381 bits, p ≡ 3 mod 4).
///
/// Stored in Montgomery form a·R mod p with R = 2^384, as six little-endian `UInt64` limbs, always fully
/// reduced (< p), so the synthesized `==` and `hash(into:)` compare field values.
@frozen
public struct Fp: Sendable, Hashable {
    @usableFromInline var l0: UInt64
    @usableFromInline var l1: UInt64
    @usableFromInline var l2: UInt64
    @usableFromInline var l3: UInt64
    @usableFromInline var l4: UInt64
    @usableFromInline var l5: UInt64

    /// Raw limbs (already in Montgomery form, already < p).
    @inlinable @inline(__always)
    init(raw l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, _ l4: UInt64, _ l5: UInt64) {
        self.l0 = l0; self.l1 = l1; self.l2 = l2; self.l3 = l3; self.l4 = l4; self.l5 = l5
    }

    // p, little-endian limbs.
    @usableFromInline static let p0: UInt64 = 0xb9feffffffffaaab
    @usableFromInline static let p1: UInt64 = 0x1eabfffeb153ffff
    @usableFromInline static let p2: UInt64 = 0x6730d2a0f6b0f624
    @usableFromInline static let p3: UInt64 = 0x64774b84f38512bf
    @usableFromInline static let p4: UInt64 = 0x4b1ba7b6434bacd7
    @usableFromInline static let p5: UInt64 = 0x1a0111ea397fe69a
    /// −p⁻¹ mod 2^64.
    @usableFromInline static let inv: UInt64 = 0x89f3fffcfffcfffd

    /// 0.
    public static let zero = Fp(raw: 0, 0, 0, 0, 0, 0)
    /// 1 (R mod p in Montgomery form).
    public static let one = Fp(raw: 0x760900000002fffd, 0xebf4000bc40c0002, 0x5f48985753c758ba,
                               0x77ce585370525745, 0x5c071a97a256ec6d, 0x15f65ec3fa80e493)
    /// R² mod p, used to enter Montgomery form.
    static let r2 = Fp(raw: 0xf4df1f341c341746, 0x0a76e6a609d104f1, 0x8de5476c4c95b6d5,
                       0x67eb88a9939d83c0, 0x9a793e85b519952d, 0x11988fe592cae3aa)

    /// The modulus p as 48 big-endian bytes.
    public static let modulusBigEndian: [UInt8] = {
        var out = [UInt8]()
        for limb in [p5, p4, p3, p2, p1, p0] { for s in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(s))) } }
        return out
    }()

    /// The small integer `small` (< 2^64) as a field element.
    public init(_ small: UInt64) {
        self = Fp.montMulRaw(small, 0, 0, 0, 0, 0, Fp.r2)
    }

    /// Parses exactly 48 big-endian bytes (the canonical integer, not Montgomery form).
    /// - Returns: nil if `bytes.count != 48` or the value is ≥ p.
    public init?(bigEndian bytes: ArraySlice<UInt8>) {
        guard bytes.count == 48 else { return nil }
        let s = bytes.startIndex
        @inline(__always) func limb(_ k: Int) -> UInt64 {
            var v: UInt64 = 0
            let base = s + 40 - 8 * k
            for i in 0..<8 { v = (v << 8) | UInt64(bytes[base + i]) }
            return v
        }
        let a0 = limb(0), a1 = limb(1), a2 = limb(2), a3 = limb(3), a4 = limb(4), a5 = limb(5)
        guard Fp.lessThanP(a0, a1, a2, a3, a4, a5) else { return nil }
        self = Fp.montMulRaw(a0, a1, a2, a3, a4, a5, Fp.r2)
    }

    /// Parses a big-endian hex string (optional `0x`, at most 96 digits) as a canonical integer.
    /// - Returns: nil on a non-hex digit, more than 96 digits, or a value ≥ p.
    public init?(hex: String) {
        var digits = Substring(hex)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard digits.count <= 96 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 48)
        var nibbles = [UInt8]()
        nibbles.reserveCapacity(96)
        for ch in digits {
            guard let v = ch.hexDigitValue else { return nil }
            nibbles.append(UInt8(v))
        }
        var pos = 95
        for n in nibbles.reversed() {
            bytes[pos / 2] |= (pos % 2 == 1) ? n : n << 4
            pos -= 1
        }
        self.init(bigEndian: bytes[...])
    }

    /// The canonical value (not Montgomery form) as 48 big-endian bytes.
    public var bigEndianBytes: [UInt8] {
        let c = canonicalLimbs
        var out = [UInt8](repeating: 0, count: 48)
        let limbs = [c.5, c.4, c.3, c.2, c.1, c.0]
        for k in 0..<6 {
            for i in 0..<8 { out[8 * k + i] = UInt8(truncatingIfNeeded: limbs[k] >> UInt64(56 - 8 * i)) }
        }
        return out
    }

    /// The canonical value's little-endian limbs (leaves Montgomery form by multiplying by 1).
    @inlinable
    public var canonicalLimbs: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) {
        let r = Fp.montMulRaw(1, 0, 0, 0, 0, 0, self)
        return (r.l0, r.l1, r.l2, r.l3, r.l4, r.l5)
    }

    /// True for the zero element.
    @inlinable
    public var isZero: Bool { (l0 | l1 | l2 | l3 | l4 | l5) == 0 }

    // MARK: Limb helpers

    @inlinable @inline(__always)
    static func mac(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ carry: inout UInt64) -> UInt64 {
        let (hi, lo) = b.multipliedFullWidth(by: c)
        let (s1, o1) = lo.addingReportingOverflow(a)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        carry = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
        return s2
    }

    @inlinable @inline(__always)
    static func addCarry(_ a: UInt64, _ b: UInt64) -> (UInt64, UInt64) {
        let (s, o) = a.addingReportingOverflow(b)
        return (s, o ? 1 : 0)
    }

    /// a + b + carryIn (carryIn 0/1); carry out 0/1.
    @inlinable @inline(__always)
    static func adc(_ a: UInt64, _ b: UInt64, _ carry: inout UInt64) -> UInt64 {
        let (s1, o1) = a.addingReportingOverflow(b)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        carry = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
        return s2
    }

    /// a − b − borrowIn (borrowIn 0/1); borrow out 0/1.
    @inlinable @inline(__always)
    static func sbb(_ a: UInt64, _ b: UInt64, _ borrow: inout UInt64) -> UInt64 {
        let (d1, o1) = a.subtractingReportingOverflow(b)
        let (d2, o2) = d1.subtractingReportingOverflow(borrow)
        borrow = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
        return d2
    }

    @inlinable @inline(__always)
    static func lessThanP(_ a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64, _ a4: UInt64, _ a5: UInt64) -> Bool {
        var b: UInt64 = 0
        _ = sbb(a0, p0, &b); _ = sbb(a1, p1, &b); _ = sbb(a2, p2, &b)
        _ = sbb(a3, p3, &b); _ = sbb(a4, p4, &b); _ = sbb(a5, p5, &b)
        return b == 1
    }

    /// Subtracts p once if the value (< 2p) is ≥ p.
    @inlinable @inline(__always)
    static func reduceOnce(_ a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64, _ a4: UInt64, _ a5: UInt64) -> Fp {
        var b: UInt64 = 0
        let d0 = sbb(a0, p0, &b), d1 = sbb(a1, p1, &b), d2 = sbb(a2, p2, &b)
        let d3 = sbb(a3, p3, &b), d4 = sbb(a4, p4, &b), d5 = sbb(a5, p5, &b)
        if b == 1 { return Fp(raw: a0, a1, a2, a3, a4, a5) }
        return Fp(raw: d0, d1, d2, d3, d4, d5)
    }

    @inlinable @inline(__always)
    static func montMulRaw(_ a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64, _ a4: UInt64, _ a5: UInt64, _ b: Fp) -> Fp {
        montMul(a0, a1, a2, a3, a4, a5, b.l0, b.l1, b.l2, b.l3, b.l4, b.l5)
    }

    /// CIOS Montgomery multiplication (Koç, Acar, Kaliski 1996): a·b·R⁻¹ mod p, inputs < p.
    @inlinable @inline(__always)
    static func montMul(_ a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64, _ a4: UInt64, _ a5: UInt64,
                        _ b0: UInt64, _ b1: UInt64, _ b2: UInt64, _ b3: UInt64, _ b4: UInt64, _ b5: UInt64) -> Fp {
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0, t4: UInt64 = 0, t5: UInt64 = 0, t6: UInt64 = 0
        var c: UInt64 = 0, m: UInt64 = 0, t7: UInt64 = 0
        // round 0
        c = 0
        t0 = mac(t0, a0, b0, &c)
        t1 = mac(t1, a1, b0, &c)
        t2 = mac(t2, a2, b0, &c)
        t3 = mac(t3, a3, b0, &c)
        t4 = mac(t4, a4, b0, &c)
        t5 = mac(t5, a5, b0, &c)
        (t6, t7) = addCarry(t6, c)
        m = t0 &* Fp.inv
        c = 0
        _ = mac(t0, m, Fp.p0, &c)
        t0 = mac(t1, m, Fp.p1, &c)
        t1 = mac(t2, m, Fp.p2, &c)
        t2 = mac(t3, m, Fp.p3, &c)
        t3 = mac(t4, m, Fp.p4, &c)
        t4 = mac(t5, m, Fp.p5, &c)
        (t5, c) = addCarry(t6, c)
        t6 = t7 &+ c
        // round 1
        c = 0
        t0 = mac(t0, a0, b1, &c)
        t1 = mac(t1, a1, b1, &c)
        t2 = mac(t2, a2, b1, &c)
        t3 = mac(t3, a3, b1, &c)
        t4 = mac(t4, a4, b1, &c)
        t5 = mac(t5, a5, b1, &c)
        (t6, t7) = addCarry(t6, c)
        m = t0 &* Fp.inv
        c = 0
        _ = mac(t0, m, Fp.p0, &c)
        t0 = mac(t1, m, Fp.p1, &c)
        t1 = mac(t2, m, Fp.p2, &c)
        t2 = mac(t3, m, Fp.p3, &c)
        t3 = mac(t4, m, Fp.p4, &c)
        t4 = mac(t5, m, Fp.p5, &c)
        (t5, c) = addCarry(t6, c)
        t6 = t7 &+ c
        // round 2
        c = 0
        t0 = mac(t0, a0, b2, &c)
        t1 = mac(t1, a1, b2, &c)
        t2 = mac(t2, a2, b2, &c)
        t3 = mac(t3, a3, b2, &c)
        t4 = mac(t4, a4, b2, &c)
        t5 = mac(t5, a5, b2, &c)
        (t6, t7) = addCarry(t6, c)
        m = t0 &* Fp.inv
        c = 0
        _ = mac(t0, m, Fp.p0, &c)
        t0 = mac(t1, m, Fp.p1, &c)
        t1 = mac(t2, m, Fp.p2, &c)
        t2 = mac(t3, m, Fp.p3, &c)
        t3 = mac(t4, m, Fp.p4, &c)
        t4 = mac(t5, m, Fp.p5, &c)
        (t5, c) = addCarry(t6, c)
        t6 = t7 &+ c
        // round 3
        c = 0
        t0 = mac(t0, a0, b3, &c)
        t1 = mac(t1, a1, b3, &c)
        t2 = mac(t2, a2, b3, &c)
        t3 = mac(t3, a3, b3, &c)
        t4 = mac(t4, a4, b3, &c)
        t5 = mac(t5, a5, b3, &c)
        (t6, t7) = addCarry(t6, c)
        m = t0 &* Fp.inv
        c = 0
        _ = mac(t0, m, Fp.p0, &c)
        t0 = mac(t1, m, Fp.p1, &c)
        t1 = mac(t2, m, Fp.p2, &c)
        t2 = mac(t3, m, Fp.p3, &c)
        t3 = mac(t4, m, Fp.p4, &c)
        t4 = mac(t5, m, Fp.p5, &c)
        (t5, c) = addCarry(t6, c)
        t6 = t7 &+ c
        // round 4
        c = 0
        t0 = mac(t0, a0, b4, &c)
        t1 = mac(t1, a1, b4, &c)
        t2 = mac(t2, a2, b4, &c)
        t3 = mac(t3, a3, b4, &c)
        t4 = mac(t4, a4, b4, &c)
        t5 = mac(t5, a5, b4, &c)
        (t6, t7) = addCarry(t6, c)
        m = t0 &* Fp.inv
        c = 0
        _ = mac(t0, m, Fp.p0, &c)
        t0 = mac(t1, m, Fp.p1, &c)
        t1 = mac(t2, m, Fp.p2, &c)
        t2 = mac(t3, m, Fp.p3, &c)
        t3 = mac(t4, m, Fp.p4, &c)
        t4 = mac(t5, m, Fp.p5, &c)
        (t5, c) = addCarry(t6, c)
        t6 = t7 &+ c
        // round 5
        c = 0
        t0 = mac(t0, a0, b5, &c)
        t1 = mac(t1, a1, b5, &c)
        t2 = mac(t2, a2, b5, &c)
        t3 = mac(t3, a3, b5, &c)
        t4 = mac(t4, a4, b5, &c)
        t5 = mac(t5, a5, b5, &c)
        (t6, t7) = addCarry(t6, c)
        m = t0 &* Fp.inv
        c = 0
        _ = mac(t0, m, Fp.p0, &c)
        t0 = mac(t1, m, Fp.p1, &c)
        t1 = mac(t2, m, Fp.p2, &c)
        t2 = mac(t3, m, Fp.p3, &c)
        t3 = mac(t4, m, Fp.p4, &c)
        t4 = mac(t5, m, Fp.p5, &c)
        (t5, c) = addCarry(t6, c)
        t6 = t7 &+ c
        return Fp.reduceOnce(t0, t1, t2, t3, t4, t5)
    }

    // MARK: Arithmetic

    /// a + b mod p.
    @inlinable @inline(__always)
    public static func + (a: Fp, b: Fp) -> Fp {
        var c: UInt64 = 0
        let s0 = adc(a.l0, b.l0, &c), s1 = adc(a.l1, b.l1, &c), s2 = adc(a.l2, b.l2, &c)
        let s3 = adc(a.l3, b.l3, &c), s4 = adc(a.l4, b.l4, &c), s5 = adc(a.l5, b.l5, &c)
        // p < 2^382, so a + b < 2^383 never carries out of the top limb.
        return reduceOnce(s0, s1, s2, s3, s4, s5)
    }

    /// a − b mod p.
    @inlinable @inline(__always)
    public static func - (a: Fp, b: Fp) -> Fp {
        var br: UInt64 = 0
        let d0 = sbb(a.l0, b.l0, &br), d1 = sbb(a.l1, b.l1, &br), d2 = sbb(a.l2, b.l2, &br)
        let d3 = sbb(a.l3, b.l3, &br), d4 = sbb(a.l4, b.l4, &br), d5 = sbb(a.l5, b.l5, &br)
        if br == 0 { return Fp(raw: d0, d1, d2, d3, d4, d5) }
        var c: UInt64 = 0
        let r0 = adc(d0, p0, &c), r1 = adc(d1, p1, &c), r2 = adc(d2, p2, &c)
        let r3 = adc(d3, p3, &c), r4 = adc(d4, p4, &c), r5 = adc(d5, p5, &c)
        return Fp(raw: r0, r1, r2, r3, r4, r5)
    }

    /// −a mod p (zero stays zero).
    @inlinable @inline(__always)
    public static prefix func - (a: Fp) -> Fp {
        if a.isZero { return a }
        var br: UInt64 = 0
        let d0 = sbb(p0, a.l0, &br), d1 = sbb(p1, a.l1, &br), d2 = sbb(p2, a.l2, &br)
        let d3 = sbb(p3, a.l3, &br), d4 = sbb(p4, a.l4, &br), d5 = sbb(p5, a.l5, &br)
        return Fp(raw: d0, d1, d2, d3, d4, d5)
    }

    /// a · b mod p.
    @inlinable @inline(__always)
    public static func * (a: Fp, b: Fp) -> Fp {
        montMul(a.l0, a.l1, a.l2, a.l3, a.l4, a.l5, b.l0, b.l1, b.l2, b.l3, b.l4, b.l5)
    }

    @inlinable @inline(__always) public static func += (a: inout Fp, b: Fp) { a = a + b }
    @inlinable @inline(__always) public static func -= (a: inout Fp, b: Fp) { a = a - b }
    @inlinable @inline(__always) public static func *= (a: inout Fp, b: Fp) { a = a * b }

    /// self².
    @inlinable @inline(__always)
    public func squared() -> Fp { self * self }

    /// 2·self.
    @inlinable @inline(__always)
    public func doubled() -> Fp { self + self }

    /// self^exponent, exponent as little-endian 64-bit limbs (square-and-multiply, not constant time).
    public func pow(_ exponent: [UInt64]) -> Fp { powLimbs(exponent) }

    /// p as little-endian 64-bit limbs (for `pow`, e.g. the Frobenius x^p).
    public static let modulusLimbs: [UInt64] = [p0, p1, p2, p3, p4, p5]
    /// p − 2, little-endian limbs (Fermat inverse exponent).
    static let pMinus2: [UInt64] = [p0 &- 2, p1, p2, p3, p4, p5]
    /// (p + 1) / 4 (square-root exponent, p ≡ 3 mod 4).
    static let pPlus1Over4: [UInt64] = shiftRight([p0 &+ 1, p1, p2, p3, p4, p5], 2)   // p0 + 1 does not carry
    /// (p − 1) / 2 (Euler's criterion exponent).
    public static let pMinus1Over2: [UInt64] = shiftRight([p0 &- 1, p1, p2, p3, p4, p5], 1)
    /// (p − 3) / 4 (used by the Fp2 square root).
    public static let pMinus3Over4: [UInt64] = shiftRight([p0 &- 3, p1, p2, p3, p4, p5], 2)

    static func shiftRight(_ a: [UInt64], _ s: UInt64) -> [UInt64] {
        var out = a
        for i in 0..<a.count {
            let hi: UInt64 = i + 1 < a.count ? a[i + 1] << (64 - s) : 0
            out[i] = (a[i] >> s) | hi
        }
        return out
    }

    /// self⁻¹ mod p by Fermat's little theorem; zero maps to zero.
    public func inverse() -> Fp {
        pow(Fp.pMinus2)
    }

    /// A square root (self^((p+1)/4)), or nil when self is not a square. Which of ±√ is returned is
    /// not specified; callers that need a particular sign pick it (sgn0 or lexicographic order).
    public func sqrt() -> Fp? {
        let r = pow(Fp.pPlus1Over4)
        return r.squared() == self ? r : nil
    }

    /// Legendre symbol ≠ −1 (zero counts as a square).
    public var isSquare: Bool {
        let l = pow(Fp.pMinus1Over2)
        return l.isZero || l == .one
    }

    /// RFC 9380 §4.1 sgn0 for m = 1: the canonical value is odd.
    public var sgn0: Bool { canonicalLimbs.0 & 1 == 1 }

    /// The canonical value is > (p − 1)/2 (ZCash compressed-point "largest y" flag).
    public var isLexicographicallyLargest: Bool {
        let c = canonicalLimbs
        let h = Fp.pMinus1Over2
        // compare c > h, most significant limb first
        let cl = [c.0, c.1, c.2, c.3, c.4, c.5]
        for i in stride(from: 5, through: 0, by: -1) where cl[i] != h[i] { return cl[i] > h[i] }
        return false
    }
}

extension Fp: CustomStringConvertible {
    /// 0x-prefixed 96-digit canonical hex.
    public var description: String {
        "0x" + bigEndianBytes.map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }
}
