import Primitives

/// EIP-191 version 0x45 ("personal_sign", eth_sign): signatures over a prefixed message so that a
/// signed message can never be a valid transaction.
public enum EIP191 {
    /// keccak256("\u{19}Ethereum Signed Message:\n" ‖ decimal byte count of message ‖ message). 32 bytes.
    public static func hash(message: [UInt8]) -> Hash {
        var data = Array("\u{19}Ethereum Signed Message:\n\(message.count)".utf8)
        data.append(contentsOf: message)
        return Keccak256.hash(data)
    }

    /// 65 bytes r ‖ s ‖ v with v ∈ {27, 28}, as eth-account's `sign_message(encode_defunct(…))` and
    /// geth's personal_sign return. Throws only what `PrivateKey.sign(hash:)` throws.
    public static func sign(message: [UInt8], key: PrivateKey) throws(CryptoError) -> [UInt8] {
        try key.sign(hash: hash(message: message)).bytes65
    }
}
