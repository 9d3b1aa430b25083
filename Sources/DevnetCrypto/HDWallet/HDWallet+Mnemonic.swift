import Crypto
import Foundation

extension HDWallet {
    /// The word counts BIP-39 allows: 12, 15, 18, 21 and 24, for 128, 160, 192, 224 and 256 bits of
    /// entropy (BIP-39 "Generating the mnemonic": MS = (ENT + ENT/32) / 11).
    public static let mnemonicWordCounts = [12, 15, 18, 21, 24]

    /// Checks a mnemonic as ethers, eth-account and hardware wallets do (BIP-39 "Generating the
    /// mnemonic", read backwards), and returns the entropy it encodes.
    ///
    /// After NFKD normalization (as for the seed) the phrase must be 12, 15, 18, 21 or 24 words from
    /// the English list (`englishWordList`, lowercase), separated by single spaces. The words' 11-bit
    /// indices, concatenated, are ENT bits of entropy followed by CS = ENT/32 checksum bits, which
    /// must equal the first CS bits of SHA-256(entropy).
    ///
    /// - Returns: the entropy, 16, 20, 24, 28 or 32 bytes (for 12 … 24 words).
    /// - Throws: `CryptoError.invalidMnemonicWordCount` (the count), then
    ///   `.unknownMnemonicWord` (the first word not in the list and its 1-based position), then
    ///   `.invalidMnemonicSpacing` (anything but one space between words), then
    ///   `.invalidMnemonicChecksum`.
    @discardableResult
    public static func validateMnemonic(_ mnemonic: String) throws(CryptoError) -> [UInt8] {
        let phrase = nfkd(mnemonic)
        let words = phrase.split(whereSeparator: \.isWhitespace)
        guard mnemonicWordCounts.contains(words.count) else { throw .invalidMnemonicWordCount(words.count) }

        var bits = [UInt8](repeating: 0, count: (words.count * 11 + 7) / 8)
        var bit = 0
        for (i, word) in words.enumerated() {
            guard let value = englishWordIndex[String(word)] else {
                throw .unknownMnemonicWord(String(word), position: i + 1)
            }
            for shift in stride(from: 10, through: 0, by: -1) {
                if (value >> shift) & 1 == 1 { bits[bit >> 3] |= 0x80 >> UInt8(bit & 7) }
                bit += 1
            }
        }
        // The seed is PBKDF2 of the phrase as written, so "a  b" would give other keys than the
        // single-spaced phrase every wallet derives from these words: refuse it rather than guess.
        guard words.joined(separator: " ") == phrase else { throw .invalidMnemonicSpacing }

        let entropyBytes = words.count * 4 / 3      // ENT / 8
        let checksumBits = words.count / 3          // CS = ENT / 32, at most 8
        let entropy = Array(bits[0..<entropyBytes])
        let expected = Array(SHA256.hash(data: entropy))[0] >> UInt8(8 - checksumBits)
        guard bits[entropyBytes] >> UInt8(8 - checksumBits) == expected else { throw .invalidMnemonicChecksum }
        return entropy
    }

    /// Word → index (0 ..< 2048) of `englishWordList`.
    static let englishWordIndex: [String: UInt16] = {
        var index: [String: UInt16] = [:]
        index.reserveCapacity(englishWordList.count)
        for (i, word) in englishWordList.enumerated() { index[word] = UInt16(i) }
        return index
    }()

    /// NFKD form of `s` (a no-op for ASCII, which is returned as is).
    static func nfkd(_ s: String) -> String {
        s.utf8.allSatisfy { $0 < 0x80 } ? s : s.decomposedStringWithCompatibilityMapping
    }
}
