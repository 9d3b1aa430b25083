import Chain
import Foundation
import Primitives

/// Something that happened to a chain, as subscribers see it.
public enum ChainEvent: Sendable {
    /// A block joined the canonical chain (after genesis), with its receipts in transaction order.
    case blockAppended(Block, [ReceiptInfo])
    /// A block left the canonical chain (evm_revert, anvil_reset, a block replaced at its height);
    /// its logs are re-sent with `removed: true` (geth's behaviour on a reorg). Newest first.
    case blockRemoved(Block, [ReceiptInfo])
    /// A transaction was accepted into the pool (before automine mines it).
    case transactionPooled(Transaction, sender: Address, hash: Hash)
}

/// Fans one chain's events out to its WebSocket connections and keeps the pooled-transaction log
/// that eth_newPendingTransactionFilter polls.
///
/// The chain's hooks (`Blockchain.onBlockAppended`, `onTransactionPooled`) call it on the chain
/// actor; it never blocks there: each listener's `deliver` only enqueues into a bounded buffer and
/// answers false when that buffer is full, and such a listener is removed at once (its connection is
/// then closed, as geth drops a client that cannot keep up). Thread-safe (one lock).
public final class ChainEventHub: @unchecked Sendable {
    /// A listener: enqueues one event, false when it cannot take more (it is then dropped).
    public typealias Deliver = @Sendable (ChainEvent) -> Bool

    private let lock = NSLock()
    private var listeners: [UInt64: Deliver] = [:]
    private var nextListener: UInt64 = 1
    /// The canonical blocks appended during this run, oldest first, at most `recentLimit`; used to
    /// notice blocks that left the chain.
    private var recent: [(number: UInt64, hash: Hash, block: Block, receipts: [ReceiptInfo])] = []
    private let recentLimit = 128
    /// Pooled transaction hashes with their sequence numbers (1, 2, …), oldest first, at most `pendingLimit`.
    private var pendingLog: [(seq: UInt64, hash: Hash)] = []
    private var pendingSeq: UInt64 = 0
    /// Most pooled hashes kept for polling filters; a filter polled less often loses the oldest.
    public let pendingLimit: Int

    public init(pendingLimit: Int = 10_000) {
        self.pendingLimit = pendingLimit
    }

    /// Number of listeners (connections with at least one subscription).
    public var listenerCount: Int { lock.withLock { listeners.count } }

    /// Registers a listener; returns its id for `removeListener`.
    public func addListener(_ deliver: @escaping Deliver) -> UInt64 {
        lock.withLock {
            let id = nextListener
            nextListener += 1
            listeners[id] = deliver
            return id
        }
    }

    public func removeListener(_ id: UInt64) {
        lock.withLock { _ = listeners.removeValue(forKey: id) }
    }

    /// Sends `event` to every listener; listeners that are full are removed.
    func publish(_ event: ChainEvent) {
        let current = lock.withLock { listeners }
        var full: [UInt64] = []
        for (id, deliver) in current where !deliver(event) { full.append(id) }
        if !full.isEmpty { lock.withLock { for id in full { listeners[id] = nil } } }
    }

    // MARK: chain hooks (called on the chain's actor)

    /// A block was appended: blocks at its height or above that were seen before have left the chain.
    func blockAppended(_ block: Block, _ receipts: [ReceiptInfo]) {
        let number = block.header.number
        let removed: [(Block, [ReceiptInfo])] = lock.withLock {
            var out: [(Block, [ReceiptInfo])] = []
            while let last = recent.last, last.number >= number {
                out.append((last.block, last.receipts))
                recent.removeLast()
            }
            recent.append((number, block.hash, block, receipts))
            if recent.count > recentLimit { recent.removeFirst(recent.count - recentLimit) }
            return out
        }
        for (b, r) in removed { publish(.blockRemoved(b, r)) }
        publish(.blockAppended(block, receipts))
    }

    /// Compares the remembered blocks with the chain (after a call that may have reverted it):
    /// those above `headNumber`, or whose hash `hashAt` no longer gives, have left the chain.
    func checkHead(headNumber: UInt64, hashAt: (UInt64) -> Hash?) {
        let removed: [(Block, [ReceiptInfo])] = lock.withLock {
            var out: [(Block, [ReceiptInfo])] = []
            while let last = recent.last, last.number > headNumber || hashAt(last.number) != last.hash {
                out.append((last.block, last.receipts))
                recent.removeLast()
            }
            return out
        }
        for (b, r) in removed { publish(.blockRemoved(b, r)) }
    }

    func transactionPooled(_ tx: Transaction, sender: Address, hash: Hash) {
        lock.withLock {
            pendingSeq += 1
            pendingLog.append((pendingSeq, hash))
            if pendingLog.count > pendingLimit + pendingLimit / 4 { pendingLog.removeFirst(pendingLog.count - pendingLimit) }
        }
        if lock.withLock({ !listeners.isEmpty }) { publish(.transactionPooled(tx, sender: sender, hash: hash)) }
    }

    // MARK: polling (eth_newPendingTransactionFilter)

    /// Sequence number of the newest pooled transaction (0 before the first).
    var pendingSequence: UInt64 { lock.withLock { pendingSeq } }

    /// Hashes pooled after sequence number `seq`, oldest first, and the newest sequence number.
    func pooledHashes(after seq: UInt64) -> (hashes: [Hash], last: UInt64) {
        lock.withLock {
            let start = pendingLog.firstIndex { $0.seq > seq } ?? pendingLog.endIndex
            return (pendingLog[start...].map(\.hash), pendingSeq)
        }
    }
}
