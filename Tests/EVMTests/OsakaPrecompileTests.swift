import Primitives
import Testing
@testable import EVM

/// Osaka precompile changes: MODEXP bounds and pricing (EIP-7823, EIP-7883), P256VERIFY
/// (EIP-7951); and the EIP-7610 storage collision rule.
@Suite struct OsakaPrecompileTests {
    func call(_ n: Int, _ input: [UInt8], fork: Hardfork, gas: Int64 = 1_000_000_000) -> ExecutionResult {
        let host = MockHost()
        host.beginTransaction()
        var evm = EVM(host: host, block: testBlock(), tx: TransactionContext(origin: callerAddress, gasPrice: .one), fork: fork)
        return evm.execute(Message(kind: .staticCall, caller: callerAddress, target: Precompiles.address(n),
                                   input: input, gas: gas, isStatic: true))
    }

    static func word(_ v: UInt64) -> String { String(repeating: "0", count: 64 - String(v, radix: 16).count) + String(v, radix: 16) }

    /// Gas per fork from the executable spec (ethereum-execution 2.20.0, `forks/{prague,osaka}/vm/
    /// precompiled_contracts/modexp.py` `gas_cost`); outputs from Python's `pow`.
    @Test(arguments: [
        // Fermat, 3^(p−1) mod p (EIP-198's example): Osaka complexity 16 × 255 iterations
        (word(1) + word(32) + word(32) + "03" + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e"
            + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
         Hardfork.osaka, Int64(4080), "0000000000000000000000000000000000000000000000000000000000000001"),
        (word(1) + word(32) + word(32) + "03" + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e"
            + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
         Hardfork.prague, Int64(1360), "0000000000000000000000000000000000000000000000000000000000000001"),
        // the EIP-7883 minimum
        (word(1) + word(1) + word(1) + "020a07", .osaka, 500, "02"),
        // 64-byte operands, 3^(2^511) mod (2^512 − 1): 2·8² × (16·32 + 255) in Osaka, 8² × (8·32 + 255) / 3 before
        (word(64) + word(64) + word(64) + String(repeating: "0", count: 126) + "03" + "80" + String(repeating: "0", count: 126)
            + String(repeating: "ff", count: 64), .osaka, 98176,
         "96f883c04105d29affedf614a978dc995611e87270b5be1c84b4dfcd53351f789d3794976bd6c367639fe0e7fe6e119d935876bbe007911a79b80e70325f7b02"),
        (word(64) + word(64) + word(64) + String(repeating: "0", count: 126) + "03" + "80" + String(repeating: "0", count: 126)
            + String(repeating: "ff", count: 64), .prague, 10901,
         "96f883c04105d29affedf614a978dc995611e87270b5be1c84b4dfcd53351f789d3794976bd6c367639fe0e7fe6e119d935876bbe007911a79b80e70325f7b02"),
        // base and modulus lengths 0 with an exponent length of 2^40: complexity 0, the EIP-2565
        // minimum (static fixture stPreCompiledContracts/modexp d29)
        (word(0) + "0000000000000000000000000000000000000000000000000000040000000000", .prague, 200, ""),
        // EIP-7823 edge: 1024-byte base is allowed, 2·128² × 1 iteration
        (word(1024) + word(0) + word(0), .osaka, 32768, ""),
        // 1025-byte base before Osaka: 129² / 3
        (word(1025) + word(0) + word(0), .prague, 5547, ""),
    ])
    func modexpGas(_ input: String, _ fork: Hardfork, _ gas: Int64, _ output: String) {
        let r = call(5, hexBytes(input), fork: fork)
        #expect(r.status == .success)
        #expect(1_000_000_000 - r.gasLeft == gas)
        #expect(Hex.encode(r.output) == "0x" + output)
    }

    /// EIP-7823: a base, exponent or modulus length above 1024 fails the call, consuming all gas.
    @Test(arguments: [word(1025) + word(0) + word(0), word(0) + word(1025) + word(0), word(0) + word(0) + word(1025),
                      word(0) + "0000000000000000000000000000000000000000000000000000040000000000"])
    func modexpUpperBound(_ input: String) {
        let r = call(5, hexBytes(input), fork: .osaka)
        #expect(!r.status.isSuccess)
        #expect(r.gasLeft == 0)
        #expect(r.output.isEmpty)
    }

    /// EIP-7951's example (sha256("hello world") signed; also the first case of the fixture
    /// osaka/eip7951_p256verify_precompiles/test_valid.json).
    static let valid = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        + "434287fa699ff2be2a4475ccd9c063d1a22a424b6ab357d9bb0b31f7a71307b9"
        + "be6af716032d408183c53f6f76945363144555fad2a5ff7854159166e52fc1d0"
        + "da3c553a4215893e6d95d5818df2519e13233a1e0e56e0ea7b4817a92a6973f9"
        + "d8c8877a49383e20c3fdc21d4e8e280ef1feeb72c333036770369a4387168d33"
    static let n = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"
    static let p = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"

    @Test func p256verifyValid() {
        let r = call(0x100, hexBytes(Self.valid), fork: .osaka, gas: 10_000)
        #expect(r.status == .success)
        #expect(r.gasLeft == 10_000 - 6900)
        #expect(Hex.encode(r.output) == "0x" + Self.word(1))
        // too little gas: the call fails consuming all of it
        let poor = call(0x100, hexBytes(Self.valid), fork: .osaka, gas: 6899)
        #expect(!poor.status.isSuccess && poor.gasLeft == 0)
    }

    /// Each invalid input: success, 6900 gas, empty output (EIP-7951).
    @Test(arguments: [
        "0c" + String(valid.dropFirst(2)),                                   // other hash
        String(valid.dropLast(2)),                                           // 159 bytes
        valid + "00",                                                        // 161 bytes
        String(valid.prefix(64)) + String(repeating: "0", count: 64) + String(valid.dropFirst(128)),  // r = 0
        String(valid.prefix(64)) + n + String(valid.dropFirst(128)),                                  // r = n
        String(valid.prefix(128)) + n + String(valid.dropFirst(192)),                                 // s = n
        String(valid.prefix(192)) + String(repeating: "0", count: 128),                               // infinity (0, 0)
        String(valid.prefix(192)) + p + String(valid.dropFirst(256)),                                 // qx = p
        String(valid.prefix(256)) + String(repeating: "0", count: 63) + "1",                          // not on the curve
        "",
    ])
    func p256verifyInvalid(_ input: String) {
        let r = call(0x100, hexBytes(input), fork: .osaka, gas: 10_000)
        #expect(r.status == .success)
        #expect(r.gasLeft == 10_000 - 6900)
        #expect(r.output.isEmpty)
    }

    /// Before Osaka 0x100 is an ordinary empty account: no output, no gas.
    @Test func p256verifyAbsentBeforeOsaka() {
        let r = call(0x100, hexBytes(Self.valid), fork: .prague, gas: 10_000)
        #expect(r.status == .success && r.gasLeft == 10_000 && r.output.isEmpty)
    }

    /// EIP-7610: CREATE over an account whose only content is nonzero storage is a collision
    /// (CREATE pushes 0, the child's gas is consumed, the storage stays).
    @Test func createCollisionWithStorageOnly() {
        let host = MockHost()
        let a1 = ContractAddress.create(sender: contractAddress, nonce: 1)
        host.setAccount(a1, storage: [UInt256(1): UInt256(7)])
        let code = Asm().push(0).push(0).push(0).op(.create).push(0).op(.mstore).ret(0, 32).bytes
        let (r, h) = execute(code, gas: 1_000_000, host: host)
        #expect(r.status == .success)
        #expect(r.output == UInt256.zero.bigEndianBytes)
        #expect(h.nonce(contractAddress) == 2)
        #expect(r.gasLeft < 1_000_000 / 64)
        #expect(h.storage(a1, UInt256(1)) == UInt256(7))
        #expect(h.nonce(a1) == 0)
    }
}
