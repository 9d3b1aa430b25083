import Foundation
import BigInt
import Primitives

/// 0x05 MODEXP (EIP-198) with EIP-2565 gas: input baseLen ‖ expLen ‖ modLen (32 bytes each), then
/// base, exponent, modulus (big-endian, zero-padded past the input); output base^exp mod modulus
/// as modLen bytes (zeros when the modulus is 0).
enum Modexp {
    /// Reads `count` bytes at `offset` of `input`, zero-padded.
    static func slice(_ input: [UInt8], _ offset: Int, _ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        if offset < input.count {
            let n = Swift.min(count, input.count - offset)
            for i in 0..<n { out[i] = input[offset + i] }
        }
        return out
    }

    /// EIP-2565 gas, or nil when the lengths are absurd (the call is out of gas anyway).
    static func gas(_ input: [UInt8]) -> Int64? {
        let bl = UInt256(bigEndian: slice(input, 0, 32)), el = UInt256(bigEndian: slice(input, 32, 32))
        let ml = UInt256(bigEndian: slice(input, 64, 32))
        guard let baseLen = bl.uint64, let expLen = el.uint64, let modLen = ml.uint64,
              baseLen <= 1 << 32, expLen <= 1 << 32, modLen <= 1 << 32 else { return nil }
        let words = (Swift.max(baseLen, modLen) + 7) / 8
        let complexity = words * words
        // the first (up to) 32 bytes of the exponent
        let headLen = Int(Swift.min(expLen, 32))
        let head = UInt256(bigEndian: slice(input, 96 + Int(baseLen), headLen))
        var iterations: UInt64
        if expLen <= 32 {
            iterations = head.isZero ? 0 : UInt64(head.bitWidthUsed - 1)
        } else {
            iterations = 8 * (expLen - 32) + UInt64(Swift.max(head.bitWidthUsed - 1, 0))
        }
        iterations = Swift.max(iterations, 1)
        let (product, overflow) = complexity.multipliedReportingOverflow(by: iterations)
        if overflow || product / 3 > UInt64(Int64.max) { return nil }
        return Swift.max(200, Int64(product / 3))
    }

    /// The result; call only after `gas` succeeded (lengths ≤ 2^32, and paid for).
    static func run(_ input: [UInt8]) -> [UInt8] {
        let baseLen = Int(UInt256(bigEndian: slice(input, 0, 32)).w0)
        let expLen = Int(UInt256(bigEndian: slice(input, 32, 32)).w0)
        let modLen = Int(UInt256(bigEndian: slice(input, 64, 32)).w0)
        if modLen == 0 { return [] }
        let base = BigUInt(Data(slice(input, 96, baseLen)))
        let exponent = BigUInt(Data(slice(input, 96 + baseLen, expLen)))
        let modulus = BigUInt(Data(slice(input, 96 + baseLen + expLen, modLen)))
        if modulus.isZero { return [UInt8](repeating: 0, count: modLen) }
        let result = [UInt8](base.power(exponent, modulus: modulus).serialize())
        return [UInt8](repeating: 0, count: modLen - result.count) + result
    }
}
