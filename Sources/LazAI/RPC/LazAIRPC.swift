import Node
import Primitives
import Rollup

/// What the `lazai_` namespace and the dashboard know without asking the chain: addresses, the
/// admin, the in-process nodes, the RSA public key and the file store's base URL.
public struct LazAIInfo: Sendable {
    public var admin: Address
    public var nodes: [LazAINodeRecord]
    /// DataRegistry's `publicKey()` (PKCS#1 PEM).
    public var publicKeyPEM: String
    /// Where files are uploaded: `POST <fileStoreURL>` (e.g. "http://127.0.0.1:8545/lazai/files").
    public var fileStoreURL: String
    public var config: LazAIConfig

    public init(admin: Address, nodes: [LazAINodeRecord], publicKeyPEM: String, fileStoreURL: String, config: LazAIConfig) {
        self.admin = admin
        self.nodes = nodes
        self.publicKeyPEM = publicKeyPEM
        self.fileStoreURL = fileStoreURL
        self.config = config
    }
}

/// The `lazai_` JSON-RPC namespace on the L2 (LAZAI-API.md §3).
/// STUB (scaffolding): helper `lazairpc` implements the methods.
public struct LazAIRPC: RPCExtension {
    public let client: RollupClient
    public let info: LazAIInfo
    /// The in-process nodes' run-time status (jobs done, last error…), one JSON object per node.
    public let nodeStatus: @Sendable () async -> [JSON]

    public init(client: RollupClient, info: LazAIInfo, nodeStatus: @escaping @Sendable () async -> [JSON]) {
        self.client = client
        self.info = info
        self.nodeStatus = nodeStatus
    }

    public var methods: [String: Int] { ["lazai_getInfo": 0] }

    public func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        .object([("dataRegistry", .string(LazAIAddresses.dataRegistry.checksummed))])
    }
}
