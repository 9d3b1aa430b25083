import COpenSSL

/// What went wrong in LazAI's node or file store; `description` is one line for a person.
public struct LazAIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An RSA private key held by OpenSSL's libcrypto (EVP_PKEY, OpenSSL 3.0 API).
///
/// Alith encrypts each data file's password to a node's RSA public key with PKCS#1 v1.5
/// (`rsa.encrypt`, RFC 8017 §7.2) and sends it hex-encoded (a file permission's `key`, or a
/// ProofRequest's `encryption_key`); the node decrypts it with this key.
public struct RSAPrivateKey: Sendable {
    /// The PEM text it was read from.
    public let pem: String
    /// The public half, PKCS#1 PEM ("-----BEGIN RSA PUBLIC KEY-----", DER `RSAPublicKey ::=
    /// SEQUENCE { modulus INTEGER, publicExponent INTEGER }`, RFC 8017 §A.1.1; base64 in 64-column
    /// lines, a trailing newline): what Alith's `rsa.PublicKey.load_pkcs1` reads and what
    /// `openssl rsa -RSAPublicKey_out` prints.
    public let publicKeyPEM: String
    /// Modulus size in bytes (256 for RSA-2048): the length of every ciphertext.
    public let modulusBytes: Int
    let key: EVPKey

    /// Reads a PKCS#1 ("BEGIN RSA PRIVATE KEY") or PKCS#8 ("BEGIN PRIVATE KEY") PEM, unencrypted.
    /// - Throws: `LazAIError` when the text is not an RSA private key PEM.
    public init(pem: String) throws(LazAIError) {
        self.pem = pem
        let bytes = Array(pem.utf8)
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { throw LazAIError("the RSA private key PEM is empty") }
        ERR_clear_error()
        let pkey: OpaquePointer? = bytes.withUnsafeBytes { raw -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            // The empty passphrase callback result keeps OpenSSL from prompting on a terminal for an encrypted PEM.
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let pkey else {
            throw LazAIError("not an unencrypted RSA private key PEM (PKCS#1 \"BEGIN RSA PRIVATE KEY\" or PKCS#8 \"BEGIN PRIVATE KEY\"): \(Self.opensslError())")
        }
        let holder = EVPKey(pkey)
        guard EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA else {
            throw LazAIError("the private key PEM holds a key that is not RSA")
        }
        self.key = holder
        self.modulusBytes = Int(EVP_PKEY_get_size(pkey))
        guard let n = Self.bigNumParam(pkey, "n"), let e = Self.bigNumParam(pkey, "e") else {
            throw LazAIError("cannot read the RSA key's modulus and exponent: \(Self.opensslError())")
        }
        self.publicKeyPEM = Self.pkcs1PublicPEM(modulus: n, exponent: e)
    }

    /// Decrypts an RSAES-PKCS1-v1_5 ciphertext (RFC 8017 §7.2.2).
    /// - Parameter ciphertext: exactly `modulusBytes` bytes (256 for RSA-2048).
    /// - Returns: the message (at most `modulusBytes` − 11 bytes).
    /// - Throws: `LazAIError` for a ciphertext of the wrong length or one that does not decrypt
    ///   (another key, bad padding).
    public func decryptPKCS1v15(_ ciphertext: [UInt8]) throws(LazAIError) -> [UInt8] {
        guard ciphertext.count == modulusBytes else {
            throw LazAIError("RSA ciphertext is \(ciphertext.count) bytes; this \(modulusBytes * 8)-bit key needs \(modulusBytes)")
        }
        ERR_clear_error()
        guard let ctx = EVP_PKEY_CTX_new(key.pointer, nil) else { throw LazAIError("OpenSSL: \(Self.opensslError())") }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_decrypt_init(ctx) == 1, EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 else {
            throw LazAIError("OpenSSL cannot set up RSA PKCS#1 v1.5 decryption: \(Self.opensslError())")
        }
        var out = [UInt8](repeating: 0, count: modulusBytes)
        var outLength = out.count
        let ok = out.withUnsafeMutableBufferPointer { o in
            ciphertext.withUnsafeBufferPointer { c in
                EVP_PKEY_decrypt(ctx, o.baseAddress, &outLength, c.baseAddress, c.count)
            }
        }
        guard ok == 1 else {
            throw LazAIError("RSA PKCS#1 v1.5 decryption failed (encrypted to another key?): \(Self.opensslError())")
        }
        return Array(out.prefix(outLength))
    }

    /// Decrypts a hex ciphertext ("0x" optional), as Alith sends it (`rsa.encrypt(...).hex()`).
    /// - Throws: `LazAIError` for text that is not hex, else as `decryptPKCS1v15`.
    public func decryptHex(_ hex: String) throws(LazAIError) -> [UInt8] {
        guard let bytes = LazAIHex.decode(hex) else { throw LazAIError("the encrypted key is not hex") }
        return try decryptPKCS1v15(bytes)
    }

    // MARK: helpers

    /// The newest OpenSSL error queue entry as text (or "unknown error").
    static func opensslError() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "unknown error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A BIGNUM parameter of the key ("n", "e") as big-endian bytes without leading zeros.
    static func bigNumParam(_ pkey: OpaquePointer, _ name: String) -> [UInt8]? {
        var bn: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pkey, name, &bn) == 1, let bn else { return nil }
        defer { BN_free(bn) }
        let count = (Int(BN_num_bits(bn)) + 7) / 8
        var out = [UInt8](repeating: 0, count: max(count, 1))
        if count > 0 { _ = BN_bn2bin(bn, &out) }
        return out
    }

    /// PKCS#1 RSAPublicKey DER in a PEM "RSA PUBLIC KEY" block (RFC 7468 §2: 64-column base64).
    static func pkcs1PublicPEM(modulus: [UInt8], exponent: [UInt8]) -> String {
        let der = DER.sequence(DER.integer(modulus) + DER.integer(exponent))
        let b64 = Base64.encode(der)
        var text = "-----BEGIN RSA PUBLIC KEY-----\n"
        var i = b64.startIndex
        while i < b64.endIndex {
            let j = b64.index(i, offsetBy: 64, limitedBy: b64.endIndex) ?? b64.endIndex
            text += b64[i..<j] + "\n"
            i = j
        }
        return text + "-----END RSA PUBLIC KEY-----\n"
    }
}

/// Owns one EVP_PKEY; freed with the last copy of the `RSAPrivateKey`. EVP_PKEY is safe to use
/// from several threads for decryption (each call makes its own EVP_PKEY_CTX).
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }
}

/// Just enough DER (ITU-T X.690) for a PKCS#1 RSAPublicKey.
enum DER {
    static func length(_ n: Int) -> [UInt8] {
        if n < 0x80 { return [UInt8(n)] }
        var bytes: [UInt8] = []
        var v = n
        while v > 0 { bytes.insert(UInt8(v & 0xFF), at: 0); v >>= 8 }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    /// INTEGER of a non-negative big-endian magnitude (a 0x00 byte added when the top bit is set).
    static func integer(_ magnitude: [UInt8]) -> [UInt8] {
        var m = Array(magnitude.drop { $0 == 0 })
        if m.isEmpty { m = [0] }
        if m[0] & 0x80 != 0 { m.insert(0, at: 0) }
        return [0x02] + length(m.count) + m
    }

    static func sequence(_ content: [UInt8]) -> [UInt8] { [0x30] + length(content.count) + content }
}

/// RFC 4648 §4 base64 (with padding).
public enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes bytes as base64 text with "=" padding.
    public static func encode(_ data: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((data.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= data.count {
            let v = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2])
            out += [alphabet[Int(v >> 18 & 63)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], alphabet[Int(v & 63)]]
            i += 3
        }
        let rest = data.count - i
        if rest == 1 {
            let v = UInt32(data[i]) << 16
            out += [alphabet[Int(v >> 18 & 63)], alphabet[Int(v >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let v = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8
            out += [alphabet[Int(v >> 18 & 63)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes base64 text (padding optional, whitespace ignored); nil for any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var acc: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): v = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): v = 63
            case UInt8(ascii: "="), UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): continue
            default: return nil
            }
            acc = acc << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        return out
    }
}

/// Hex text helpers for the node's inputs.
enum LazAIHex {
    /// Bytes of hex text, "0x" optional, surrounding whitespace ignored; nil when not hex or odd length.
    static func decode(_ text: String) -> [UInt8]? {
        var s = Substring(text.trimmingCharacters())
        if s.hasPrefix("0x") || s.hasPrefix("0X") { s = s.dropFirst(2) }
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let h = nibble(u[i]), let l = nibble(u[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
