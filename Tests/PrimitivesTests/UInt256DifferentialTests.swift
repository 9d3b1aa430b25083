import BigInt
import Foundation
import Testing
@testable import Primitives

/// UInt256 checked against attaswift/BigInt on random operands: the reference computes each EVM
/// operation with arbitrary precision and reduces modulo 2²⁵⁶ (Yellow Paper §H.2 definitions).
@Suite struct UInt256DifferentialTests {
    static let modulus = BigUInt(1) << 256
    static let half = BigUInt(1) << 255

    /// A deterministic xorshift generator so failures reproduce.
    struct Rng: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
    }

    /// Random words biased toward edge shapes: small, single-limb, top-bit-set, all-ones, zero.
    static func operands(_ count: Int, seed: UInt64) -> [UInt256] {
        var rng = Rng(state: seed)
        var out: [UInt256] = [.zero, .one, .max, UInt256(w0: 0, w1: 0, w2: 0, w3: 1 << 63), UInt256(UInt64.max)]
        while out.count < count {
            let shape = rng.next() % 6
            var v = UInt256(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next())
            switch shape {
            case 0: v = UInt256(rng.next() % 1000)
            case 1: v = UInt256(rng.next())
            case 2: v.w3 = 0; v.w2 = 0
            case 3: v.w3 = 0
            case 4: v.w3 |= 1 << 63
            default: break
            }
            out.append(v)
        }
        return out
    }

    static func big(_ v: UInt256) -> BigUInt { BigUInt(Data(v.bigEndianBytes)) }
    static func word(_ b: BigUInt) -> UInt256 {
        let r = b % modulus
        return UInt256(bigEndian: Array(r.serialize()))
    }
    static func signed(_ v: UInt256) -> BigInt {
        let b = big(v)
        return b >= half ? BigInt(b) - BigInt(modulus) : BigInt(b)
    }
    static func word(_ s: BigInt) -> UInt256 {
        var r = s % BigInt(modulus)
        if r < 0 { r += BigInt(modulus) }
        return word(r.magnitude)
    }

    @Test func binaryOperations() {
        let xs = Self.operands(120, seed: 0x9E3779B97F4A7C15)
        let ys = Self.operands(120, seed: 0xD1B54A32D192ED03)
        for a in xs {
            for b in ys {
                let A = Self.big(a), B = Self.big(b)
                #expect(a &+ b == Self.word(A + B))
                #expect(a &- b == Self.word(BigInt(A) - BigInt(B)))
                #expect(a &* b == Self.word(A * B))
                #expect(a / b == (B == 0 ? .zero : Self.word(A / B)))
                #expect(a % b == (B == 0 ? .zero : Self.word(A % B)))
                #expect((a < b) == (A < B))
                #expect(a & b == Self.word(A & B))
                #expect(a | b == Self.word(A | B))
                #expect(a ^ b == Self.word(A ^ B))
                let sa = Self.signed(a), sb = Self.signed(b)
                // SDIV truncates toward zero; BigInt's / does too. −2²⁵⁵ / −1 wraps to −2²⁵⁵.
                #expect(UInt256.sdiv(a, b) == (sb == 0 ? .zero : Self.word(sa / sb)))
                // SMOD takes the sign of the dividend, as BigInt's % does.
                #expect(UInt256.smod(a, b) == (sb == 0 ? .zero : Self.word(sa % sb)))
                #expect(UInt256.slt(a, b) == (sa < sb))
                #expect(UInt256.sgt(a, b) == (sa > sb))
            }
        }
    }

    @Test func modularOperations() {
        let xs = Self.operands(40, seed: 7), ys = Self.operands(40, seed: 11), ms = Self.operands(25, seed: 13)
        for a in xs {
            for b in ys {
                for m in ms {
                    let M = Self.big(m)
                    #expect(UInt256.addmod(a, b, m) == (M == 0 ? .zero : Self.word((Self.big(a) + Self.big(b)) % M)))
                    #expect(UInt256.mulmod(a, b, m) == (M == 0 ? .zero : Self.word((Self.big(a) * Self.big(b)) % M)))
                }
            }
        }
    }

    @Test func exponentiation() {
        let bases = Self.operands(40, seed: 17), exps = Self.operands(40, seed: 19)
        for a in bases {
            for e in exps {
                #expect(UInt256.exp(a, e) == Self.word(Self.big(a).power(Self.big(e), modulus: Self.modulus)))
            }
        }
    }

    @Test func shiftsBytesAndSignExtend() {
        let xs = Self.operands(60, seed: 23)
        var rng = Rng(state: 29)
        for a in xs {
            let A = Self.big(a)
            for _ in 0..<12 {
                let n = Int(rng.next() % 300)
                let shift = UInt256(n)
                #expect(a << n == Self.word(A << n))
                #expect(a >> n == Self.word(A >> n))
                let sa = Self.signed(a)
                // SAR floors; BigInt's >> on a negative value truncates toward zero, so floor by hand.
                let sar = sa < 0 ? -((-sa - 1) >> n) - 1 : sa >> n
                #expect(UInt256.sar(a, by: shift) == Self.word(n >= 256 ? (Self.signed(a) < 0 ? BigInt(-1) : 0) : sar))
                let i = rng.next() % 40
                let byteRef: BigUInt = i < 32 ? (A >> (8 * (31 - Int(i)))) & 0xff : 0
                #expect(UInt256.byte(index: UInt256(i), of: a) == Self.word(byteRef))
                let k = rng.next() % 40
                var ext: UInt256 = a
                if k < 31 {
                    let bits = 8 * (Int(k) + 1)
                    let low = A & ((BigUInt(1) << bits) - 1)
                    let negative = (low >> (bits - 1)) & 1 == 1
                    ext = Self.word(negative ? BigInt(low) - (BigInt(1) << bits) : BigInt(low))
                }
                #expect(UInt256.signExtend(byteIndex: UInt256(k), value: a) == ext)
            }
        }
        // Huge shift counts given as words.
        #expect(UInt256.sar(.max, by: .max) == .max)
        #expect(UInt256.sar(.one, by: .max) == .zero)
    }

    @Test func bytesAndText() {
        for a in Self.operands(200, seed: 31) {
            #expect(UInt256(bigEndian: a.bigEndianBytes) == a)
            #expect(UInt256(bigEndian: a.minimalBigEndianBytes) == a)
            #expect(a.minimalBigEndianBytes.first != 0)
            #expect(a.decimalString == String(Self.big(a)))
            #expect(UInt256(decimal: a.decimalString) == a)
            #expect(a.quantityHex == "0x" + String(Self.big(a), radix: 16))
            #expect(UInt256(hex: a.quantityHex) == a)
            #expect(a.bitWidthUsed == (a.isZero ? 0 : String(Self.big(a), radix: 2).count))
        }
        #expect(UInt256(decimal: "115792089237316195423570985008687907853269984665640564039457584007913129639936") == nil)
    }
}
