import Testing
@testable import Crypto

@Suite struct CryptoPlaceholder { @Test func builds() { #expect(Bool(true)) } }
