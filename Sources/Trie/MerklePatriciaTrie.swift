import Primitives

/// Merkle-Patricia trie roots and proofs computed in one pass from a set of entries
/// (Yellow Paper appendix D; node references per eq. 193: nodes whose RLP is < 32 bytes are embedded
/// in their parent, longer ones are referenced by keccak256).
///
/// Entries may come in any order: they are sorted by key (byte-wise), a repeated key keeps its last
/// value, and an empty value means "absent" (as in geth and py-trie).
public enum MerklePatriciaTrie {
    /// Root of the trie with the keys as given (e.g. transactionsRoot keys, or already-hashed keys).
    /// 32 bytes; `emptyTrieRoot` (0x56e8…b421) when there are no entries.
    public static func root(_ entries: [(key: [UInt8], value: [UInt8])]) -> Hash {
        let (keys, values) = normalize(entries)
        return buildTrie(sortedKeys: keys, values: values, proofKey: nil).root
    }

    /// Root of the "secure" trie: each key replaced by keccak256(key) (Yellow Paper §4.1, the state
    /// and storage tries). For the state trie, key = 20-byte address, value = RLP([nonce, balance,
    /// storageRoot, codeHash]); for storage, key = 32-byte slot, value = RLP(minimal big-endian value).
    public static func secureRoot(_ entries: [(key: [UInt8], value: [UInt8])]) -> Hash {
        root(entries.map { (key: Keccak256.hash($0.key).bytes, value: $0.value) })
    }

    /// Merkle proof for `key` (used exactly as given — pass keccak256(key) for a secure trie):
    /// the RLP encodings of the nodes on the path from the root toward the key, root first, as in
    /// EIP-1186 `accountProof`/`storageProof`. Embedded nodes (< 32 bytes) are not listed separately:
    /// they are inside their parent. For an absent key the proof ends at the node where the path
    /// leaves the trie (proof of exclusion). An empty trie gives an empty proof.
    public static func proof(_ entries: [(key: [UInt8], value: [UInt8])], key: [UInt8]) -> [[UInt8]] {
        let (keys, values) = normalize(entries)
        return buildTrie(sortedKeys: keys, values: values, proofKey: key).proof
    }

    /// Root of the trie that maps rlp(index) → values[index]: transactionsRoot, receiptsRoot
    /// (Yellow Paper §4.3, values are the EIP-2718 encodings) and withdrawalsRoot.
    public static func orderedRoot(_ values: [[UInt8]]) -> Hash {
        var entries = [(key: [UInt8], value: [UInt8])]()
        entries.reserveCapacity(values.count)
        for (i, v) in values.enumerated() { entries.append((key: rlpIndex(i), value: v)) }
        return root(entries)
    }

    /// RLP of a non-negative integer as a scalar: 0 → 0x80, 1…127 → one byte, else 0x80+len ‖ big-endian.
    static func rlpIndex(_ i: Int) -> [UInt8] {
        if i == 0 { return [0x80] }
        if i < 0x80 { return [UInt8(i)] }
        let n = byteWidth(i)
        var out: [UInt8] = [0x80 + UInt8(n)]
        for k in stride(from: n - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: i >> (8 * k))) }
        return out
    }

    /// Checks a proof produced by `proof(_:key:)` (or by geth / eth_getProof) against a root hash.
    /// Returns the value stored under `key`, `[]` if the proof shows the key is absent, and nil if the
    /// proof is invalid (a node's hash does not match its reference, a node is missing or malformed).
    public static func verifyProof(root: Hash, key: [UInt8], proof: [[UInt8]]) -> [UInt8]? {
        if proof.isEmpty { return root == emptyTrieRoot ? [] : nil }
        let path = nibbles(key)
        var depth = 0
        var nodeIndex = 0
        // Current node: either a hash reference to the next proof element or an embedded node.
        var expectedHash: Hash? = root
        var embedded: RLP? = nil
        while true {
            let node: RLP
            if let h = expectedHash {
                guard nodeIndex < proof.count, Keccak256.hash(proof[nodeIndex]) == h,
                      let decoded = try? RLP.decode(proof[nodeIndex]) else { return nil }
                node = decoded
                nodeIndex += 1
            } else if let e = embedded {
                node = e
            } else {
                return nil
            }
            guard case .list(let items) = node else { return nil }
            let next: RLP
            if items.count == 17 {
                if depth == path.count {
                    guard case .bytes(let v) = items[16] else { return nil }
                    return v
                }
                next = items[Int(path[depth])]
                depth += 1
            } else if items.count == 2 {
                guard case .bytes(let hp) = items[0], let decoded = decodeHexPrefix(hp) else { return nil }
                let (partial, isLeaf) = decoded
                let matches = path.count - depth >= partial.count && Array(path[depth..<depth + partial.count]) == partial
                if isLeaf {
                    guard case .bytes(let v) = items[1] else { return nil }
                    return matches && depth + partial.count == path.count ? v : []
                }
                guard matches else { return [] }
                depth += partial.count
                next = items[1]
            } else {
                return nil
            }
            switch next {
            case .bytes(let b) where b.isEmpty: return []
            case .bytes(let b) where b.count == 32: expectedHash = Hash(b); embedded = nil
            case .list: expectedHash = nil; embedded = next
            default: return nil
            }
        }
    }

    /// Inverse of the hex-prefix encoding: (nibbles, isLeaf), or nil if malformed.
    static func decodeHexPrefix(_ hp: [UInt8]) -> ([UInt8], Bool)? {
        guard let first = hp.first else { return nil }
        let flag = first >> 4
        guard flag <= 3 else { return nil }
        var out: [UInt8] = []
        if flag & 1 == 1 { out.append(first & 0x0f) } else if first & 0x0f != 0 { return nil }
        for b in hp.dropFirst() { out.append(b >> 4); out.append(b & 0x0f) }
        return (out, flag >= 2)
    }
}
