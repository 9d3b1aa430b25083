import Chain
import DevnetCrypto
import HummingbirdTesting
import Primitives
import Testing
@testable import Node

/// debug_* error answers as geth gives them.
@Suite struct TesterTraceErrorTests {
    /// An unknown transaction is -32000 (geth: "transaction not found"), not an internal error.
    @Test func traceOfAnUnknownTransactionIsAServerError() async throws {
        let node = try NodeTestSupport.makeNode()
        let hash = "0x" + String(repeating: "11", count: 32)
        let e = try #require(try await NodeTestSupport.error(node, "debug_traceTransaction", "[\"\(hash)\"]"))
        #expect(e.code == -32000)
        #expect(e.message == "transaction \(hash) not found")
    }

    /// The tracer name is quoted once in the refusal.
    @Test func unknownTracerNameIsQuotedOnce() async throws {
        let node = try NodeTestSupport.makeNode()
        let e = try #require(try await NodeTestSupport.error(node, "debug_traceCall",
            "[{\"to\": \"\(NodeTestSupport.dev0)\"}, \"latest\", {\"tracer\": \"fooTracer\"}]"))
        #expect(e.code == -32602)
        #expect(e.message.hasPrefix("invalid argument 2: tracer \"fooTracer\" is not supported"))
    }
}
