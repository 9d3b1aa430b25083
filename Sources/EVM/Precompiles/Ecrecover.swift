import Primitives

extension PrecompileFunctions {
    /// Public-key recovery for ECRECOVER. Delegates to DevnetCrypto's `Secp256k1.recoverAddress`
    /// once that lands; until then it recovers nothing (the precompile returns empty output).
    static func recoverSigner(hash: Hash, r: UInt256, s: UInt256, yParity: UInt8) -> Address? {
        nil
    }
}
