// BLS12-381 G2: the sextic twist E'(Fp2): y² = x³ + 4(1 + u), Jacobian arithmetic (x = X/Z², y = Y/Z³).
// The arithmetic itself is the generic Jacobian core in Jacobian.swift (shared with G1).

/// An affine point on E'(Fp2): y² = x³ + 4(1 + u), or the point at infinity (then x = y = 0).
public struct G2Affine: Sendable, Hashable {
    public var x: Fp2
    public var y: Fp2
    public var isInfinity: Bool

    /// A finite point (not checked; see `isOnCurve`, `isInSubgroup`).
    @inlinable
    public init(x: Fp2, y: Fp2) { self.x = x; self.y = y; self.isInfinity = false }

    @inlinable
    init(x: Fp2, y: Fp2, isInfinity: Bool) { self.x = x; self.y = y; self.isInfinity = isInfinity }

    /// The point at infinity.
    public static let infinity = G2Affine(x: .zero, y: .zero, isInfinity: true)

    /// The standard generator (draft-irtf-cfrg-pairing-friendly-curves §4.2.1, EIP-2537 "G2 generator").
    public static let generator = G2Affine(
        x: Fp2(Fp(hex: "0x024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8")!,
               Fp(hex: "0x13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e")!),
        y: Fp2(Fp(hex: "0x0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801")!,
               Fp(hex: "0x0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be")!))

    /// The curve coefficient b = 4(1 + u).
    public static let b = Fp2(Fp(4), Fp(4))

    /// True if the point satisfies y² = x³ + 4(1 + u) (infinity counts as on the curve).
    public var isOnCurve: Bool {
        if isInfinity { return true }
        return y.squared() == x.squared() * x + G2Affine.b
    }

    /// True if the point is in the order-r subgroup G2 (infinity is). Assumes `isOnCurve`.
    public var isInSubgroup: Bool { G2Point(self).isInSubgroup }

    /// −P.
    public var negated: G2Affine { isInfinity ? self : G2Affine(x: x, y: -y) }
}

/// A point on E'(Fp2) in Jacobian coordinates (X, Y, Z) representing (X/Z², Y/Z³); Z = 0 is infinity.
public struct G2Point: Sendable {
    public var x: Fp2
    public var y: Fp2
    public var z: Fp2

    @inlinable @inline(__always)
    public init(x: Fp2, y: Fp2, z: Fp2) { self.x = x; self.y = y; self.z = z }

    /// Lifts an affine point (infinity maps to Z = 0).
    @inlinable
    public init(_ a: G2Affine) {
        if a.isInfinity { self = G2Point.infinity } else { self.init(x: a.x, y: a.y, z: .one) }
    }

    /// The point at infinity (1, 1, 0).
    public static let infinity = G2Point(x: .one, y: .one, z: .zero)
    /// The generator in Jacobian form.
    public static let generator = G2Point(G2Affine.generator)

    @inlinable
    public var isInfinity: Bool { z.isZero }

    /// 2P ("dbl-2009-l": 2M + 5S).
    @inlinable
    public func doubled() -> G2Point { jacDoubled() }

    /// P + Q ("add-2007-bl": 11M + 5S), handling infinity and P = ±Q.
    @inlinable
    public func adding(_ o: G2Point) -> G2Point { jacAdding(o) }

    /// P + Q for affine Q ("madd-2007-bl": 7M + 4S), handling infinity and P = ±Q.
    @inlinable
    public func adding(_ a: G2Affine) -> G2Point { jacAdding(affine: a) }

    /// −P.
    @inlinable
    public var negated: G2Point { G2Point(x: x, y: -y, z: z) }

    /// The affine form (one inversion).
    public var affine: G2Affine { jacAffine }

    /// Projective equality: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³ (infinities are equal).
    public func isEqual(to o: G2Point) -> Bool { jacEquals(o) }

    /// [scalar]P, scalar as big-endian bytes of any length (EIP-2537 uses 32; the value need not be < r).
    /// Fixed 4-bit window: 15 precomputed multiples, then 4 doublings and at most one addition per nibble.
    public func multiplied(by scalar: [UInt8]) -> G2Point { jacMultiplied(by: scalar) }

    /// Membership in the order-r subgroup by Scott's endomorphism test ("A note on group membership
    /// tests for G1, G2 and GT on BLS pairing-friendly curves", ePrint 2021/1130): P ∈ G2 ⇔ ψ(P) = [x]P
    /// with x = −0xd201000000010000 and ψ the untwist-Frobenius-twist endomorphism (`psi`).
    /// Cross-checked in the tests against [r]P = O.
    public var isInSubgroup: Bool {
        if z.isZero { return true }
        let lhs = psi
        let rhs = multiplied(byLimbs: [G2Point.xAbs]).negated
        return lhs.isEqual(to: rhs)
    }

    /// |x| = 0xd201000000010000, the BLS12-381 parameter's absolute value (x is negative).
    public static let xAbs: UInt64 = 0xd201000000010000

    /// ψ(x, y) = (x̄ · c1, ȳ · c2) with c1 = (1 + u)^−((p−1)/3), c2 = (1 + u)^−((p−1)/2); on Jacobian
    /// coordinates the conjugation also applies to Z.
    public var psi: G2Point {
        G2Point(x: x.conjugate * G2Point.psiC1, y: y.conjugate * G2Point.psiC2, z: z.conjugate)
    }

    static let psiC1 = Fp2(.zero, Fp(hex: "0x1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409427eb4f49fffd8bfd00000000aaad")!)
    static let psiC2 = Fp2(Fp(hex: "0x135203e60180a68ee2e9c448d77a2cd91c3dedd930b1cf60ef396489f61eb45e304466cf3e67fa0af1ee7b04121bdea2")!,
                           Fp(hex: "0x06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5ee67992f72ec05f4c81084fbede3cc09")!)

    /// [n]P for n given as little-endian 64-bit limbs (plain double-and-add from the top bit).
    public func multiplied(byLimbs n: [UInt64]) -> G2Point { jacMultiplied(byLimbs: n) }
}

extension G2Point: Equatable {
    /// Equality of the represented points (projective comparison, see `isEqual(to:)`).
    public static func == (a: G2Point, b: G2Point) -> Bool { a.isEqual(to: b) }
}
