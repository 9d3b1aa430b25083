import Primitives

/// The Merkle tree of one StateCommitmentChain batch (Optimism's Lib_MerkleTree, as documented in
/// the header of Contracts/L1/StateCommitmentChain.vy):
/// - the leaves are the batch's 32-byte state roots in order, padded with zero words up to the next
///   power of two;
/// - a parent is keccak256(left ‖ right) (64 bytes, no prefix, no sorting);
/// - the root of a one-element batch is that element (no hashing, no siblings).
///
/// A proof of element `i` is its siblings from the leaf level upwards, ⌈log2(batchSize)⌉ of them;
/// bit k of `i` says whether the running hash is the right (1) or the left (0) child at level k.
/// This is exactly what `StateCommitmentChain.verifyStateCommitment` checks.
public enum SCCMerkle {
    /// Why a root or proof cannot be computed.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// A batch has at least one element.
        case empty
        /// `index` is not below the batch size.
        case indexOutOfRange(index: Int, size: Int)

        public var description: String {
            switch self {
            case .empty: "a state batch has at least one root"
            case .indexOutOfRange(let i, let n): "element \(i) is outside a batch of \(n)"
            }
        }
    }

    /// keccak256(a ‖ b), 64 bytes in.
    @inlinable
    static func parent(_ a: Hash, _ b: Hash) -> Hash {
        Keccak256.hash(a.bytes + b.bytes)
    }

    /// ⌈log2(n)⌉ for n ≥ 1: the number of siblings in a proof for a batch of `n` roots.
    public static func depth(ofSize n: Int) -> Int {
        var depth = 0, size = 1
        while size < n { size *= 2; depth += 1 }
        return depth
    }

    /// The tree's levels from the leaves (level 0, padded to a power of two) up to the root.
    static func levels(_ leaves: [Hash]) -> [[Hash]] {
        let depth = depth(ofSize: leaves.count)
        var level = leaves + [Hash](repeating: .zero, count: (1 << depth) - leaves.count)
        var out = [level]
        while level.count > 1 {
            var next: [Hash] = []
            next.reserveCapacity(level.count / 2)
            var i = 0
            while i < level.count { next.append(parent(level[i], level[i + 1])); i += 2 }
            out.append(next)
            level = next
        }
        return out
    }

    /// The batch root (the `batchRoot` of a ChainBatchHeader).
    /// - Throws: `Failure.empty` for no leaves.
    public static func root(_ leaves: [Hash]) throws(Failure) -> Hash {
        guard !leaves.isEmpty else { throw .empty }
        return levels(leaves).last![0]
    }

    /// The siblings proving element `index` (the `siblings` of a ChainInclusionProof), leaf level first.
    /// - Throws: `Failure.empty`, `Failure.indexOutOfRange`.
    public static func proof(_ leaves: [Hash], index: Int) throws(Failure) -> [Hash] {
        guard !leaves.isEmpty else { throw .empty }
        guard index >= 0, index < leaves.count else { throw .indexOutOfRange(index: index, size: leaves.count) }
        let levels = levels(leaves)
        var siblings: [Hash] = []
        var i = index
        for level in levels.dropLast() {
            siblings.append(level[i ^ 1])
            i >>= 1
        }
        return siblings
    }

    /// Recomputes the root from `leaf`, its `index` and `siblings` (the contract's check).
    public static func rootFromProof(leaf: Hash, index: Int, siblings: [Hash]) -> Hash {
        var computed = leaf
        var i = index
        for s in siblings {
            computed = i & 1 == 1 ? parent(s, computed) : parent(computed, s)
            i >>= 1
        }
        return computed
    }
}
