/// A table of extra JSON-RPC methods answered by a layer above Node (the Metis layer's
/// `rollup_*`, the rollup services' `devnet_*`), installed on a node with `ChainNode.install(_:)`.
///
/// The node looks its own tables up first; a method found in none of them is offered to the
/// installed extensions in installation order, and only then answered -32601. Before `call` runs,
/// the node has checked the positional parameter count against `methods` (-32602 "too many
/// arguments, want at most N", as for the node's own tables).
///
/// `call` runs while the node's actor is suspended on it (`await`), so an extension may call back
/// into the same node (and any other) with `ChainNode.call(method:params:)`.
public protocol RPCExtension: Sendable {
    /// Every method the extension answers → the most positional parameters it takes.
    var methods: [String: Int] { get }
    /// Answers one call of a method listed in `methods`.
    /// - Parameter params: the request's "params" (`.array([])` when it had none).
    /// - Throws: `RPCError` (use `RPCError.from` for anything else).
    func call(method: String, params: JSON) async throws(RPCError) -> JSON
}
