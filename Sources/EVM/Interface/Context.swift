import Primitives

/// Block-level values the EVM reads through the block-information opcodes (Yellow Paper §H.2, 0x40–0x4a).
public struct BlockContext: Sendable {
    /// Block number (NUMBER).
    public var number: UInt64
    /// Block timestamp in seconds since the Unix epoch (TIMESTAMP).
    public var timestamp: UInt64
    /// Fee recipient (COINBASE).
    public var coinbase: Address
    /// Block gas limit in gas (GASLIMIT).
    public var gasLimit: UInt64
    /// EIP-1559 base fee per gas in wei (BASEFEE).
    public var baseFee: UInt256
    /// EIP-4399 beacon randomness, the header's mixHash (PREVRANDAO).
    public var prevRandao: Hash
    /// EIP-155 chain id (CHAINID).
    public var chainId: UInt256
    /// EIP-4844/EIP-7516 blob base fee per blob gas in wei (BLOBBASEFEE).
    public var blobBaseFee: UInt256
    /// Who answers the AI precompile at 0x…0999 (`AIPrecompile`) in this block; nil (the default,
    /// and always on the L1 and in state tests): 0x…0999 is an ordinary account.
    public var ai: (any AIPrecompileOracle)? = nil

    /// Block values; `blobBaseFee` defaults to 1 wei (the EIP-4844 minimum).
    public init(number: UInt64, timestamp: UInt64, coinbase: Address, gasLimit: UInt64, baseFee: UInt256,
                prevRandao: Hash, chainId: UInt256, blobBaseFee: UInt256 = .one) {
        self.number = number
        self.timestamp = timestamp
        self.coinbase = coinbase
        self.gasLimit = gasLimit
        self.baseFee = baseFee
        self.prevRandao = prevRandao
        self.chainId = chainId
        self.blobBaseFee = blobBaseFee
    }
}

/// Transaction-level values visible to every frame of one transaction.
public struct TransactionContext: Sendable {
    /// The transaction's sender (ORIGIN).
    public var origin: Address
    /// Effective gas price in wei (GASPRICE): for EIP-1559 transactions min(maxFee, baseFee + priorityFee).
    public var gasPrice: UInt256
    /// EIP-4844 versioned blob hashes (BLOBHASH); empty for non-blob transactions.
    public var blobHashes: [Hash]

    /// Transaction values; no blob hashes by default.
    public init(origin: Address, gasPrice: UInt256, blobHashes: [Hash] = []) {
        self.origin = origin
        self.gasPrice = gasPrice
        self.blobHashes = blobHashes
    }
}

/// A log record emitted by LOG0…LOG4 (Yellow Paper §4.3.1): the emitting account, 0–4 topics, data.
public struct Log: Sendable, Hashable {
    /// The account whose code ran the LOG opcode.
    public var address: Address
    /// 0–4 topics (32 bytes each).
    public var topics: [Hash]
    /// The logged memory bytes.
    public var data: [UInt8]

    /// A log record.
    public init(address: Address, topics: [Hash], data: [UInt8]) {
        self.address = address
        self.topics = topics
        self.data = data
    }
}
