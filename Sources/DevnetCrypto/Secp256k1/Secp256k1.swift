import CSecp256k1
import Primitives

/// secp256k1 (SEC 2 §2.4.1) through Debian's libsecp256k1: public-key recovery and the curve constants.
///
/// The whole process shares ONE libsecp256k1 context (`Secp256k1.context`), created on first use and
/// never destroyed. After creation it is only read, which libsecp256k1 documents as thread-safe.
public enum Secp256k1 {
    /// The group order n = 0xffffffffffffffffffffffffffffffffbaaedce6af48a03bbfd25e8cd0364141.
    public static let n = UInt256(w0: 0xBFD2_5E8C_D036_4141, w1: 0xBAAE_DCE6_AF48_A03B,
                                  w2: 0xFFFF_FFFF_FFFF_FFFE, w3: 0xFFFF_FFFF_FFFF_FFFF)
    /// ⌊n / 2⌋ = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0.
    /// EIP-2: transaction signatures with s > halfN are invalid. `recover…` accepts them; the caller decides.
    public static let halfN = UInt256(w0: 0xDFE9_2F46_681B_20A0, w1: 0x5D57_6E73_57A4_501D,
                                      w2: 0xFFFF_FFFF_FFFF_FFFF, w3: 0x7FFF_FFFF_FFFF_FFFF)

    /// The process-wide context (no precomputation flags are needed since libsecp256k1 0.2).
    /// Randomized once for side-channel blinding; signing stays deterministic (RFC 6979).
    nonisolated(unsafe) static let context: OpaquePointer = {
        guard let ctx = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            fatalError("secp256k1_context_create failed")   // only on allocation failure
        }
        var seed = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in 0..<32 { seed[i] = UInt8.random(in: 0...255, using: &rng) }
        _ = secp256k1_context_randomize(ctx, seed)
        return ctx
    }()

    /// Recovers the signer's address (last 20 bytes of keccak256 of the 64-byte public key) from a
    /// 32-byte message hash and a signature. Throws `.invalidSignature` when r or s is 0 or ≥ n or
    /// yParity > 1, `.recoveryFailed` when no point exists (as the ECRECOVER precompile returns nothing).
    public static func recoverAddress(hash: Hash, signature: Signature) throws(CryptoError) -> Address {
        let pub = try recoverPublicKey(hash: hash, signature: signature)
        return address(ofPublicKey: pub)
    }

    /// Recovers the 64-byte uncompressed public key (x ‖ y, without the 0x04 prefix).
    /// Errors as for `recoverAddress`.
    public static func recoverPublicKey(hash: Hash, signature: Signature) throws(CryptoError) -> [UInt8] {
        guard signature.yParity <= 1, !signature.r.isZero, !signature.s.isZero,
              signature.r < n, signature.s < n else { throw .invalidSignature }
        var compact = [UInt8](repeating: 0, count: 64)
        compact.withUnsafeMutableBytes { p in
            signature.r.storeBigEndian(to: p.baseAddress!)
            signature.s.storeBigEndian(to: p.baseAddress! + 32)
        }
        var sig = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(
            context, &sig, compact, Int32(signature.yParity)) == 1 else { throw .invalidSignature }
        var pubkey = secp256k1_pubkey()
        let digest = hash.bytes
        guard secp256k1_ecdsa_recover(context, &pubkey, &sig, digest) == 1 else { throw .recoveryFailed }
        return serializeUncompressed(pubkey)
    }

    /// Ethereum address of a 64-byte uncompressed public key: keccak256(x ‖ y)[12..<32] (Yellow Paper eq. 284).
    public static func address(ofPublicKey publicKey: [UInt8]) -> Address {
        precondition(publicKey.count == 64, "public key must be 64 bytes")
        let h = Keccak256.hash(publicKey).bytes
        return Address(h[12..<32])
    }

    /// 64 bytes x ‖ y (the 65-byte SEC 1 form without its 0x04 prefix).
    static func serializeUncompressed(_ pubkey: secp256k1_pubkey) -> [UInt8] {
        var pubkey = pubkey
        var out = [UInt8](repeating: 0, count: 65)
        var len = 65
        _ = secp256k1_ec_pubkey_serialize(context, &out, &len, &pubkey, UInt32(SECP256K1_EC_UNCOMPRESSED))
        return Array(out[1..<65])
    }

    /// 33 bytes, SEC 1 compressed (0x02/0x03 ‖ x): BIP-32's serP.
    static func serializeCompressed(_ pubkey: secp256k1_pubkey) -> [UInt8] {
        var pubkey = pubkey
        var out = [UInt8](repeating: 0, count: 33)
        var len = 33
        _ = secp256k1_ec_pubkey_serialize(context, &out, &len, &pubkey, UInt32(SECP256K1_EC_COMPRESSED))
        return out
    }
}

/// An ECDSA signature over secp256k1 in Ethereum's form: r and s as 256-bit integers and the
/// recovery id's parity bit (yParity 0 or 1; legacy v = 27 + yParity, EIP-155 v = 35 + 2·chainId + yParity).
public struct Signature: Sendable, Hashable {
    public var r: UInt256
    public var s: UInt256
    /// 0 or 1: parity of the y coordinate of the point R.
    public var yParity: UInt8

    public init(r: UInt256, s: UInt256, yParity: UInt8) {
        self.r = r
        self.s = s
        self.yParity = yParity
    }

    /// 65 bytes r ‖ s ‖ v with v = 27 + yParity (the form eth_sign and EIP-191 signers return).
    public var bytes65: [UInt8] {
        var out = r.bigEndianBytes
        out.append(contentsOf: s.bigEndianBytes)
        out.append(27 &+ yParity)
        return out
    }
}
