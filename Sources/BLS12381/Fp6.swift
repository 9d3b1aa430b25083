// BLS12-381 tower field Fp6 = Fp2[v]/(v³ − ξ), ξ = 1 + u (draft-irtf-cfrg-pairing-friendly-curves-11
// §4.2.1). Value type, no allocation; used by Fp12 and the pairing.

/// An element c0 + c1·v + c2·v² of Fp6 = Fp2[v]/(v³ − (1 + u)).
@frozen
public struct Fp6: Sendable, Hashable {
    public var c0: Fp2
    public var c1: Fp2
    public var c2: Fp2

    @inlinable @inline(__always)
    public init(_ c0: Fp2, _ c1: Fp2, _ c2: Fp2) {
        self.c0 = c0; self.c1 = c1; self.c2 = c2
    }

    /// 0.
    public static let zero = Fp6(.zero, .zero, .zero)
    /// 1.
    public static let one = Fp6(.one, .zero, .zero)

    /// True for the zero element.
    @inlinable
    public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }

    @inlinable @inline(__always)
    public static func + (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }

    @inlinable @inline(__always)
    public static func - (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }

    @inlinable @inline(__always)
    public static prefix func - (a: Fp6) -> Fp6 { Fp6(-a.c0, -a.c1, -a.c2) }

    /// Karatsuba product (6 Fp2 multiplications).
    @inlinable
    public static func * (a: Fp6, b: Fp6) -> Fp6 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        let t2 = a.c2 * b.c2
        let r0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2).mulByNonresidue() + t0
        let r1 = (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + t2.mulByNonresidue()
        let r2 = (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1
        return Fp6(r0, r1, r2)
    }

    /// self × Fp2 scalar.
    @inlinable
    public static func * (a: Fp6, s: Fp2) -> Fp6 { Fp6(a.c0 * s, a.c1 * s, a.c2 * s) }

    /// Chung–Hasan SQR2 squaring (2 Fp2 multiplications, 3 squarings).
    @inlinable
    public func squared() -> Fp6 {
        let s0 = c0.squared()
        let ab = c0 * c1
        let s1 = ab + ab
        let s2 = (c0 - c1 + c2).squared()
        let bc = c1 * c2
        let s3 = bc + bc
        let s4 = c2.squared()
        return Fp6(s0 + s3.mulByNonresidue(), s1 + s4.mulByNonresidue(), s1 + s2 + s3 - s0 - s4)
    }

    /// self × v: (c0, c1, c2) → (ξ·c2, c0, c1).
    @inlinable @inline(__always)
    public func mulByV() -> Fp6 { Fp6(c2.mulByNonresidue(), c0, c1) }

    /// self × (b0 + b1·v), the shape of a Miller-loop line's first half (5 Fp2 multiplications).
    @inlinable
    public func mul(by01 b0: Fp2, _ b1: Fp2) -> Fp6 {
        let t0 = c0 * b0
        let t1 = c1 * b1
        let r0 = (c2 * b1).mulByNonresidue() + t0
        let r1 = (c0 + c1) * (b0 + b1) - t0 - t1
        let r2 = c2 * b0 + t1
        return Fp6(r0, r1, r2)
    }

    /// self × (b1·v) (3 Fp2 multiplications).
    @inlinable
    public func mul(by1 b1: Fp2) -> Fp6 {
        Fp6((c2 * b1).mulByNonresidue(), c0 * b1, c1 * b1)
    }

    /// The multiplicative inverse; zero maps to zero.
    public func inverse() -> Fp6 {
        let t0 = c0.squared() - (c1 * c2).mulByNonresidue()
        let t1 = c2.squared().mulByNonresidue() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let den = c0 * t0 + (c2 * t1 + c1 * t2).mulByNonresidue()
        let inv = den.inverse()
        return Fp6(t0 * inv, t1 * inv, t2 * inv)
    }
}
