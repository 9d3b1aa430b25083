import Primitives
import Testing
@testable import Chain

/// Robustness of the decoder on corrupted input: every fixture transaction (TransactionTests) is
/// truncated at every length and has single bytes replaced, deterministically. Decoding must never
/// trap, and whenever it succeeds the input must have been canonical — re-encoding gives back the
/// exact bytes (so no two byte strings decode to the same transaction, and the hash is well defined).
@Suite struct TransactionsMutationTests {
    /// SplitMix64: a fixed-seed generator so every run mutates the same way.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func check(_ input: [UInt8]) -> Bool {
        guard let tx = try? Transaction.decode(raw: input) else { return true }
        // Recovery must not trap either, whatever the signature values are.
        _ = try? tx.sender()
        return tx.encoded() == input
    }

    @Test func truncationsAndByteChanges() {
        let seeds = TransactionsFixtureTests.loaded.cases.map(\.raw).filter { !$0.isEmpty && $0.count < 4096 }
        #expect(seeds.count > 150)
        var generator = SplitMix64(state: 0x6d65_7469_735f_7478)
        var inputs = 0
        var nonCanonical: [String] = []
        for seed in seeds {
            for length in 0..<seed.count {
                inputs += 1
                if !Self.check(Array(seed.prefix(length))) { nonCanonical.append(Hex.encode(seed.prefix(length))) }
            }
            for _ in 0..<64 {
                var mutated = seed
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                mutated[index] = UInt8.random(in: 0...255, using: &generator)
                inputs += 1
                if !Self.check(mutated) { nonCanonical.append(Hex.encode(mutated)) }
            }
        }
        #expect(inputs > 20_000)
        #expect(nonCanonical.isEmpty, "accepted non-canonical input: \(nonCanonical.prefix(5))")
    }

    @Test func handBuiltInconsistentLegacySignatures() throws {
        // chainId set but v = 27, or no chainId but an EIP-155 v: rejected before recovery.
        var tx = Transaction(type: .legacy, chainId: 1, gasPrice: .one, to: .zero, v: UInt256(27), r: .one, s: .one)
        #expect(throws: TransactionError.self) { try tx.sender() }
        tx.chainId = nil
        tx.v = UInt256(37)
        #expect(throws: TransactionError.self) { try tx.sender() }
        tx.chainId = 2
        #expect(throws: TransactionError.self) { try tx.sender() }
    }
}
