/// Anything that answers one unframed JSON-RPC call. `ChainNode` is the real one; tests may use others.
public protocol RPCHandler: Sendable {
    /// - Parameters:
    ///   - method: the request's "method" member.
    ///   - params: the "params" member; `.array([])` when the request had none.
    /// - Throws: `RPCError` (use `RPCError.from` for anything else).
    func call(method: String, params: JSON) async throws(RPCError) -> JSON
}

/// JSON-RPC 2.0 framing (https://www.jsonrpc.org/specification), transport-free:
/// - a body that is not JSON → one -32700 error with id null;
/// - a request that is not an object, has "jsonrpc" ≠ "2.0", a non-string "method", an id that is not
///   a string/number/null, or "params" that is neither array nor object → -32600 (id echoed when usable);
/// - a batch (array) is answered by an array holding one answer per request that has an id, in order;
///   an empty batch → one -32600 object; a batch of notifications only → no body;
/// - a notification (no "id" member) is executed but never answered;
/// - ids are echoed exactly as written (number literal, string or null).
public struct RPCDispatcher: Sendable {
    public let handler: any RPCHandler
    /// Most requests accepted in one batch (longer batches get `[{"id": first id, "error":
    /// {"code": -32600, "message": "batch too large"}}]`, as geth's `BatchRequestLimit`).
    public let maxBatchLength: Int

    public init(handler: any RPCHandler, maxBatchLength: Int = 1000) {
        self.handler = handler
        self.maxBatchLength = maxBatchLength
    }

    /// Answers one HTTP body. Returns nil when nothing must be sent back (notifications).
    public func handle(body: [UInt8]) async -> [UInt8]? {
        let parsed: JSON
        do {
            parsed = try JSON.parse(body)
        } catch {
            return Self.response(id: .null, error: RPCError(code: -32700, message: "parse error: \(error)")).serialized()
        }
        return await handle(parsed)?.serialized()
    }

    /// Answers one parsed body (single request or batch); nil when nothing must be sent back.
    public func handle(_ body: JSON) async -> JSON? {
        if case .array(let items) = body {
            if items.isEmpty { return Self.response(id: .null, error: .invalidRequest("empty batch")) }
            if items.count > maxBatchLength {
                // geth's answer (rpc/handler.go): one -32600 "batch too large" in an array, carrying
                // the id of the first request that has one; nothing in the batch is executed.
                let firstID = items.lazy.compactMap { item -> JSON? in
                    guard let id = item["id"] else { return nil }
                    switch id {
                    case .string, .number, .null: return id
                    default: return nil
                    }
                }.first ?? .null
                return .array([Self.response(id: firstID, error: RPCError(code: -32600, message: "batch too large"))])
            }
            var answers: [JSON] = []
            answers.reserveCapacity(items.count)
            for item in items {
                if let a = await handleOne(item) { answers.append(a) }
            }
            return answers.isEmpty ? nil : .array(answers)
        }
        return await handleOne(body)
    }

    /// One request object → its response object, or nil for a notification.
    func handleOne(_ request: JSON) async -> JSON? {
        guard case .object = request else {
            return Self.response(id: .null, error: .invalidRequest("a request must be a JSON object, got \(request.typeName)"))
        }
        // id: absent → notification; present → must be string, number or null.
        let idMember = request["id"]
        var id: JSON = .null
        if let idMember {
            switch idMember {
            case .string, .number, .null: id = idMember
            default:
                return Self.response(id: .null, error: .invalidRequest("id must be a string, a number or null"))
            }
        }
        guard request["jsonrpc"] == .string("2.0") else {
            return Self.response(id: id, error: .invalidRequest("\"jsonrpc\" must be exactly \"2.0\""))
        }
        guard case .string(let method)? = request["method"] else {
            return Self.response(id: id, error: .invalidRequest("\"method\" must be a string"))
        }
        let params: JSON
        switch request["params"] {
        case nil, .null?: params = .array([])
        case .array?, .object?: params = request["params"]!
        default:
            return Self.response(id: id, error: .invalidRequest("\"params\" must be an array or an object"))
        }
        do {
            let result = try await handler.call(method: method, params: params)
            return idMember == nil ? nil : Self.response(id: id, result: result)
        } catch {
            return idMember == nil ? nil : Self.response(id: id, error: error)
        }
    }

    static func response(id: JSON, result: JSON) -> JSON {
        .object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])
    }

    static func response(id: JSON, error: RPCError) -> JSON {
        .object([("jsonrpc", .string("2.0")), ("id", id), ("error", error.json)])
    }
}
