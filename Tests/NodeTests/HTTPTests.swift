import Hummingbird
import HummingbirdTesting
import Testing
@testable import Node

/// The HTTP front through Hummingbird's router test framework.
@Suite struct HTTPTests {
    func server(maxRequestBytes: Int = 5 * 1024 * 1024, pages: RPCServer.Pages? = nil) -> RPCServer {
        RPCServer(handler: MockHandler(), port: 0, limits: RPCLimits(maxRequestBytes: maxRequestBytes), pages: pages)
    }

    @Test func postAnswersJSONWithCORS() async throws {
        try await server().makeApplication().test(.router) { client in
            try await client.execute(uri: "/", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}")) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "application/json")
                #expect(r.headers[.accessControlAllowOrigin] == "*")
                #expect(String(buffer: r.body) == "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x7a69\"}")
            }
        }
    }

    @Test func notificationGetsEmptyBody() async throws {
        try await server().makeApplication().test(.router) { client in
            try await client.execute(uri: "/", method: .post,
                                     body: ByteBuffer(string: "{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"}")) { r in
                #expect(r.status.code < 300)
                #expect(r.body.readableBytes == 0)
            }
        }
    }

    @Test func oversizedBodyIs413AndServerKeepsServing() async throws {
        try await server(maxRequestBytes: 1024).makeApplication().test(.router) { client in
            let big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":[\"0x" + String(repeating: "ab", count: 4096) + "\"]}"
            try await client.execute(uri: "/", method: .post, body: ByteBuffer(string: big)) { r in
                #expect(r.status == .contentTooLarge)
                let err = try JSON.parse(Array(r.body.readableBytesView))
                #expect(err["error"]?["code"] == .number("-32600"))
            }
            try await client.execute(uri: "/", method: .post,
                                     body: ByteBuffer(string: "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_chainId\"}")) { r in
                #expect(r.status == .ok)
            }
        }
    }

    @Test func preflightAllowsBrowserWallets() async throws {
        try await server().makeApplication().test(.router) { client in
            try await client.execute(uri: "/", method: .options,
                                     headers: [.origin: "http://localhost:3000", .accessControlRequestMethod: "POST"]) { r in
                #expect(r.status == .noContent)
                #expect(r.headers[.accessControlAllowOrigin] == "*")
                #expect(r.headers[.accessControlAllowMethods]?.contains("POST") == true)
                #expect(r.headers[.accessControlAllowHeaders]?.contains("Content-Type") == true)
            }
            try await client.execute(uri: "/", method: .options,
                                     headers: [.origin: "http://localhost:3000", .accessControlRequestHeaders: "content-type,x-sdk"]) { r in
                #expect(r.headers[.accessControlAllowHeaders] == "content-type,x-sdk")
            }
        }
    }

    @Test func getGoesToThePagesHook() async throws {
        let pages: RPCServer.Pages = { path, query in
            path == "/block/7" ? (200, "<p>block \(query["full"] ?? "-")</p>") : nil
        }
        try await server(pages: pages).makeApplication().test(.router) { client in
            try await client.execute(uri: "/block/7?full=yes", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: r.body) == "<p>block yes</p>")
            }
            try await client.execute(uri: "/nothing", method: .get) { r in
                #expect(r.status == .notFound)
            }
        }
        try await server().makeApplication().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { r in #expect(r.status == .notFound) }
        }
    }

    /// geth answers PUT/DELETE with 405 "method not allowed"; the body here also says to POST.
    @Test func otherMethodsGet405WithAHint() async throws {
        try await server().makeApplication().test(.router) { client in
            for method in [HTTPRequest.Method.put, .delete] {
                try await client.execute(uri: "/", method: method, body: ByteBuffer(string: "{}")) { r in
                    #expect(r.status == .methodNotAllowed)
                    #expect(r.headers[.allow] == "POST, GET, OPTIONS")
                    #expect(r.headers[.contentType] == "text/plain; charset=utf-8")
                    let text = String(buffer: r.body)
                    #expect(text.hasPrefix("method not allowed"))
                    #expect(text.contains("POST"))
                }
            }
        }
    }
}
