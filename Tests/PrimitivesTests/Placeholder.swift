import Testing
@testable import Primitives

@Suite struct PrimitivesPlaceholder { @Test func builds() { #expect(Bool(true)) } }
