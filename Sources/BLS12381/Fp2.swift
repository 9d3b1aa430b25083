// BLS12-381 quadratic extension Fp2 = Fp[u] / (u² + 1).

/// An element c0 + c1·u of Fp2 = Fp[u]/(u² + 1) (BLS12-381's G2 coordinate field; EIP-2537 encodes c0 then c1).
@frozen
public struct Fp2: Sendable, Hashable {
    public var c0: Fp
    public var c1: Fp

    @inlinable @inline(__always)
    public init(_ c0: Fp, _ c1: Fp) { self.c0 = c0; self.c1 = c1 }

    /// 0.
    public static let zero = Fp2(.zero, .zero)
    /// 1.
    public static let one = Fp2(.one, .zero)
    /// u.
    public static let u = Fp2(.zero, .one)

    /// True for 0.
    @inlinable
    public var isZero: Bool { c0.isZero && c1.isZero }

    @inlinable @inline(__always)
    public static func + (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 + b.c0, a.c1 + b.c1) }

    @inlinable @inline(__always)
    public static func - (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 - b.c0, a.c1 - b.c1) }

    @inlinable @inline(__always)
    public static prefix func - (a: Fp2) -> Fp2 { Fp2(-a.c0, -a.c1) }

    /// Karatsuba: (a0 + a1u)(b0 + b1u) = (a0b0 − a1b1) + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)u.
    @inlinable @inline(__always)
    public static func * (a: Fp2, b: Fp2) -> Fp2 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        let m = (a.c0 + a.c1) * (b.c0 + b.c1)
        return Fp2(v0 - v1, m - v0 - v1)
    }

    /// Multiplies both coefficients by an Fp scalar.
    @inlinable @inline(__always)
    public static func * (a: Fp2, b: Fp) -> Fp2 { Fp2(a.c0 * b, a.c1 * b) }

    @inlinable @inline(__always) public static func += (a: inout Fp2, b: Fp2) { a = a + b }
    @inlinable @inline(__always) public static func -= (a: inout Fp2, b: Fp2) { a = a - b }
    @inlinable @inline(__always) public static func *= (a: inout Fp2, b: Fp2) { a = a * b }

    /// (a0 + a1u)² = (a0 + a1)(a0 − a1) + 2a0a1·u.
    @inlinable @inline(__always)
    public func squared() -> Fp2 {
        let t = c0 * c1
        return Fp2((c0 + c1) * (c0 - c1), t + t)
    }

    /// 2·self.
    @inlinable @inline(__always)
    public func doubled() -> Fp2 { Fp2(c0 + c0, c1 + c1) }

    /// c0 − c1·u; also the Frobenius map x ↦ x^p on Fp2.
    @inlinable
    public var conjugate: Fp2 { Fp2(c0, -c1) }

    /// self·(1 + u), the Fp6 non-residue ξ: (a0 − a1) + (a0 + a1)u.
    @inlinable @inline(__always)
    public func mulByNonresidue() -> Fp2 { Fp2(c0 - c1, c0 + c1) }

    /// The norm c0² + c1² ∈ Fp (= self · conjugate).
    @inlinable
    public var norm: Fp { c0.squared() + c1.squared() }

    /// self⁻¹ = conjugate / norm; zero maps to zero.
    public func inverse() -> Fp2 {
        let n = norm.inverse()
        return Fp2(c0 * n, -(c1 * n))
    }

    /// self^exponent, exponent as little-endian 64-bit limbs.
    public func pow(_ exponent: [UInt64]) -> Fp2 { powLimbs(exponent) }

    /// True when self is a square in Fp2 (exactly when its norm is a square in Fp); zero counts as square.
    public var isSquare: Bool { norm.isSquare }

    /// A square root, or nil when self is not a square. Adj & Rodríguez-Henríquez, "Square root
    /// computation over even extension fields" (2012), Algorithm 9 (q ≡ 3 mod 4); the result is
    /// verified by squaring. Which of ±√ is returned is not specified.
    public func sqrt() -> Fp2? {
        if isZero { return .zero }
        let a1 = pow(Fp.pMinus3Over4)
        let alpha = a1 * (a1 * self)
        let x0 = a1 * self
        let minusOne = Fp2(-Fp.one, .zero)
        let x: Fp2
        if alpha == minusOne {
            x = Fp2(-x0.c1, x0.c0)           // u · x0
        } else {
            let b = (Fp2.one + alpha).pow(Fp.pMinus1Over2)
            x = b * x0
        }
        return x.squared() == self ? x : nil
    }

    /// RFC 9380 §4.1 sgn0 for m = 2: sign(c0) OR (c0 == 0 AND sign(c1)).
    public var sgn0: Bool {
        c0.sgn0 || (c0.isZero && c1.sgn0)
    }
}

extension Fp2: CustomStringConvertible {
    /// "(c0, c1)" in canonical hex.
    public var description: String { "(\(c0), \(c1))" }
}
