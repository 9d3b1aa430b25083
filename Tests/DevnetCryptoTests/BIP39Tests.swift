import Crypto
import DevnetCrypto
import Testing

private func bytes(_ hex: String) -> [UInt8] {
    let body = Array(hex.utf8)
    return stride(from: 0, to: body.count, by: 2).map { UInt8(String(decoding: body[$0...$0 + 1], as: UTF8.self), radix: 16)! }
}

@Suite struct BIP39Tests {
    /// The generated list is the spec's file byte for byte: SHA-256 of bip-0039/english.txt
    /// (2048 lines, each ending in LF) as published in bitcoin/bips.
    @Test func wordListIsBIP39English() {
        let list = HDWallet.englishWordList
        #expect(list.count == 2048)
        #expect(list.first == "abandon" && list[1] == "ability" && list.last == "zoo")
        let file = Array((list.joined(separator: "\n") + "\n").utf8)
        #expect(Array(SHA256.hash(data: file)) == bytes("2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"))
    }

    /// Trezor's reference vectors (trezor/python-mnemonic vectors.json, "english"): entropy → mnemonic.
    /// The mnemonic validates and gives back the entropy.
    @Test(arguments: [
        ("00000000000000000000000000000000",
         "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"),
        ("7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
         "legal winner thank year wave sausage worth useful legal winner thank yellow"),
        ("ffffffffffffffffffffffffffffffff",
         "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong"),
        ("808080808080808080808080808080808080808080808080",
         "letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic avoid letter always"),
        ("0000000000000000000000000000000000000000000000000000000000000000",
         "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art"),
        ("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
         "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote"),
        ("9e885d952ad362caeb4efe34a8e91bd2",
         "ozone drill grab fiber curtain grace pudding thank cruise elder eight picnic"),
        ("6610b25967cdcca9d59875f5cb50b0ea75433311869e930b",
         "gravity machine north sort system female filter attitude volume fold club stay feature office ecology stable narrow fog"),
        ("68a79eaca2324873eacc50cb9c6eca8cc68ea5d936f98787c60c7ebc74e6ce7c",
         "hamster diagram private dutch cause delay private meat slide toddler razor book happy fancy gospel tennis maple dilemma loan word shrug inflict delay length"),
        // 15 and 21 words (not in vectors.json): Trezor's `mnemonic` 0.21 Mnemonic("english").to_mnemonic(entropy).
        ("7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
         "legal winner thank year wave sausage worth useful legal winner thank year wave sausage wise"),
        ("000102030405060708090a0b0c0d0e0f10111213",
         "abandon amount liar amount expire adjust cage candy arch gather drum bullet absurd math exhibit"),
        ("80808080808080808080808080808080808080808080808080808080",
         "letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd apart"),
    ])
    func referenceVectorsValidate(entropy: String, mnemonic: String) throws {
        #expect(try HDWallet.validateMnemonic(mnemonic) == bytes(entropy))
    }

    /// vectors.json's first seed: PBKDF2 of the mnemonic with passphrase "TREZOR" (and `mnemonic` 0.21 to_seed).
    @Test func referenceSeed() {
        #expect(HDWallet.seed(mnemonic: "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
                              passphrase: "TREZOR") == bytes(
            "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04"))
    }

    /// anvil's and hardhat's mnemonic is valid; its entropy per `mnemonic` 0.21 Mnemonic("english").to_entropy.
    @Test func anvilMnemonicValidates() throws {
        #expect(try HDWallet.validateMnemonic("test test test test test test test test test test test junk")
                == bytes("df9bf37e6fcdf9bf37e6fcdf9bf37e3c"))
    }

    /// Rejected by eth-account 0.14.0 (Mnemonic().is_mnemonic_valid → False) and ethers.
    @Test func badChecksumIsRejected() {
        #expect(throws: CryptoError.invalidMnemonicChecksum) {
            try HDWallet.validateMnemonic("test test test test test test test test test test test test")
        }
        // Two words of a valid vector swapped.
        #expect(throws: CryptoError.invalidMnemonicChecksum) {
            try HDWallet.validateMnemonic("legal winner thank year wave sausage worth useful legal winner yellow thank")
        }
        // devAccounts refuses it too, so no caller funds accounts other wallets cannot import.
        #expect(throws: CryptoError.invalidMnemonicChecksum) {
            try HDWallet.devAccounts(mnemonic: "test test test test test test test test test test test test", count: 1)
        }
    }

    @Test func unknownWordIsNamedWithItsPosition() {
        #expect(throws: CryptoError.unknownMnemonicWord("junkk", position: 12)) {
            try HDWallet.validateMnemonic("test test test test test test test test test test test junkk")
        }
        #expect(throws: CryptoError.unknownMnemonicWord("Test", position: 3)) {
            try HDWallet.validateMnemonic("test test Test test test test test test test test test junk")
        }
        #expect(CryptoError.unknownMnemonicWord("junkk", position: 12).description
                == "word 12, \"junkk\", is not in the BIP-39 English word list")
        #expect(CryptoError.unknownMnemonicWord("Test", position: 3).description.hasSuffix("(the words are lowercase)"))
    }

    @Test(arguments: [0, 1, 3, 11, 13, 14, 16, 23, 25, 48])
    func wrongWordCountIsRejected(count: Int) {
        let phrase = Array(repeating: "abandon", count: count).joined(separator: " ")
        #expect(throws: CryptoError.invalidMnemonicWordCount(count)) { try HDWallet.validateMnemonic(phrase) }
    }

    @Test(arguments: [
        " test test test test test test test test test test test junk",
        "test test test test test test test test test test test junk ",
        "test test test test test  test test test test test test junk",
        "test test test test test test\ttest test test test test junk",
        "test test test test test test\ntest test test test test junk",
    ])
    func extraWhitespaceIsRejected(phrase: String) {
        #expect(throws: CryptoError.invalidMnemonicSpacing) { try HDWallet.validateMnemonic(phrase) }
    }

    /// NFKD maps the ideographic space U+3000 (Japanese mnemonics' separator) to U+0020, as for the seed.
    @Test func nfkdIsAppliedFirst() throws {
        #expect(try HDWallet.validateMnemonic("test test test test test test test test test test test\u{3000}junk")
                == bytes("df9bf37e6fcdf9bf37e6fcdf9bf37e3c"))
    }
}
