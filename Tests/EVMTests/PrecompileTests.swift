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
        let r = callPrecompile(5, [1, 2, 3])
        #expect(r.status == .precompileFailure)
    }
}
