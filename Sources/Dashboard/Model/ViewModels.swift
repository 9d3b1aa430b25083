// The plain values the dashboard pages are rendered from.
//
// Every field is already in its display form (hex strings, decimal wei strings), so the pages are
// pure functions of these structs: tests build them by hand and no node is needed. The adapter in
// `Appliance` fills them from the running chains.

/// One transaction as it appears in a block listing.
public struct TransactionSummary: Sendable, Equatable {
    /// Transaction hash, `0x` + 64 lowercase hex digits.
    public var hash: String
    /// Sender address, `0x` + 40 hex digits (any case; shown as given).
    public var from: String
    /// Recipient address, or `nil` for a contract creation.
    public var to: String?
    /// Value transferred in wei, as a decimal string (`"1000000000000000000"` = 1 ETH).
    public var valueWei: String
    /// Account nonce of the sender.
    public var nonce: UInt64
    /// EIP-2718 type: 0 legacy, 1 access list (EIP-2930), 2 dynamic fee (EIP-1559).
    public var type: UInt8
    /// Receipt status: false when the transaction reverted (EIP-658 status 0).
    public var success: Bool

    public init(hash: String, from: String, to: String?, valueWei: String, nonce: UInt64, type: UInt8,
                success: Bool = true) {
        self.hash = hash
        self.from = from
        self.to = to
        self.valueWei = valueWei
        self.nonce = nonce
        self.type = type
        self.success = success
    }
}

/// One block: its header fields and its transactions.
public struct BlockSummary: Sendable, Equatable {
    /// Block number.
    public var number: UInt64
    /// Block hash, `0x` + 64 hex digits.
    public var hash: String
    /// Parent block hash, `0x` + 64 hex digits.
    public var parentHash: String
    /// Block timestamp, seconds since the Unix epoch.
    public var timestamp: UInt64
    /// Base fee per gas in wei (EIP-1559), as a decimal string.
    public var baseFeeWei: String
    /// Gas used by all transactions of the block.
    public var gasUsed: UInt64
    /// Block gas limit.
    public var gasLimit: UInt64
    /// Fee recipient (coinbase), `0x` + 40 hex digits.
    public var miner: String
    /// State root after the block, `0x` + 64 hex digits.
    public var stateRoot: String
    /// The block's transactions in order.
    public var transactions: [TransactionSummary]

    public init(number: UInt64, hash: String, parentHash: String, timestamp: UInt64, baseFeeWei: String,
                gasUsed: UInt64, gasLimit: UInt64, miner: String, stateRoot: String,
                transactions: [TransactionSummary]) {
        self.number = number
        self.hash = hash
        self.parentHash = parentHash
        self.timestamp = timestamp
        self.baseFeeWei = baseFeeWei
        self.gasUsed = gasUsed
        self.gasLimit = gasLimit
        self.miner = miner
        self.stateRoot = stateRoot
        self.transactions = transactions
    }
}

/// One chain on the home page: identity, head and the latest blocks (newest first).
public struct ChainOverview: Sendable, Equatable {
    /// Short identifier used in links: `"l2"` or `"l1"`.
    public var slug: String
    /// Display name, e.g. `"Hyperion"`.
    public var name: String
    /// EIP-155 chain id.
    public var chainId: UInt64
    /// JSON-RPC URL, e.g. `"http://127.0.0.1:8545"`.
    public var rpcURL: String
    /// The latest blocks, newest first; the first one is the head.
    public var latestBlocks: [BlockSummary]

    public init(slug: String, name: String, chainId: UInt64, rpcURL: String, latestBlocks: [BlockSummary]) {
        self.slug = slug
        self.name = name
        self.chainId = chainId
        self.rpcURL = rpcURL
        self.latestBlocks = latestBlocks
    }

    /// The head block, if the chain has any block.
    public var head: BlockSummary? { latestBlocks.first }
}

/// A dev account and its balance on each chain.
public struct AccountOverview: Sendable, Equatable {
    /// Address, `0x` + 40 hex digits (EIP-55 checksummed when the adapter can).
    public var address: String
    /// Balances in wei (decimal strings), in the order of `HomeView.chains`.
    public var balancesWei: [String]

    public init(address: String, balancesWei: [String]) {
        self.address = address
        self.balancesWei = balancesWei
    }
}

/// Everything on `GET /`.
public struct HomeView: Sendable, Equatable {
    /// Product name and version, e.g. `"metis-devnet 0.1.0"`.
    public var title: String
    /// The chains, L2 first.
    public var chains: [ChainOverview]
    /// The dev accounts.
    public var accounts: [AccountOverview]
    /// Seconds between automatic reloads (meta refresh); 0 turns it off.
    public var refreshSeconds: Int

    public init(title: String, chains: [ChainOverview], accounts: [AccountOverview], refreshSeconds: Int = 5) {
        self.title = title
        self.chains = chains
        self.accounts = accounts
        self.refreshSeconds = refreshSeconds
    }
}

/// Everything on `GET /block/<chain>/<id>`.
public struct BlockPageView: Sendable, Equatable {
    /// The chain the block belongs to (its `latestBlocks` are not used here).
    public var chainSlug: String
    /// Display name of the chain.
    public var chainName: String
    /// The block.
    public var block: BlockSummary

    public init(chainSlug: String, chainName: String, block: BlockSummary) {
        self.chainSlug = chainSlug
        self.chainName = chainName
        self.block = block
    }
}

/// A log entry as emitted by a contract.
public struct LogView: Sendable, Equatable {
    /// Emitting contract, `0x` + 40 hex digits.
    public var address: String
    /// Topics, each `0x` + 64 hex digits; topic 0 is the event signature hash for non-anonymous events.
    public var topics: [String]
    /// Data, `0x` + even number of hex digits.
    public var data: String
    /// Index of the log in the block.
    public var logIndex: UInt64

    public init(address: String, topics: [String], data: String, logIndex: UInt64) {
        self.address = address
        self.topics = topics
        self.data = data
        self.logIndex = logIndex
    }
}

/// Everything on `GET /tx/<chain>/<hash>`.
public struct TransactionPageView: Sendable, Equatable {
    public var chainSlug: String
    public var chainName: String
    /// The transaction.
    public var transaction: TransactionSummary
    /// Block that includes it.
    public var blockNumber: UInt64
    /// Hash of that block, `0x` + 64 hex digits.
    public var blockHash: String
    /// Position in the block.
    public var index: UInt64
    /// Gas limit of the transaction.
    public var gasLimit: UInt64
    /// Call data or init code, `0x` + hex.
    public var input: String
    /// Receipt status: `true` success (1), `false` reverted (0).
    public var success: Bool
    /// Gas used by this transaction.
    public var gasUsed: UInt64
    /// Cumulative gas used in the block up to and including this transaction.
    public var cumulativeGasUsed: UInt64
    /// Price actually paid per gas in wei (decimal string).
    public var effectiveGasPriceWei: String
    /// Address of the created contract, for a creation.
    public var contractAddress: String?
    /// Logs emitted.
    public var logs: [LogView]

    public init(chainSlug: String, chainName: String, transaction: TransactionSummary, blockNumber: UInt64,
                blockHash: String, index: UInt64, gasLimit: UInt64, input: String, success: Bool, gasUsed: UInt64,
                cumulativeGasUsed: UInt64, effectiveGasPriceWei: String, contractAddress: String?, logs: [LogView]) {
        self.chainSlug = chainSlug
        self.chainName = chainName
        self.transaction = transaction
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.index = index
        self.gasLimit = gasLimit
        self.input = input
        self.success = success
        self.gasUsed = gasUsed
        self.cumulativeGasUsed = cumulativeGasUsed
        self.effectiveGasPriceWei = effectiveGasPriceWei
        self.contractAddress = contractAddress
        self.logs = logs
    }
}
