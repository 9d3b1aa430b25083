import Testing
@testable import Trie

@Suite struct TriePlaceholder { @Test func builds() { #expect(Bool(true)) } }
