import Primitives

/// keccak256(rlp("")) = keccak256(0x80) = 0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421,
/// the root of an empty trie (Yellow Paper appendix D).
public let emptyTrieRoot = Hash([
    0x56, 0xe8, 0x1f, 0x17, 0x1b, 0xcc, 0x55, 0xa6, 0xff, 0x83, 0x45, 0xe6, 0x92, 0xc0, 0xf8, 0x6e,
    0x5b, 0x48, 0xe0, 0x1b, 0x99, 0x6c, 0xad, 0xc0, 0x01, 0x62, 0x2f, 0xb5, 0xe3, 0x63, 0xb4, 0x21,
])

/// Builds the Merkle-Patricia trie (Yellow Paper appendix D) bottom-up from keys that are sorted,
/// unique, and have non-empty values, in one pass and one output buffer.
///
/// Each node is RLP-encoded straight into `out` behind a 9-byte gap that then receives the list
/// header; the finished node is either moved down over the gap (embedded, RLP < 32 bytes) or
/// replaced by 0xa0 ‖ keccak256(node) (Yellow Paper eq. 193, the function c(J, i)). No node objects,
/// no dictionaries: the only allocations are the buffer's growth and proof nodes.
struct NodeEncoder: ~Copyable {
    /// All keys back to back; key i is keyBytes[keyStart[i] ..< keyStart[i + 1]].
    let keyBytes: UnsafeBufferPointer<UInt8>
    let keyStart: UnsafeBufferPointer<Int>
    let values: UnsafeBufferPointer<[UInt8]>
    /// Nibbles of the key whose proof is being collected, or nil.
    let target: [UInt8]?
    var out: [UInt8] = []
    /// Proof nodes, leaf-most first (post-order); reversed by the caller.
    var proof: [[UInt8]] = []
    var rootHash = emptyTrieRoot

    init(keyBytes: UnsafeBufferPointer<UInt8>, keyStart: UnsafeBufferPointer<Int>,
         values: UnsafeBufferPointer<[UInt8]>, target: [UInt8]?) {
        self.keyBytes = keyBytes
        self.keyStart = keyStart
        self.values = values
        self.target = target
        out.reserveCapacity(1024)
    }

    @inline(__always) func nibbleCount(_ i: Int) -> Int { (keyStart[i + 1] - keyStart[i]) << 1 }

    @inline(__always) func nibble(_ i: Int, _ d: Int) -> UInt8 {
        let b = keyBytes[keyStart[i] + d >> 1]
        return d & 1 == 0 ? b >> 4 : b & 0x0f
    }

    /// Nibbles shared by keys a and b from depth d on.
    func commonPrefix(_ a: Int, _ b: Int, from d: Int) -> Int {
        let limit = min(nibbleCount(a), nibbleCount(b))
        var k = d
        while k < limit && nibble(a, k) == nibble(b, k) { k += 1 }
        return k - d
    }

    /// Whether the proof target continues through nibbles [from, to) of key i.
    func targetFollows(_ i: Int, from: Int, to: Int) -> Bool {
        guard let t = target, t.count >= to else { return false }
        for d in from..<to where t[d] != nibble(i, d) { return false }
        return true
    }

    /// RLP string header for a byte string of `length` bytes that is not a single byte < 0x80.
    @inline(__always) mutating func appendStringHeader(_ length: Int) {
        if length <= 55 {
            out.append(0x80 &+ UInt8(length))
        } else {
            let n = byteWidth(length)
            out.append(0xb7 &+ UInt8(n))
            for k in stride(from: n - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: length >> (8 * k))) }
        }
    }

    mutating func appendString(_ bytes: [UInt8]) {
        if bytes.count == 1 && bytes[0] < 0x80 {
            out.append(bytes[0])
        } else {
            appendStringHeader(bytes.count)
            out.append(contentsOf: bytes)
        }
    }

    /// Hex-prefix encoding (Yellow Paper appendix C) of nibbles [from, to) of key i, as an RLP string.
    mutating func appendHexPrefix(_ i: Int, from: Int, to: Int, leaf: Bool) {
        let length = to - from
        let odd = length & 1
        var first = UInt8((leaf ? 2 : 0) + odd) << 4
        var d = from
        if odd == 1 { first |= nibble(i, d); d += 1 }
        let byteCount = 1 + length >> 1
        if byteCount > 1 { appendStringHeader(byteCount) }   // a lone flag byte is < 0x80: its own encoding
        out.append(first)
        while d < to {
            out.append(nibble(i, d) << 4 | nibble(i, d + 1))
            d += 2
        }
    }

    /// Encodes the subtrie of keys lo ..< hi (all sharing their first `depth` nibbles) and appends its
    /// reference to `out` — or, for the root, stores its hash in `rootHash`.
    mutating func encode(_ lo: Int, _ hi: Int, depth: Int, onPath: Bool, isRoot: Bool) {
        let start = out.count
        for _ in 0..<9 { out.append(0) }
        let payloadStart = out.count
        if hi - lo == 1 {
            // Leaf: [HP(rest, leaf), value]
            appendHexPrefix(lo, from: depth, to: nibbleCount(lo), leaf: true)
            appendString(values[lo])
        } else {
            let shared = commonPrefix(lo, hi - 1, from: depth)
            if shared > 0 {
                // Extension: [HP(shared, extension), ref(branch)]
                appendHexPrefix(lo, from: depth, to: depth + shared, leaf: false)
                let follows = onPath && targetFollows(lo, from: depth, to: depth + shared)
                encode(lo, hi, depth: depth + shared, onPath: follows, isRoot: false)
            } else {
                // Branch: [ref(0) … ref(15), value]
                var i = lo
                var valueIndex = -1
                if nibbleCount(lo) == depth { valueIndex = lo; i += 1 }   // only the first key can end here
                let targetNibble: Int = if onPath, let t = target, t.count > depth { Int(t[depth]) } else { -1 }
                for n in 0..<16 {
                    var j = i
                    while j < hi && nibble(j, depth) == UInt8(n) { j += 1 }
                    if j > i {
                        encode(i, j, depth: depth + 1, onPath: n == targetNibble, isRoot: false)
                    } else {
                        out.append(0x80)
                    }
                    i = j
                }
                if valueIndex >= 0 { appendString(values[valueIndex]) } else { out.append(0x80) }
            }
        }
        finish(start: start, payloadStart: payloadStart, onPath: onPath, isRoot: isRoot)
    }

    /// Writes the list header into the gap, records a proof node, and replaces the node by its reference.
    mutating func finish(start: Int, payloadStart: Int, onPath: Bool, isRoot: Bool) {
        let payloadLength = out.count - payloadStart
        let nodeStart: Int
        if payloadLength <= 55 {
            nodeStart = payloadStart - 1
            out[nodeStart] = 0xc0 &+ UInt8(payloadLength)
        } else {
            let n = byteWidth(payloadLength)
            nodeStart = payloadStart - 1 - n
            out[nodeStart] = 0xf7 &+ UInt8(n)
            for k in 0..<n { out[nodeStart + 1 + k] = UInt8(truncatingIfNeeded: payloadLength >> (8 * (n - 1 - k))) }
        }
        let nodeLength = out.count - nodeStart
        if onPath && (isRoot || nodeLength >= 32) { proof.append(Array(out[nodeStart...])) }
        if nodeLength < 32 && !isRoot {
            for k in 0..<nodeLength { out[start + k] = out[nodeStart + k] }
            out.removeLast(out.count - start - nodeLength)
            return
        }
        let hash = out.withUnsafeBytes { Keccak256.hash(UnsafeRawBufferPointer(rebasing: $0[nodeStart...])) }
        out.removeLast(out.count - start)
        if isRoot {
            rootHash = hash
        } else {
            out.append(0xa0)
            let at = out.count
            for _ in 0..<32 { out.append(0) }
            out.withUnsafeMutableBytes { hash.word.storeBigEndian(to: $0.baseAddress! + at) }
        }
    }
}

@inline(__always) func byteWidth(_ v: Int) -> Int { (Int.bitWidth - v.leadingZeroBitCount + 7) >> 3 }

/// Nibbles of a byte string, high nibble first.
func nibbles(_ key: [UInt8]) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(key.count * 2)
    for b in key { out.append(b >> 4); out.append(b & 0x0f) }
    return out
}

/// Root hash (and, if `proofKey` is given, the proof nodes root → leaf) of sorted, unique keys with
/// non-empty values.
func buildTrie(sortedKeys keys: [[UInt8]], values: [[UInt8]], proofKey: [UInt8]?) -> (root: Hash, proof: [[UInt8]]) {
    precondition(keys.count == values.count)
    if keys.isEmpty {
        return (emptyTrieRoot, [])   // geth returns an empty proof for an empty trie
    }
    var flat = [UInt8]()
    var starts = [Int]()
    starts.reserveCapacity(keys.count + 1)
    var total = 0
    for k in keys { total += k.count }
    flat.reserveCapacity(total)
    for k in keys { starts.append(flat.count); flat.append(contentsOf: k) }
    starts.append(flat.count)
    let target = proofKey.map(nibbles)
    return flat.withUnsafeBufferPointer { kb in
        starts.withUnsafeBufferPointer { ks in
            values.withUnsafeBufferPointer { vs in
                var encoder = NodeEncoder(keyBytes: kb, keyStart: ks, values: vs, target: target)
                encoder.encode(0, keys.count, depth: 0, onPath: target != nil, isRoot: true)
                return (encoder.rootHash, encoder.proof.reversed())
            }
        }
    }
}

/// Sorts entries by key (byte-wise), keeps the last value for a repeated key and drops empty values
/// (an empty value means "absent" in Ethereum's tries).
func normalize(_ entries: [(key: [UInt8], value: [UInt8])]) -> (keys: [[UInt8]], values: [[UInt8]]) {
    let order = entries.indices.sorted { a, b in
        let ka = entries[a].key, kb = entries[b].key
        if ka == kb { return a < b }
        return ka.lexicographicallyPrecedes(kb)
    }
    var keys = [[UInt8]]()
    var values = [[UInt8]]()
    keys.reserveCapacity(entries.count)
    values.reserveCapacity(entries.count)
    for i in order {
        let e = entries[i]
        if let last = keys.last, last == e.key {
            values[values.count - 1] = e.value
        } else {
            keys.append(e.key)
            values.append(e.value)
        }
    }
    // Drop empties after dedupe, so that a later empty value deletes an earlier one.
    var w = 0
    for r in 0..<keys.count where !values[r].isEmpty {
        keys[w] = keys[r]; values[w] = values[r]; w += 1
    }
    keys.removeLast(keys.count - w)
    values.removeLast(values.count - w)
    return (keys, values)
}
