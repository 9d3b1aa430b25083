import CSecp256k1
import Primitives

/// A secp256k1 private key: 32 bytes, big-endian, validated to lie in 1 ..< n (SEC 2 §2.4.1).
/// The public key and address are computed once, at creation. Equality and hashing use the key bytes.
public struct PrivateKey: Sendable, Hashable {
    /// 32 bytes, big-endian.
    public let bytes: [UInt8]
    /// 64 bytes: x ‖ y of the uncompressed public key, without the 0x04 prefix.
    public let publicKey: [UInt8]
    /// keccak256(publicKey)[12..<32].
    public let address: Address

    /// Throws `.invalidKeyLength` unless 32 bytes, `.privateKeyOutOfRange` for 0 or ≥ n.
    public init(_ bytes: [UInt8]) throws(CryptoError) {
        guard bytes.count == 32 else { throw .invalidKeyLength(bytes.count) }
        guard secp256k1_ec_seckey_verify(Secp256k1.context, bytes) == 1 else { throw .privateKeyOutOfRange }
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(Secp256k1.context, &pubkey, bytes) == 1 else {
            throw .privateKeyOutOfRange
        }
        self.bytes = bytes
        self.publicKey = Secp256k1.serializeUncompressed(pubkey)
        self.address = Secp256k1.address(ofPublicKey: publicKey)
    }

    /// 64 hex digits, with or without "0x", any case. Throws `.invalidHex` or the errors of `init(_:)`.
    public init(hex: String) throws(CryptoError) {
        try self.init(try decodeHex(hex))
    }

    /// Signs a 32-byte message hash: deterministic nonce per RFC 6979 (libsecp256k1's default nonce
    /// function), low-s (s ≤ n/2, EIP-2), with the recovery parity.
    public func sign(hash: Hash) throws(CryptoError) -> Signature {
        var sig = secp256k1_ecdsa_recoverable_signature()
        let digest = hash.bytes
        guard secp256k1_ecdsa_sign_recoverable(Secp256k1.context, &sig, digest, bytes, nil, nil) == 1 else {
            throw .signingFailed
        }
        var compact = [UInt8](repeating: 0, count: 64)
        var recid: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(Secp256k1.context, &compact, &recid, &sig)
        return Signature(r: UInt256(bigEndian: compact[0..<32]), s: UInt256(bigEndian: compact[32..<64]),
                         yParity: UInt8(truncatingIfNeeded: recid))
    }

    public static func == (a: PrivateKey, b: PrivateKey) -> Bool { a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}

extension PrivateKey: CustomStringConvertible {
    /// Shows the address only, so that a key never lands in a log by accident.
    public var description: String { "PrivateKey(\(address.checksummed))" }
}

/// Hex digits with or without "0x", even length.
func decodeHex(_ s: String) throws(CryptoError) -> [UInt8] {
    var utf8 = Substring(s).utf8[...]
    if utf8.starts(with: "0x".utf8) || utf8.starts(with: "0X".utf8) { utf8 = utf8.dropFirst(2) }
    guard utf8.count % 2 == 0 else { throw .invalidHex("odd number of digits") }
    var out = [UInt8]()
    out.reserveCapacity(utf8.count / 2)
    var hi: UInt8 = 0
    var odd = false
    for c in utf8 {
        let v: UInt8
        switch c {
        case 0x30...0x39: v = c - 0x30
        case 0x61...0x66: v = c - 0x61 + 10
        case 0x41...0x46: v = c - 0x41 + 10
        default: throw .invalidHex("invalid character")
        }
        if odd { out.append(hi << 4 | v) } else { hi = v }
        odd.toggle()
    }
    return out
}
