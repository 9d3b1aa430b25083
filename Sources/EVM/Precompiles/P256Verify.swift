import Crypto
import Foundation
import Primitives

/// 0x100 P256VERIFY (EIP-7951, Osaka): ECDSA verification over secp256r1 (NIST P-256) with a
/// caller-supplied 32-byte message hash, done by swift-crypto's `P256` (BoringSSL on Linux).
///
/// Input exactly 160 bytes: hash ‖ r ‖ s ‖ qx ‖ qy (32 bytes each, big-endian). Output the 32-byte
/// word 1 when the signature is valid, otherwise empty (the call still succeeds and costs
/// ``gas``). Invalid: any other input length, r or s outside [1, n), qx or qy ≥ p, the point at
/// infinity (0, 0), a point not on the curve, or a signature that does not verify.
enum P256Verify {
    /// EIP-7951 gas cost of every call.
    static let gas: Int64 = 6900

    /// The secp256r1 group order n.
    static let n = UInt256(hex: "0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")!
    /// The secp256r1 field prime p.
    static let p = UInt256(hex: "0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff")!

    /// The precompile's output for `input`: 32 bytes `0…01` or empty.
    static func run(_ input: [UInt8]) -> [UInt8] {
        verify(input) ? success : []
    }

    private static let success: [UInt8] = [UInt8](repeating: 0, count: 31) + [1]

    /// True if `input` is a well-formed 160-byte call whose signature verifies.
    static func verify(_ input: [UInt8]) -> Bool {
        guard input.count == 160 else { return false }
        let r = UInt256(bigEndian: input[32..<64]), s = UInt256(bigEndian: input[64..<96])
        let qx = UInt256(bigEndian: input[96..<128]), qy = UInt256(bigEndian: input[128..<160])
        guard !r.isZero, r < n, !s.isZero, s < n else { return false }
        guard qx < p, qy < p, !(qx.isZero && qy.isZero) else { return false }
        // The raw key init checks that the point is on the curve.
        guard let key = try? P256.Signing.PublicKey(rawRepresentation: input[96..<160]),
              let signature = try? P256.Signing.ECDSASignature(rawRepresentation: input[32..<96]) else {
            return false
        }
        return key.isValidSignature(signature, for: PrehashedDigest(input[0..<32]))
    }
}

/// A 32-byte message hash given by the caller, so that swift-crypto's digest-based ECDSA
/// verification (`isValidSignature(_:for: some Digest)`) uses it as is, without hashing again.
struct PrehashedDigest: Digest {
    static var byteCount: Int { 32 }
    let bytes: [UInt8]

    /// `hash`: exactly 32 bytes.
    init(_ hash: ArraySlice<UInt8>) { bytes = Array(hash) }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    var description: String { "PrehashedDigest(\(Hex.encode(bytes)))" }
}
