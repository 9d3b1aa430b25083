import Testing
@testable import State

@Suite struct StatePlaceholder { @Test func builds() { #expect(Bool(true)) } }
