/// A 32-byte value: a Keccak-256 digest, block or transaction hash, storage key or trie root.
///
/// Stored as one `UInt256` read big-endian, so it hashes and compares without touching the heap.
/// Hex form: "0x" + 64 lowercase digits.
@frozen
public struct Hash: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 32 bytes read as a big-endian number.
    public var word: UInt256

    /// Wraps a big-endian word.
    @inlinable @inline(__always)
    public init(word: UInt256) { self.word = word }

    /// Same as `init(word:)`.
    @inlinable @inline(__always)
    public init(_ word: UInt256) { self.word = word }

    /// Exactly 32 bytes; traps on any other length (a programming error — validate input first).
    @inlinable
    public init(_ bytes: some Collection<UInt8>) {
        precondition(bytes.count == 32, "Hash needs 32 bytes, got \(bytes.count)")
        self.word = UInt256(bigEndian: bytes)
    }

    /// Parses "0x" + 64 hex digits (the prefix is optional); nil otherwise.
    public init?(hex: String) {
        guard let b = try? Hex.decode(hex, requirePrefix: false), b.count == 32 else { return nil }
        self.init(b)
    }

    public static let zero = Hash(word: .zero)

    /// The 32 bytes.
    @inlinable public var bytes: [UInt8] { word.bigEndianBytes }

    /// "0x" + 64 lowercase hex digits.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    @inlinable
    public static func < (a: Hash, b: Hash) -> Bool { a.word < b.word }
}

/// A 20-byte account address (Yellow Paper §4.1).
///
/// Stored big-endian in three integers so it is a plain value. Hex forms: lowercase `hex` and the
/// EIP-55 mixed-case `checksummed`.
@frozen
public struct Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Bytes 0–7, big-endian.
    public var hi: UInt64
    /// Bytes 8–15, big-endian.
    public var mid: UInt64
    /// Bytes 16–19, big-endian.
    public var lo: UInt32

    @inlinable @inline(__always)
    public init(hi: UInt64, mid: UInt64, lo: UInt32) { self.hi = hi; self.mid = mid; self.lo = lo }

    /// Exactly 20 bytes; traps on any other length (validate input first).
    @inlinable
    public init(_ bytes: some Collection<UInt8>) {
        precondition(bytes.count == 20, "Address needs 20 bytes, got \(bytes.count)")
        var h: UInt64 = 0, m: UInt64 = 0, l: UInt32 = 0
        for (i, b) in bytes.enumerated() {
            if i < 8 { h = (h << 8) | UInt64(b) } else if i < 16 { m = (m << 8) | UInt64(b) } else { l = (l << 8) | UInt32(b) }
        }
        self.init(hi: h, mid: m, lo: l)
    }

    /// The low 160 bits of an EVM word (how the EVM turns a stack item into an address).
    @inlinable @inline(__always)
    public init(_ word: UInt256) {
        self.init(hi: (word.w2 << 32) | (word.w1 >> 32), mid: (word.w1 << 32) | (word.w0 >> 32), lo: UInt32(truncatingIfNeeded: word.w0))
    }

    /// Parses 40 hex digits, with or without "0x", in any case. The EIP-55 checksum is not checked.
    public init?(hex: String) {
        guard let b = try? Hex.decode(hex, requirePrefix: false), b.count == 20 else { return nil }
        self.init(b)
    }

    public static let zero = Address(hi: 0, mid: 0, lo: 0)

    /// The address as an EVM word (zero-extended).
    @inlinable @inline(__always)
    public var word: UInt256 {
        UInt256(w0: (mid << 32) | UInt64(lo), w1: (hi << 32) | (mid >> 32), w2: hi >> 32, w3: 0)
    }

    /// The 20 bytes.
    @inlinable
    public var bytes: [UInt8] { Array(word.bigEndianBytes[12...]) }

    /// "0x" + 40 lowercase hex digits.
    public var hex: String { Hex.encode(bytes) }

    /// EIP-55 mixed-case checksum form, e.g. "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266".
    public var checksummed: String {
        let lower = Array(Hex.encode(bytes).utf8.dropFirst(2))
        let digest = Keccak256.hash(lower).bytes
        var out: [UInt8] = [48, 120]
        for (i, c) in lower.enumerated() {
            let nibble = (digest[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf
            out.append(c >= 97 && nibble >= 8 ? c - 32 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { checksummed }

    @inlinable
    public static func < (a: Address, b: Address) -> Bool {
        (a.hi, a.mid, a.lo) < (b.hi, b.mid, b.lo)
    }
}
