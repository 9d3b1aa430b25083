import DevnetCrypto
import Node
import Primitives
import Rollup

/// Everything LazAI runs beside the L2 (LAZAI-API.md §3): the file store, the in-process
/// verified-computing / AI nodes (watching JobSubmitted, answering Alith's HTTP API) and the
/// `lazai_` RPC namespace.
/// STUB (scaffolding): helper `lazainode` implements the node and routes.
public final class LazAIServices: Sendable {
    public struct Settings: Sendable {
        public var info: LazAIInfo
        /// The nodes' keys, in the order of `info.nodes`.
        public var nodeKeys: [PrivateKey]
        public var rsaKey: RSAPrivateKey
        /// Directory of the file store (`<data_dir>/lazai-files`); nil keeps files in memory (--ephemeral).
        public var fileStoreDirectory: String?

        public init(info: LazAIInfo, nodeKeys: [PrivateKey], rsaKey: RSAPrivateKey, fileStoreDirectory: String?) {
            self.info = info
            self.nodeKeys = nodeKeys
            self.rsaKey = rsaKey
            self.fileStoreDirectory = fileStoreDirectory
        }
    }

    public let settings: Settings
    public let l2: RollupClient
    let log: @Sendable (String) -> Void

    /// - Parameters:
    ///   - l2Node: the L2 (its chain id is Alith's 133718 by default).
    ///   - log: one line per event worth telling in the terminal (no trailing newline).
    public init(settings: Settings, l2Node: ChainNode, log: @escaping @Sendable (String) -> Void) {
        self.settings = settings
        self.l2 = RollupClient(node: l2Node, chainId: l2Node.chainId)
        self.log = log
    }

    /// The `lazai_` namespace, to install on the L2 node.
    public var rpc: any RPCExtension {
        LazAIRPC(client: l2, info: settings.info, nodeStatus: { [] })
    }

    /// The `/lazai/` HTTP routes (file store, nodes' Alith API), for the L2 server.
    public var routes: RPCServer.Routes {
        { _ in nil }
    }

    /// Runs the nodes until cancelled.
    public func run() async {
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }
}
