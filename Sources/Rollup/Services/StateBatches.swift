import Primitives

/// StateCommitmentChain's `ChainBatchHeader` (Lib_OVMCodec): what `relayMessage`,
/// `verifyStateCommitment`, `insideFraudProofWindow` and `deleteStateBatch` take.
public struct ChainBatchHeader: Sendable, Hashable {
    /// The batch's index in the SCC (from 0).
    public var batchIndex: UInt64
    /// The Merkle root of the batch's state roots (`StateBatchMerkle.root`).
    public var batchRoot: Hash
    /// How many state roots the batch holds.
    public var batchSize: UInt64
    /// Elements before the batch: element i is the state root of L2 block i + 1.
    public var prevTotalElements: UInt64
    /// `abi.encode(uint256 timestamp, address proposer)` (64 bytes): the L1 block time the batch
    /// was appended at, and who appended it.
    public var extraData: [UInt8]

    public init(batchIndex: UInt64, batchRoot: Hash, batchSize: UInt64, prevTotalElements: UInt64, extraData: [UInt8]) {
        self.batchIndex = batchIndex
        self.batchRoot = batchRoot
        self.batchSize = batchSize
        self.prevTotalElements = prevTotalElements
        self.extraData = extraData
    }

    /// The L1 timestamp (seconds) in `extraData`; 0 when it is shorter than a word.
    public var timestamp: UInt64 {
        extraData.count >= 32 ? UInt256(bigEndian: extraData[0..<32]).uint64 ?? .max : 0
    }

    /// The proposer address in `extraData`; nil when absent.
    public var proposer: Address? {
        extraData.count >= 64 ? Address(UInt256(bigEndian: extraData[32..<64])) : nil
    }

    /// The first and last L2 block whose state roots the batch holds.
    public var l2Start: UInt64 { prevTotalElements + 1 }
    public var l2End: UInt64 { prevTotalElements + batchSize }

    /// The header as the ABI tuple `(uint256,bytes32,uint256,uint256,bytes)`.
    public var abiValue: ABIValue {
        .tuple([.uint64(batchIndex), .bytes32(batchRoot), .uint64(batchSize), .uint64(prevTotalElements), .bytes(extraData)])
    }

    /// The ABI type of `abiValue`.
    public static let abiType = "(uint256,bytes32,uint256,uint256,bytes)"
}

/// A state batch on L1: its header (from the `StateBatchAppended` event), its state roots (from
/// the `appendStateBatch` calldata) and where it is.
public struct StateBatch: Sendable, Hashable {
    public var header: ChainBatchHeader
    /// The state roots, element `header.prevTotalElements + i` = L2 block `header.l2Start + i`.
    public var roots: [Hash]
    /// The L1 transaction that appended it and its L1 block.
    public var l1TxHash: Hash
    public var l1BlockNumber: UInt64

    /// The state root of L2 block `l2Block`; nil outside the batch.
    public func root(of l2Block: UInt64) -> Hash? {
        guard l2Block >= header.l2Start, l2Block <= header.l2End else { return nil }
        let i = Int(l2Block - header.l2Start)
        return i < roots.count ? roots[i] : nil
    }

    /// The `ChainInclusionProof` of L2 block `l2Block`'s state root: its index in the batch and
    /// its Merkle siblings; nil outside the batch.
    public func inclusionProof(of l2Block: UInt64) -> (index: UInt64, siblings: [Hash])? {
        guard root(of: l2Block) != nil else { return nil }
        let i = Int(l2Block - header.l2Start)
        return (UInt64(i), StateBatchMerkle.proof(roots, index: i))
    }
}

/// StateCommitmentChain's Merkle tree (Optimism's Lib_MerkleTree, as StateCommitmentChain.vy's
/// header describes it): leaves padded with zero words to a power of two, parent =
/// keccak256(left ‖ right); a one-leaf tree's root is the leaf.
public enum StateBatchMerkle {
    /// The root of `leaves` (at least one).
    /// - Precondition: `leaves` is not empty.
    public static func root(_ leaves: [Hash]) -> Hash {
        precondition(!leaves.isEmpty, "StateBatchMerkle.root of no leaves")
        var row = leaves
        var zero = Hash.zero
        while row.count > 1 {
            var next: [Hash] = []
            next.reserveCapacity((row.count + 1) / 2)
            var i = 0
            while i < row.count {
                next.append(parent(row[i], i + 1 < row.count ? row[i + 1] : zero))
                i += 2
            }
            row = next
            zero = parent(zero, zero)
        }
        return row[0]
    }

    /// The siblings of leaf `index`, from the leaf up: ceil(log2(count)) of them.
    /// - Precondition: `index < leaves.count`.
    public static func proof(_ leaves: [Hash], index: Int) -> [Hash] {
        precondition(index >= 0 && index < leaves.count, "StateBatchMerkle.proof: index out of range")
        var siblings: [Hash] = []
        var row = leaves
        var zero = Hash.zero
        var i = index
        while row.count > 1 {
            let s = i ^ 1
            siblings.append(s < row.count ? row[s] : zero)
            var next: [Hash] = []
            var j = 0
            while j < row.count {
                next.append(parent(row[j], j + 1 < row.count ? row[j + 1] : zero))
                j += 2
            }
            row = next
            zero = parent(zero, zero)
            i /= 2
        }
        return siblings
    }

    /// Checks a proof as `verifyStateCommitment` does.
    public static func verify(leaf: Hash, index: UInt64, siblings: [Hash], root: Hash) -> Bool {
        var h = leaf
        var i = index
        for s in siblings {
            h = i & 1 == 1 ? parent(s, h) : parent(h, s)
            i >>= 1
        }
        return h == root
    }

    static func parent(_ a: Hash, _ b: Hash) -> Hash {
        Keccak256.hash(a.bytes + b.bytes)
    }
}
