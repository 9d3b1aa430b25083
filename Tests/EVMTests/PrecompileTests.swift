import Primitives
import Testing
@testable import EVM

@Suite struct PrecompileTests {
    func callPrecompile(_ n: Int, _ input: [UInt8], gas: Int64 = 100_000) -> ExecutionResult {
        let host = MockHost()
        host.beginTransaction()
        var evm = EVM(host: host, block: testBlock(), tx: TransactionContext(origin: callerAddress, gasPrice: .one), fork: .prague)
        let a = Precompiles.address(n)
        return evm.execute(Message(kind: .staticCall, caller: callerAddress, target: a, input: input, gas: gas, isStatic: true))
    }

    /// FIPS 180-2: SHA-256("") and SHA-256("abc"); gas 60 + 12/word.
    @Test func sha256() {
        let empty = callPrecompile(2, [])
        #expect(Hex.encode(empty.output) == "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(100_000 - empty.gasLeft == 60)
        let abc = callPrecompile(2, Array("abc".utf8))
        #expect(Hex.encode(abc.output) == "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(100_000 - abc.gasLeft == 72)
    }

    /// The RIPEMD-160 paper's test vectors; output left-padded to 32 bytes; gas 600 + 120/word.
    @Test func ripemd160() {
        #expect(Hex.encode(RIPEMD160.hash([])) == "0x9c1185a5c5e9fc54612808977ee8f548b2258d31")
        #expect(Hex.encode(RIPEMD160.hash(Array("abc".utf8))) == "0x8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")
        #expect(Hex.encode(RIPEMD160.hash(Array("message digest".utf8))) == "0x5d0689ef49d2fae572b881b123a85ffa21595f36")
        #expect(Hex.encode(RIPEMD160.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "0x12a053384a9c0c88e405a06c27dcf49ada62eb2b")
        #expect(Hex.encode(RIPEMD160.hash([UInt8](repeating: 0x61, count: 1_000_000))) == "0x52783243c1697bdbe16d37f97f68f08325dc1528")
        let r = callPrecompile(3, [])
        #expect(Hex.encode(r.output) == "0x0000000000000000000000009c1185a5c5e9fc54612808977ee8f548b2258d31")
        #expect(100_000 - r.gasLeft == 600)
    }

    @Test func identity() {
        let input: [UInt8] = Array(0..<33)
        let r = callPrecompile(4, input)
        #expect(r.output == input)
        #expect(100_000 - r.gasLeft == 15 + 3 * 2)
        let poor = callPrecompile(4, input, gas: 20)
        #expect(poor.status == .outOfGas)
        #expect(poor.gasLeft == 0)
    }

    /// go-ethereum's ecRecover vector (signer recomputed with eth_keys): 0xceaccac6…699d.
    @Test func ecrecover() {
        let input = hexBytes("38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e"
            + "000000000000000000000000000000000000000000000000000000000000001b"
            + "38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e"
            + "789d1dd423d25f0772d2748d60f7e4b81bb14d086eba8e8e8efb6dcff8a4ae02")
        let r = callPrecompile(1, input)
        #expect(r.status == .success)
        #expect(100_000 - r.gasLeft == 3000)
        #expect(Hex.encode(r.output) == "0x000000000000000000000000ceaccac640adf55b2028469bd36ba501f28b699d")
        // v = 29 is invalid: success with empty output
        var bad = input
        bad[63] = 29
        let b = callPrecompile(1, bad)
        #expect(b.status == .success)
        #expect(b.output.isEmpty)
    }

    @Test func addressesPerFork() {
        #expect(Precompiles.addresses(for: .cancun).count == 10)
        #expect(Precompiles.addresses(for: .prague).count == 17)
        #expect(Precompiles.addresses(for: .osaka).last == Address(hex: "0x0000000000000000000000000000000000000100")!)
        #expect(Precompiles.contains(Address(hex: "0x0000000000000000000000000000000000000011")!, fork: .prague))
        #expect(!Precompiles.contains(Address(hex: "0x0000000000000000000000000000000000000011")!, fork: .cancun))
        // not yet implemented ones fail without crashing
        let r = callPrecompile(6, [1, 2, 3])
        #expect(r.status == .precompileFailure)
    }

    /// MODEXP (EIP-198, EIP-2565 gas): gas and outputs checked with pyrevm 0.3.7 (PRAGUE).
    @Test(arguments: [
        // Fermat: 3^(p−1) mod p = 1 for the secp256k1 field prime (the EIP-198 example)
        ("\(String(1, radix: 16).leftPadded)\(String(32, radix: 16).leftPadded)\(String(32, radix: 16).leftPadded)03"
            + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e"
            + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
         Int64(1360), "0000000000000000000000000000000000000000000000000000000000000001"),
        ("\("1".leftPadded)\("1".leftPadded)\("1".leftPadded)020a07", 200, "02"),
        ("\("3".leftPadded)\("28".leftPadded)\("5".leftPadded)012345" + String(repeating: "ff", count: 40) + "0000000000",
         200, "0000000000"),
        ("\("0".leftPadded)\("0".leftPadded)\("0".leftPadded)", 200, ""),
        ("\("2".leftPadded)\("2".leftPadded)\("2".leftPadded)ffff01010001", 200, "0000"),
    ])
    func modexp(_ input: String, _ gas: Int64, _ output: String) {
        let r = callPrecompile(5, hexBytes(input))
        #expect(r.status == .success)
        #expect(100_000 - r.gasLeft == gas)
        #expect(Hex.encode(r.output) == "0x" + output)
    }
}

@Suite struct Blake2FTests {
    /// EIP-152 vectors: BLAKE2b-512("abc") state (h0 ^= 0x01010040), m = "abc", t = 3; outputs checked with
    /// hashlib.blake2b (12 rounds, final) and pyrevm 0.3.7 (0 rounds, non-final, 1 round).
    static func input(rounds: UInt32, final: Bool) -> [UInt8] {
        var h = Blake2F.iv
        h[0] ^= 0x0101_0040
        var b: [UInt8] = [UInt8(rounds >> 24), UInt8((rounds >> 16) & 0xff), UInt8((rounds >> 8) & 0xff), UInt8(rounds & 0xff)]
        for w in h { for k in 0..<8 { b.append(UInt8(truncatingIfNeeded: w >> (8 * UInt64(k)))) } }
        b += Array("abc".utf8) + [UInt8](repeating: 0, count: 125)
        b += [3, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 8)
        b.append(final ? 1 : 0)
        return b
    }

    @Test(arguments: [
        (UInt32(12), true, "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"),
        (0, true, "08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d282e6ad7f520e511f6c3e2b8c68059b9442be0454267ce079217e1319cde05b"),
        (12, false, "75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d2875298743e7f6d5ea2f2d3e8d226039cd31b4e426ac4f2d3d666a610c2116fde4735"),
        (1, true, "b63a380cb2897d521994a85234ee2c181b5f844d2c624c002677e9703449d2fba551b3a8333bcdf5f2f7e08993d53923de3d64fcc68c034e717b9293fed7a421"),
    ])
    func vectors(_ rounds: UInt32, _ final: Bool, _ expected: String) {
        let r = PrecompileTests().callPrecompile(9, Self.input(rounds: rounds, final: final))
        #expect(r.status == .success)
        #expect(100_000 - r.gasLeft == Int64(rounds))
        #expect(Hex.encode(r.output) == "0x" + expected)
    }

    @Test func malformedInputFails() {
        var bad = Self.input(rounds: 12, final: true)
        bad[212] = 2
        #expect(PrecompileTests().callPrecompile(9, bad).status == .precompileFailure)
        #expect(PrecompileTests().callPrecompile(9, Array(bad.dropLast())).status == .precompileFailure)
    }
}

extension String {
    /// A hex number left-padded to 64 digits (one 32-byte word).
    var leftPadded: String { String(repeating: "0", count: 64 - count) + self }
}

/// ECADD / ECMUL (EIP-196, EIP-1108 gas); expected outputs from pyrevm 0.3.7. G = (1, 2).
@Suite struct BN254Tests {
    static func w(_ hex: String) -> String { String(repeating: "0", count: 64 - hex.count) + hex }
    static let g = w("1") + w("2")
    static let twoG = "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3"
        + "15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4"
    static let zero64 = String(repeating: "0", count: 128)

    @Test(arguments: [
        (6, g + g, twoG),
        (6, g, g),                                                                            // G + infinity (padded input)
        (6, g + w("1") + w("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45"), zero64),  // G + (−G)
        (7, g + w("2"), twoG),
        (7, g + w("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000"),       // (r − 1)·G = −G
         w("1") + w("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45")),
        (7, g + w("1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef"),
         "19c1e4e5202ab724d766a7dd7534562e225d0e33c8ce19b697eb719d39954fdb"
         + "1c16dbebb5e86b0d5a9a8454af8c4faad6dea7d798144bbdd01631c592073b3b"),
        (7, w("0") + w("0") + w("5"), zero64),
    ])
    func vectors(_ n: Int, _ input: String, _ output: String) {
        let r = PrecompileTests().callPrecompile(n, hexBytes(input))
        #expect(r.status == .success)
        #expect(100_000 - r.gasLeft == (n == 6 ? 150 : 6000))
        #expect(Hex.encode(r.output) == "0x" + output)
    }

    @Test func pointNotOnCurveFails() {
        let r = PrecompileTests().callPrecompile(6, hexBytes(Self.w("1") + Self.w("3")))
        #expect(r.status == .precompileFailure)
        #expect(r.gasLeft == 0)
    }
}

/// ECPAIRING (EIP-197, EIP-1108 gas); expected outputs from pyrevm 0.3.7. G1 = (1, 2), G2 = the
/// EIP-197 generator.
@Suite struct BN254PairingTests {
    static let g1 = BN254Tests.g
    static let negG1 = BN254Tests.w("1") + BN254Tests.w("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45")
    static let g2 = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
        + "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
        + "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
        + "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"

    @Test(arguments: [
        (g1 + g2 + negG1 + g2, true),                                  // e(G1,G2)·e(−G1,G2) = 1
        (g1 + g2 + g1 + g2, false),
        ("", true),
        (BN254Tests.zero64 + g2, true),                               // infinity pairs are skipped
        (BN254Tests.twoG + g2 + negG1 + g2 + negG1 + g2, true),       // bilinearity in G1
        (BN254Tests.twoG + g2 + negG1 + g2, false),
    ])
    func vectors(_ input: String, _ one: Bool) {
        let r = PrecompileTests().callPrecompile(8, hexBytes(input), gas: 1_000_000)
        #expect(r.status == .success)
        #expect(1_000_000 - r.gasLeft == 45000 + 34000 * Int64(input.count / 384))
        #expect(r.output == (one ? UInt256.one : UInt256.zero).bigEndianBytes)
    }

    @Test func invalidG2Fails() {
        let bad = String(Self.g2.dropLast()) + "b"
        let r = PrecompileTests().callPrecompile(8, hexBytes(Self.g1 + bad), gas: 1_000_000)
        #expect(r.status == .precompileFailure)
        #expect(PrecompileTests().callPrecompile(8, [1, 2, 3], gas: 1_000_000).status == .precompileFailure)
    }
}
