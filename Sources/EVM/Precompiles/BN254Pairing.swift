import BigInt
import Foundation
import Primitives

/// 0x08 ECPAIRING on alt_bn128 (EIP-197; gas 45000 + 34000 per pair by EIP-1108).
///
/// Input: k × 192 bytes, each pair (x, y) of G1 then G2 as (x_im, x_re, y_im, y_re). Output: a
/// 32-byte 1 if the product of the pairings is 1, else 0. Points must be on their curves (G2 on the
/// twist y² = x³ + 3/(9+u) and in the order-r subgroup), else the call fails.
///
/// Any non-degenerate bilinear pairing decides "product = 1", so this uses the reduced Tate pairing
/// f_{r,P}(ψ(Q))^((p¹²−1)/r), with Fp12 = Fp2[w]/(w⁶ − (9+u)) and ψ(x, y) = (x·w², y·w³). Written for
/// clarity, not speed: a pairing check costs tens of milliseconds in a release build.
enum BN254Pairing {
    static let p = BN254.p
    static let r = UInt256(hex: "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001")!

    struct Fp2: Equatable {
        var a: UInt256   // real
        var b: UInt256   // imaginary (u² = −1)
        static let zero = Fp2(a: .zero, b: .zero)
        static let one = Fp2(a: .one, b: .zero)
        static func + (x: Fp2, y: Fp2) -> Fp2 { Fp2(a: BN254.add(x.a, y.a), b: BN254.add(x.b, y.b)) }
        static func - (x: Fp2, y: Fp2) -> Fp2 { Fp2(a: BN254.sub(x.a, y.a), b: BN254.sub(x.b, y.b)) }
        static func * (x: Fp2, y: Fp2) -> Fp2 {
            let t0 = BN254.mul(x.a, y.a), t1 = BN254.mul(x.b, y.b)
            let t2 = BN254.mul(BN254.add(x.a, x.b), BN254.add(y.a, y.b))
            return Fp2(a: BN254.sub(t0, t1), b: BN254.sub(BN254.sub(t2, t0), t1))
        }
        func scaled(_ k: UInt256) -> Fp2 { Fp2(a: BN254.mul(a, k), b: BN254.mul(b, k)) }
        /// × ξ = 9 + u
        var timesXi: Fp2 {
            let nine = UInt256(9)
            return Fp2(a: BN254.sub(BN254.mul(a, nine), b), b: BN254.add(a, BN254.mul(b, nine)))
        }
        var inverse: Fp2 {
            let norm = BN254.add(BN254.mul(a, a), BN254.mul(b, b))
            let ni = BN254.inverse(norm)
            return Fp2(a: BN254.mul(a, ni), b: BN254.sub(.zero, BN254.mul(b, ni)))
        }
        var isZero: Bool { a.isZero && b.isZero }
    }

    /// Fp12 as c0 + c1·w + … + c5·w⁵ with w⁶ = ξ.
    struct Fp12: Equatable {
        var c: [Fp2]
        static let one = Fp12(c: [.one, .zero, .zero, .zero, .zero, .zero])
        static func * (x: Fp12, y: Fp12) -> Fp12 {
            var lo = [Fp2](repeating: .zero, count: 6)
            var hi = [Fp2](repeating: .zero, count: 5)
            for i in 0..<6 where !x.c[i].isZero {
                for j in 0..<6 where !y.c[j].isZero {
                    let t = x.c[i] * y.c[j]
                    if i + j < 6 { lo[i + j] = lo[i + j] + t } else { hi[i + j - 6] = hi[i + j - 6] + t }
                }
            }
            for k in 0..<5 { lo[k] = lo[k] + hi[k].timesXi }
            return Fp12(c: lo)
        }
    }

    static let twistB: Fp2 = Fp2(a: UInt256(3), b: .zero) * Fp2(a: UInt256(9), b: .one).inverse

    /// The final exponent (p¹² − 1) / r as bits, most significant first.
    static let finalExponentBits: [Bool] = {
        let pb = BigUInt(Data(p.bigEndianBytes)), rb = BigUInt(Data(r.bigEndianBytes))
        let e = (pb.power(12) - 1) / rb
        return (0..<e.bitWidth).reversed().map { (e >> $0) & 1 == 1 }
    }()

    // MARK: G2 on the twist (affine over Fp2; nil = infinity)

    struct G2 { var x: Fp2; var y: Fp2 }

    static func g2Add(_ s: G2?, _ t: G2?) -> G2? {
        guard let s else { return t }
        guard let t else { return s }
        let lambda: Fp2
        if s.x == t.x {
            if (s.y + t.y).isZero { return nil }
            let xx = s.x * s.x
            lambda = (xx + xx + xx) * (s.y + s.y).inverse
        } else {
            lambda = (t.y - s.y) * (t.x - s.x).inverse
        }
        let x3 = lambda * lambda - s.x - t.x
        return G2(x: x3, y: lambda * (s.x - x3) - s.y)
    }

    static func g2InSubgroup(_ q: G2) -> Bool {
        var acc: G2? = nil
        for i in (0..<r.bitWidthUsed).reversed() {
            acc = g2Add(acc, acc)
            if (r >> i).w0 & 1 == 1 { acc = g2Add(acc, q) }
        }
        return acc == nil
    }

    // MARK: Miller loop

    /// f_{r,P}(ψ(Q)) with vertical lines dropped (they die in the final exponentiation).
    static func miller(px: UInt256, py: UInt256, q: G2) -> Fp12 {
        var f = Fp12.one
        var tx = px, ty = py
        var tIsInfinity = false
        /// The line through T with slope λ, evaluated at ψ(Q): y'w³ − yT − λ(x'w² − xT).
        func line(_ lambda: UInt256, _ x: UInt256, _ y: UInt256) -> Fp12 {
            let c0 = Fp2(a: BN254.sub(BN254.mul(lambda, x), y), b: .zero)
            let c2 = Fp2.zero - q.x.scaled(lambda)
            return Fp12(c: [c0, .zero, c2, q.y, .zero, .zero])
        }
        for i in (0..<(r.bitWidthUsed - 1)).reversed() {
            f = f * f
            if !tIsInfinity {
                if ty.isZero {
                    tIsInfinity = true
                } else {
                    let xx = BN254.mul(tx, tx)
                    let lambda = BN254.mul(BN254.add(BN254.add(xx, xx), xx), BN254.inverse(BN254.add(ty, ty)))
                    f = f * line(lambda, tx, ty)
                    let x3 = BN254.sub(BN254.mul(lambda, lambda), BN254.add(tx, tx))
                    ty = BN254.sub(BN254.mul(lambda, BN254.sub(tx, x3)), ty)
                    tx = x3
                }
            }
            if (r >> i).w0 & 1 == 1 {
                if tIsInfinity {
                    tx = px; ty = py; tIsInfinity = false
                } else if tx == px {
                    if ty == py {
                        // T = P: a doubling (cannot happen for a point of prime order r > 2)
                        let xx = BN254.mul(tx, tx)
                        let lambda = BN254.mul(BN254.add(BN254.add(xx, xx), xx), BN254.inverse(BN254.add(ty, ty)))
                        f = f * line(lambda, tx, ty)
                        let x3 = BN254.sub(BN254.mul(lambda, lambda), BN254.add(tx, tx))
                        ty = BN254.sub(BN254.mul(lambda, BN254.sub(tx, x3)), ty)
                        tx = x3
                    } else {
                        tIsInfinity = true   // vertical line: dropped
                    }
                } else {
                    let lambda = BN254.mul(BN254.sub(py, ty), BN254.inverse(BN254.sub(px, tx)))
                    f = f * line(lambda, tx, ty)
                    let x3 = BN254.sub(BN254.sub(BN254.mul(lambda, lambda), tx), px)
                    ty = BN254.sub(BN254.mul(lambda, BN254.sub(tx, x3)), ty)
                    tx = x3
                }
            }
        }
        return f
    }

    /// The precompile: 32-byte 0/1, or nil for malformed input.
    static func run(_ input: [UInt8]) -> [UInt8]? {
        guard input.count % 192 == 0 else { return nil }
        var f = Fp12.one
        var any = false
        for k in 0..<(input.count / 192) {
            let o = 192 * k
            guard let g1 = BN254.point(input, o) else { return nil }
            func word(_ i: Int) -> UInt256 { UInt256(bigEndian: input[o + 64 + 32 * i..<o + 96 + 32 * i]) }
            let xi = word(0), xr = word(1), yi = word(2), yr = word(3)
            guard xi < p, xr < p, yi < p, yr < p else { return nil }
            let q = G2(x: Fp2(a: xr, b: xi), y: Fp2(a: yr, b: yi))
            let qIsInfinity = q.x.isZero && q.y.isZero
            if !qIsInfinity {
                guard q.y * q.y == q.x * q.x * q.x + twistB, g2InSubgroup(q) else { return nil }
            }
            if g1.z.isZero || qIsInfinity { continue }
            f = f * miller(px: g1.x, py: g1.y, q: q)
            any = true
        }
        var result = Fp12.one
        if any {
            for bit in finalExponentBits {
                result = result * result
                if bit { result = result * f }
            }
        }
        return UInt256(result == Fp12.one ? 1 : 0).bigEndianBytes
    }
}
