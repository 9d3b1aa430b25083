import Primitives

/// Pending transactions, one nonce-ordered queue per sender.
///
/// A transaction is *executable* when its nonce continues the sender's state nonce without a gap;
/// otherwise it is *queued* until the gap is filled. Admission checks (fees, balance, chain id…)
/// happen in `Blockchain.submit`; this type only keeps the queues.
public struct TxPool: Sendable {
    /// One pooled transaction.
    public struct Entry: Sendable {
        public var transaction: Transaction
        public var sender: Address
        public var hash: Hash
        /// Arrival order (ties between equal tips go to the earlier transaction).
        public var sequence: UInt64
    }

    private var bySender: [Address: [UInt64: Entry]] = [:]
    private var senderOfHash: [Hash: Address] = [:]
    private var nextSequence: UInt64 = 0

    public init() {}

    /// Number of pooled transactions (executable and queued).
    public var count: Int { senderOfHash.count }

    public func contains(_ hash: Hash) -> Bool { senderOfHash[hash] != nil }

    /// The pooled transaction with this hash.
    public func entry(hash: Hash) -> Entry? {
        guard let sender = senderOfHash[hash], let queue = bySender[sender] else { return nil }
        return queue.values.first { $0.hash == hash }
    }

    /// The pooled transaction of `sender` with `nonce`.
    public func entry(sender: Address, nonce: UInt64) -> Entry? { bySender[sender]?[nonce] }

    /// Adds a transaction, replacing one with the same sender and nonce (the caller checked the fee bump).
    /// Returns the replaced entry.
    @discardableResult
    public mutating func insert(_ tx: Transaction, sender: Address, hash: Hash) -> Entry? {
        let entry = Entry(transaction: tx, sender: sender, hash: hash, sequence: nextSequence)
        nextSequence += 1
        let old = bySender[sender, default: [:]].updateValue(entry, forKey: tx.nonce)
        if let old { senderOfHash[old.hash] = nil }
        senderOfHash[hash] = sender
        return old
    }

    /// Removes the transaction of `sender` with `nonce`.
    public mutating func remove(sender: Address, nonce: UInt64) {
        guard let old = bySender[sender]?.removeValue(forKey: nonce) else { return }
        senderOfHash[old.hash] = nil
        if bySender[sender]?.isEmpty == true { bySender[sender] = nil }
    }

    /// Drops every transaction whose nonce is below its sender's state nonce (mined or replaced on chain).
    public mutating func prune(stateNonce: (Address) -> UInt64) {
        for (sender, queue) in bySender {
            let next = stateNonce(sender)
            for nonce in queue.keys where nonce < next { remove(sender: sender, nonce: nonce) }
        }
    }

    /// Executable transactions per sender: nonces stateNonce, stateNonce + 1, … without a gap.
    public func executable(stateNonce: (Address) -> UInt64) -> [Address: [Entry]] {
        var result: [Address: [Entry]] = [:]
        for (sender, queue) in bySender {
            var nonce = stateNonce(sender)
            var run: [Entry] = []
            while let e = queue[nonce] {
                run.append(e)
                if nonce == .max { break }
                nonce += 1
            }
            if !run.isEmpty { result[sender] = run }
        }
        return result
    }

    /// Executable transactions, sender by sender in nonce order, senders by first arrival.
    public func pending(stateNonce: (Address) -> UInt64) -> [Entry] {
        executable(stateNonce: stateNonce).values.sorted { $0[0].sequence < $1[0].sequence }.flatMap { $0 }
    }

    /// Transactions waiting for a nonce gap to be filled, by sender then nonce.
    public func queued(stateNonce: (Address) -> UInt64) -> [Entry] {
        let exec = executable(stateNonce: stateNonce)
        var result: [Entry] = []
        for (sender, queue) in bySender.sorted(by: { $0.key < $1.key }) {
            let executableNonces = Set(exec[sender]?.map(\.transaction.nonce) ?? [])
            for (nonce, e) in queue.sorted(by: { $0.key < $1.key }) where !executableNonces.contains(nonce) {
                result.append(e)
            }
        }
        return result
    }
}
