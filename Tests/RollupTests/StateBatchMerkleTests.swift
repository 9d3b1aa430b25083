import Primitives
import Testing
@testable import Rollup

/// Roots and proofs from an independent Python implementation of the tree StateCommitmentChain.vy's
/// header describes (leaves padded with zero words to a power of two, parent = keccak(l ++ r)),
/// with eth_utils.keccak; leaves are keccak256(bytes([i])):
/// ```python
/// def root(leaves):
///     size = 1
///     while size < len(leaves): size *= 2
///     row = list(leaves) + [b"\0" * 32] * (size - len(leaves))
///     while len(row) > 1:
///         row = [keccak(row[i] + row[i + 1]) for i in range(0, len(row), 2)]
///     return row[0]
/// def proof(leaves, index):   # the same padding; siblings row by row, index //= 2
/// ```
@Suite struct StateBatchMerkleTests {
    static let leaves = (0..<5).map { Keccak256.hash([UInt8($0)]) }
    static func h(_ s: String) -> Hash { Hash(hex: "0x" + s)! }

    @Test func rootsMatchPython() {
        #expect(StateBatchMerkle.root(Array(Self.leaves.prefix(1))) == Self.h("bc36789e7a1e281436464229828f817d6612f7b477d66591ff96a9e064bcc98a"))
        #expect(StateBatchMerkle.root(Array(Self.leaves.prefix(2))) == Self.h("57d772147cdf27f5f67d679f0f3a513f8b87622ce598a3cf0b048ab178ddfc6e"))
        #expect(StateBatchMerkle.root(Array(Self.leaves.prefix(3))) == Self.h("f68ec50114947b4e75aba65154eaffa8aacde4fafaab7f492a1e40efa4775769"))
        #expect(StateBatchMerkle.root(Self.leaves) == Self.h("95da1b45a6a4c2e1d6ce7807f459a11585b75fc3952688d3becc6da60f1c229c"))
    }

    @Test func proofsMatchPython() {
        #expect(StateBatchMerkle.proof(Self.leaves, index: 3) == [
            Self.h("f2ee15ea639b73fa3db9b34a245bdfa015c260c598b211bf05a1ecc4b3e3b4f2"),
            Self.h("57d772147cdf27f5f67d679f0f3a513f8b87622ce598a3cf0b048ab178ddfc6e"),
            Self.h("8df56ddf85dd8b44f471842372981ce68f4f6ed560c3386bef68af4a3526130a"),
        ])
        #expect(StateBatchMerkle.proof(Array(Self.leaves.prefix(3)), index: 2) == [
            .zero, Self.h("57d772147cdf27f5f67d679f0f3a513f8b87622ce598a3cf0b048ab178ddfc6e"),
        ])
        #expect(StateBatchMerkle.proof(Array(Self.leaves.prefix(1)), index: 0).isEmpty)
    }

    @Test func everyProofVerifies() {
        let root = StateBatchMerkle.root(Self.leaves)
        for i in 0..<5 {
            let p = StateBatchMerkle.proof(Self.leaves, index: i)
            #expect(StateBatchMerkle.verify(leaf: Self.leaves[i], index: UInt64(i), siblings: p, root: root))
            #expect(!StateBatchMerkle.verify(leaf: Self.leaves[(i + 1) % 5], index: UInt64(i), siblings: p, root: root))
        }
    }

    @Test func inboxAddressIsMetisRule() {
        #expect(BatchInbox.address(l1ChainId: 31337, l2ChainId: 133718)
            == Address(hex: "0xfF00000000000000000000000000031337133718"))
        // Metis Sepolia (rollupcfg.go): L1 11155111, L2 59902.
        #expect(BatchInbox.address(l1ChainId: 11_155_111, l2ChainId: 59902)
            == Address(hex: "0xFf00000000000000000000000001115511159902"))
    }
}
