import Testing
@testable import EVM

@Suite struct EVMPlaceholder { @Test func builds() { #expect(Bool(true)) } }
