// BLS12-381 G1: the curve E(Fp): y² = x³ + 4, Jacobian arithmetic (x = X/Z², y = Y/Z³).
// The arithmetic itself is the generic Jacobian core in Jacobian.swift (shared with G2).

/// An affine point on E(Fp): y² = x³ + 4, or the point at infinity (then x = y = 0).
public struct G1Affine: Sendable, Hashable {
    public var x: Fp
    public var y: Fp
    public var isInfinity: Bool

    /// A finite point (not checked; see `isOnCurve`, `isInSubgroup`).
    @inlinable
    public init(x: Fp, y: Fp) { self.x = x; self.y = y; self.isInfinity = false }

    @inlinable
    init(x: Fp, y: Fp, isInfinity: Bool) { self.x = x; self.y = y; self.isInfinity = isInfinity }

    /// The point at infinity.
    public static let infinity = G1Affine(x: .zero, y: .zero, isInfinity: true)

    /// The standard generator (draft-irtf-cfrg-pairing-friendly-curves §4.2.1, EIP-2537 "G1 generator").
    public static let generator = G1Affine(
        x: Fp(hex: "0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb")!,
        y: Fp(hex: "0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1")!)

    /// The curve coefficient b = 4.
    public static let b = Fp(4)

    /// True if the point satisfies y² = x³ + 4 (infinity counts as on the curve).
    public var isOnCurve: Bool {
        if isInfinity { return true }
        return y.squared() == x.squared() * x + G1Affine.b
    }

    /// True if the point is in the order-r subgroup G1 (infinity is). Assumes `isOnCurve`.
    public var isInSubgroup: Bool { G1Point(self).isInSubgroup }

    /// −P.
    public var negated: G1Affine { isInfinity ? self : G1Affine(x: x, y: -y) }
}

/// A point on E(Fp) in Jacobian coordinates (X, Y, Z) representing (X/Z², Y/Z³); Z = 0 is infinity.
public struct G1Point: Sendable {
    public var x: Fp
    public var y: Fp
    public var z: Fp

    @inlinable @inline(__always)
    public init(x: Fp, y: Fp, z: Fp) { self.x = x; self.y = y; self.z = z }

    /// Lifts an affine point (infinity maps to Z = 0).
    @inlinable
    public init(_ a: G1Affine) {
        if a.isInfinity { self = G1Point.infinity } else { self.init(x: a.x, y: a.y, z: .one) }
    }

    /// The point at infinity (1, 1, 0).
    public static let infinity = G1Point(x: .one, y: .one, z: .zero)
    /// The generator in Jacobian form.
    public static let generator = G1Point(G1Affine.generator)

    @inlinable
    public var isInfinity: Bool { z.isZero }

    /// 2P ("dbl-2009-l": 2M + 5S).
    @inlinable
    public func doubled() -> G1Point { jacDoubled() }

    /// P + Q ("add-2007-bl": 11M + 5S), handling infinity and P = ±Q.
    @inlinable
    public func adding(_ o: G1Point) -> G1Point { jacAdding(o) }

    /// P + Q for affine Q ("madd-2007-bl": 7M + 4S), handling infinity and P = ±Q.
    @inlinable
    public func adding(_ a: G1Affine) -> G1Point { jacAdding(affine: a) }

    /// −P.
    @inlinable
    public var negated: G1Point { G1Point(x: x, y: -y, z: z) }

    /// The affine form (one inversion).
    public var affine: G1Affine { jacAffine }

    /// Projective equality: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³ (infinities are equal).
    public func isEqual(to o: G1Point) -> Bool { jacEquals(o) }

    /// [scalar]P, scalar as big-endian bytes of any length (EIP-2537 uses 32; the value need not be < r).
    /// Fixed 4-bit window: 15 precomputed multiples, then 4 doublings and at most one addition per nibble.
    public func multiplied(by scalar: [UInt8]) -> G1Point { jacMultiplied(by: scalar) }

    /// Membership in the order-r subgroup by Scott's endomorphism test ("A note on group membership
    /// tests for G1, G2 and GT on BLS pairing-friendly curves", ePrint 2021/1130): P ∈ G1 ⇔ φ(P) = −[x²]P,
    /// φ(x, y) = (βx, y) with β the cube root of unity below, x = −0xd201000000010000 the curve parameter.
    /// Cross-checked in the tests against [r]P = O.
    public var isInSubgroup: Bool {
        if z.isZero { return true }
        let lhs = G1Point(x: x * G1Point.beta, y: y, z: z)
        let rhs = multiplied(byLimbs: G1Point.xSquared).negated
        return lhs.isEqual(to: rhs)
    }

    /// β: a primitive cube root of unity in Fp (the one matching φ(P) = −[x²]P on G1).
    static let beta = Fp(hex: "0x5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffe")!
    /// x² = 0xd201000000010000², little-endian limbs.
    static let xSquared: [UInt64] = [0x0000000100000000, 0xac45a4010001a402]

    /// [n]P for n given as little-endian 64-bit limbs (plain double-and-add from the top bit).
    public func multiplied(byLimbs n: [UInt64]) -> G1Point { jacMultiplied(byLimbs: n) }
}

extension G1Point: Equatable {
    /// Equality of the represented points (projective comparison, see `isEqual(to:)`).
    public static func == (a: G1Point, b: G1Point) -> Bool { a.isEqual(to: b) }
}
