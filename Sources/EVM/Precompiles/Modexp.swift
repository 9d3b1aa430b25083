import Foundation
import BigInt
import Primitives

/// 0x05 MODEXP (EIP-198): input baseLen ‖ expLen ‖ modLen (32 bytes each, big-endian), then base,
/// exponent, modulus (big-endian, zero-padded past the end of the input); output
/// base^exp mod modulus as modLen bytes (all zeros when the modulus is 0; empty when baseLen and
/// modLen are both 0).
///
/// Gas: EIP-2565 before Osaka (max(200, ⌊complexity × iterations / 3⌋), complexity = ⌈max(baseLen,
/// modLen)/8⌉², 8 iterations per exponent byte past 32); from Osaka EIP-7883 (max(500, complexity ×
/// iterations), complexity 16 up to 32 bytes else 2·words², 16 iterations per exponent byte past 32)
/// and EIP-7823 (each length ≤ 1024 bytes, otherwise the call fails consuming all gas).
enum Modexp {
    /// EIP-7823: the largest base, exponent or modulus length accepted from Osaka, in bytes.
    static let osakaMaxLength: UInt64 = 1024

    /// Reads `count` bytes at `offset` of `input`, zero-padded.
    static func slice(_ input: [UInt8], _ offset: Int, _ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        if offset < input.count {
            let n = Swift.min(count, input.count - offset)
            for i in 0..<n { out[i] = input[offset + i] }
        }
        return out
    }

    /// The three 32-byte length words as UInt256.
    static func lengths(_ input: [UInt8]) -> (base: UInt256, exp: UInt256, mod: UInt256) {
        (UInt256(bigEndian: slice(input, 0, 32)), UInt256(bigEndian: slice(input, 32, 32)),
         UInt256(bigEndian: slice(input, 64, 32)))
    }

    /// Gas of a call under `fork`, or nil when the call fails consuming all gas (EIP-7823 bound
    /// exceeded from Osaka, or a cost no gas limit can cover).
    static func gas(_ input: [UInt8], fork: Hardfork) -> Int64? {
        let (bl, el, ml) = lengths(input)
        let osaka = fork >= .osaka
        if osaka {
            let limit = UInt256(osakaMaxLength)
            if bl > limit || el > limit || ml > limit { return nil }
        } else if bl.isZero && ml.isZero {
            // complexity 0: the exponent length does not matter (EIP-2565 minimum).
            return 200
        }
        // Lengths above 2^32 cost more than any gas limit (complexity or iterations ≥ 2^32/3).
        guard let baseLen = bl.uint64, let expLen = el.uint64, let modLen = ml.uint64,
              baseLen <= 1 << 32, expLen <= 1 << 32, modLen <= 1 << 32 else { return nil }
        let maxLen = Swift.max(baseLen, modLen)
        let words = (maxLen + 7) / 8
        let complexity: UInt64
        if osaka {
            complexity = maxLen > 32 ? 2 * words * words : 16
        } else {
            complexity = words * words
        }
        // The first (up to) 32 bytes of the exponent.
        let headLen = Int(Swift.min(expLen, 32))
        let head = UInt256(bigEndian: slice(input, 96 + Int(baseLen), headLen))
        let headBits = UInt64(Swift.max(head.bitWidthUsed - 1, 0))
        var iterations: UInt64
        if expLen <= 32 {
            iterations = headBits
        } else {
            iterations = (osaka ? 16 : 8) * (expLen - 32) + headBits
        }
        iterations = Swift.max(iterations, 1)
        let (product, overflow) = complexity.multipliedReportingOverflow(by: iterations)
        if overflow { return nil }
        let cost = osaka ? product : product / 3
        if cost > UInt64(Int64.max) { return nil }
        return Swift.max(osaka ? 500 : 200, Int64(cost))
    }

    /// The result; call only after `gas` succeeded (lengths ≤ 2^32, and paid for, or base and
    /// modulus lengths both 0).
    static func run(_ input: [UInt8]) -> [UInt8] {
        let (bl, el, ml) = lengths(input)
        if bl.isZero && ml.isZero { return [] }
        let baseLen = Int(bl.w0), expLen = Int(el.w0), modLen = Int(ml.w0)
        if modLen == 0 { return [] }
        let base = BigUInt(Data(slice(input, 96, baseLen)))
        let exponent = BigUInt(Data(slice(input, 96 + baseLen, expLen)))
        let modulus = BigUInt(Data(slice(input, 96 + baseLen + expLen, modLen)))
        if modulus.isZero { return [UInt8](repeating: 0, count: modLen) }
        let result = [UInt8](base.power(exponent, modulus: modulus).serialize())
        return [UInt8](repeating: 0, count: modLen - result.count) + result
    }
}
