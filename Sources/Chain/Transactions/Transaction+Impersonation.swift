import Primitives

/// The placeholder signature of a transaction sent from an impersonated account
/// (anvil_impersonateAccount), which has no key.
///
/// anvil gives such a transaction a fixed bogus signature and makes its hash unique by hashing the
/// encoding with the sender appended (`impersonated_hash`), a hash that no longer equals keccak of
/// the bytes the block carries. Here the bogus signature itself names the sender:
///
/// - `r` = 0x01 ‖ sender (21 bytes, so never zero, even for the zero address),
/// - `s` = 1 (low, EIP-2),
/// - `v` = 0 (yParity) for typed transactions, `chainId·2 + 35` (EIP-155) for legacy ones.
///
/// So the hash stays keccak256 of the raw transaction (as for every other transaction), two senders
/// with otherwise equal transactions get different hashes, the same request always gets the same
/// hash, and the bytes stored with the block say who sent it. The signature does not recover to the
/// sender: a raw transaction carrying it is checked like any other (recovery gives some other
/// address or fails), so it opens nothing to eth_sendRawTransaction.
extension Transaction {
    /// r of the impersonation signature for `sender`: the 21 bytes 0x01 ‖ sender as an integer.
    public static func impersonationR(_ sender: Address) -> UInt256 {
        UInt256(bigEndian: [1] + sender.bytes)
    }

    /// This transaction with the impersonation signature of `sender` (see the type's note).
    public func impersonated(by sender: Address) -> Transaction {
        var tx = self
        tx.r = Self.impersonationR(sender)
        tx.s = UInt256(1)
        switch type {
        case .legacy:
            tx.v = chainId.map { UInt256($0) &* UInt256(2) &+ UInt256(35) } ?? UInt256(27)
        case .accessList, .dynamicFee, .blob, .setCode:
            tx.v = .zero
        }
        return tx
    }

    /// True when the transaction carries `sender`'s impersonation signature (r = 0x01 ‖ sender, s = 1).
    public func isImpersonated(by sender: Address) -> Bool {
        s == UInt256(1) && r == Self.impersonationR(sender)
    }
}
