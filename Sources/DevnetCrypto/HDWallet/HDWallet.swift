import CSecp256k1
import Crypto
import Foundation
import Primitives

/// BIP-39 seeds and BIP-32 hierarchical deterministic keys, enough to reproduce the dev accounts of
/// anvil and hardhat (BIP-44 path m/44'/60'/0'/0/i, SLIP-44 coin type 60 = Ether).
public enum HDWallet {
    /// BIP-39 "From mnemonic to seed": PBKDF2-HMAC-SHA512 with password = NFKD(mnemonic),
    /// salt = "mnemonic" ‖ NFKD(passphrase), 2048 iterations, 64-byte output.
    ///
    /// The mnemonic is not checked here (the seed does not depend on the word list or checksum);
    /// `validateMnemonic(_:)` does that. NFKD normalization is a no-op for ASCII, so ASCII input is
    /// used as is; other input is normalized with Foundation's `decomposedStringWithCompatibilityMapping`.
    public static func seed(mnemonic: String, passphrase: String = "") -> [UInt8] {
        let password = nfkdBytes(mnemonic)
        let salt = Array("mnemonic".utf8) + nfkdBytes(passphrase)
        return pbkdf2HMACSHA512(password: password, salt: salt, iterations: 2048)
    }

    /// BIP-32 private derivation from a seed (16…64 bytes) along a path such as "m/44'/60'/0'/0/3".
    /// Hardened steps are marked with ', h or H; each index must be < 2³¹.
    /// Throws `.invalidDerivationPath` for a malformed path, `.derivationFailed` if a step yields an
    /// invalid key (the spec's "proceed with the next index" case, probability < 2⁻¹²⁷).
    public static func derive(seed: [UInt8], path: String) throws(CryptoError) -> PrivateKey {
        let indices = try parse(path: path)
        var node = try ExtendedKey.master(seed: seed)
        for index in indices { node = try node.child(index) }
        return try PrivateKey(node.key)
    }

    /// The first `count` keys of m/44'/60'/0'/0/i (i = 0 ..< count) for a mnemonic with an empty
    /// passphrase: for "test test test test test test test test test test test junk" these are
    /// anvil's and hardhat's ten funded accounts.
    /// - Throws: the errors of `validateMnemonic(_:)` for a mnemonic other wallets reject (so the
    ///   devnet never funds accounts that ethers or a hardware wallet cannot import),
    ///   `.invalidDerivationPath` for a negative count, `.derivationFailed` as for `derive`.
    public static func devAccounts(mnemonic: String, count: Int) throws(CryptoError) -> [PrivateKey] {
        try validateMnemonic(mnemonic)
        guard count >= 0 else { throw .invalidDerivationPath("negative account count \(count)") }
        var node = try ExtendedKey.master(seed: seed(mnemonic: mnemonic))
        for index in [44 | hardened, 60 | hardened, 0 | hardened, 0] as [UInt32] { node = try node.child(index) }
        var keys: [PrivateKey] = []
        keys.reserveCapacity(count)
        for i in 0..<count {
            guard i < Int(hardened) else { throw .invalidDerivationPath("account index \(i) ≥ 2³¹") }
            keys.append(try PrivateKey(node.child(UInt32(i)).key))
        }
        return keys
    }

    static let hardened: UInt32 = 0x8000_0000

    /// "m", "m/0'", "m/44'/60'/0'/0/3" → child indices (hardened ones with bit 31 set).
    static func parse(path: String) throws(CryptoError) -> [UInt32] {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.first == "m" else { throw .invalidDerivationPath("\"\(path)\" must start with \"m\"") }
        parts.removeFirst()
        var out: [UInt32] = []
        for var part in parts {
            var flag: UInt32 = 0
            if let last = part.last, last == "'" || last == "h" || last == "H" {
                flag = hardened
                part = part.dropLast()
            }
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = UInt32(part), value < hardened else {
                throw .invalidDerivationPath("bad step \"\(part)\" in \"\(path)\"")
            }
            out.append(value | flag)
        }
        return out
    }

    private static func nfkdBytes(_ s: String) -> [UInt8] {
        Array(nfkd(s).utf8)
    }

    /// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA512, one output block (dkLen = 64).
    static func pbkdf2HMACSHA512(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var u = Array(HMAC<SHA512>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var t = u
        for _ in 1..<iterations {
            u = Array(HMAC<SHA512>.authenticationCode(for: u, using: key))
            for j in 0..<64 { t[j] ^= u[j] }
        }
        return t
    }
}

/// A BIP-32 extended private key: 32-byte key and 32-byte chain code.
struct ExtendedKey {
    var key: [UInt8]
    var chainCode: [UInt8]

    /// BIP-32 "Master key generation": I = HMAC-SHA512(key: "Bitcoin seed", seed).
    static func master(seed: [UInt8]) throws(CryptoError) -> ExtendedKey {
        let i = Array(HMAC<SHA512>.authenticationCode(for: seed, using: SymmetricKey(data: Array("Bitcoin seed".utf8))))
        let key = Array(i[0..<32])
        guard secp256k1_ec_seckey_verify(Secp256k1.context, key) == 1 else {
            throw .derivationFailed("master key out of range")
        }
        return ExtendedKey(key: key, chainCode: Array(i[32..<64]))
    }

    /// BIP-32 CKDpriv: hardened (index ≥ 2³¹) hashes 0x00 ‖ k, normal hashes serP(k·G) (33 bytes);
    /// the child key is parse256(I_L) + k mod n (libsecp256k1's seckey tweak-add).
    func child(_ index: UInt32) throws(CryptoError) -> ExtendedKey {
        var data: [UInt8]
        if index >= HDWallet.hardened {
            data = [0] + key
        } else {
            var pubkey = secp256k1_pubkey()
            guard secp256k1_ec_pubkey_create(Secp256k1.context, &pubkey, key) == 1 else {
                throw .derivationFailed("parent key invalid")
            }
            data = Secp256k1.serializeCompressed(pubkey)
        }
        data.append(contentsOf: [UInt8(index >> 24), UInt8(truncatingIfNeeded: index >> 16),
                                 UInt8(truncatingIfNeeded: index >> 8), UInt8(truncatingIfNeeded: index)])
        let i = Array(HMAC<SHA512>.authenticationCode(for: data, using: SymmetricKey(data: chainCode)))
        var childKey = key
        // Fails when I_L ≥ n or the sum is 0: BIP-32 says the index is invalid.
        guard secp256k1_ec_seckey_tweak_add(Secp256k1.context, &childKey, Array(i[0..<32])) == 1 else {
            throw .derivationFailed("child \(index) is invalid")
        }
        return ExtendedKey(key: childKey, chainCode: Array(i[32..<64]))
    }
}
