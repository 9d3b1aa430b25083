/// A 2048-bit logs bloom filter (Yellow Paper §4.3.1, M3:2048).
///
/// Each added input (an address or a topic) sets three bits chosen from the first six bytes of its
/// Keccak-256 hash. Serialized as 256 bytes.
public struct Bloom: Sendable, Hashable {
    /// Bits as 32 big-endian 64-bit words: word 0 holds bytes 0–7 of the 256-byte form.
    @usableFromInline var words: [UInt64]

    public static let zero = Bloom()

    public init() { words = [UInt64](repeating: 0, count: 32) }

    /// Exactly 256 bytes; traps otherwise.
    public init(_ bytes: some Collection<UInt8>) {
        precondition(bytes.count == 256, "Bloom needs 256 bytes")
        var w = [UInt64](repeating: 0, count: 32)
        for (i, b) in bytes.enumerated() { w[i >> 3] |= UInt64(b) << UInt64((7 - (i & 7)) * 8) }
        words = w
    }

    /// The 256-byte form.
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 256)
        for i in 0..<256 { out[i] = UInt8(truncatingIfNeeded: words[i >> 3] >> UInt64((7 - (i & 7)) * 8)) }
        return out
    }

    public var isZero: Bool { words.allSatisfy { $0 == 0 } }

    /// Bit positions (0…2047, counted from the low-order end of the 2048-bit number) for `input`.
    static func bits(_ input: some Collection<UInt8>) -> (Int, Int, Int) {
        let h = Keccak256.hash(input).word
        // First six bytes of the hash, as three big-endian pairs, each taken modulo 2048.
        let top = h.w3
        let b0 = Int((top >> 48) & 0x7ff), b1 = Int((top >> 32) & 0x7ff), b2 = Int((top >> 16) & 0x7ff)
        return (b0, b1, b2)
    }

    @inline(__always)
    static func locate(_ bit: Int) -> (word: Int, mask: UInt64) {
        // Bit k (from the low-order end) lives in byte 255 - k/8 of the big-endian form.
        let byte = 255 - bit / 8
        let shift = UInt64((7 - (byte & 7)) * 8 + bit % 8)
        return (byte >> 3, 1 << shift)
    }

    /// Adds an address or a topic.
    public mutating func add(_ input: some Collection<UInt8>) {
        let (a, b, c) = Bloom.bits(input)
        for bit in [a, b, c] { let (w, m) = Bloom.locate(bit); words[w] |= m }
    }

    /// True when every bit of `input` is set (it may be present; false means it is absent).
    public func contains(_ input: some Collection<UInt8>) -> Bool {
        let (a, b, c) = Bloom.bits(input)
        for bit in [a, b, c] { let (w, m) = Bloom.locate(bit); if words[w] & m == 0 { return false } }
        return true
    }

    /// Sets every bit that is set in `other`.
    public mutating func formUnion(_ other: Bloom) {
        for i in 0..<32 { words[i] |= other.words[i] }
    }
}
