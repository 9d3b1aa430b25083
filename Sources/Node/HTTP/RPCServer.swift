import Hummingbird
import Logging

import ServiceLifecycle

/// The HTTP front of one node (Hummingbird 2), run as a swift-service-lifecycle `Service`.
///
/// Routes (any path is accepted for POST, as geth and anvil do):
/// - `POST` → JSON-RPC 2.0 through `RPCDispatcher`; body limited to `maxRequestBytes` (default 5 MiB,
///   geth's limit): a larger body gets HTTP 413 with a JSON-RPC error object, and the server keeps
///   serving. A notification-only request gets HTTP 204 with no body.
/// - `OPTIONS` → CORS preflight (204).
/// - `GET`/`HEAD` → the `pages` hook (the dashboard on the L2 port); no hook or a nil answer → 404.
/// - any other method (PUT, DELETE…) → 405 with `Allow` and a one-line plain-text body saying to POST.
/// Every answer carries `Access-Control-Allow-Origin: *` so browser wallets and dApps can call it.
public struct RPCServer: Service {
    /// The dashboard hook: path (e.g. "/block/12") and decoded query items → status and an HTML page,
    /// or nil when the path is not a page (→ 404).
    public typealias Pages = @Sendable (_ path: String, _ query: [String: String]) async -> (status: Int, html: String)?

    public let dispatcher: RPCDispatcher
    public let host: String
    public let port: Int
    public let maxRequestBytes: Int
    public let pages: Pages?
    public let logger: Logger
    public let onListening: (@Sendable (_ port: Int) async -> Void)?

    /// - Parameters:
    ///   - node: the chain to serve.
    ///   - host: bind address, "127.0.0.1" by default.
    ///   - port: TCP port (0 = any free port, reported to `onListening`).
    ///   - maxRequestBytes: largest accepted request body in bytes.
    ///   - pages: GET handler (dashboard), optional.
    ///   - onListening: called once the socket is bound, with the bound port.
    public init(node: ChainNode, host: String = "127.0.0.1", port: Int, maxRequestBytes: Int = 5 * 1024 * 1024,
                pages: Pages? = nil, logger: Logger = Logger(label: "metis-devnet.rpc"),
                onListening: (@Sendable (_ port: Int) async -> Void)? = nil) {
        self.init(handler: node, host: host, port: port, maxRequestBytes: maxRequestBytes, pages: pages,
                  logger: logger, onListening: onListening)
    }

    /// Same, over any `RPCHandler` (tests).
    public init(handler: any RPCHandler, host: String = "127.0.0.1", port: Int, maxRequestBytes: Int = 5 * 1024 * 1024,
                pages: Pages? = nil, logger: Logger = Logger(label: "metis-devnet.rpc"),
                onListening: (@Sendable (_ port: Int) async -> Void)? = nil) {
        self.dispatcher = RPCDispatcher(handler: handler)
        self.host = host
        self.port = port
        self.maxRequestBytes = maxRequestBytes
        self.pages = pages
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        try await makeApplication().run()
    }

    /// The Hummingbird application (exposed for `HummingbirdTesting`).
    public func makeApplication() -> some ApplicationProtocol {
        let responder = CallbackResponder<BasicRequestContext> { [dispatcher, maxRequestBytes, pages] request, _ in
            try await Self.respond(to: request, dispatcher: dispatcher, maxRequestBytes: maxRequestBytes, pages: pages)
        }
        let onListening = self.onListening
        return Application(
            responder: responder,
            // A client that stops sending mid-request is dropped after 60 s of silence, so it can
            // neither hold a connection forever nor keep a graceful shutdown waiting.
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                if let onListening, let p = channel.localAddress?.port { await onListening(p) }
            },
            logger: logger
        )
    }

    static let corsHeaders: HTTPFields = [
        .accessControlAllowOrigin: "*",
        .accessControlAllowMethods: "POST, GET, OPTIONS",
        .accessControlAllowHeaders: "Content-Type, Authorization",
        .accessControlMaxAge: "86400",
    ]

    static func respond(to request: Request, dispatcher: RPCDispatcher, maxRequestBytes: Int,
                        pages: Pages?) async throws -> Response {
        var headers = corsHeaders
        switch request.method {
        case .options:
            // allow whatever headers the browser asks for (wallet SDKs add their own)
            if let asked = request.headers[.accessControlRequestHeaders], !asked.isEmpty {
                headers[.accessControlAllowHeaders] = asked
            }
            return Response(status: .noContent, headers: headers)
        case .post:
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: maxRequestBytes)
            } catch {
                headers[.contentType] = "application/json"
                let err = RPCDispatcher.response(
                    id: .null,
                    error: RPCError(code: -32600, message: "request body larger than \(maxRequestBytes) bytes"))
                return Response(status: .contentTooLarge, headers: headers,
                                body: .init(byteBuffer: ByteBuffer(bytes: err.serialized())))
            }
            let bytes = Array(body.readableBytesView)
            guard let answer = await dispatcher.handle(body: bytes) else {
                return Response(status: .noContent, headers: headers)
            }
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer)))
        case .get, .head:
            let path = request.uri.path
            var query: [String: String] = [:]
            for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
            if let pages, let page = await pages(path, query) {
                headers[.contentType] = "text/html; charset=utf-8"
                return Response(status: HTTPResponse.Status(code: page.status), headers: headers,
                                body: .init(byteBuffer: ByteBuffer(string: page.html)))
            }
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
        default:
            headers[.allow] = "POST, GET, OPTIONS"
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(status: .methodNotAllowed, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: Self.methodNotAllowedText)))
        }
    }

    /// The body of a 405 (PUT, DELETE, PATCH…): geth answers "method not allowed"; this also says what works.
    static let methodNotAllowedText =
        "method not allowed: send JSON-RPC 2.0 requests with POST (Content-Type: application/json)\n"
}
