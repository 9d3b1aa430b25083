import Testing
@testable import BLS12381

// Expected points computed with py_ecc 8.0.0 (optimized_bls12_381: multiply, add, normalize).
@Suite("BLS12-381 G1 and G2")
struct CurveTests {
    static let k: [UInt8] = hexBytes("2b4f3e1a9c0d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f")
    /// r, the prime subgroup order.
    static let r: [UInt8] = hexBytes("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001")

    func fp(_ s: String) throws -> Fp { try #require(Fp(hex: s)) }

    @Test func generatorsAreOnCurveAndInSubgroup() {
        #expect(G1Affine.generator.isOnCurve)
        #expect(G1Affine.generator.isInSubgroup)
        #expect(G2Affine.generator.isOnCurve)
        #expect(G2Affine.generator.isInSubgroup)
        #expect(G1Point.generator.multiplied(by: Self.r).isInfinity)
        #expect(G2Point.generator.multiplied(by: Self.r).isInfinity)
        #expect(G1Affine.infinity.isOnCurve && G1Affine.infinity.isInSubgroup)
        #expect(G2Affine.infinity.isOnCurve && G2Affine.infinity.isInSubgroup)
    }

    @Test func g1ScalarMultiplicationMatchesPyEcc() throws {
        let p = G1Point.generator.multiplied(by: Self.k).affine
        #expect(p.x == (try fp("0x0149cf46b730655b0aa155ed5007dc8dfce0a961d727d3771aab3e51d73fb904beadb2935adcbd8209a04270253686d9")))
        #expect(p.y == (try fp("0x01f60abbf284979834a9f3130769668d03dfe230599e9fd0f34715462b28dc332710364e7a2a015024abc507dca32686")))
        // The same through the limb multiplier.
        let limbs = bigEndianToLimbs(Self.k)
        #expect(G1Point.generator.multiplied(byLimbs: limbs).affine == p)
    }

    @Test func g2ScalarMultiplicationMatchesPyEcc() throws {
        let q = G2Point.generator.multiplied(by: Self.k).affine
        #expect(q.x == Fp2(try fp("0x157a09ffc8c62bf5d8085756d4b30f82e60ae71692aa2edcead756ded64893e449c0dbbd7bd321a678e75862959629de"),
                           try fp("0x0ffce8d7310ece93acf32c81ca026033d4d3966548588bbf2803406f6615ee0c046443cfcc7c1b06446242db6e3a3a94")))
        #expect(q.y == Fp2(try fp("0x003c7aae3153d9469f52d03c2ab78e1913626acc6ec331d7ac645f93e0f718c124a43f2fef2fe4a9bb9e8f9bad9ede31"),
                           try fp("0x18de1baa49fecb5c478cacd86ad4cee47868b61c70093882125cd46e94a83f9e2623b121f6afaf8acebaee221346e7e9")))
        #expect(q.isOnCurve && q.isInSubgroup)
    }

    @Test func groupLaws() {
        let g = G1Point.generator
        let two = g.doubled()
        #expect(g.adding(g).isEqual(to: two))
        #expect(g.adding(G1Affine.generator).isEqual(to: two))
        #expect(two.adding(g).isEqual(to: g.multiplied(by: [3])))
        #expect(two.adding(G1Affine.generator).isEqual(to: g.multiplied(by: [3])))
        #expect(g.adding(g.negated).isInfinity)
        #expect(two == g.adding(g) && two != g && G1Point.infinity == G1Point(G1Affine.infinity))
        #expect(g.adding(G1Affine.generator.negated).isInfinity)
        #expect(G1Point.infinity.adding(g).isEqual(to: g))
        #expect(g.multiplied(by: []).isInfinity && g.multiplied(by: [0, 0]).isInfinity)
        let h = G2Point.generator
        #expect(h.adding(h).isEqual(to: h.doubled()))
        #expect(h.doubled().adding(G2Affine.generator).isEqual(to: h.multiplied(by: [3])))
        #expect(h.adding(h.negated).isInfinity)
        #expect(h.doubled() == h.adding(h) && h.doubled() != h && G2Point.infinity == G2Point(G2Affine.infinity))
        #expect(h.adding(G2Affine.generator.negated).isInfinity)
        // [r−1]P = −P
        var rm1 = Self.r; rm1[31] -= 1
        #expect(g.multiplied(by: rm1).isEqual(to: g.negated))
        #expect(h.multiplied(by: rm1).isEqual(to: h.negated))
    }

    /// Points on the curve but outside G1: (4, y) from py_ecc, and its [r]-multiple (pure cofactor torsion).
    @Test func g1SubgroupCheckRejectsOtherPoints() throws {
        let p = G1Affine(x: Fp(4), y: try fp("0x0a989badd40d6212b33cffc3f3763e9bc760f988c9926b26da9dd85e928483446346b8ed00e1de5d5ea93e354abe706c"))
        #expect(p.isOnCurve)
        #expect(!p.isInSubgroup)
        #expect(!G1Point(p).multiplied(by: Self.r).isInfinity)            // agrees with the [r]P test
        let t = G1Point(p).multiplied(by: Self.r).affine
        #expect(t.x == (try fp("0x0ccd40884cb1834492efbd0149a414535890f30477f9535103082ff438ca13d7f7e36e2f1d15dd8ca30397f12170831a")))
        #expect(t.isOnCurve && !t.isInSubgroup)
        // Subgroup members built from the generator pass, and agree with [r]P = O.
        for s: UInt8 in [2, 5, 77] {
            let q = G1Point.generator.multiplied(by: [s, 1, 2, 3]).affine
            #expect(q.isInSubgroup && G1Point(q).multiplied(by: Self.r).isInfinity)
        }
        // Off-curve point is not on the curve.
        #expect(!G1Affine(x: Fp(1), y: Fp(1)).isOnCurve)
    }

    @Test func g2SubgroupCheckRejectsOtherPoints() throws {
        let p = G2Affine(x: Fp2(Fp(2), .zero),
                         y: Fp2(try fp("0x18c6b864ae17dc9da64203ffefb966306425a7bc6aeb7c75247438372716284a4173830420cd476ba1a365b95bfcec38"),
                                try fp("0x172e93db764a8400a7d5071b6b6f5de0da2f0f4a063119abca014006b7c40a2cfe291a1924e65db0d6d0fcfbf3bf3d5c")))
        #expect(p.isOnCurve)
        #expect(!p.isInSubgroup)
        #expect(!G2Point(p).multiplied(by: Self.r).isInfinity)
        let t = G2Point(p).multiplied(by: Self.r).affine
        #expect(t.x == Fp2(try fp("0x0d3925372c636a26a79c89a525225cfbb6c94743eff9bf0898698c82a693c42590ce206cdc937dec55e0cd57aade3602"),
                           try fp("0x0e35f87bd26f0218f1928af3bf7c223b73482e509ae40ca19d3128233c763810135c6cde0296930a95ad34a74ce3b6be")))
        #expect(t.isOnCurve && !t.isInSubgroup)
        for s: UInt8 in [2, 5, 77] {
            let q = G2Point.generator.multiplied(by: [s, 1, 2, 3]).affine
            #expect(q.isInSubgroup && G2Point(q).multiplied(by: Self.r).isInfinity)
        }
        #expect(!G2Affine(x: Fp2.one, y: Fp2.one).isOnCurve)
    }
}

func hexBytes(_ s: String) -> [UInt8] {
    var out = [UInt8]()
    var it = s.makeIterator()
    while let a = it.next(), let b = it.next() {
        out.append(UInt8(String([a, b]), radix: 16)!)
    }
    return out
}

func bigEndianToLimbs(_ b: [UInt8]) -> [UInt64] {
    var limbs = [UInt64](repeating: 0, count: (b.count + 7) / 8)
    for (i, byte) in b.reversed().enumerated() { limbs[i / 8] |= UInt64(byte) << UInt64(8 * (i % 8)) }
    return limbs
}
