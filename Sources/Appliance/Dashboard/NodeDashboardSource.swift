import Chain
import Dashboard
import Node
import Primitives

/// The dashboard's data read from the running chains: a thin adapter from `ChainNode`/`Blockchain`
/// to the view models of `Dashboard`. Every read is one `ChainNode.read` call (on the node's actor).
public struct NodeDashboardSource: DashboardDataSource {
    /// A chain the dashboard shows.
    public struct Entry: Sendable {
        /// URL name: `"l2"` or `"l1"`.
        public var slug: String
        /// Display name.
        public var name: String
        /// `http://host:port`.
        public var rpcURL: String
        public var node: ChainNode

        public init(slug: String, name: String, rpcURL: String, node: ChainNode) {
            self.slug = slug
            self.name = name
            self.rpcURL = rpcURL
            self.node = node
        }
    }

    /// The chains, L2 first.
    public var chains: [Entry]
    /// The dev accounts whose balances the home page lists.
    public var accounts: [Address]
    /// How many recent blocks per chain the home page lists.
    public var recentBlocks: Int
    /// The AI modules the Plugins page shows and calls; nil: the page says there are none.
    public var pluginsRuntime: PluginsRuntime?

    public init(chains: [Entry], accounts: [Address], recentBlocks: Int = 8, plugins: PluginsRuntime? = nil) {
        self.chains = chains
        self.accounts = accounts
        self.recentBlocks = recentBlocks
        self.pluginsRuntime = plugins
    }

    public func home() async -> HomeView {
        var overviews: [ChainOverview] = []
        var balances: [[String]] = []   // [chain][account]
        let accounts = self.accounts
        let count = recentBlocks
        for entry in chains {
            let (blocks, chainBalances) = await entry.node.read { chain in
                let head = chain.headNumber
                var blocks: [BlockSummary] = []
                var n = head
                while blocks.count < count {
                    if let block = chain.block(number: n) { blocks.append(Self.summary(block)) }
                    if n == 0 { break }
                    n -= 1
                }
                let state = chain.state(at: head)
                let balances = accounts.map { state?.balance($0).description ?? "0" }
                return (blocks, balances)
            }
            overviews.append(ChainOverview(slug: entry.slug, name: entry.name, chainId: entry.node.chainId,
                                           rpcURL: entry.rpcURL, latestBlocks: blocks))
            balances.append(chainBalances)
        }
        let rows = accounts.enumerated().map { i, address in
            AccountOverview(address: address.checksummed, balancesWei: balances.map { $0[i] })
        }
        return HomeView(title: DevnetVersion.string, chains: overviews, accounts: rows)
    }

    public func block(chain slug: String, id: BlockIdentifier) async -> BlockPageView? {
        guard let entry = chains.first(where: { $0.slug == slug }) else { return nil }
        let hash: Hash?
        switch id {
        case .number: hash = nil
        case .hash(let hex):
            guard let h = Hash(hex: hex) else { return nil }
            hash = h
        }
        let summary: BlockSummary? = await entry.node.read { chain in
            let block: Block?
            switch id {
            case .number(let n): block = chain.block(number: n)
            case .hash: block = hash.flatMap { chain.block(hash: $0) }
            }
            return block.map(Self.summary)
        }
        return summary.map { BlockPageView(chainSlug: entry.slug, chainName: entry.name, block: $0) }
    }

    public func transaction(chain slug: String, hash hex: String) async -> TransactionPageView? {
        guard let entry = chains.first(where: { $0.slug == slug }), let hash = Hash(hex: hex) else { return nil }
        return await entry.node.read { chain -> TransactionPageView? in
            guard let (block, index) = chain.transaction(hash: hash),
                  let receipt = chain.receipt(transactionHash: hash) else { return nil }
            let tx = block.transactions[index]
            return TransactionPageView(
                chainSlug: entry.slug, chainName: entry.name,
                transaction: Self.summary(tx, hash: block.transactionHashes[index], sender: block.senders[index],
                                          success: receipt.status),
                blockNumber: block.number, blockHash: block.hash.hex, index: UInt64(index),
                gasLimit: tx.gasLimit, input: Hex.encode(tx.data), success: receipt.status,
                gasUsed: receipt.gasUsed, cumulativeGasUsed: receipt.cumulativeGasUsed,
                effectiveGasPriceWei: receipt.effectiveGasPrice.description,
                contractAddress: receipt.contractAddress?.checksummed,
                logs: receipt.logs.map { entry in
                    LogView(address: entry.log.address.checksummed, topics: entry.log.topics.map(\.hex),
                            data: Hex.encode(entry.log.data), logIndex: UInt64(entry.logIndex))
                })
        }
    }

    static func summary(_ block: Block) -> BlockSummary {
        let h = block.header
        return BlockSummary(
            number: h.number, hash: block.hash.hex, parentHash: h.parentHash.hex, timestamp: h.timestamp,
            baseFeeWei: (h.baseFeePerGas ?? .zero).description, gasUsed: h.gasUsed, gasLimit: h.gasLimit,
            miner: h.coinbase.checksummed, stateRoot: h.stateRoot.hex,
            transactions: block.transactions.indices.map {
                summary(block.transactions[$0], hash: block.transactionHashes[$0], sender: block.senders[$0],
                        success: block.receipts[$0].status)
            })
    }

    static func summary(_ tx: Transaction, hash: Hash, sender: Address, success: Bool) -> TransactionSummary {
        TransactionSummary(hash: hash.hex, from: sender.checksummed, to: tx.to?.checksummed,
                           valueWei: tx.value.description, nonce: tx.nonce, type: tx.type.rawValue,
                           success: success)
    }
}
