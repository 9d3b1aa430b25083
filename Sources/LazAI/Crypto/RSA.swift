import COpenSSL

/// What went wrong in LazAI's node or file store; `description` is one line for a person.
public struct LazAIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An RSA private key (PKCS#1 PEM), held by OpenSSL's libcrypto.
/// STUB (scaffolding): helper `lazainode` implements it over COpenSSL.
public struct RSAPrivateKey: Sendable {
    /// The PEM text it was read from.
    public let pem: String
    /// The public half, PKCS#1 PEM ("-----BEGIN RSA PUBLIC KEY-----", what Alith's
    /// `rsa.PublicKey.load_pkcs1` reads).
    public let publicKeyPEM: String

    /// Reads a PKCS#1 ("BEGIN RSA PRIVATE KEY") or PKCS#8 ("BEGIN PRIVATE KEY") PEM.
    /// - Throws: `LazAIError` when the text is not an RSA private key.
    public init(pem: String) throws(LazAIError) {
        self.pem = pem
        guard pem.trimmingCharacters() == LazAIDevKeys.rsaPrivateKeyPEM.trimmingCharacters() else {
            throw LazAIError("RSA keys other than the devnet's are not read yet")
        }
        self.publicKeyPEM = LazAIDevKeys.rsaPublicKeyPEM
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
