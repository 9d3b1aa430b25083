// BLS12-381 tower field Fp12 = Fp6[w]/(w² − v) (draft-irtf-cfrg-pairing-friendly-curves-11 §4.2.1),
// the target group's field. Also written as Σ g_m·w^m with g_m ∈ Fp2 and w⁶ = ξ = 1 + u: in the
// layout below g0 = c0.c0, g1 = c1.c0, g2 = c0.c1, g3 = c1.c1, g4 = c0.c2, g5 = c1.c2.
// Value type, no allocation.

/// An element c0 + c1·w of Fp12 = Fp6[w]/(w² − v), with c0, c1 ∈ Fp6.
@frozen
public struct Fp12: Sendable, Hashable {
    public var c0: Fp6
    public var c1: Fp6

    @inlinable @inline(__always)
    public init(_ c0: Fp6, _ c1: Fp6) {
        self.c0 = c0; self.c1 = c1
    }

    /// 0.
    public static let zero = Fp12(.zero, .zero)
    /// 1.
    public static let one = Fp12(.one, .zero)

    /// True for the zero element.
    @inlinable
    public var isZero: Bool { c0.isZero && c1.isZero }

    /// True for the one element.
    @inlinable
    public var isOne: Bool { self == Fp12.one }

    @inlinable @inline(__always)
    public static func + (a: Fp12, b: Fp12) -> Fp12 { Fp12(a.c0 + b.c0, a.c1 + b.c1) }

    @inlinable @inline(__always)
    public static func - (a: Fp12, b: Fp12) -> Fp12 { Fp12(a.c0 - b.c0, a.c1 - b.c1) }

    @inlinable @inline(__always)
    public static prefix func - (a: Fp12) -> Fp12 { Fp12(-a.c0, -a.c1) }

    /// Karatsuba product over Fp6 (3 Fp6 multiplications).
    @inlinable
    public static func * (a: Fp12, b: Fp12) -> Fp12 {
        let aa = a.c0 * b.c0
        let bb = a.c1 * b.c1
        let r1 = (a.c0 + a.c1) * (b.c0 + b.c1) - aa - bb
        return Fp12(aa + bb.mulByV(), r1)
    }

    @inlinable @inline(__always)
    public static func *= (a: inout Fp12, b: Fp12) { a = a * b }

    /// Complex squaring (2 Fp6 multiplications).
    @inlinable
    public func squared() -> Fp12 {
        let ab = c0 * c1
        let r0 = (c0 + c1) * (c0 + c1.mulByV()) - ab - ab.mulByV()
        return Fp12(r0, ab + ab)
    }

    /// The conjugate c0 − c1·w, which is the p⁶-power Frobenius; on the cyclotomic subgroup (every
    /// value after the final exponentiation's easy part) it equals the inverse.
    @inlinable
    public var conjugate: Fp12 { Fp12(c0, -c1) }

    /// The multiplicative inverse; zero maps to zero.
    public func inverse() -> Fp12 {
        let t = (c0.squared() - c1.squared().mulByV()).inverse()
        return Fp12(c0 * t, -(c1 * t))
    }

    /// self × ((l0 + l1·v) + l4·v·w): multiplication by a Miller-loop line, whose only non-zero
    /// coefficients are those of 1, w² and w³ (13 Fp2 multiplications instead of 18).
    @inlinable
    public func mul(byLine l0: Fp2, _ l1: Fp2, _ l4: Fp2) -> Fp12 {
        let aa = c0.mul(by01: l0, l1)
        let bb = c1.mul(by1: l4)
        let r1 = (c0 + c1).mul(by01: l0, l1 + l4) - aa - bb
        return Fp12(aa + bb.mulByV(), r1)
    }

    /// The Frobenius map x ↦ x^(p^k) for k = 1, 2, 3: each g_m·w^m goes to g_m^(p^k)·γ_{k,m}·w^m with
    /// γ_{k,m} = ξ^(m(p^k − 1)/6) (constants below).
    public func frobenius(_ k: Int) -> Fp12 {
        switch k {
        case 1:
            let g = FrobeniusConstants.p1
            return Fp12(Fp6(c0.c0.conjugate, c0.c1.conjugate * g.2, c0.c2.conjugate * g.4),
                        Fp6(c1.c0.conjugate * g.1, c1.c1.conjugate * g.3, c1.c2.conjugate * g.5))
        case 2:
            let g = FrobeniusConstants.p2
            return Fp12(Fp6(c0.c0, c0.c1 * g.2, c0.c2 * g.4),
                        Fp6(c1.c0 * g.1, c1.c1 * g.3, c1.c2 * g.5))
        case 3:
            let g = FrobeniusConstants.p3
            return Fp12(Fp6(c0.c0.conjugate, c0.c1.conjugate * g.2, c0.c2.conjugate * g.4),
                        Fp6(c1.c0.conjugate * g.1, c1.c1.conjugate * g.3, c1.c2.conjugate * g.5))
        default:
            var r = self
            for _ in 0..<(k % 12) { r = r.frobenius(1) }
            return r
        }
    }

    /// Granger–Scott squaring, valid only in the cyclotomic subgroup (norm 1 over Fp6 and killed by
    /// p⁴ − p² + 1 … i.e. after the easy part of the final exponentiation). Views self as
    /// A + B·w + C·w² over Fp4 = Fp2[s]/(s² − ξ), s = w³: A = g0 + g3·s, B = g1 + g4·s,
    /// C = g2 + g5·s, and returns (3A² − 2Ā) + (3·s·C² + 2B̄)·w + (3B² − 2C̄)·w².
    @inlinable
    public func cyclotomicSquared() -> Fp12 {
        // Fp4 squaring: (a + b·s)² = (a² + ξb²) + ((a + b)² − a² − b²)·s, for A, B and C.
        let sa0 = c0.c0.squared(), sa1 = c1.c1.squared()
        let a0 = sa1.mulByNonresidue() + sa0, a1 = (c0.c0 + c1.c1).squared() - sa0 - sa1   // A²
        let sb0 = c1.c0.squared(), sb1 = c0.c2.squared()
        let b0 = sb1.mulByNonresidue() + sb0, b1 = (c1.c0 + c0.c2).squared() - sb0 - sb1   // B²
        let sd0 = c0.c1.squared(), sd1 = c1.c2.squared()
        let d0 = sd1.mulByNonresidue() + sd0, d1 = (c0.c1 + c1.c2).squared() - sd0 - sd1   // C²
        // A' = 3A² − 2Ā:  g0' = 3a0 − 2g0, g3' = 3a1 + 2g3
        let g0 = (a0 - c0.c0); let n0 = g0 + g0 + a0
        let g3 = (a1 + c1.c1); let n3 = g3 + g3 + a1
        // B' = 3·s·C² + 2B̄: s·(d0 + d1 s) = ξd1 + d0 s;  g1' = 3ξd1 + 2g1, g4' = 3d0 − 2g4
        let xd1 = d1.mulByNonresidue()
        let g1 = (xd1 + c1.c0); let n1 = g1 + g1 + xd1
        let g4 = (d0 - c0.c2); let n4 = g4 + g4 + d0
        // C' = 3B² − 2C̄:  g2' = 3b0 − 2g2, g5' = 3b1 + 2g5
        let g2 = (b0 - c0.c1); let n2 = g2 + g2 + b0
        let g5 = (b1 + c1.c2); let n5 = g5 + g5 + b1
        return Fp12(Fp6(n0, n2, n4), Fp6(n1, n3, n5))
    }

    /// self^|x| for the BLS parameter |x| = 0xd201000000010000, by cyclotomic squarings (cyclotomic
    /// subgroup only). The caller conjugates for x < 0.
    @inlinable
    func cyclotomicPowAbsX() -> Fp12 {
        // |x| = 0b1101_0010_0000_0001 followed by 48 bits 0x0000_0001_0000 (set bits 63,62,60,57,48,16)
        var r = self
        // bits 62 … 0, most significant first
        for bit in stride(from: 62, through: 0, by: -1) {
            r = r.cyclotomicSquared()
            if bit == 62 || bit == 60 || bit == 57 || bit == 48 || bit == 16 { r = r * self }
        }
        return r
    }

    /// self^x with x = −0xd201000000010000 (cyclotomic subgroup only).
    @inlinable
    func cyclotomicPowX() -> Fp12 { cyclotomicPowAbsX().conjugate }

    /// self^e for a little-endian 64-bit-limb exponent, by plain square-and-multiply (any element).
    public func pow(_ exponent: [UInt64]) -> Fp12 { powLimbs(exponent) }
}

/// γ_{k,m} = ξ^(m(p^k − 1)/6), ξ = 1 + u, for m = 0 … 5 (m = 0 is 1 and omitted as `.0`).
@usableFromInline
enum FrobeniusConstants {
    static func fp2(_ c0: String, _ c1: String) -> Fp2 { Fp2(Fp(hex: c0)!, Fp(hex: c1)!) }

    static let p1: (Fp2, Fp2, Fp2, Fp2, Fp2, Fp2) = (
        .one,
        fp2("0x1904d3bf02bb0667c231beb4202c0d1f0fd603fd3cbd5f4f7b2443d784bab9c4f67ea53d63e7813d8d0775ed92235fb8",
            "0x00fc3e2b36c4e03288e9e902231f9fb854a14787b6c7b36fec0c8ec971f63c5f282d5ac14d6c7ec22cf78a126ddc4af3"),
        fp2("0x0",
            "0x1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409427eb4f49fffd8bfd00000000aaac"),
        fp2("0x06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5ee67992f72ec05f4c81084fbede3cc09",
            "0x06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5ee67992f72ec05f4c81084fbede3cc09"),
        fp2("0x1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409427eb4f49fffd8bfd00000000aaad",
            "0x0"),
        fp2("0x05b2cfd9013a5fd8df47fa6b48b1e045f39816240c0b8fee8beadf4d8e9c0566c63a3e6e257f87329b18fae980078116",
            "0x144e4211384586c16bd3ad4afa99cc9170df3560e77982d0db45f3536814f0bd5871c1908bd478cd1ee605167ff82995"))

    static let p2: (Fp2, Fp2, Fp2, Fp2, Fp2, Fp2) = (
        .one,
        fp2("0x5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffeffff", "0x0"),
        fp2("0x5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffe", "0x0"),
        fp2("0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaaa", "0x0"),
        fp2("0x1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409427eb4f49fffd8bfd00000000aaac", "0x0"),
        fp2("0x1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409427eb4f49fffd8bfd00000000aaad", "0x0"))

    static let p3: (Fp2, Fp2, Fp2, Fp2, Fp2, Fp2) = (
        .one,
        fp2("0x135203e60180a68ee2e9c448d77a2cd91c3dedd930b1cf60ef396489f61eb45e304466cf3e67fa0af1ee7b04121bdea2",
            "0x06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5ee67992f72ec05f4c81084fbede3cc09"),
        fp2("0x0", "0x1"),
        fp2("0x135203e60180a68ee2e9c448d77a2cd91c3dedd930b1cf60ef396489f61eb45e304466cf3e67fa0af1ee7b04121bdea2",
            "0x135203e60180a68ee2e9c448d77a2cd91c3dedd930b1cf60ef396489f61eb45e304466cf3e67fa0af1ee7b04121bdea2"),
        fp2("0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaaa", "0x0"),
        fp2("0x06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5ee67992f72ec05f4c81084fbede3cc09",
            "0x135203e60180a68ee2e9c448d77a2cd91c3dedd930b1cf60ef396489f61eb45e304466cf3e67fa0af1ee7b04121bdea2"))
}
