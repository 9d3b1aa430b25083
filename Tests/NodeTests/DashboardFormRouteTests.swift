import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
@testable import Node

/// The HTTP front's route for the dashboard's form posts (`RPCServer.Forms`): POSTs under
/// `/dashboard/` go to the hook, everything else stays JSON-RPC exactly as before.
@Suite struct DashboardFormRouteTests {
    /// A hook in the dashboard's manner: 403 unless the body carries token=secret, else the action
    /// is recorded and the answer is a 303 to /sequencers; nil (not a form path) for /dashboard/rpc.
    final class Hook: Sendable {
        let actions = Mutex<[String]>([])
        var forms: RPCServer.Forms {
            { [self] path, contentType, body in
                if path == "/dashboard/rpc" { return nil }
                let text = String(decoding: body, as: UTF8.self)
                guard text.contains("token=secret") else { return (403, nil, "<p>forbidden</p>") }
                actions.withLock { $0.append("\(path) \(contentType ?? "-") \(text)") }
                return (303, "/sequencers", "<p>done</p>")
            }
        }
    }

    func server(forms: RPCServer.Forms?) -> RPCServer {
        RPCServer(handler: MockHandler(), port: 0, pages: { _, _ in (200, "<p>page</p>") }, forms: forms)
    }

    let chainId = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}"
    let chainIdAnswer = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x7a69\"}"
    let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func withoutTheTokenA403AndNothingDone() async throws {
        let hook = Hook()
        try await server(forms: hook.forms).makeApplication().test(.router) { client in
            try await client.execute(uri: "/dashboard/action", method: .post, headers: formType,
                                     body: ByteBuffer(string: "sequencer=0&action=stop")) { r in
                #expect(r.status == .forbidden)
                #expect(r.headers[.contentType] == "text/html; charset=utf-8")
                #expect(r.headers[.location] == nil)
                #expect(r.headers[.accessControlAllowOrigin] == nil)
                #expect(String(buffer: r.body) == "<p>forbidden</p>")
            }
        }
        #expect(hook.actions.withLock { $0 }.isEmpty)
    }

    @Test func withTheTokenA303AndTheActionTaken() async throws {
        let hook = Hook()
        try await server(forms: hook.forms).makeApplication().test(.router) { client in
            try await client.execute(uri: "/dashboard/action", method: .post, headers: formType,
                                     body: ByteBuffer(string: "token=secret&sequencer=0&action=stop")) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/sequencers")
                #expect(r.headers[.cacheControl] == "no-store")
            }
        }
        #expect(hook.actions.withLock { $0 } == ["/dashboard/action application/x-www-form-urlencoded token=secret&sequencer=0&action=stop"])
    }

    @Test func jsonRPCIsUnchanged() async throws {
        let hook = Hook()
        try await server(forms: hook.forms).makeApplication().test(.router) { client in
            // POST / and any path outside /dashboard/: JSON-RPC with CORS, the hook is not asked.
            for uri in ["/", "/rpc", "/dashboardx"] {
                try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: chainId)) { r in
                    #expect(r.status == .ok)
                    #expect(r.headers[.accessControlAllowOrigin] == "*")
                    #expect(String(buffer: r.body) == chainIdAnswer)
                }
            }
            // A /dashboard/ path the hook declines: JSON-RPC too.
            try await client.execute(uri: "/dashboard/rpc", method: .post, body: ByteBuffer(string: chainId)) { r in
                #expect(String(buffer: r.body) == chainIdAnswer)
            }
        }
        #expect(hook.actions.withLock { $0 }.isEmpty)
        // No hook (the L1 port): every POST is JSON-RPC, /dashboard/action included.
        try await server(forms: nil).makeApplication().test(.router) { client in
            try await client.execute(uri: "/dashboard/action", method: .post, body: ByteBuffer(string: chainId)) { r in
                #expect(String(buffer: r.body) == chainIdAnswer)
            }
        }
    }

    /// The pages embed the form token: no CORS header, so another origin's script cannot read them.
    @Test func pagesCarryNoCORSHeader() async throws {
        try await server(forms: nil).makeApplication().test(.router) { client in
            try await client.execute(uri: "/sequencers", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.accessControlAllowOrigin] == nil)
                #expect(r.headers[.cacheControl] == "no-store")
            }
        }
    }
}
