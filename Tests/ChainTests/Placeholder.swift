import Testing
@testable import Chain

@Suite struct ChainPlaceholder { @Test func builds() { #expect(Bool(true)) } }
