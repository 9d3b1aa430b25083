import Foundation
import Testing
@testable import LazAI
import DevnetCrypto
import Primitives

/// RSA and OpenPGP against values made by Alith's own libraries (`rsa`, python-gnupg) and the
/// `openssl` tool: see scripts/generate-lazai-fixtures.py and LazAIFixtures.swift.
@Suite struct LazAICryptoTests {
    @Test func publicKeyPEMIsOpenSSLsPKCS1Output() throws {
        let key = try RSAPrivateKey(pem: LazAIDevKeys.rsaPrivateKeyPEM)
        // `openssl rsa -RSAPublicKey_out` ends with a newline; the fixture literal drops it
        #expect(key.publicKeyPEM == LazAIFixtures.opensslPublicKeyPEM + "\n")
        #expect(key.publicKeyPEM.trimmingCharacters(in: .whitespacesAndNewlines) == LazAIDevKeys.rsaPublicKeyPEM)
        #expect(key.modulusBytes == 256)
    }

    @Test func pkcs8PEMReadsTheSameKey() throws {
        let key = try RSAPrivateKey(pem: LazAIFixtures.pkcs8PrivateKeyPEM)
        #expect(key.publicKeyPEM == LazAIFixtures.opensslPublicKeyPEM + "\n")
        let plain = try key.decryptHex(LazAIFixtures.passwordRSACiphertextHex)
        #expect(String(decoding: plain, as: UTF8.self) == LazAIFixtures.password)
    }

    @Test func decryptsPythonRSACiphertext() throws {
        let key = try RSAPrivateKey(pem: LazAIDevKeys.rsaPrivateKeyPEM)
        let plain = try key.decryptHex(LazAIFixtures.passwordRSACiphertextHex)
        #expect(String(decoding: plain, as: UTF8.self) == LazAIFixtures.password)
        // "0x" prefix accepted too
        #expect(try key.decryptHex("0x" + LazAIFixtures.passwordRSACiphertextHex) == plain)
    }

    @Test func badInputsThrowLazAIError() throws {
        #expect(throws: LazAIError.self) { try RSAPrivateKey(pem: "") }
        #expect(throws: LazAIError.self) { try RSAPrivateKey(pem: "-----BEGIN RSA PRIVATE KEY-----\nnot base64\n-----END RSA PRIVATE KEY-----\n") }
        #expect(throws: LazAIError.self) { try RSAPrivateKey(pem: LazAIDevKeys.rsaPublicKeyPEM) }
        let key = try RSAPrivateKey(pem: LazAIDevKeys.rsaPrivateKeyPEM)
        #expect(throws: LazAIError.self) { try key.decryptPKCS1v15([1, 2, 3]) }
        #expect(throws: LazAIError.self) { try key.decryptHex("zz") }
        // a full-length block that is not a PKCS#1 v1.5 encryption to this key
        #expect(throws: LazAIError.self) { try key.decryptPKCS1v15([UInt8](repeating: 1, count: 256)) }
    }

    @Test func gpgDecryptsPythonGnupgCiphertext() throws {
        let cipher = try #require(Base64.decode(LazAIFixtures.fileGPGCiphertextBase64))
        let plain = try GPG.decryptSymmetric(cipher, passphrase: LazAIFixtures.password)
        #expect(String(decoding: plain, as: UTF8.self) == LazAIFixtures.filePlaintext)
    }

    @Test func gpgWrongPasswordIsAClearError() throws {
        let cipher = try #require(Base64.decode(LazAIFixtures.fileGPGCiphertextBase64))
        do {
            _ = try GPG.decryptSymmetric(cipher, passphrase: "not the password")
            Issue.record("decrypted with a wrong password")
        } catch {
            #expect(error.message.contains("wrong password"))
        }
        #expect(throws: LazAIError.self) { try GPG.decryptSymmetric(Array("plain text, not OpenPGP".utf8), passphrase: "x") }
        #expect(throws: LazAIError.self) { try GPG.decryptSymmetric([], passphrase: "x") }
    }

    @Test func base64MatchesRFC4648Vectors() {
        // RFC 4648 §10
        let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64.decode("Zm9v!") == nil)
    }
}
