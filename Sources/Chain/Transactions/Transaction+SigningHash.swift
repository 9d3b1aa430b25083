import Primitives

extension Transaction {
    /// The 32-byte hash the sender signs:
    /// - legacy without chain id: `keccak(rlp([nonce, gasPrice, gasLimit, to, value, data]))`
    ///   (Yellow Paper §4.3 / Appendix F);
    /// - legacy with chain id: the same list followed by `chainId, 0, 0` (EIP-155);
    /// - typed: `keccak(type ‖ rlp(fields without yParity, r, s))` (EIP-2930, EIP-1559, EIP-4844,
    ///   EIP-7702).
    public func signingHash() -> Hash {
        var fields = payloadFields(includeSignature: false)
        switch type {
        case .legacy:
            if let chainId {
                fields += [.uint(chainId), .bytes([]), .bytes([])]
            }
            return Keccak256.hash(RLP.list(fields).encoded())
        case .accessList, .dynamicFee, .blob, .setCode:
            return Keccak256.hash([type.rawValue] + RLP.list(fields).encoded())
        }
    }
}
