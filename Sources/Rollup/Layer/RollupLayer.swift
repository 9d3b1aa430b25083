import Node
import Primitives

/// Everything a rollup service (sequencer set, batcher, proposer, relayer) takes its inputs from,
/// made once by the launcher when `[rollup] enabled`: the settings, the keys, the addresses, a
/// `RollupClient` and the `ChainNode` of each chain.
///
/// Services talk to the chains only through `l1` / `l2` (JSON-RPC in process, real signed
/// transactions) and the nodes' small public APIs (`ChainNode.install(_:)`, hooks of
/// ROLLUP-API.md §3).
public struct RollupLayer: Sendable {
    /// `[rollup]` settings.
    public let config: RollupConfig
    /// Admin, batcher, proposer, relayer and sequencer keys (ROLLUP-API.md §0).
    public let keys: RollupKeys
    /// The batch inbox (the fixed contract addresses are `RollupAddresses`' static members).
    public let addresses: RollupAddresses
    /// The L1 mock's node and a client on it (chain id `l1.chainId`).
    public let l1Node: ChainNode
    public let l1: RollupClient
    /// The L2's node and a client on it.
    public let l2Node: ChainNode
    public let l2: RollupClient

    public init(config: RollupConfig, keys: RollupKeys, addresses: RollupAddresses, l1Node: ChainNode, l2Node: ChainNode) {
        self.config = config
        self.keys = keys
        self.addresses = addresses
        self.l1Node = l1Node
        self.l2Node = l2Node
        self.l1 = RollupClient(node: l1Node, chainId: l1Node.chainId)
        self.l2 = RollupClient(node: l2Node, chainId: l2Node.chainId)
    }

    /// The `rollup_` methods over this layer's clients.
    public var rpc: RollupRPC { RollupRPC(config: config, addresses: addresses, l1: l1, l2: l2) }

    /// Installs `rollup_getInfo` / `rollup_gasPrices` on both nodes.
    public func installRPC() async {
        await l2Node.install(rpc)
        await l1Node.install(rpc)
    }
}
