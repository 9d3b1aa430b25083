import Testing
@testable import Node

/// A handler that knows two methods, so framing can be tested without a chain.
struct MockHandler: RPCHandler {
    func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        switch method {
        case "eth_chainId": return .string("0x7a69")
        case "echo": return params
        case "fail": throw RPCError.server("nonce too low: next nonce 3, tx nonce 1")
        default: throw RPCError.methodNotFound(method)
        }
    }
}

/// JSON-RPC 2.0 framing (https://www.jsonrpc.org/specification §4–§6), against the dispatcher alone.
@Suite struct FramingTests {
    let dispatcher = RPCDispatcher(handler: MockHandler())

    func answer(_ body: String) async throws -> JSON? {
        guard let bytes = await dispatcher.handle(body: Array(body.utf8)) else { return nil }
        return try JSON.parse(bytes)
    }

    func errorCode(_ r: JSON?) -> Int? {
        guard case .number(let s)? = r?["error"]?["code"] else { return nil }
        return Int(s)
    }

    @Test(arguments: ["{\"jsonrpc\": \"2.0\", \"method\": \"eth_chainId\", \"params\": [], \"id\": 1",
                      "not json at all",
                      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[}"])
    func invalidJSONIsParseErrorWithNullID(body: String) async throws {
        let r = try #require(try await answer(body))
        #expect(errorCode(r) == -32700)
        #expect(r["id"] == .null)
        #expect(r["result"] == nil)
        #expect(r["jsonrpc"] == .string("2.0"))
    }

    @Test(arguments: ["1", "\"eth_chainId\"", "true", "null"])
    func nonObjectIsInvalidRequest(body: String) async throws {
        let r = try await answer(body)
        #expect(errorCode(r) == -32600)
        #expect(r?["id"] == .null)
    }

    @Test func badVersionAndNonStringMethodAreInvalidRequests() async throws {
        let r1 = try await answer("{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"eth_chainId\",\"params\":[]}")
        #expect(errorCode(r1) == -32600)
        #expect(r1?["id"] == .number("7"))
        let r2 = try await answer("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":123,\"params\":[]}")
        #expect(errorCode(r2) == -32600)
        let r3 = try await answer("{\"id\":9,\"method\":\"eth_chainId\"}")
        #expect(errorCode(r3) == -32600)
        let r4 = try await answer("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"eth_chainId\",\"params\":5}")
        #expect(errorCode(r4) == -32600)
    }

    @Test func unknownMethodEchoesID() async throws {
        let r = try await answer("{\"jsonrpc\":\"2.0\",\"id\":\"abc-id\",\"method\":\"foo_bar\",\"params\":[]}")
        #expect(errorCode(r) == -32601)
        #expect(r?["id"] == .string("abc-id"))
    }

    @Test(arguments: ["1", "0", "1099511627776", "\"a string id\"", "\"0x10\"", "null", "-5", "1.5e3"])
    func idIsEchoedVerbatim(id: String) async throws {
        let body = "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\"eth_chainId\",\"params\":[]}"
        let bytes = try #require(await dispatcher.handle(body: Array(body.utf8)))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text == "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"result\":\"0x7a69\"}")
    }

    @Test func batchWithResultsAndErrorsKeepsOrder() async throws {
        let r = try await answer("""
            [{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]},
             {"jsonrpc":"2.0","id":2,"method":"eth_noSuchMethod","params":[]},
             {"jsonrpc":"2.0","id":"three","method":"fail","params":[]}]
            """)
        guard case .array(let items)? = r else { Issue.record("not an array: \(String(describing: r))"); return }
        #expect(items.count == 3)
        #expect(items[0]["result"] == .string("0x7a69"))
        #expect(errorCode(items[1]) == -32601)
        #expect(errorCode(items[2]) == -32000)
        #expect(items[2]["id"] == .string("three"))
        #expect(items[2]["error"]?["message"] == .string("nonce too low: next nonce 3, tx nonce 1"))
    }

    @Test func batchWithInvalidMember() async throws {
        let r = try await answer("[1, {\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"eth_chainId\",\"params\":[]}]")
        guard case .array(let items)? = r else { Issue.record("not an array"); return }
        #expect(items.count == 2)
        #expect(errorCode(items[0]) == -32600 && items[0]["id"] == .null)
        #expect(items[1]["id"] == .number("9"))
    }

    @Test func emptyBatchIsOneInvalidRequestObject() async throws {
        let r = try await answer("[]")
        #expect(errorCode(r) == -32600)
        #expect(r?["id"] == .null)
    }

    @Test func notificationsAreNotAnswered() async throws {
        #expect(try await answer("{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\",\"params\":[]}") == nil)
        #expect(try await answer("{\"jsonrpc\":\"2.0\",\"method\":\"eth_noSuchMethod\"}") == nil)
        #expect(try await answer("[{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\",\"params\":[]}]") == nil)
        let r = try await answer("""
            [{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]},
             {"jsonrpc":"2.0","method":"eth_chainId","params":[]},
             {"jsonrpc":"2.0","id":2,"method":"echo","params":[]},
             {"jsonrpc":"2.0","method":"eth_noSuchMethod","params":[]}]
            """)
        guard case .array(let items)? = r else { Issue.record("not an array"); return }
        #expect(items.map { $0["id"] } == [.number("1"), .number("2")])
    }

    @Test func missingParamsBecomeEmptyArray() async throws {
        let r = try await answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\"}")
        #expect(r?["result"] == .array([]))
    }
}
