import DevnetCrypto
import Primitives

extension PrecompileFunctions {
    /// Public-key recovery for ECRECOVER through DevnetCrypto (libsecp256k1). High s is allowed
    /// here (EIP-2 applies to transactions only); nil if recovery fails.
    static func recoverSigner(hash: Hash, r: UInt256, s: UInt256, yParity: UInt8) -> Address? {
        try? Secp256k1.recoverAddress(hash: hash, signature: Signature(r: r, s: s, yParity: yParity))
    }
}
