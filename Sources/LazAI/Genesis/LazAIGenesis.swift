import Chain
import DevnetCrypto
import Primitives
import Rollup

/// One in-process LazAI node as genesis registers it: its address (key `m/44'/60'/0'/3/i`), the URL
/// Alith's clients call (`{url}/proof`, `{url}/v1/chat/completions`) and its RSA public key
/// (PKCS#1 PEM).
public struct LazAINodeRecord: Sendable, Equatable {
    public var address: Address
    public var url: String
    public var publicKeyPEM: String

    public init(address: Address, url: String, publicKeyPEM: String) {
        self.address = address
        self.url = url
        self.publicKeyPEM = publicKeyPEM
    }
}

/// The genesis steps that put LazAI into the L2 (LAZAI-API.md §3): runtime bytecode of
/// `LazAIContracts` at Alith's local addresses (`LazAIAddresses`), each contract's `initialize`
/// called by the admin, every node funded and registered on VerifiedComputing and on the Query,
/// Inference and Training AIProcess contracts.
///
/// Deterministic: the same config, admin, nodes and chain settings give the same alloc.
public enum LazAIGenesis {
    /// L2 balance of each node key at genesis (gas for completeJob, addProof, claim, settlementFees): 1,000 ETH.
    public static let nodeBalance = UInt256(1_000) &* RollupConfig.unit
    /// DataRegistry's `name()` (LazAI's Deploy.s.sol).
    public static let registryName = "LazAI Data Registry"
    /// IDAO's `name()` and `description()`.
    public static let idaoName = "LazAI"
    public static let idaoDescription = "The devnet's iDAO: governs the verified-computing nodes, the node fee and the data-contribution DAT class."
    /// The base of the node URLs genesis registers: the default L2 port, whatever port this start
    /// uses, so the L2 genesis (and its hash) does not depend on the port. On another port the
    /// nodes move their URLs with `updateNodeUrl` transactions from their own keys at start.
    public static let genesisBaseURL = "http://127.0.0.1:8545"

    /// Node `i`'s URL under `base` (e.g. "http://127.0.0.1:8545/lazai/nodes/0").
    public static func nodeURL(base: String, index: Int) -> String { "\(base)/lazai/nodes/\(index)" }

    /// The DAT class Alith-style `mint` puts data-contribution tokens in, and the iDAO's class.
    public static let contributionClass: UInt64 = 1

    public static func steps(config: LazAIConfig, admin: Address, nodes: [LazAINodeRecord], publicKeyPEM: String) -> [GenesisBuilder.Step] {
        typealias A = LazAIAddresses
        var steps: [GenesisBuilder.Step] = nodes.map { .balance($0.address, nodeBalance) }
        steps += [
            .code(A.dataAnchoringToken, LazAIContracts.dataAnchoringTokenRuntime),
            .code(A.verifiedComputing, LazAIContracts.verifiedComputingRuntime),
            .code(A.dataRegistry, LazAIContracts.dataRegistryRuntime),
            .code(A.query, LazAIContracts.aIProcessRuntime),
            .code(A.inference, LazAIContracts.aIProcessRuntime),
            .code(A.training, LazAIContracts.aIProcessRuntime),
            .code(A.settlement, LazAIContracts.settlementRuntime),
            .code(A.idao, LazAIContracts.iDAORuntime),
            call(admin, A.dataAnchoringToken, "DataAnchoringToken.initialize", "initialize(address,address,address)",
                 [.address(admin), .address(A.dataRegistry), .address(A.idao)]),
            call(admin, A.verifiedComputing, "VerifiedComputing.initialize", "initialize(address,uint256,address)",
                 [.address(admin), .uint(UInt256(config.nodeFee)), .address(A.idao)]),
            call(admin, A.dataRegistry, "DataRegistry.initialize", "initialize(address,address,address,string,string)",
                 [.address(admin), .address(A.dataAnchoringToken), .address(A.verifiedComputing),
                  .string(registryName), .string(publicKeyPEM)]),
        ]
        for (name, address) in [("Query", A.query), ("Inference", A.inference), ("Training", A.training)] {
            steps.append(call(admin, address, "\(name).initialize", "initialize(address,address,uint256,address)",
                              [.address(admin), .address(A.settlement), .uint(UInt256(config.lockTime)), .address(A.idao)]))
        }
        steps += [
            call(admin, A.settlement, "Settlement.initialize", "initialize(address,address,address,address)",
                 [.address(admin), .address(A.query), .address(A.inference), .address(A.training)]),
            call(admin, A.idao, "IDAO.initialize",
                 "initialize(address,address,address,address,string,string,uint256,uint256,uint256)",
                 [.address(admin), .address(A.dataAnchoringToken), .address(A.verifiedComputing), .address(A.settlement),
                  .string(idaoName), .string(idaoDescription), .uint(UInt256(contributionClass)),
                  .uint(UInt256(config.votingPeriod)), .uint(UInt256(config.quorum))]),
        ]
        for (i, node) in nodes.enumerated() {
            for (name, address) in [("VerifiedComputing", A.verifiedComputing), ("Query", A.query),
                                    ("Inference", A.inference), ("Training", A.training)] {
                steps.append(call(admin, address, "\(name).addNode(node \(i))", "addNode(address,string,string)",
                                  [.address(node.address), .string(node.url), .string(node.publicKeyPEM)]))
            }
        }
        return steps
    }

    static func call(_ from: Address, _ to: Address, _ label: String, _ signature: String, _ args: [ABIValue]) -> GenesisBuilder.Step {
        .call(from: from, to: to, data: ABI.call(signature, args), label: label)
    }
}
