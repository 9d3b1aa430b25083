import DevnetCrypto
import Primitives
import Testing

private func bytes(_ hex: String) -> [UInt8] {
    let body = Array(hex.hasPrefix("0x") ? hex.utf8.dropFirst(2) : hex.utf8.dropFirst(0))
    return stride(from: 0, to: body.count, by: 2).map { UInt8(String(decoding: body[$0...$0 + 1], as: UTF8.self), radix: 16)! }
}

private let anvilMnemonic = "test test test test test test test test test test test junk"

/// anvil's ten dev accounts, m/44'/60'/0'/0/i of `anvilMnemonic`. Reference values from eth-account
/// 0.14.0 (Python): Account.enable_unaudited_hdwallet_features();
/// Account.from_mnemonic(m, account_path=f"m/44'/60'/0'/0/{i}") → (.address, .key.hex()).
private let anvilAccounts: [(address: String, key: String)] = [
    ("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
    ("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
    ("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
    ("0x90F79bf6EB2c4f870365E785982E1f101E93b906", "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"),
    ("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65", "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a"),
    ("0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc", "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"),
    ("0x976EA74026E726554dB657fA54763abd0C3a0aa9", "92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e"),
    ("0x14dC79964da2C08b23698B3D3cc7Ca32193d9955", "4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356"),
    ("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f", "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97"),
    ("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", "2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"),
]

@Suite struct HDWalletTests {
    @Test func anvilDevAccounts() throws {
        let keys = try HDWallet.devAccounts(mnemonic: anvilMnemonic, count: 10)
        #expect(keys.count == 10)
        for (key, expected) in zip(keys, anvilAccounts) {
            #expect(key.address.checksummed == expected.address)
            #expect(key.bytes == bytes(expected.key))
        }
    }

    @Test func deriveMatchesDevAccounts() throws {
        let seed = HDWallet.seed(mnemonic: anvilMnemonic)
        let key = try HDWallet.derive(seed: seed, path: "m/44'/60'/0'/0/3")
        #expect(key.address.checksummed == anvilAccounts[3].address)
        let hKey = try HDWallet.derive(seed: seed, path: "m/44h/60H/0'/0/9")
        #expect(hKey.bytes == bytes(anvilAccounts[9].key))
    }

    /// BIP-39 seed; reference: Python hashlib.pbkdf2_hmac('sha512', m.encode(), b'mnemonic', 2048).
    @Test func bip39Seed() {
        #expect(HDWallet.seed(mnemonic: anvilMnemonic) == bytes(
            "9dfc3c64c2f8bede1533b6a79f8570e5943e0b8fd1cf77107adf7b72cef42185d564a3aee24cab43f80e3c4538087d70fc824eabbad596a23c97b6ee8322ccc0"))
    }

    /// A non-ASCII passphrase goes through NFKD. Reference: eth-account 0.14.0
    /// Account.from_mnemonic(m, passphrase="pässwörd", account_path="m/44'/60'/0'/0/0").
    @Test func passphraseIsNFKDNormalized() throws {
        let composed = HDWallet.seed(mnemonic: anvilMnemonic, passphrase: "p\u{E4}ssw\u{F6}rd")
        let decomposed = HDWallet.seed(mnemonic: anvilMnemonic, passphrase: "pa\u{308}sswo\u{308}rd")
        #expect(composed == decomposed)
        let key = try HDWallet.derive(seed: composed, path: "m/44'/60'/0'/0/0")
        #expect(key.address.checksummed == "0x079ee229F2f65C59A9aa52B93795fFf5A3F075c3")
        #expect(key.bytes == bytes("df264eb8ccd26f622c05481f56bd31e8a4805d60e0e26f0c492b511de11ba076"))
    }

    /// BIP-32 test vector 1 (bips/bip-0032.mediawiki), private keys of each chain step.
    @Test(arguments: [
        ("m", "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"),
        ("m/0'", "edb2e14f9ee77d26dd93b4ecede8d16ed408ce149b6cd80b0715a2d911a0afea"),
        ("m/0'/1", "3c6cb8d0f6a264c91ea8b5030fadaa8e538b020f0a387421a12de9319dc93368"),
        ("m/0'/1/2'", "cbce0d719ecf7431d88e6a89fa1483e02e35092af60c042b1df2ff59fa424dca"),
        ("m/0'/1/2'/2", "0f479245fb19a38a1954c5c7c0ebab2f9bdfd96a17563ef28a6a4b1a2a764ef4"),
        ("m/0'/1/2'/2/1000000000", "471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8"),
    ])
    func bip32Vector1(path: String, key: String) throws {
        let seed = bytes("000102030405060708090a0b0c0d0e0f")
        #expect(try HDWallet.derive(seed: seed, path: path).bytes == bytes(key))
    }

    @Test(arguments: ["", "44'/60'", "m/", "m//1", "m/x", "m/-1", "m/2147483648", "m/1''", "n/0"])
    func badPathsThrow(path: String) {
        #expect(throws: CryptoError.self) { try HDWallet.derive(seed: [UInt8](repeating: 1, count: 16), path: path) }
    }
}

@Suite struct Secp256k1Tests {
    let key0 = try! PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")

    @Test func addressAndPublicKey() throws {
        #expect(key0.address.checksummed == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        // eth_keys.PrivateKey(k).public_key.to_bytes()
        #expect(key0.publicKey == bytes(
            "8318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed753547f11ca8696646f2f3acb08e31016afac23e630c5d11f59f61fef57b0d2aa5"))
        // Private key 1 → G; well-known address.
        let one = try PrivateKey([UInt8](repeating: 0, count: 31) + [1])
        #expect(one.address.checksummed == "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")
    }

    /// Reference signatures: eth-account 0.14.0 Account.unsafe_sign_hash(hash, key) → (r, s, v = 27 + yParity).
    @Test(arguments: [
        ("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
         "89ba2d269df07eef856342cc0906f97ef8a0e4650d8fe5b2174b83ddedb17a1d",   // keccak256("metis-devnet")
         "0x8474874e076cb6e543ce3e95b0fd2c0bf7f89cbd478bb9e7f26adc22d942ce2b",
         "0x148a4423a4ecfa3f00c72d26c33033293fe471f6e28e1d721ce1bb9a4331d2ee", UInt8(0)),
        ("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
         "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",   // keccak256("")
         "0x6c34308e58656c8487b9b2173422910d87f964c18e8a771fccabf4ca292469a6",
         "0x4dba120621e2527af3bce8836644944eb42d9dae4d795ea27824479b2fddca57", UInt8(0)),
        ("5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
         "0101010101010101010101010101010101010101010101010101010101010101",
         "0xa4f2270404dd5f70f8394215580ab2fe0b2322b06527d1c739b2024f93971cd4",
         "0x5f85b887c1c071c51414b983dde66dc718cb53e78b1488080c0117c2842fa849", UInt8(0)),
    ])
    func signMatchesEthAccount(key: String, hash: String, r: String, s: String, yParity: UInt8) throws {
        let k = try PrivateKey(hex: key)
        let h = Hash(bytes(hash))
        let sig = try k.sign(hash: h)
        #expect(sig.r == UInt256(hex: r))
        #expect(sig.s == UInt256(hex: s))
        #expect(sig.yParity == yParity)
        #expect(sig.s <= Secp256k1.halfN)
        #expect(try Secp256k1.recoverAddress(hash: h, signature: sig) == k.address)
        #expect(try Secp256k1.recoverPublicKey(hash: h, signature: sig) == k.publicKey)
    }

    @Test func recoveryRoundTripsForAllDevKeys() throws {
        for (i, account) in anvilAccounts.enumerated() {
            let k = try PrivateKey(hex: account.key)
            let h = Keccak256.hash(Array("message \(i)".utf8))
            let sig = try k.sign(hash: h)
            #expect(sig.s <= Secp256k1.halfN)
            #expect(try Secp256k1.recoverAddress(hash: h, signature: sig).checksummed == account.address)
            // Wrong parity recovers someone else (or nothing); never the signer.
            var flipped = sig
            flipped.yParity ^= 1
            #expect((try? Secp256k1.recoverAddress(hash: h, signature: flipped)) != k.address)
        }
    }

    /// The high-s twin (s' = n − s, parity flipped) recovers the same signer; EIP-2 rejection is the caller's.
    @Test func highSStillRecovers() throws {
        let h = Keccak256.hash(Array("eip-2".utf8))
        let sig = try key0.sign(hash: h)
        let twin = Signature(r: sig.r, s: Secp256k1.n &- sig.s, yParity: sig.yParity ^ 1)
        #expect(twin.s > Secp256k1.halfN)
        #expect(try Secp256k1.recoverAddress(hash: h, signature: twin) == key0.address)
    }

    @Test func curveConstants() {
        #expect(Secp256k1.n == UInt256(hex: "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"))
        #expect(Secp256k1.halfN == UInt256(hex: "0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0"))
    }

    @Test func invalidSignaturesThrow() {
        let h = Hash(bytes("0101010101010101010101010101010101010101010101010101010101010101"))
        for sig in [Signature(r: .zero, s: .one, yParity: 0), Signature(r: .one, s: .zero, yParity: 0),
                    Signature(r: Secp256k1.n, s: .one, yParity: 0), Signature(r: .one, s: Secp256k1.n, yParity: 1),
                    Signature(r: .one, s: .one, yParity: 2)] {
            #expect(throws: CryptoError.invalidSignature) { try Secp256k1.recoverAddress(hash: h, signature: sig) }
        }
    }

    @Test func invalidKeysThrow() {
        let n = Secp256k1.n.bigEndianBytes
        #expect(throws: CryptoError.privateKeyOutOfRange) { try PrivateKey([UInt8](repeating: 0, count: 32)) }
        #expect(throws: CryptoError.privateKeyOutOfRange) { try PrivateKey(n) }
        #expect(throws: CryptoError.privateKeyOutOfRange) { try PrivateKey((Secp256k1.n &+ .one).bigEndianBytes) }
        #expect(throws: CryptoError.privateKeyOutOfRange) { try PrivateKey([UInt8](repeating: 0xff, count: 32)) }
        #expect(throws: CryptoError.invalidKeyLength(31)) { try PrivateKey([UInt8](repeating: 1, count: 31)) }
        #expect(throws: CryptoError.invalidKeyLength(33)) { try PrivateKey([UInt8](repeating: 1, count: 33)) }
        #expect(throws: CryptoError.self) { try PrivateKey(hex: "0xzz") }
        #expect(throws: CryptoError.self) { try PrivateKey(hex: "0x123") }
        // n − 1 is the largest valid key.
        #expect((try? PrivateKey((Secp256k1.n &- .one).bigEndianBytes)) != nil)
    }
}

@Suite struct EIP191Tests {
    /// Reference: eth-account 0.14.0 Account.sign_message(encode_defunct(msg), key0) → (.message_hash, .signature).
    @Test func personalSignMatchesEthAccount() throws {
        let key = try PrivateKey(hex: anvilAccounts[0].key)
        let msg = Array("Hello, Hyperion!".utf8)
        #expect(EIP191.hash(message: msg) == Hash(bytes("6877afe69b394cfdd782d6ccc3cbd3f32d7ef25269c21fce554bc91cdb7979b6")))
        #expect(try EIP191.sign(message: msg, key: key) == bytes(
            "e4a46a05deb0b6e53126057e221bf51ca0f7fc7d4e2a804aa6a749bc0e6fa96b2119b145334b92439e5b8762a2e5df27b2c09459a594b25d5bc13a1be1e933101b"))

        // 100 bytes 0x00…0x63: the length prefix is "100".
        let long = (0..<100).map { UInt8($0) }
        #expect(EIP191.hash(message: long) == Hash(bytes("45f19eea3d070b1c0a7eb68a04a796c7e976692d5cc4c32feafd9ed821c9baa7")))
        let sig = try EIP191.sign(message: long, key: key)
        #expect(sig == bytes(
            "e2042c7c72baa2525db5aa900abbcde32cfdb611ca6753be9b4f6f00af3acc61495e73a1bcd05504f92f7ab7e8f41062ae075c9629958f4cad86af8e9629e3731c"))
        #expect(sig.count == 65 && (sig[64] == 27 || sig[64] == 28))
    }
}
