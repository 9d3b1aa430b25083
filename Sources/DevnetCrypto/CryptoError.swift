/// Errors thrown by the DevnetCrypto module. Every case says what was wrong with the input.
public enum CryptoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A private key was not exactly 32 bytes (the count given).
    case invalidKeyLength(Int)
    /// A private key was 0 or ≥ n, the secp256k1 group order (SEC 2 §2.4.1).
    case privateKeyOutOfRange
    /// A hex string could not be decoded (the reason).
    case invalidHex(String)
    /// r or s was 0 or ≥ n, or yParity was not 0 or 1.
    case invalidSignature
    /// libsecp256k1 found no public key for this hash and signature.
    case recoveryFailed
    /// libsecp256k1 refused to sign (only possible for an invalid key).
    case signingFailed
    /// A BIP-32 path that could not be parsed (the path and the reason).
    case invalidDerivationPath(String)
    /// BIP-32 produced an invalid key at this step (probability below 2⁻¹²⁷; the spec says to skip the index).
    case derivationFailed(String)
    /// A mnemonic whose word count (given) is not 12, 15, 18, 21 or 24 (BIP-39).
    case invalidMnemonicWordCount(Int)
    /// A mnemonic word (given, after NFKD) not in the BIP-39 English word list; `position` counts from 1.
    case unknownMnemonicWord(String, position: Int)
    /// Mnemonic words separated by anything but single spaces, or spaces before or after them.
    case invalidMnemonicSpacing
    /// The mnemonic's checksum bits (in its last word) are not the first bits of SHA-256 of its entropy (BIP-39).
    case invalidMnemonicChecksum

    public var description: String {
        switch self {
        case .invalidKeyLength(let n): "private key must be 32 bytes, got \(n)"
        case .privateKeyOutOfRange: "private key must be in 1 ..< secp256k1 order n"
        case .invalidHex(let why): "invalid hex: \(why)"
        case .invalidSignature: "invalid signature: r and s must be in 1 ..< n and yParity 0 or 1"
        case .recoveryFailed: "could not recover a public key from the signature"
        case .signingFailed: "secp256k1 signing failed"
        case .invalidDerivationPath(let why): "invalid BIP-32 derivation path: \(why)"
        case .derivationFailed(let why): "BIP-32 derivation produced an invalid key: \(why)"
        case .invalidMnemonicWordCount(let n):
            "a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words, this one has \(n)"
        case let .unknownMnemonicWord(word, position):
            "word \(position), \"\(word)\", is not in the BIP-39 English word list"
                + (HDWallet.englishWordIndex[word.lowercased()] != nil ? " (the words are lowercase)" : "")
        case .invalidMnemonicSpacing:
            "the mnemonic's words must be separated by single spaces, with no space before or after them"
        case .invalidMnemonicChecksum:
            "the BIP-39 checksum does not match: a word is wrong, missing or out of place (the last word carries the checksum)"
        }
    }
}
