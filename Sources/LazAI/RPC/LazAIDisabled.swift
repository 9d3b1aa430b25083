import Node

/// What a devnet started with `--no-lazai` (or `lazai.enabled = false`) answers in LazAI's place,
/// so a client learns that LazAI is off rather than meeting a generic "method not found" or a
/// JSON-RPC parse error for an upload.
public enum LazAIDisabled {
    /// The one-line reason every answer carries.
    public static let message = "LazAI is off on this devnet (started with --no-lazai or lazai.enabled = false); restart without it to use LazAI"

    /// `lazai_*` → −32601 with `message`.
    public struct RPC: RPCExtension {
        public init() {}
        public var methods: [String: Int] {
            Dictionary(uniqueKeysWithValues: LazAIRPC.methodNames.map { ($0, 8) })
        }
        public func call(method: String, params: JSON) async throws(RPCError) -> JSON {
            throw RPCError(code: -32601, message: "\(method): \(LazAIDisabled.message)")
        }
    }

    /// Every `/lazai/` path → HTTP 503 `{"error":{"message","type":"lazai_disabled"}}`.
    public static let routes: RPCServer.Routes = { _ in
        LazAIHTTP.error(503, message, type: "lazai_disabled")
    }
}
