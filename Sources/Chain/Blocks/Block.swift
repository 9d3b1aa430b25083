import Primitives

/// A sealed block with everything the node serves about it: the header, the transactions with
/// their recovered senders, and per transaction its receipt, the gas it used (gas), the price per
/// gas it paid (wei, EIP-1559 effective gas price) and the address of the contract it created.
/// All per-transaction arrays have the same length and order as `transactions`.
///
/// `hash` and `transactionHashes` are computed once, at init.
public struct Block: Sendable {
    /// The sealed header.
    public let header: BlockHeader
    /// Keccak-256 of rlp(header).
    public let hash: Hash
    /// The transactions in execution order.
    public let transactions: [Transaction]
    /// Hash of each transaction (Keccak-256 of its raw bytes).
    public let transactionHashes: [Hash]
    /// The recovered sender of each transaction.
    public let senders: [Address]
    /// The receipt of each transaction (cumulative gas, status, logs).
    public let receipts: [Receipt]
    /// Gas used by each transaction (not cumulative).
    public let gasUsed: [UInt64]
    /// Wei per gas actually paid by each transaction.
    public let effectiveGasPrices: [UInt256]
    /// The created contract's address for a successful creation, nil otherwise.
    public let contractAddresses: [Address?]
    /// The AI precompile's answers its transactions used, in call order (issue 8): re-execution
    /// answers from these. Not part of the header or its hash (like `senders`).
    public let aiWitnesses: [AIWitness]

    /// - Precondition: the per-transaction arrays have as many elements as `transactions`
    ///   (the block builder makes them together).
    public init(
        header: BlockHeader,
        transactions: [Transaction] = [],
        senders: [Address] = [],
        receipts: [Receipt] = [],
        gasUsed: [UInt64] = [],
        effectiveGasPrices: [UInt256] = [],
        contractAddresses: [Address?] = [],
        aiWitnesses: [AIWitness] = []
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
        self.aiWitnesses = aiWitnesses
    }

    /// The block number.
    public var number: UInt64 { header.number }

    /// The block as on the wire: `rlp([header, transactions, ommers, withdrawals])` with no ommers
    /// and no withdrawals (the withdrawals list only when the header has a withdrawalsRoot,
    /// EIP-4895). A legacy transaction is its RLP list; a typed one is a byte string holding its
    /// EIP-2718 envelope.
    public func encoded() -> [UInt8] {
        var items: [RLP] = [
            .list(header.rlpItems),
            .list(transactions.map { tx in
                tx.type == .legacy ? .list(tx.payloadFields(includeSignature: true)) : .bytes(tx.encoded())
            }),
            .list([]),
        ]
        if header.withdrawalsRoot != nil { items.append(.list([])) }
        return RLP.list(items).encoded()
    }

    /// Size of ``encoded()`` in bytes (JSON-RPC `size`).
    public var size: Int { encoded().count }
}
