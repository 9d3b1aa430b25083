import Primitives

/// A mutable Merkle-Patricia trie: insert, delete, get, root hash and proofs.
///
/// Entries are kept sorted by key in two parallel arrays (binary search; insert/delete shift the
/// arrays). `rootHash` rebuilds the node encodings bottom-up from the sorted keys when the trie has
/// changed since the last call (one pass, no node objects), and is cached otherwise.
/// With `secure: true` every key is replaced by keccak256(key) on the way in (state and storage tries).
/// An empty value deletes (as in geth and py-trie). Not thread-safe: give each trie one owner.
public final class Trie {
    public let secure: Bool
    private var keys: [[UInt8]] = []
    private var values: [[UInt8]] = []
    private var cachedRoot: Hash? = emptyTrieRoot

    public init(secure: Bool = false) { self.secure = secure }

    /// Number of keys with a value.
    public var count: Int { keys.count }

    /// Sets `key` to `value`; an empty value deletes the key.
    public func insert(key: [UInt8], value: [UInt8]) {
        if value.isEmpty { delete(key: key); return }
        let k = path(key)
        let (index, found) = search(k)
        if found {
            if values[index] == value { return }
            values[index] = value
        } else {
            keys.insert(k, at: index)
            values.insert(value, at: index)
        }
        cachedRoot = nil
    }

    /// Removes `key` if present.
    public func delete(key: [UInt8]) {
        let (index, found) = search(path(key))
        guard found else { return }
        keys.remove(at: index)
        values.remove(at: index)
        cachedRoot = nil
    }

    /// The value under `key`, or nil if absent.
    public func get(key: [UInt8]) -> [UInt8]? {
        let (index, found) = search(path(key))
        return found ? values[index] : nil
    }

    /// 32-byte root hash; `emptyTrieRoot` when empty.
    public var rootHash: Hash {
        if let r = cachedRoot { return r }
        let r = buildTrie(sortedKeys: keys, values: values, proofKey: nil).root
        cachedRoot = r
        return r
    }

    /// EIP-1186 proof for `key` (hashed first if the trie is secure): RLP nodes root first, see
    /// `MerklePatriciaTrie.proof(_:key:)`.
    public func proof(key: [UInt8]) -> [[UInt8]] {
        buildTrie(sortedKeys: keys, values: values, proofKey: path(key)).proof
    }

    /// The smallest stored key (after hashing, for a secure trie) strictly greater than `key`, or nil.
    /// `key` is compared as given (not hashed), so a secure trie can be walked in trie order.
    public func key(after key: [UInt8]) -> [UInt8]? {
        var (index, found) = search(key)
        if found { index += 1 }
        return index < keys.count ? keys[index] : nil
    }

    /// The largest stored key (after hashing, for a secure trie) strictly less than `key`, or nil.
    public func key(before key: [UInt8]) -> [UInt8]? {
        let (index, _) = search(key)
        return index > 0 ? keys[index - 1] : nil
    }

    private func path(_ key: [UInt8]) -> [UInt8] { secure ? Keccak256.hash(key).bytes : key }

    /// Lower bound of `key` in `keys` and whether it is there.
    private func search(_ key: [UInt8]) -> (Int, Bool) {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if keys[mid].lexicographicallyPrecedes(key) { lo = mid + 1 } else { hi = mid }
        }
        return (lo, lo < keys.count && keys[lo] == key)
    }
}
