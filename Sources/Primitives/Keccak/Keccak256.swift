/// Keccak-256 as Ethereum uses it: the original Keccak padding (0x01), not NIST SHA3-256 (0x06).
///
/// Rate 136 bytes, capacity 512 bits, 24 rounds of Keccak-f[1600] (FIPS 202 §3 for the
/// permutation; Yellow Paper §3 "KEC"). `hash("")` is
/// 0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470.
public enum Keccak256 {
    /// keccak256 of the empty input: the code hash of an account without code.
    public static let emptyHash = Keccak256.hash([UInt8]())

    /// Hashes a byte collection (fast path for contiguous storage).
    @inlinable
    public static func hash(_ bytes: some Collection<UInt8>) -> Hash {
        if let h = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return h }
        return Array(bytes).withUnsafeBytes { hash($0) }
    }

    /// Hashes the bytes in `buffer`.
    public static func hash(_ buffer: UnsafeRawBufferPointer) -> Hash {
        var st = KeccakState()
        st.absorb(buffer)
        return st.finish()
    }
}

/// The 1600-bit sponge state, 25 lanes of 64 bits, stored inline.
@usableFromInline
struct KeccakState {
    var a: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    static let rate = 136

    /// Absorbs `input` as the whole message and applies the final padded block: call once per state.
    mutating func absorb(_ input: UnsafeRawBufferPointer) {
        let count = input.count
        let base = input.baseAddress
        withUnsafeMutablePointer(to: &a) { tuple in
            tuple.withMemoryRebound(to: UInt64.self, capacity: 25) { KeccakState.absorb(into: $0, base, count) }
        }
    }

    /// The sponge's absorbing phase over `count` bytes at `base` (nil only when `count` is 0) into
    /// the 25 lanes at `lanes`, ending with the padded last block (Keccak padding: 0x01 after the
    /// message, 0x80 in the last of the 136 rate bytes). Full blocks are XORed in and permuted; the
    /// last 0…135 bytes are XORed straight into the lanes, whole 8-byte words first, then the 0…7
    /// tail bytes gathered into one word together with the 0x01. No buffer, no copy, no allocation.
    @inline(__always)
    static func absorb(into lanes: UnsafeMutablePointer<UInt64>, _ base: UnsafeRawPointer?, _ count: Int) {
        var p = base ?? UnsafeRawPointer(lanes)  // never read when count is 0
        var rest = count
        while rest >= rate {
            for i in 0..<17 { lanes[i] ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self)) }
            permute(lanes)
            p += rate
            rest &-= rate
        }
        let words = rest &>> 3
        var i = 0
        while i < words {
            lanes[i] ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
            i &+= 1
        }
        let tail = rest & 7
        var w: UInt64 = 1 &<< UInt64(truncatingIfNeeded: tail &* 8)
        var j = 0
        while j < tail {
            w |= UInt64(p.load(fromByteOffset: words &* 8 &+ j, as: UInt8.self)) &<< UInt64(truncatingIfNeeded: j &* 8)
            j &+= 1
        }
        lanes[words] ^= w
        lanes[16] ^= 0x80 &<< 56
        permute(lanes)
    }

    mutating func finish() -> Hash {
        withUnsafeBytes(of: &a) { raw in
            let l = raw.baseAddress!.assumingMemoryBound(to: UInt64.self)
            // Lanes are little-endian; the digest's first 8 bytes are lane 0's bytes in order.
            return Hash(word: UInt256(w0: l[3].byteSwapped, w1: l[2].byteSwapped, w2: l[1].byteSwapped, w3: l[0].byteSwapped))
        }
    }

    /// Rotates left by a constant `n` in 1...63 (one `rol` instruction).
    @inline(__always)
    static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 &- n)) }

    /// Keccak-f[1600] (FIPS 202 §3.3): 24 rounds of θ, ρ, π, χ, ι over the 25 lanes at `s`
    /// (index x + 5y, little-endian lane values), in place.
    ///
    /// Written for instruction count, since it is most of the work of a storage-heavy block:
    /// - The lanes live in 25 local variables, two sets `a` and `e`; even rounds read `a` and write
    ///   `e`, odd rounds the reverse, so there is no per-round copying. The 24 rounds are unrolled
    ///   with the round constants as literals.
    /// - ρ and π are folded into the reads: each output plane's five B lanes are computed from the
    ///   θ-adjusted, rotated A lanes and fed straight into χ, so only 5 B values are live at once.
    /// - Lane complementing ("Keccak implementation overview" §2.2 of the Keccak team): lanes
    ///   (x, y) = (1,0), (2,0), (3,1), (2,2), (2,3), (0,4) are kept complemented inside the
    ///   permutation. θ, ρ, π commute with that (columns 0 and 3 flip through D[0], D[3]), and χ,
    ///   `b0 ^ (~b1 & b2)`, can then be written per lane as `b0 ^ (b1 | b2)` or `b0 ^ (b1 & b2)` with
    ///   one NOT per plane instead of five. The per-lane forms below were found by checking all
    ///   eight input combinations of each lane's complement pattern (exhaustive truth tables).
    ///   Lanes are complemented on load and again on store, so the stored state is the plain one.
    ///
    /// Layout, for anyone editing: every round is the same block (θ: `c0…c4`, `d0…d4`; then one
    /// `do { }` per output plane y' = 0…4 whose `b0…b4` are B[x', y'] = rotl(A[x, y] ^ D[x], r[x][y])
    /// with x' = y, y' = 2x + 3y mod 5, followed by χ); only the source/destination set and the ι
    /// literal (FIPS 202 §3.2.5 round constants) change from round to round. The rounds are
    /// generated by `scripts/generate-keccak-rounds.py` (edit the script, not the rounds). Checked by
    /// `KeccakTests` and `KeccakLengthTests` (every length 0…300 against pycryptodome).
    static func permute(_ s: UnsafeMutablePointer<UInt64>) {
        var a00 = s[0]
        var a01 = ~s[1]
        var a02 = ~s[2]
        var a03 = s[3]
        var a04 = s[4]
        var a05 = s[5]
        var a06 = s[6]
        var a07 = s[7]
        var a08 = ~s[8]
        var a09 = s[9]
        var a10 = s[10]
        var a11 = s[11]
        var a12 = ~s[12]
        var a13 = s[13]
        var a14 = s[14]
        var a15 = s[15]
        var a16 = s[16]
        var a17 = ~s[17]
        var a18 = s[18]
        var a19 = s[19]
        var a20 = ~s[20]
        var a21 = s[21]
        var a22 = s[22]
        var a23 = s[23]
        var a24 = s[24]
        var e00: UInt64 = 0, e01: UInt64 = 0, e02: UInt64 = 0, e03: UInt64 = 0, e04: UInt64 = 0, e05: UInt64 = 0, e06: UInt64 = 0, e07: UInt64 = 0, e08: UInt64 = 0, e09: UInt64 = 0, e10: UInt64 = 0, e11: UInt64 = 0, e12: UInt64 = 0, e13: UInt64 = 0, e14: UInt64 = 0, e15: UInt64 = 0, e16: UInt64 = 0, e17: UInt64 = 0, e18: UInt64 = 0, e19: UInt64 = 0, e20: UInt64 = 0, e21: UInt64 = 0, e22: UInt64 = 0, e23: UInt64 = 0, e24: UInt64 = 0
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x0000000000000001
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x0000000000008082
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x800000000000808A
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x8000000080008000
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x000000000000808B
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x0000000080000001
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x8000000080008081
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x8000000000008009
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x000000000000008A
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x0000000000000088
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x0000000080008009
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x000000008000000A
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x000000008000808B
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x800000000000008B
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x8000000000008089
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x8000000000008003
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x8000000000008002
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x8000000000000080
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x000000000000800A
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x800000008000000A
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x8000000080008081
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x8000000000008080
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = a00 ^ d0
                let b1 = rotl(a06 ^ d1, 44)
                let b2 = rotl(a12 ^ d2, 43)
                let b3 = rotl(a18 ^ d3, 21)
                let b4 = rotl(a24 ^ d4, 14)
                let n2 = ~b2
                e00 = b0 ^ (b1 | b2)
                e01 = b1 ^ (n2 | b3)
                e02 = b2 ^ (b3 & b4)
                e03 = b3 ^ (b4 | b0)
                e04 = b4 ^ (b0 & b1)
                e00 ^= 0x0000000080000001
            }
            do {
                let b0 = rotl(a03 ^ d3, 28)
                let b1 = rotl(a09 ^ d4, 20)
                let b2 = rotl(a10 ^ d0, 3)
                let b3 = rotl(a16 ^ d1, 45)
                let b4 = rotl(a22 ^ d2, 61)
                let n4 = ~b4
                e05 = b0 ^ (b1 | b2)
                e06 = b1 ^ (b2 & b3)
                e07 = b2 ^ (b3 | n4)
                e08 = b3 ^ (b4 | b0)
                e09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a01 ^ d1, 1)
                let b1 = rotl(a07 ^ d2, 6)
                let b2 = rotl(a13 ^ d3, 25)
                let b3 = rotl(a19 ^ d4, 8)
                let b4 = rotl(a20 ^ d0, 18)
                let n3 = ~b3
                e10 = b0 ^ (b1 | b2)
                e11 = b1 ^ (b2 & b3)
                e12 = b2 ^ (n3 & b4)
                e13 = n3 ^ (b4 | b0)
                e14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(a04 ^ d4, 27)
                let b1 = rotl(a05 ^ d0, 36)
                let b2 = rotl(a11 ^ d1, 10)
                let b3 = rotl(a17 ^ d2, 15)
                let b4 = rotl(a23 ^ d3, 56)
                let n3 = ~b3
                e15 = b0 ^ (b1 & b2)
                e16 = b1 ^ (b2 | b3)
                e17 = b2 ^ (n3 | b4)
                e18 = n3 ^ (b4 & b0)
                e19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(a02 ^ d2, 62)
                let b1 = rotl(a08 ^ d3, 55)
                let b2 = rotl(a14 ^ d4, 39)
                let b3 = rotl(a15 ^ d0, 41)
                let b4 = rotl(a21 ^ d1, 2)
                let n1 = ~b1
                e20 = b0 ^ (n1 & b2)
                e21 = n1 ^ (b2 | b3)
                e22 = b2 ^ (b3 & b4)
                e23 = b3 ^ (b4 | b0)
                e24 = b4 ^ (b0 & b1)
            }
        }
        do {
            let c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20
            let c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21
            let c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22
            let c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23
            let c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            do {
                let b0 = e00 ^ d0
                let b1 = rotl(e06 ^ d1, 44)
                let b2 = rotl(e12 ^ d2, 43)
                let b3 = rotl(e18 ^ d3, 21)
                let b4 = rotl(e24 ^ d4, 14)
                let n2 = ~b2
                a00 = b0 ^ (b1 | b2)
                a01 = b1 ^ (n2 | b3)
                a02 = b2 ^ (b3 & b4)
                a03 = b3 ^ (b4 | b0)
                a04 = b4 ^ (b0 & b1)
                a00 ^= 0x8000000080008008
            }
            do {
                let b0 = rotl(e03 ^ d3, 28)
                let b1 = rotl(e09 ^ d4, 20)
                let b2 = rotl(e10 ^ d0, 3)
                let b3 = rotl(e16 ^ d1, 45)
                let b4 = rotl(e22 ^ d2, 61)
                let n4 = ~b4
                a05 = b0 ^ (b1 | b2)
                a06 = b1 ^ (b2 & b3)
                a07 = b2 ^ (b3 | n4)
                a08 = b3 ^ (b4 | b0)
                a09 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e01 ^ d1, 1)
                let b1 = rotl(e07 ^ d2, 6)
                let b2 = rotl(e13 ^ d3, 25)
                let b3 = rotl(e19 ^ d4, 8)
                let b4 = rotl(e20 ^ d0, 18)
                let n3 = ~b3
                a10 = b0 ^ (b1 | b2)
                a11 = b1 ^ (b2 & b3)
                a12 = b2 ^ (n3 & b4)
                a13 = n3 ^ (b4 | b0)
                a14 = b4 ^ (b0 & b1)
            }
            do {
                let b0 = rotl(e04 ^ d4, 27)
                let b1 = rotl(e05 ^ d0, 36)
                let b2 = rotl(e11 ^ d1, 10)
                let b3 = rotl(e17 ^ d2, 15)
                let b4 = rotl(e23 ^ d3, 56)
                let n3 = ~b3
                a15 = b0 ^ (b1 & b2)
                a16 = b1 ^ (b2 | b3)
                a17 = b2 ^ (n3 | b4)
                a18 = n3 ^ (b4 & b0)
                a19 = b4 ^ (b0 | b1)
            }
            do {
                let b0 = rotl(e02 ^ d2, 62)
                let b1 = rotl(e08 ^ d3, 55)
                let b2 = rotl(e14 ^ d4, 39)
                let b3 = rotl(e15 ^ d0, 41)
                let b4 = rotl(e21 ^ d1, 2)
                let n1 = ~b1
                a20 = b0 ^ (n1 & b2)
                a21 = n1 ^ (b2 | b3)
                a22 = b2 ^ (b3 & b4)
                a23 = b3 ^ (b4 | b0)
                a24 = b4 ^ (b0 & b1)
            }
        }

        s[0] = a00
        s[1] = ~a01
        s[2] = ~a02
        s[3] = a03
        s[4] = a04
        s[5] = a05
        s[6] = a06
        s[7] = a07
        s[8] = ~a08
        s[9] = a09
        s[10] = a10
        s[11] = a11
        s[12] = ~a12
        s[13] = a13
        s[14] = a14
        s[15] = a15
        s[16] = a16
        s[17] = ~a17
        s[18] = a18
        s[19] = a19
        s[20] = ~a20
        s[21] = a21
        s[22] = a22
        s[23] = a23
        s[24] = a24
    }
}
