import DevnetCrypto
import Primitives

/// One EIP-7702 authorization tuple of a set-code (type 4) transaction:
/// `[chain_id, address, nonce, y_parity, r, s]` on the wire.
///
/// The authority (the account whose code is set) signs
/// `keccak256(0x05 ‖ rlp([chain_id, address, nonce]))` (the EIP's `MAGIC` 0x05). Field widths are
/// those of the EIP and EELS `Authorization`: chain id 256 bits, nonce 64 bits, y-parity 8 bits
/// (a value other than 0/1 decodes but makes the tuple invalid), r and s 256 bits.
public struct Authorization: Sendable, Hashable {
    /// The chain the authorization is valid on; 0 = every chain.
    public var chainId: UInt256
    /// The delegate (20 bytes) whose code the authority will run; the zero address clears the
    /// delegation.
    public var address: Address
    /// The authority's nonce this authorization consumes.
    public var nonce: UInt64
    /// The signature's y-parity; valid only as 0 or 1.
    public var yParity: UInt8
    /// Signature r, in [1, n − 1] for a valid tuple.
    public var r: UInt256
    /// Signature s, in [1, n/2] for a valid tuple (EIP-2 low-s).
    public var s: UInt256

    /// A tuple with every field given (signature values default to zero: unsigned).
    public init(chainId: UInt256, address: Address, nonce: UInt64, yParity: UInt8 = 0,
                r: UInt256 = .zero, s: UInt256 = .zero) {
        self.chainId = chainId
        self.address = address
        self.nonce = nonce
        self.yParity = yParity
        self.r = r
        self.s = s
    }

    /// EIP-7702 `MAGIC`: the domain byte in front of the signed RLP.
    public static let magic: UInt8 = 0x05

    /// The 32-byte hash the authority signs: `keccak256(0x05 ‖ rlp([chainId, address, nonce]))`.
    public func signingHash() -> Hash {
        Keccak256.hash([Self.magic] + RLP.list([.uint(chainId), RLP(address), .uint(nonce)]).encoded())
    }

    /// The RLP item as it appears in the transaction's authorization list.
    func rlp() -> RLP {
        .list([.uint(chainId), RLP(address), .uint(nonce), .uint(UInt64(yParity)), .uint(r), .uint(s)])
    }

    /// Recovers the authority (EELS `recover_authority`): y-parity must be 0 or 1, r in [1, n − 1],
    /// s in [1, n/2] (n the secp256k1 group order).
    ///
    /// - Throws: ``TransactionError/invalidSignature(_:)`` for out-of-range values,
    ///   ``TransactionError/recoveryFailed(_:)`` when no public key is recovered.
    public func authority() throws(TransactionError) -> Address {
        guard yParity <= 1 else { throw .invalidSignature("authorization y_parity must be 0 or 1, got \(yParity)") }
        guard !r.isZero, r < Secp256k1.n else { throw .invalidSignature("authorization r must be in [1, secp256k1n − 1]") }
        guard !s.isZero, s <= Secp256k1.halfN else {
            throw .invalidSignature("authorization s must be in [1, secp256k1n / 2] (EIP-2)")
        }
        do {
            return try Secp256k1.recoverAddress(hash: signingHash(), signature: Signature(r: r, s: s, yParity: yParity))
        } catch {
            throw .recoveryFailed("\(error)")
        }
    }

    /// Signs an authorization for `address` on `chainId` (0 = any chain) at `nonce` with `key`
    /// (RFC 6979, low-s).
    /// - Throws: ``TransactionError/signingFailed(_:)`` if libsecp256k1 refuses the key.
    public static func sign(chainId: UInt256, address: Address, nonce: UInt64,
                            key: PrivateKey) throws(TransactionError) -> Authorization {
        var auth = Authorization(chainId: chainId, address: address, nonce: nonce)
        let signature: Signature
        do { signature = try key.sign(hash: auth.signingHash()) } catch { throw .signingFailed("\(error)") }
        auth.yParity = signature.yParity
        auth.r = signature.r
        auth.s = signature.s
        return auth
    }
}
