import BLS12381
import Crypto

/// 0x0a POINT_EVALUATION (EIP-4844, Cancun): 50000 gas.
///
/// Input: exactly 192 bytes, versioned_hash (32) ‖ z (32) ‖ y (32) ‖ commitment (48) ‖ proof (48),
/// with versioned_hash = 0x01 ‖ sha256(commitment)[1:], z and y < BLS_MODULUS, and the points in
/// compressed ZCash form in G1. Output: FIELD_ELEMENTS_PER_BLOB (4096) ‖ BLS_MODULUS as two 32-byte
/// big-endian words; nil (the call fails, consuming all its gas) on any bad input or a proof that
/// does not verify.
enum PointEvaluation {
    static let gas: Int64 = 50000

    static func run(_ input: [UInt8]) -> [UInt8]? {
        guard input.count == 192 else { return nil }
        var hash = Array(SHA256.hash(data: input[96..<144]))
        hash[0] = 0x01
        guard hash[...] == input[0..<32] else { return nil }
        guard KZG.verifyPointEvaluation(input) else { return nil }
        return KZG.pointEvaluationOutput
    }
}
