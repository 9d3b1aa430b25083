import Primitives

/// A sealed block with everything the node serves about it: the header, the transactions with
/// their recovered senders, and per transaction its receipt, the gas it used (gas), the price per
/// gas it paid (wei, EIP-1559 effective gas price) and the address of the contract it created.
/// All per-transaction arrays have the same length and order as `transactions`.
///
/// `hash` and `transactionHashes` are computed once, at init.
public struct Block: Sendable {
    public let header: BlockHeader
    /// Keccak-256 of rlp(header).
    public let hash: Hash
    public let transactions: [Transaction]
    /// Hash of each transaction (Keccak-256 of its raw bytes).
    public let transactionHashes: [Hash]
    public let senders: [Address]
    public let receipts: [Receipt]
    /// Gas used by each transaction (not cumulative).
    public let gasUsed: [UInt64]
    /// Wei per gas actually paid by each transaction.
    public let effectiveGasPrices: [UInt256]
    /// The created contract's address for a successful creation, nil otherwise.
    public let contractAddresses: [Address?]

    /// - Precondition: the per-transaction arrays have as many elements as `transactions`
    ///   (the block builder makes them together).
    public init(
        header: BlockHeader,
        transactions: [Transaction] = [],
        senders: [Address] = [],
        receipts: [Receipt] = [],
        gasUsed: [UInt64] = [],
        effectiveGasPrices: [UInt256] = [],
        contractAddresses: [Address?] = []
    ) {
        precondition(senders.count == transactions.count && receipts.count == transactions.count
            && gasUsed.count == transactions.count && effectiveGasPrices.count == transactions.count
            && contractAddresses.count == transactions.count,
            "Block: per-transaction arrays must match the transactions")
        self.header = header
        self.hash = header.hash
        self.transactions = transactions
        self.transactionHashes = transactions.map(\.hash)
        self.senders = senders
        self.receipts = receipts
        self.gasUsed = gasUsed
        self.effectiveGasPrices = effectiveGasPrices
        self.contractAddresses = contractAddresses
    }

    /// The block number.
    public var number: UInt64 { header.number }
}
