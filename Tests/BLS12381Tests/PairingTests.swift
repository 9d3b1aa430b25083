import Foundation
import Testing
@testable import BLS12381

/// Hex without 0x → bytes (test helper).
fileprivate func bytes(_ hex: String) -> [UInt8] {
    let s = Array(hex.hasPrefix("0x") ? hex.utf8.dropFirst(2) : hex.utf8.dropFirst(0))
    var out = [UInt8]()
    var i = 0
    while i + 1 < s.count {
        out.append(UInt8(String(decoding: s[i...i + 1], as: UTF8.self), radix: 16)!)
        i += 2
    }
    return out
}

/// A UInt64 scalar as 8 big-endian bytes.
fileprivate func scalar(_ k: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: k >> (56 - 8 * UInt64($0))) } }

fileprivate func g1(_ k: UInt64) -> G1Affine { G1Point(G1Affine.generator).multiplied(by: scalar(k)).affine }
fileprivate func g2(_ k: UInt64) -> G2Affine { G2Point(G2Affine.generator).multiplied(by: scalar(k)).affine }
fileprivate func neg(_ p: G1Affine) -> G1Affine { var q = p; q.y = -q.y; return q }

/// p and r as little-endian 64-bit limbs (draft-irtf-cfrg-pairing-friendly-curves-11 §4.2.1).
fileprivate let pLimbs: [UInt64] = [0xb9feffffffffaaab, 0x1eabfffeb153ffff, 0x6730d2a0f6b0f624,
                                    0x64774b84f38512bf, 0x4b1ba7b6434bacd7, 0x1a0111ea397fe69a]
fileprivate let rLimbs: [UInt64] = [0xffffffff00000001, 0x53bda402fffe5bfe, 0x3339d80809a1d805, 0x73eda753299d7d48]

@Suite struct TowerFieldTests {
    /// An element with every coefficient non-zero, from the G2 generator's coordinates.
    static let sample: Fp12 = {
        let g = G2Affine.generator
        return Fp12(Fp6(g.x, g.y, g.x * g.y), Fp6(g.y.squared(), g.x + g.y, g.x - Fp2.one))
    }()

    @Test func towerRelations() {
        // v³ = ξ = 1 + u in Fp6, and w² = v in Fp12.
        let v = Fp6(.zero, .one, .zero)
        #expect(v * v * v == Fp6(Fp2(.one, .one), .zero, .zero))
        let w = Fp12(.zero, .one)
        #expect(w.squared() == Fp12(v, .zero))
        #expect(w * w == Fp12(v, .zero))
    }

    @Test func inversesAndSquaring() {
        let a = Self.sample
        #expect(a * a.inverse() == .one)
        #expect(a.c0 * a.c0.inverse() == .one)
        #expect(a.squared() == a * a)
        #expect(a.c1.squared() == a.c1 * a.c1)
        #expect(Fp12.zero.inverse() == .zero)
    }

    @Test func sparseLineProductMatchesFullProduct() {
        let a = Self.sample
        let g = G2Affine.generator
        let l0 = g.x, l1 = g.y + .one, l4 = g.x.squared()
        let line = Fp12(Fp6(l0, l1, .zero), Fp6(.zero, l4, .zero))
        #expect(a.mul(byLine: l0, l1, l4) == a * line)
    }

    @Test func frobeniusIsPowerOfP() {
        let a = Self.sample
        let ap = a.pow(pLimbs)
        #expect(a.frobenius(1) == ap)
        #expect(a.frobenius(2) == ap.pow(pLimbs))
        #expect(a.frobenius(3) == a.frobenius(2).frobenius(1))
        #expect(a.frobenius(6) == a.conjugate)
    }

    @Test func cyclotomicSquaringMatchesSquaringInTheCyclotomicSubgroup() {
        // m^((p⁶ − 1)(p² + 1)) lies in the cyclotomic subgroup.
        var m = Self.sample.conjugate * Self.sample.inverse()
        m = m.frobenius(2) * m
        #expect(m.cyclotomicSquared() == m.squared())
        #expect(m.cyclotomicPowX() == m.pow([0xd201000000010000]).conjugate)
    }
}

@Suite struct PairingTests {
    @Test func nonDegenerateAndOfOrderR() {
        let e = Pairing.pairing(.generator, .generator)
        #expect(!e.isOne)
        #expect(e.pow(rLimbs).isOne)
    }

    @Test func bilinearity() {
        let e = Pairing.pairing(.generator, .generator)
        #expect(Pairing.pairing(g1(2), g2(3)) == e.pow([6]))
        let a: UInt64 = 0x9e3779b97f4a7c15, b: UInt64 = 0x2545f4914f6cdd1d
        let (hi, lo) = a.multipliedFullWidth(by: b)
        let eab = e.pow([lo, hi])
        #expect(Pairing.pairing(g1(a), g2(b)) == eab)
        #expect(Pairing.pairing(G1Point(g1(a)).multiplied(by: scalar(b)).affine, .generator) == eab)
    }

    @Test func productChecks() {
        let p = G1Affine.generator, q = G2Affine.generator
        #expect(Pairing.check([(p, q), (neg(p), q)]))
        #expect(!Pairing.check([(p, q), (p, q)]))
        #expect(!Pairing.check([(p, q)]))
        #expect(Pairing.check([(g1(5), g2(7)), (neg(g1(35)), q)]))
        #expect(!Pairing.check([(g1(5), g2(7)), (neg(g1(36)), q)]))
        // Infinity contributes 1; an empty product is 1.
        #expect(Pairing.check([]))
        #expect(Pairing.check([(.infinity, q), (p, .infinity)]))
        #expect(Pairing.check([(p, q), (.infinity, q), (neg(p), q)]))
        #expect(!Pairing.check([(p, q), (p, .infinity)]))
    }

    static func word(_ b: UInt8) -> [UInt8] { [UInt8](repeating: 0, count: 31) + [b] }

    @Test func precompileVectors() throws {
        #expect(Pairing.precompile(bytes(PairingVectors.bilinear)) == Self.word(1))
        #expect(Pairing.precompile(bytes(PairingVectors.three)) == Self.word(1))
        // e(G1, G2) alone is not 1 (EIP-2537 "bls_pairing_non-degeneracy").
        let single = Array(bytes(PairingVectors.three)[0..<384])
        let gen = EIP2537.encode(G1Affine.generator) + EIP2537.encode(G2Affine.generator)
        #expect(Pairing.precompile(gen) == Self.word(0))
        #expect(Pairing.precompile(single) == Self.word(0))
        // Pairs with infinity: all-zero encodings.
        let infG1 = [UInt8](repeating: 0, count: 128), infG2 = [UInt8](repeating: 0, count: 256)
        #expect(Pairing.precompile(infG1 + EIP2537.encode(G2Affine.generator)) == Self.word(1))
        #expect(Pairing.precompile(gen + infG1 + infG2) == Self.word(0))
    }

    @Test func precompileRejectsBadInput() {
        let gen = EIP2537.encode(G1Affine.generator) + EIP2537.encode(G2Affine.generator)
        #expect(Pairing.precompile([]) == nil)
        #expect(Pairing.precompile(Array(gen.dropLast())) == nil)
        #expect(Pairing.precompile(gen + [0]) == nil)
        #expect(Pairing.precompile(bytes(PairingVectors.g1notsub)) == nil)
        #expect(Pairing.precompile(bytes(PairingVectors.g2notsub)) == nil)
        var offCurve = gen
        offCurve[127] ^= 1                     // G1 y changed: not on the curve
        #expect(Pairing.precompile(offCurve) == nil)
        var big = gen
        big[15] = 1                            // a non-zero byte in the 16-byte padding
        #expect(Pairing.precompile(big) == nil)
    }

    @Test func gas() {
        #expect(Pairing.precompileGas(inputLength: 384) == 70300)
        #expect(Pairing.precompileGas(inputLength: 768) == 102900)
    }
}

/// EIP-2537's own PAIRING_CHECK vectors: Vectors/pairing_check_bls.json (15 cases, with gas) and
/// Vectors/fail-pairing_check_bls.json (25 failing inputs), copied unchanged from ethereum/EIPs
/// assets/eip-2537/ at commit f767a1e8.
@Suite struct PairingEIPVectorTests {
    @Test func pairingCheckVectors() throws {
        let cases = try EIP2537VectorTests.load("pairing_check_bls")
        #expect(cases.count == 15)
        for c in cases {
            #expect(Pairing.precompile(c.input) == c.expected, "\(c.name)")
            if let g = c.gas { #expect(Pairing.precompileGas(inputLength: c.input.count) == g, "\(c.name) gas") }
        }
    }

    @Test func failingPairingCheckVectors() throws {
        let cases = try EIP2537VectorTests.load("fail-pairing_check_bls")
        #expect(cases.count == 25)
        for c in cases {
            #expect(Pairing.precompile(c.input) == nil, "\(c.name) should fail")
        }
    }
}
