/// Extension tables (`RPCExtension`) and `rpc_modules`.
///
/// - rpc_modules() → `{namespace: "1.0"}` for every namespace this node answers (geth's shape),
///   the installed extensions' included (e.g. `"rollup": "1.0"`), keys sorted.
extension ChainNode {
    /// Most positional parameters of each method here (merged into `maxParams`).
    static let extensionHostMaxParams: [String: Int] = [
        "rpc_modules": 0,
    ]

    /// Adds `ext`'s methods to this node. A method the node already answers, or one an earlier
    /// extension answers, stays with its first owner (the node's own tables cannot be overridden).
    public func install(_ ext: any RPCExtension) {
        extensions.append(ext)
    }

    /// The installed extension answering `method` and its parameter limit, if any.
    func extensionFor(_ method: String) -> (ext: any RPCExtension, maxParams: Int)? {
        for ext in extensions {
            if let most = ext.methods[method] { return (ext, most) }
        }
        return nil
    }

    /// This file's method table; nil for a method it does not serve.
    func dispatchExtensionHost(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        case "rpc_modules": return rpcModules()
        default: return nil
        }
    }

    /// geth's rpc_modules: every namespace (the part of a method name before `_`) → "1.0".
    func rpcModules() -> JSON {
        var namespaces = Set<String>()
        let names = Array(Self.maxParams.keys) + extensions.flatMap { Array($0.methods.keys) }
        for name in names {
            if let underscore = name.firstIndex(of: "_") { namespaces.insert(String(name[..<underscore])) }
        }
        return .object(namespaces.sorted().map { ($0, .string("1.0")) })
    }
}
