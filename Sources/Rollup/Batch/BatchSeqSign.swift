import DevnetCrypto
import Primitives

/// The per-transaction sequencer signature of the batch format: 65 bytes r‖s‖v (v = 27 + yParity)
/// by the L2 block's sealer over the transaction hash (l2geth's `seqSign`).
public enum BatchSeqSign {
    /// The signature in a 65-byte seqSign; nil for any other length, v ∉ {0, 1, 27, 28}, or r/s
    /// outside (0, n).
    public static func signature(_ bytes: [UInt8]) -> Signature? {
        guard bytes.count == 65 else { return nil }
        let r = UInt256(bigEndian: bytes[0..<32]), s = UInt256(bigEndian: bytes[32..<64])
        let v = bytes[64]
        guard v == 0 || v == 1 || v == 27 || v == 28, !r.isZero, !s.isZero,
              r < Secp256k1.n, s < Secp256k1.n else { return nil }
        return Signature(r: r, s: s, yParity: v >= 27 ? v - 27 : v)
    }

    /// The address that made a seqSign over `txHash`; nil when it is empty or invalid.
    public static func signer(_ bytes: [UInt8], txHash: Hash) -> Address? {
        guard let sig = signature(bytes) else { return nil }
        return try? Secp256k1.recoverAddress(hash: txHash, signature: sig)
    }
}
