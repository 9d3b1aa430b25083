import Testing
@testable import BLS12381

// Expected outputs computed with py_ecc 8.0.0 (optimized_bls12_381) in EIP-2537 encoding; gas from
// EIP-2537's final text (discount tables as in EELS prague bls12_381/__init__.py).
@Suite("EIP-2537 G1ADD, G1MSM, G2ADD, G2MSM")
struct PrecompileTests {
    static let g1 = EIP2537.encode(G1Affine.generator)
    static let g2 = EIP2537.encode(G2Affine.generator)
    static let twoG1 = hexBytes("000000000000000000000000000000000572cbea904d67468808c8eb50a9450c9721db309128012543902d0ac358a62ae28f75bb8f1c7c42c39a8c5529bf0f4e00000000000000000000000000000000166a9d8cabc673a322fda673779d8e3822ba3ecb8670e461f73bb9021d5fd76a4c56d9d4cd16bd1bba86881979749d28")
    static let fiveG1 = hexBytes("0000000000000000000000000000000010e7791fb972fe014159aa33a98622da3cdc98ff707965e536d8636b5fcc5ac7a91a8c46e59a00dca575af0f18fb13dc0000000000000000000000000000000016ba437edcc6551e30c10512367494bfb6b01cc6681e8a4c3cd2501832ab5c4abc40b4578b85cbaffbf0bcd70d67c6e2")
    static let twoG2 = hexBytes("000000000000000000000000000000001638533957d540a9d2370f17cc7ed5863bc0b995b8825e0ee1ea1e1e4d00dbae81f14b0bf3611b78c952aacab827a053000000000000000000000000000000000a4edef9c1ed7f729f520e47730a124fd70662a904ba1074728114d1031e1572c6c886f6b57ec72a6178288c47c33577000000000000000000000000000000000468fb440d82b0630aeb8dca2b5256789a66da69bf91009cbfe6bd221e47aa8ae88dece9764bf3bd999d95d71e4c9899000000000000000000000000000000000f6d4552fa65dd2638b361543f887136a43253d9c66c411697003f7a13c308f5422e1aa0a59c8967acdefd8b6e36ccf3")
    static let fiveG2 = hexBytes("000000000000000000000000000000000411a5de6730ffece671a9f21d65028cc0f1102378de124562cb1ff49db6f004fcd14d683024b0548eff3d1468df26880000000000000000000000000000000000fb837804dba8213329db46608b6c121d973363c1234a86dd183baff112709cf97096c5e9a1a770ee9d7dc641a894d60000000000000000000000000000000019b5e8f5d4a72f2b75811ac084a7f814317360bac52f6aab15eed416b4ef9938e0bdc4865cc2c4d0fd947e7c6925fd1400000000000000000000000000000000093567b4228be17ee62d11a254edd041ee4b953bffb8b8c7f925bd6662b4298bac2822b446f5b5de3b893e1be5aa4986")
    static let msmG1 = hexBytes("000000000000000000000000000000001871f68a6be9c5d49eb7cfa8f7fdfe9c8c93415f8b4720f03e499cd3d828bfd372b856b3112a83b58306da97d796183700000000000000000000000000000000050007e13c4a6cfbfae3161666eda09570b309edd1efc44e6d26b50f7bee602532b997aca9d4051a3dbe736c2dec494c")
    static let msmG2 = hexBytes("00000000000000000000000000000000197d5a6bc92538ff1b63d99db720dddafe3cbb5888600f97e2201217bb76a7c0f4b2471d4a5956883fbeb7b2a88b3f8d000000000000000000000000000000000e32ea8208d5bac6277805cf1fc1e90e9a55128a5e4afea39f334e2b80081ae9f5572d4fa64b965582213e8cf93cb33f000000000000000000000000000000000443b75d68305e1a09db6f642f770a3f25149fc125ef01ceac3e23726e4790c6af34ac60f46f257e195cd54ee542a4690000000000000000000000000000000009dfe22e2c6707f0c2c9273291497437382528275668acf35a5300c03b0a5622682f2ff1a5cb6b6081718f8763de6e0e")
    static let s1 = [UInt8](repeating: 0, count: 31) + [0x11]
    static let s2 = hexBytes("2b4f3e1a9c0d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f")

    @Test func encodingOfGenerators() {
        #expect(Array(Self.g1[16..<64]) == hexBytes("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"))
        #expect(EIP2537.decodeG1(Self.g1[...]) == G1Affine.generator)
        #expect(EIP2537.decodeG2(Self.g2[...]) == G2Affine.generator)
        #expect(EIP2537.decodeG1([UInt8](repeating: 0, count: 128)[...]) == G1Affine.infinity)
        #expect(EIP2537.decodeG2([UInt8](repeating: 0, count: 256)[...]) == G2Affine.infinity)
        #expect(EIP2537.encode(G1Affine.infinity) == [UInt8](repeating: 0, count: 128))
        var bad = Self.g1; bad[0] = 1                        // top 16 bytes must be zero
        #expect(EIP2537.decodeG1(bad[...]) == nil)
        var offCurve = Self.g1; offCurve[127] ^= 1
        #expect(EIP2537.decodeG1(offCurve[...]) == nil)
        // x = p is out of range.
        let p = [UInt8](repeating: 0, count: 16) + Fp.modulusBigEndian
        #expect(EIP2537.decodeFp(p[...]) == nil)
        #expect(EIP2537.decodeFp(([UInt8](repeating: 0, count: 63) + [5])[...]) == Fp(5))
        #expect(EIP2537.decodeFp([UInt8](repeating: 0, count: 63)[...]) == nil)
    }

    @Test func g1Add() {
        #expect(BLSPrecompiles.g1Add(Self.g1 + Self.g1) == Self.twoG1)
        #expect(BLSPrecompiles.g1Add(Self.g1 + [UInt8](repeating: 0, count: 128)) == Self.g1)
        let negG1 = EIP2537.encode(G1Affine.generator.negated)
        #expect(BLSPrecompiles.g1Add(Self.g1 + negG1) == [UInt8](repeating: 0, count: 128))
        #expect(BLSPrecompiles.g1Add(Self.g1) == nil)                     // wrong length
        #expect(BLSPrecompiles.g1Add([]) == nil)
        #expect(BLSPrecompiles.g1Add(Self.g1 + Self.g1 + [0]) == nil)
    }

    @Test func g2Add() {
        #expect(BLSPrecompiles.g2Add(Self.g2 + Self.g2) == Self.twoG2)
        #expect(BLSPrecompiles.g2Add([UInt8](repeating: 0, count: 256) + Self.g2) == Self.g2)
        #expect(BLSPrecompiles.g2Add(Self.g2) == nil)
    }

    @Test func msm() {
        #expect(BLSPrecompiles.g1MSM(Self.g1 + [UInt8](repeating: 0, count: 31) + [5]) == Self.fiveG1)
        #expect(BLSPrecompiles.g1MSM(Self.g1 + Self.s1 + Self.fiveG1 + Self.s2) == Self.msmG1)
        #expect(BLSPrecompiles.g2MSM(Self.g2 + [UInt8](repeating: 0, count: 31) + [5]) == Self.fiveG2)
        #expect(BLSPrecompiles.g2MSM(Self.g2 + Self.s1 + Self.fiveG2 + Self.s2) == Self.msmG2)
        // Zero scalar and infinity give infinity.
        #expect(BLSPrecompiles.g1MSM(Self.g1 + [UInt8](repeating: 0, count: 32)) == [UInt8](repeating: 0, count: 128))
        #expect(BLSPrecompiles.g1MSM([UInt8](repeating: 0, count: 160)) == [UInt8](repeating: 0, count: 128))
        #expect(BLSPrecompiles.g1MSM([]) == nil)
        #expect(BLSPrecompiles.g2MSM([]) == nil)
        #expect(BLSPrecompiles.g1MSM(Self.g1 + Self.s1 + [0]) == nil)
    }

    /// A point on the curve outside G1 (x = 4, from py_ecc): ADD accepts it, MSM must reject it.
    @Test func subgroupCheckOnlyForMSM() {
        let p = [UInt8](repeating: 0, count: 63) + [4]
            + hexBytes("000000000000000000000000000000000a989badd40d6212b33cffc3f3763e9bc760f988c9926b26da9dd85e928483446346b8ed00e1de5d5ea93e354abe706c")
        #expect(BLSPrecompiles.g1Add(p + Self.g1) != nil)
        #expect(BLSPrecompiles.g1MSM(p + Self.s1) == nil)
    }

    @Test func gas() {
        #expect(BLSPrecompiles.g1MSMGas(inputLength: 160) == 12000)
        #expect(BLSPrecompiles.g1MSMGas(inputLength: 320) == 2 * 12000 * 949 / 1000)
        #expect(BLSPrecompiles.g1MSMGas(inputLength: 160 * 128) == 128 * 12000 * 519 / 1000)
        #expect(BLSPrecompiles.g1MSMGas(inputLength: 160 * 200) == 200 * 12000 * 519 / 1000)
        #expect(BLSPrecompiles.g2MSMGas(inputLength: 288) == 22500)
        #expect(BLSPrecompiles.g2MSMGas(inputLength: 288 * 2) == 45000)
        #expect(BLSPrecompiles.g2MSMGas(inputLength: 288 * 3) == 3 * 22500 * 923 / 1000)
        #expect(BLSPrecompiles.g2MSMGas(inputLength: 288 * 129) == 129 * 22500 * 524 / 1000)
        #expect(BLSPrecompiles.g1MSMGas(inputLength: 0) == 0)
        #expect(BLSPrecompiles.g1Discount.count == 128 && BLSPrecompiles.g2Discount.count == 128)
    }
}
