// RFC 9380 map_to_curve and clear_cofactor for BLS12-381 G1 and G2, as used by the EIP-2537
// precompiles MAP_FP_TO_G1 (0x10) and MAP_FP2_TO_G2 (0x11). These map one field element; they do
// not hash a message (no expand_message, no hash_to_field, no sum of two maps).

/// The RFC 9380 maps from field elements to BLS12-381 points.
///
/// G1: simplified SWU onto E1' (Z = 11) then the 11-isogeny to E1 (RFC 9380 §6.6.2, §6.6.3, §8.8.1,
/// Appendix E.2); cofactor clearing by h_eff = 0xd201000000010001.
/// G2: simplified SWU onto E2' (Z = −(2 + u)) then the 3-isogeny to E2 (§8.8.2, Appendix E.3);
/// cofactor clearing by the ψ method of RFC 9380 Appendix G.3 (equal to multiplying by h_eff).
public enum MapToCurve {
    // MARK: G1

    /// RFC 9380 map_to_curve for BLS12-381 G1: simplified SWU onto E1', then the 11-isogeny.
    /// - Returns: a point on E1 (y² = x³ + 4), not yet in the prime-order subgroup; the point at
    ///   infinity only in the isogeny's exceptional case.
    public static func mapToCurveG1(_ u: Fp) -> G1Affine {
        mapToCurveG1Jacobian(u).affine
    }

    /// RFC 9380 clear_cofactor for G1: [h_eff]P with h_eff = 1 − x = 0xd201000000010001 (§8.8.1).
    public static func clearCofactorG1(_ p: G1Affine) -> G1Affine {
        if p.isInfinity { return p }
        return G1Point(p).multiplied(byLimbs: MapG1Constants.hEff).affine
    }

    /// map_to_curve then clear_cofactor: the EIP-2537 MAP_FP_TO_G1 operation. The result is in G1
    /// (it may be the point at infinity). One exponentiation (the SWU square root) and one
    /// inversion (the final affine form).
    public static func mapToG1(_ u: Fp) -> G1Affine {
        let q = mapToCurveG1Jacobian(u)
        if q.isInfinity { return .infinity }
        return q.multiplied(byLimbs: MapG1Constants.hEff).affine
    }

    /// map_to_curve for G1 without inversions: the SWU map gives x = xn/xd and an affine y, the
    /// isogeny is evaluated on (xn, xd) homogeneously, and the result is a Jacobian point.
    static func mapToCurveG1Jacobian(_ u: Fp) -> G1Point {
        typealias K = MapG1Constants
        let (xn, xd, y) = sswuG1(u)
        let xNum = homogeneousHorner(K.xNum, xn, xd)          // xNum(x)·xd^11
        let xDen = homogeneousHorner(K.xDen, xn, xd) * xd     // xDen(x)·xd^11
        let yNum = homogeneousHorner(K.yNum, xn, xd)          // yNum(x)·xd^15
        let yDen = homogeneousHorner(K.yDen, xn, xd)          // yDen(x)·xd^15
        // x = xNum/xDen, y = y·yNum/yDen as Jacobian (X/Z², Y/Z³) with Z = xDen·yDen.
        let z = xDen * yDen
        if z.isZero { return .infinity }
        let yy = y * yNum
        let yDen2 = yDen.squared()
        return G1Point(x: xNum * xDen * yDen2, y: yy * xDen.squared() * xDen * yDen2, z: z)
    }

    /// Σ k_i·xn^i·xd^(n−i) for the degree-n polynomial Σ k_i·x^i: its value at x = xn/xd times xd^n.
    @inline(__always)
    static func homogeneousHorner(_ k: [Fp], _ xn: Fp, _ xd: Fp) -> Fp {
        let n = k.count - 1
        var acc = k[n]
        var xdPower = xd
        var i = n - 1
        while i >= 0 {
            acc = acc * xn + k[i] * xdPower
            xdPower = xdPower * xd
            i -= 1
        }
        return acc
    }

    /// Simplified SWU onto E1': y² = x³ + A'x + B', the straight-line form of RFC 9380 Appendix F.2
    /// with sqrt_ratio for q ≡ 3 mod 4 (F.2.1.2): one exponentiation, no inversion.
    /// Returns x = xn/xd and the affine y, with sgn0(y) = sgn0(u).
    static func sswuG1(_ u: Fp) -> (xn: Fp, xd: Fp, y: Fp) {
        typealias K = MapG1Constants
        let tv1 = K.z * u.squared()                      // Z·u²
        var tv2 = tv1.squared() + tv1                    // Z²u⁴ + Zu²
        let tv3 = K.b * (tv2 + Fp.one)                   // x numerator: B'(Z²u⁴ + Zu² + 1)
        let tv4 = K.a * (tv2.isZero ? K.z : -tv2)        // x denominator: A'·(−(Z²u⁴ + Zu²)) or A'·Z
        let tv6 = tv4.squared()
        tv2 = (tv3.squared() + K.a * tv6) * tv3 + K.b * tv6 * tv4   // g(x1)·xd³
        let gxd = tv6 * tv4                                         // xd³
        // sqrt_ratio(gxn, gxd): y1 = sqrt(gxn/gxd) if it exists, else sqrt(Z·gxn/gxd).
        let uv = tv2 * gxd
        var y1 = (uv * gxd.squared()).pow(Fp.pMinus3Over4) * uv
        let isSquare = y1.squared() * gxd == tv2
        var xn = tv3
        var y = y1
        if !isSquare {
            // y1² = −g(x1), so (y1·sqrt(−Z))² = Z·g(x1) and (Z·u³·y1·sqrt(−Z))² = Z³u⁶·g(x1) = g(x2).
            xn = tv1 * tv3                               // x2 = Z·u²·x1
            y = tv1 * u * y1 * K.sqrtMinusZ
        }
        if u.sgn0 != y.sgn0 { y = -y }
        return (xn, tv4, y)
    }

    // MARK: G2

    /// RFC 9380 map_to_curve for BLS12-381 G2: simplified SWU onto E2', then the 3-isogeny.
    /// - Returns: a point on E2 (y² = x³ + 4(1 + u)), not yet in the prime-order subgroup; the
    ///   point at infinity only in the isogeny's exceptional case.
    public static func mapToCurveG2(_ u: Fp2) -> G2Affine {
        mapToCurveG2Jacobian(u).affine
    }

    /// RFC 9380 clear_cofactor for G2 by the ψ method (Appendix G.3; Budroni–Pintore), equal to
    /// multiplication by h_eff (§8.8.2):
    /// h_eff·P = [x² − x − 1]P + [x − 1]ψ(P) + ψ²(2P), x = −0xd201000000010000.
    public static func clearCofactorG2(_ p: G2Affine) -> G2Affine {
        if p.isInfinity { return p }
        return clearCofactorG2Jacobian(G2Point(p)).affine
    }

    /// map_to_curve then clear_cofactor: the EIP-2537 MAP_FP2_TO_G2 operation. The result is in G2
    /// (it may be the point at infinity).
    public static func mapToG2(_ u: Fp2) -> G2Affine {
        let q = mapToCurveG2Jacobian(u)
        if q.isInfinity { return .infinity }
        return clearCofactorG2Jacobian(q).affine
    }

    /// The ψ-method cofactor clearing on a Jacobian point (not infinity).
    static func clearCofactorG2Jacobian(_ point: G2Point) -> G2Point {
        let t1 = point.multiplied(byLimbs: MapG2Constants.absX).negated      // [x]P
        let t2 = point.psi                                                   // ψ(P)
        var t3 = point.doubled().psi.psi                                     // ψ²(2P)
        t3 = t3.adding(t2.negated)                                           // ψ²(2P) − ψ(P)
        let t4 = t1.adding(t2).multiplied(byLimbs: MapG2Constants.absX).negated  // [x]([x]P + ψ(P))
        t3 = t3.adding(t4)
        t3 = t3.adding(t1.negated)
        return t3.adding(point.negated)
    }

    /// map_to_curve for G2 as a Jacobian point: one Fp2 inversion in the SWU map, none in the isogeny.
    static func mapToCurveG2Jacobian(_ u: Fp2) -> G2Point {
        guard let (x, y) = sswuG2(u) else { return .infinity }
        return isogenyG2(x, y)
    }

    /// Simplified SWU onto E2': y² = x³ + A'x + B' (RFC 9380 §6.6.2). Returns affine (x, y) on E2'
    /// with sgn0(y) = sgn0(u); nil only if the field's square root failed (it cannot for a correct one).
    static func sswuG2(_ u: Fp2) -> (x: Fp2, y: Fp2)? {
        typealias K = MapG2Constants
        let u2 = u.squared()
        let zu2 = K.z * u2
        let tv = zu2.squared() + zu2                          // Z²u⁴ + Zu²
        let x1 = tv.isZero ? K.bOverZA : K.minusBOverA * (Fp2.one + tv.inverse())
        let gx1 = (x1.squared() + K.a) * x1 + K.b
        var x = x1
        var root: Fp2?
        if gx1.isSquare {
            root = gx1.sqrt()
        } else {
            x = zu2 * x1
            root = ((x.squared() + K.a) * x + K.b).sqrt()
        }
        guard var y = root else { return nil }
        if u.sgn0 != y.sgn0 { y = -y }
        return (x, y)
    }

    /// The 3-isogeny E2' → E2 (RFC 9380 Appendix E.3) on an affine point, as a Jacobian point
    /// (no inversion); infinity when a denominator vanishes.
    static func isogenyG2(_ x: Fp2, _ y: Fp2) -> G2Point {
        typealias K = MapG2Constants
        let xNum = horner(K.xNum, x)
        let xDen = horner(K.xDen, x)
        let yNum = horner(K.yNum, x)
        let yDen = horner(K.yDen, x)
        let z = xDen * yDen
        if z.isZero { return .infinity }
        let yy = y * yNum
        let yDen2 = yDen.squared()
        return G2Point(x: xNum * xDen * yDen2, y: yy * xDen.squared() * xDen * yDen2, z: z)
    }

    @inline(__always)
    static func horner(_ k: [Fp2], _ x: Fp2) -> Fp2 {
        var acc = k[k.count - 1]
        var i = k.count - 2
        while i >= 0 {
            acc = acc * x + k[i]
            i -= 1
        }
        return acc
    }
}

extension BLSPrecompiles {
    /// Gas of 0x10 MAP_FP_TO_G1 (EIP-2537).
    public static let mapFpToG1Gas: Int64 = 5500
    /// Gas of 0x11 MAP_FP2_TO_G2 (EIP-2537).
    public static let mapFp2ToG2Gas: Int64 = 23800

    /// 0x10 MAP_FP_TO_G1 (EIP-2537): input one Fp in EIP-2537 encoding (64 bytes: 16 zero bytes,
    /// then 48 big-endian bytes, value < p); output the 128-byte G1 point
    /// clear_cofactor(map_to_curve(u)) (RFC 9380 §6.6.3, §8.8.1), all zeros for infinity.
    /// - Returns: nil (the call fails and consumes all its gas) when the input is not 64 bytes,
    ///   its top 16 bytes are not zero, or the value is ≥ p.
    public static func mapFpToG1(_ input: [UInt8]) -> [UInt8]? {
        guard input.count == 64, let u = EIP2537.decodeFp(input[...]) else { return nil }
        return EIP2537.encode(MapToCurve.mapToG1(u))
    }

    /// 0x11 MAP_FP2_TO_G2 (EIP-2537): input one Fp2 (128 bytes: c0 then c1, each encoded as for
    /// MAP_FP_TO_G1); output the 256-byte G2 point clear_cofactor(map_to_curve(u)) (RFC 9380
    /// §8.8.2), all zeros for infinity.
    /// - Returns: nil (the call fails and consumes all its gas) when the input is not 128 bytes or
    ///   either coefficient is badly encoded.
    public static func mapFp2ToG2(_ input: [UInt8]) -> [UInt8]? {
        guard input.count == 128, let u = EIP2537.decodeFp2(input[...]) else { return nil }
        return EIP2537.encode(MapToCurve.mapToG2(u))
    }
}
