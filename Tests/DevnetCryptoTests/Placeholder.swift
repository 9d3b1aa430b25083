import Testing
@testable import DevnetCrypto

@Suite struct DevnetCryptoPlaceholder { @Test func builds() { #expect(Bool(true)) } }
