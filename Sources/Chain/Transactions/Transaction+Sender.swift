import DevnetCrypto
import Primitives

extension Transaction {
    /// Recovers the sender's address (20 bytes) from the signature over ``signingHash()``.
    ///
    /// Checks first, for every type: `r` in [1, n−1] and `s` in [1, n/2] (EIP-2 low-s; n is the
    /// secp256k1 group order), legacy `v` 27/28 or chainId·2+35/36 (EIP-155), typed yParity 0/1.
    ///
    /// - Throws: ``TransactionError/invalidSignature(_:)`` for out-of-range values,
    ///   ``TransactionError/recoveryFailed(_:)`` when libsecp256k1 finds no public key.
    public func sender() throws(TransactionError) -> Address {
        guard let parity = yParity else {
            throw .invalidSignature("v value \(v) is not valid for a \(type) transaction")
        }
        if type == .legacy {
            // v must agree with chainId: 27/28 without one, chainId·2 + 35 + parity with one. decode
            // derives chainId from v, so only a hand-built transaction can disagree.
            if let chainId {
                let expected = UInt256(chainId) &* UInt256(2) &+ UInt256(35) &+ UInt256(UInt64(parity))
                guard expected == v else {
                    throw .invalidSignature("v \(v) does not match chain id \(chainId) (EIP-155)")
                }
            } else if v >= UInt256(35) {
                throw .invalidSignature("v \(v) is an EIP-155 value but the transaction has no chain id")
            }
        }
        guard !r.isZero, r < Secp256k1.n else {
            throw .invalidSignature("r must be in [1, secp256k1n − 1]")
        }
        guard !s.isZero, s <= Secp256k1.halfN else {
            throw .invalidSignature("s must be in [1, secp256k1n / 2] (EIP-2)")
        }
        do {
            return try Secp256k1.recoverAddress(
                hash: signingHash(), signature: Signature(r: r, s: s, yParity: parity))
        } catch {
            throw .recoveryFailed("\(error)")
        }
    }

    /// Signs `unsigned` with `key` (RFC 6979 deterministic, low-s) and returns it with `v`, `r`, `s`
    /// set: legacy `v` = chainId·2 + 35 + yParity when `chainId` is set (EIP-155), else 27 + yParity;
    /// typed `v` = yParity. The other fields are kept as given.
    ///
    /// - Throws: ``TransactionError/signingFailed(_:)`` if libsecp256k1 refuses (never for a valid key).
    public static func sign(unsigned: Transaction, key: PrivateKey) throws(TransactionError) -> Transaction {
        var tx = unsigned
        let signature: Signature
        do {
            signature = try key.sign(hash: unsigned.signingHash())
        } catch {
            throw .signingFailed("\(error)")
        }
        tx.r = signature.r
        tx.s = signature.s
        let parity = UInt256(UInt64(signature.yParity))
        switch tx.type {
        case .legacy:
            if let chainId = tx.chainId {
                tx.v = UInt256(chainId) &* UInt256(2) &+ UInt256(35) &+ parity
            } else {
                tx.v = UInt256(27) &+ parity
            }
        case .accessList, .dynamicFee, .blob, .setCode:
            tx.v = parity
        }
        return tx
    }
}
