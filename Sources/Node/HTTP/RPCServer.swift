import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging

import ServiceLifecycle

/// The HTTP and WebSocket front of one node (Hummingbird 2), run as a swift-service-lifecycle `Service`.
///
/// Routes (any path is accepted for POST and for the WebSocket upgrade, as geth and anvil do):
/// - a WebSocket upgrade (`GET` with `Upgrade: websocket`, RFC 6455) on any path → a
///   `WebSocketSession`: JSON-RPC requests and batches over WS, plus eth_subscribe/eth_unsubscribe
///   when the server has an event source (a `ChainNode`'s `events`).
/// - `POST` to a path under `/dashboard/` on a server with a `forms` hook → that hook (the
///   dashboard's buttons post `application/x-www-form-urlencoded` forms there); its answer is sent
///   as HTML with a `Location` for a 303. A nil answer falls through to JSON-RPC.
/// - `GET`/`POST` to a path under `/lazai/` on a server with a `routes` hook → that hook (LazAI's
///   file store and its nodes' Alith-compatible HTTP API); its answer is sent as it is, with CORS
///   headers. A nil answer falls through (POST → JSON-RPC, GET → `pages`).
/// - any other `POST` → JSON-RPC 2.0 through `RPCDispatcher`; body limited to `limits.maxRequestBytes` (default
///   5 MiB, geth's limit): a larger body gets HTTP 413 with a JSON-RPC error object, and the server
///   keeps serving. A notification-only request gets HTTP 204 with no body.
/// - `OPTIONS` → CORS preflight (204).
/// - `GET`/`HEAD` → the `pages` hook (the dashboard on the L2 port); no hook or a nil answer → 404.
///   Dashboard answers (pages and form posts) carry no CORS headers: the pages embed the form
///   token, which another origin must not be able to read.
/// - any other method (PUT, DELETE…) → 405 with `Allow` and a one-line plain-text body saying to POST.
/// Every other answer carries `Access-Control-Allow-Origin: *` so browser wallets and dApps can call it.
public struct RPCServer: Service {
    /// The dashboard hook: path (e.g. "/block/12") and decoded query items → status and an HTML page,
    /// or nil when the path is not a page (→ 404).
    public typealias Pages = @Sendable (_ path: String, _ query: [String: String]) async -> (status: Int, html: String)?
    /// The dashboard's form hook: path (under `/dashboard/`), the request's `Content-Type` and body
    /// → status, `Location` (for a 303) and an HTML page, or nil when the path is not a form
    /// handler (→ the request is answered as JSON-RPC).
    public typealias Forms = @Sendable (_ path: String, _ contentType: String?, _ body: [UInt8]) async
        -> (status: Int, location: String?, html: String)?

    /// The HTTP routes hook: a request to a path under `/lazai/` → an answer, or nil when the path
    /// is not one of its routes.
    public typealias Routes = @Sendable (_ request: HTTPRouteRequest) async -> HTTPRouteResponse?

    public let dispatcher: RPCDispatcher
    public let host: String
    public let port: Int
    /// Body, batch, subscription and WebSocket limits (see `RPCLimits`).
    public let limits: RPCLimits
    /// Largest accepted HTTP request body in bytes (`limits.maxRequestBytes`).
    public var maxRequestBytes: Int { limits.maxRequestBytes }
    /// Where eth_subscribe gets its events; nil → "notifications not supported".
    public let events: ChainEventHub?
    public let pages: Pages?
    public let forms: Forms?
    public let routes: Routes?
    public let logger: Logger
    public let onListening: (@Sendable (_ port: Int) async -> Void)?

    /// - Parameters:
    ///   - node: the chain to serve.
    ///   - host: bind address, "127.0.0.1" by default.
    ///   - port: TCP port (0 = any free port, reported to `onListening`).
    ///   - limits: body, batch, subscription and WebSocket limits.
    ///   - pages: GET handler (dashboard), optional.
    ///   - forms: POST handler for paths under `/dashboard/` (dashboard buttons), optional.
    ///   - routes: GET/POST handler for paths under `/lazai/`, optional.
    ///   - onListening: called once the socket is bound, with the bound port.
    public init(node: ChainNode, host: String = "127.0.0.1", port: Int, limits: RPCLimits = RPCLimits(),
                pages: Pages? = nil, forms: Forms? = nil, routes: Routes? = nil,
                logger: Logger = Logger(label: "metis-devnet.rpc"),
                onListening: (@Sendable (_ port: Int) async -> Void)? = nil) {
        self.init(handler: node, events: node.events, host: host, port: port, limits: limits, pages: pages,
                  forms: forms, routes: routes, logger: logger, onListening: onListening)
    }

    /// Same, over any `RPCHandler` (tests); `events` nil: no subscriptions.
    public init(handler: any RPCHandler, events: ChainEventHub? = nil, host: String = "127.0.0.1", port: Int,
                limits: RPCLimits = RPCLimits(),
                pages: Pages? = nil, forms: Forms? = nil, routes: Routes? = nil,
                logger: Logger = Logger(label: "metis-devnet.rpc"),
                onListening: (@Sendable (_ port: Int) async -> Void)? = nil) {
        self.dispatcher = RPCDispatcher(handler: handler, maxBatchLength: limits.maxBatchLength)
        self.host = host
        self.port = port
        self.limits = limits
        self.events = events
        self.pages = pages
        self.forms = forms
        self.routes = routes
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        try await makeApplication().run()
    }

    /// The Hummingbird application (exposed for `HummingbirdTesting`).
    public func makeApplication() -> some ApplicationProtocol {
        let responder = CallbackResponder<BasicRequestContext> { [dispatcher, maxRequestBytes, pages, forms, routes] request, _ in
            try await Self.respond(to: request, dispatcher: dispatcher, maxRequestBytes: maxRequestBytes, pages: pages,
                                   forms: forms, routes: routes)
        }
        let onListening = self.onListening
        let handler = dispatcher.handler
        let events = self.events
        let limits = self.limits
        return Application(
            responder: responder,
            // A client that stops sending mid-request is dropped after 60 s of silence, so it can
            // neither hold a connection forever nor keep a graceful shutdown waiting. WebSocket
            // connections are pinged every 30 s instead.
            server: .http1WebSocketUpgrade(
                configuration: .init(http1: .init(idleTimeout: .seconds(60)),
                                     ws: .init(maxFrameSize: limits.wsMaxFrameBytes))
            ) { _, channel, logger in
                .upgrade([:]) { inbound, outbound, _ in
                    let session = WebSocketSession(handler: handler, hub: events, limits: limits, logger: logger,
                                                   dropConnection: { channel.close(promise: nil) })
                    try await session.run(inbound: inbound, outbound: outbound)
                }
            },
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
                        pages: Pages?, forms: Forms? = nil, routes: Routes? = nil) async throws -> Response {
        var headers = corsHeaders
        if let routes, request.uri.path.hasPrefix(Self.routePrefix), request.method == .get || request.method == .post {
            var body: [UInt8] = []
            if request.method == .post {
                do {
                    body = Array(try await request.body.collect(upTo: maxRequestBytes).readableBytesView)
                } catch {
                    headers[.contentType] = "application/json"
                    let text = #"{"error":{"message":"request body larger than \#(maxRequestBytes) bytes","type":"invalid_request_error"}}"#
                    return Response(status: .contentTooLarge, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
                }
            }
            var query: [String: String] = [:]
            for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
            var fields: [String: String] = [:]
            for field in request.headers { fields[field.name.canonicalName] = field.value }
            let routeRequest = HTTPRouteRequest(method: request.method == .get ? "GET" : "POST", path: request.uri.path,
                                                query: query, headers: fields, body: body)
            if let answer = await routes(routeRequest) {
                headers[.contentType] = answer.contentType
                for (name, value) in answer.headers {
                    if let field = HTTPField.Name(name) { headers[field] = value }
                }
                return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                                body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
            }
            if request.method == .post, let answer = await dispatcher.handle(body: body) {
                headers[.contentType] = "application/json"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer)))
            }
        }
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
            if let forms, Self.isFormPath(request.uri.path),
               let page = await forms(request.uri.path, request.headers[.contentType], bytes) {
                return Self.htmlResponse(status: page.status, location: page.location, html: page.html)
            }
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
                return Self.htmlResponse(status: page.status, location: nil, html: page.html)
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

    /// Requests to paths starting with this go to the `routes` hook first.
    public static let routePrefix = "/lazai/"

    /// True for the paths the `forms` hook is asked about: `/dashboard` and everything under `/dashboard/`.
    static func isFormPath(_ path: String) -> Bool {
        path == "/dashboard" || path.hasPrefix("/dashboard/")
    }

    /// A dashboard answer: HTML, no CORS headers (the pages embed the form token, which other
    /// origins must not read), `no-store` so a stale token is not reused from a cache, and the
    /// `Location` of a redirect.
    static func htmlResponse(status: Int, location: String?, html: String) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        if let location { headers[.location] = location }
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The body of a 405 (PUT, DELETE, PATCH…): geth answers "method not allowed"; this also says what works.
    static let methodNotAllowedText =
        "method not allowed: send JSON-RPC 2.0 requests with POST (Content-Type: application/json)\n"
}

/// One HTTP request handed to `RPCServer.Routes`.
public struct HTTPRouteRequest: Sendable {
    /// "GET" or "POST".
    public var method: String
    /// The path, e.g. "/lazai/files/3" (no query).
    public var path: String
    /// Decoded query items.
    public var query: [String: String]
    /// Header fields by lowercase name (e.g. "x-lazai-user"); a repeated field keeps its last value.
    public var headers: [String: String]
    /// The body (empty for GET), at most the server's `maxRequestBytes`.
    public var body: [UInt8]

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// The answer of `RPCServer.Routes`: sent with the server's CORS headers.
public struct HTTPRouteResponse: Sendable {
    /// HTTP status, e.g. 200, 401, 404.
    public var status: Int
    /// `Content-Type`, e.g. "application/json".
    public var contentType: String
    /// Extra header fields (name → value).
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, contentType: String = "application/json", headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// A JSON answer from already-serialized text.
    public static func json(_ status: Int, _ text: String) -> HTTPRouteResponse {
        HTTPRouteResponse(status: status, body: Array(text.utf8))
    }
}
