import Primitives

/// `[lazai]` in devnet.toml: the LazAI protocol on the L2 (LAZAI-API.md §2).
public struct LazAIConfig: Sendable, Equatable {
    /// Whether LazAI runs at all: its contracts in the L2 genesis, the in-process nodes, `lazai_` RPC.
    public var enabled: Bool
    /// Number of in-process verified-computing nodes (keys `m/44'/60'/0'/3/i`), 1…8. Each is also
    /// the Query, Inference and Training node.
    public var nodes: Int
    /// VerifiedComputing's `nodeFee`: the least `requestProof` must pay, in wei. Alith's example
    /// pays 100 wei, so the default is below that.
    public var nodeFee: UInt64
    /// Admin of every LazAI contract (DEFAULT_ADMIN_ROLE and MAINTAINER_ROLE); nil → dev account 0.
    public var admin: Address?
    /// A PKCS#1 PEM file with the nodes' RSA private key; nil → `LazAIDevKeys.rsaPrivateKeyPEM`.
    public var rsaKeyFile: String?
    /// What an inference or query answer costs, in wei per token (prompt + completion, counted as
    /// whitespace-separated words).
    public var pricePerToken: UInt64
    /// Seconds an iDAO proposal is open for votes.
    public var votingPeriod: UInt64
    /// Least DAT value voting "for" that lets an iDAO proposal pass.
    public var quorum: UInt64
    /// AIProcess refund lock, seconds (LazAI's Deploy.s.sol: 3600).
    public var lockTime: UInt64

    public init(enabled: Bool = true, nodes: Int = 1, nodeFee: UInt64 = 10, admin: Address? = nil, rsaKeyFile: String? = nil,
                pricePerToken: UInt64 = 1_000, votingPeriod: UInt64 = 60, quorum: UInt64 = 1, lockTime: UInt64 = 3_600) {
        self.enabled = enabled
        self.nodes = nodes
        self.nodeFee = nodeFee
        self.admin = admin
        self.rsaKeyFile = rsaKeyFile
        self.pricePerToken = pricePerToken
        self.votingPeriod = votingPeriod
        self.quorum = quorum
        self.lockTime = lockTime
    }

    public static let defaults = LazAIConfig()
    /// What devnet.toml's `lazai.admin` parses to when it is not an address (0x…dead), so the
    /// check can name the setting.
    public static let invalidAdmin = Address(hex: "0x000000000000000000000000000000000000dEaD")!
    /// Allowed node counts.
    public static let nodeRange: ClosedRange<Int> = 1...8
}
