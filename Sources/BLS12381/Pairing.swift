// The BLS12-381 optimal ate pairing and the EIP-2537 PAIRING_CHECK precompile (0x0f).
//
// e(P, Q) = f_{x,Q}(P)^((p¹² − 1)/r) with x = −0xd201000000010000 (draft-irtf-cfrg-pairing-friendly-
// curves-11 §4.2.1). G2 lives on the M-type sextic twist E′: y² = x³ + 4ξ over Fp2, ξ = 1 + u, and
// is carried into E(Fp12) by ψ(x′, y′) = (x′·w⁻², y′·w⁻³). A line through ψ(T) with twist slope λ′,
// evaluated at P = (xP, yP) and multiplied by w³ (harmless: w³ lies in the subfield Fp4, which the
// final exponentiation sends to 1), is
//     (λ′·x_T − y_T) − λ′·xP·w² + yP·w³,
// so each line has only the coefficients of 1, w² (= v) and w³ (= v·w): `Fp12.mul(byLine:)`.
// The Miller loop keeps T in homogeneous projective coordinates (x′ = X/Z, y′ = Y/Z) and scales each
// line by a factor in Fp2 (also sent to 1), so no inversion happens inside the loop.

/// The BLS12-381 pairing (optimal ate) and pairing-product checks.
public enum Pairing {
    /// True iff ∏ e(P_i, Q_i) = 1. Pairs in which either point is the point at infinity contribute
    /// 1; an empty product is 1. The points must be on their curves and in the order-r subgroups
    /// (the caller checks; EIP-2537 and EIP-4844 require it).
    public static func check(_ pairs: [(G1Affine, G2Affine)]) -> Bool {
        let live = pairs.filter { !$0.0.isInfinity && !$0.1.isInfinity }
        if live.isEmpty { return true }
        return finalExponentiation(millerLoop(live)).isOne
    }

    /// e(P, Q)³ for P in G1 and Q in G2 — a non-degenerate bilinear pairing (3 is prime to r), the
    /// cube of the optimal ate pairing because the final exponentiation's hard part uses
    /// 3·(p⁴ − p² + 1)/r (Hayashida–Hayasaka–Teruya 2020). 1 if either point is at infinity.
    public static func pairing(_ p: G1Affine, _ q: G2Affine) -> Fp12 {
        if p.isInfinity || q.isInfinity { return .one }
        return finalExponentiation(millerLoop([(p, q)]))
    }

    // MARK: Miller loop

    /// A G2 point on the twist in homogeneous projective coordinates (x = X/Z, y = Y/Z).
    @usableFromInline
    struct TwistPoint {
        var x: Fp2, y: Fp2, z: Fp2
    }

    /// 3·b′ = 12·(1 + u), for the doubling formulas.
    @inline(__always)
    static func times3b(_ a: Fp2) -> Fp2 {
        let t = a.mulByNonresidue()          // a·(1 + u)
        let t2 = t + t, t4 = t2 + t2, t8 = t4 + t4
        return t8 + t4
    }

    /// Doubles T in place and returns the tangent line at T (before doubling), evaluated at P and
    /// scaled by 2YZ: (Y² − 3b′Z²) − 3X²·xP·w² + 2YZ·yP·w³. Doubling formulas (scaled by 4):
    /// X₃ = 2XY(Y² − 9b′Z²), Y₃ = (Y² + 9b′Z²)² − 108b′²Z⁴, Z₃ = 8Y³Z (Costello–Lange–Naehrig 2010).
    @inline(__always)
    static func doublingStep(_ t: inout TwistPoint, _ px: Fp, _ py: Fp) -> (Fp2, Fp2, Fp2) {
        let xx = t.x.squared(), yy = t.y.squared(), zz = t.z.squared()
        let b = times3b(zz)                       // 3b′Z²
        let yz2 = (t.y + t.z).squared() - yy - zz // 2YZ
        let xy2 = (t.x + t.y).squared() - xx - yy // 2XY
        let b3 = b + b + b                        // 9b′Z²
        let l0 = yy - b
        let xx3 = xx + xx + xx
        let l1 = -(xx3 * px)
        let l4 = yz2 * py
        let bb = b.squared()                      // 9b′²Z⁴
        let s = yy + b3
        let bb3 = bb + bb + bb, bb6 = bb3 + bb3, bb12 = bb6 + bb6 // 108b′²Z⁴
        let yy2 = yy + yy, yy4 = yy2 + yy2
        t = TwistPoint(x: xy2 * (yy - b3), y: s.squared() - bb12, z: yy4 * yz2)
        return (l0, l1, l4)
    }

    /// Adds the affine point Q to T in place and returns the line through T and Q evaluated at P,
    /// scaled by λ = X − x_Q·Z: (θ·x_Q − λ·y_Q) − θ·xP·w² + λ·yP·w³ with θ = Y − y_Q·Z.
    /// Requires T ≠ ±Q (true in the Miller loop for Q of order r).
    @inline(__always)
    static func additionStep(_ t: inout TwistPoint, _ qx: Fp2, _ qy: Fp2, _ px: Fp, _ py: Fp) -> (Fp2, Fp2, Fp2) {
        let theta = t.y - qy * t.z
        let lambda = t.x - qx * t.z
        let l0 = theta * qx - lambda * qy
        let l1 = -(theta * px)
        let l4 = lambda * py
        let e = lambda.squared()
        let f = theta.squared()
        let g = e * lambda          // λ³
        let h = e * t.x             // λ²X
        let a = f * t.z + g - h - h
        t = TwistPoint(x: lambda * a, y: theta * (h - a) - t.y * g, z: g * t.z)
        return (l0, l1, l4)
    }

    /// ∏ f_{x,Q_i}(P_i) with one shared squaring per step (all points finite, Q_i of order r).
    static func millerLoop(_ pairs: [(G1Affine, G2Affine)]) -> Fp12 {
        var ts = pairs.map { TwistPoint(x: $0.1.x, y: $0.1.y, z: .one) }
        var f = Fp12.one
        let n = pairs.count
        // |x| = 0xd201000000010000: after the leading bit 63, bits 62, 60, 57, 48 and 16 are set.
        for bit in stride(from: 62, through: 0, by: -1) {
            if bit != 62 { f = f.squared() }
            for i in 0..<n {
                let (p, _) = pairs[i]
                let (l0, l1, l4) = doublingStep(&ts[i], p.x, p.y)
                f = f.mul(byLine: l0, l1, l4)
            }
            if bit == 62 || bit == 60 || bit == 57 || bit == 48 || bit == 16 {
                for i in 0..<n {
                    let (p, q) = pairs[i]
                    let (l0, l1, l4) = additionStep(&ts[i], q.x, q.y, p.x, p.y)
                    f = f.mul(byLine: l0, l1, l4)
                }
            }
        }
        // x < 0: f_{x,Q} = 1/f_{|x|,Q} up to a vertical line; conjugation is the inverse once the
        // final exponentiation has run.
        return f.conjugate
    }

    // MARK: Final exponentiation

    /// f^(3(p¹² − 1)/r): the easy part f^((p⁶ − 1)(p² + 1)), then the hard part via
    /// 3(p⁴ − p² + 1)/r = (x − 1)²(x + p)(x² + p² − 1) + 3.
    static func finalExponentiation(_ f: Fp12) -> Fp12 {
        var t = f.conjugate * f.inverse()         // f^(p⁶ − 1)
        t = t.frobenius(2) * t                    // ^(p² + 1)
        let a = t.cyclotomicPowX() * t.conjugate  // t^(x − 1)
        let b = a.cyclotomicPowX() * a.conjugate  // t^((x − 1)²)
        let c = b.cyclotomicPowX() * b.frobenius(1)                              // ^(x + p)
        let d = c.cyclotomicPowX().cyclotomicPowX() * c.frobenius(2) * c.conjugate // ^(x² + p² − 1)
        return d * t.cyclotomicSquared() * t
    }

    // MARK: EIP-2537 precompile 0x0f

    /// Gas for PAIRING_CHECK (EIP-2537): 32600·k + 37700 for k = ⌊inputLength / 384⌋ pairs.
    public static func precompileGas(inputLength: Int) -> Int64 {
        32600 * Int64(inputLength / 384) + 37700
    }

    /// EIP-2537 PAIRING_CHECK (precompile 0x0f). Input: k ≥ 1 pairs of a 128-byte G1 point then a
    /// 256-byte G2 point (EIP-2537 encodings; all zeros is the point at infinity). Output: a 32-byte
    /// word, 1 if ∏ e(P_i, Q_i) = 1, else 0.
    /// - Returns: nil (the call fails and consumes all gas) if the input is empty or not a multiple
    ///   of 384 bytes, or a point is malformed, not on its curve, or not in the order-r subgroup.
    public static func precompile(_ input: [UInt8]) -> [UInt8]? {
        guard !input.isEmpty, input.count % 384 == 0 else { return nil }
        var pairs: [(G1Affine, G2Affine)] = []
        pairs.reserveCapacity(input.count / 384)
        var i = input.startIndex
        while i < input.endIndex {
            guard let p = EIP2537.decodeG1(input[i..<(i + 128)]), p.isInfinity || p.isInSubgroup,
                  let q = EIP2537.decodeG2(input[(i + 128)..<(i + 384)]), q.isInfinity || q.isInSubgroup
            else { return nil }
            pairs.append((p, q))
            i += 384
        }
        var out = [UInt8](repeating: 0, count: 32)
        if check(pairs) { out[31] = 1 }
        return out
    }
}
