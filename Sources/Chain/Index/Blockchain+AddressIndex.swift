import EVM
import Primitives
import State
import Synchronization

/// A mined transaction's position: block number and index in the block.
public struct TransactionPosition: Sendable, Hashable, Comparable {
    /// The block it was mined in.
    public var blockNumber: UInt64
    /// Its index in that block (0-based).
    public var index: Int

    /// - Parameters: blockNumber: the block; index: 0-based position in it.
    public init(blockNumber: UInt64, index: Int) {
        self.blockNumber = blockNumber
        self.index = index
    }

    /// Chain order: by block, then by index.
    public static func < (a: Self, b: Self) -> Bool {
        (a.blockNumber, a.index) < (b.blockNumber, b.index)
    }
}

/// One page of an address-history search (Otterscan's `ots_searchTransactionsBefore/After`).
public struct AddressHistoryPage: Sendable, Equatable {
    /// Matching transactions, newest first (descending block number, then descending index).
    public var positions: [TransactionPosition]
    /// True when matches exist beyond this page in the direction searched (older ones for a
    /// "before" search, newer ones for an "after" search).
    public var hasMore: Bool
}

/// Address history for Otterscan, built by scanning blocks on demand — no persistent index.
///
/// A devnet chain is small (thousands of blocks, not millions), so a search walks the blocks from
/// its starting point and stops at the first block that fills the page. What each transaction
/// "involves" is: its sender, its recipient, the contract a creation transaction creates
/// (`ContractAddress.create(sender, nonce)`, even when the creation failed, as its receipt shows),
/// and — when `callTreeAddresses` is able to replay the block — every `from`/`to` of its internal
/// calls, creations and self-destructs. The per-block result of that replay is kept in a small
/// process-wide cache keyed by block hash (so a chain rolled back by evm_revert or reset never sees
/// stale entries: a different block has a different hash), bounded at `AddressIndexCache.capacity`
/// blocks and emptied when full.
extension Blockchain {
    /// The addresses transaction `index` of `block` involves at its top level: sender, recipient or
    /// created contract.
    public func topLevelAddresses(of block: Block, index i: Int) -> [Address] {
        let tx = block.transactions[i]
        let sender = block.senders[i]
        if let to = tx.to { return [sender, to] }
        return [sender, ContractAddress.create(sender: sender, nonce: tx.nonce)]
    }

    /// Indices of the transactions of `block` that involve `address` (top level and, when
    /// available, internal calls), ascending.
    public func transactionIndices(in block: Block, involving address: Address) -> [Int] {
        if block.transactions.isEmpty { return [] }
        let internalSets = cachedCallTreeAddresses(block)
        var out: [Int] = []
        for i in block.transactions.indices {
            if topLevelAddresses(of: block, index: i).contains(address)
                || (i < internalSets.count && internalSets[i].contains(address)) {
                out.append(i)
            }
        }
        return out
    }

    /// Transactions involving `address` in blocks strictly before `block` (nil: up to and including
    /// the head), newest first; stops after the first block that brings the count to `pageSize` or
    /// more (so a page may hold more than `pageSize`: a block's matches are never split — Otterscan's
    /// rule). `pageSize` ≥ 1.
    public func transactions(involving address: Address, before block: UInt64?, pageSize: Int) -> AddressHistoryPage {
        let head = headNumber
        var positions: [TransactionPosition] = []
        var n = head
        if let block {
            if block == 0 { return AddressHistoryPage(positions: [], hasMore: false) }   // nothing before genesis
            n = min(block - 1, head)
        }
        while true {
            if positions.count >= max(pageSize, 1) {
                // The page is full: is there anything older?
                return AddressHistoryPage(positions: positions, hasMore: anyMatch(address, from: n, downTo: true))
            }
            if let b = self.block(number: n) {
                for i in transactionIndices(in: b, involving: address).reversed() {
                    positions.append(TransactionPosition(blockNumber: n, index: i))
                }
            }
            if n == 0 { break }
            n -= 1
        }
        return AddressHistoryPage(positions: positions, hasMore: false)
    }

    /// Transactions involving `address` in blocks strictly after `block` (nil: from genesis), newest
    /// first in the answer; the scan runs forward and stops after the first block that brings the
    /// count to `pageSize` or more (blocks are never split). `pageSize` ≥ 1.
    public func transactions(involving address: Address, after block: UInt64?, pageSize: Int) -> AddressHistoryPage {
        let head = headNumber
        var n: UInt64 = block.map { $0 &+ 1 } ?? 0
        if let b = block, b == UInt64.max { n = head &+ 1 }
        var positions: [TransactionPosition] = []
        while n <= head {
            if positions.count >= max(pageSize, 1) {
                return AddressHistoryPage(positions: positions.reversed(), hasMore: anyMatch(address, from: n, downTo: false))
            }
            if let b = self.block(number: n) {
                for i in transactionIndices(in: b, involving: address) {
                    positions.append(TransactionPosition(blockNumber: n, index: i))
                }
            }
            n += 1
        }
        return AddressHistoryPage(positions: positions.reversed(), hasMore: false)
    }

    /// Whether any transaction in blocks `from` … 0 (`downTo`) or `from` … head involves `address`.
    private func anyMatch(_ address: Address, from: UInt64, downTo: Bool) -> Bool {
        var n = from
        while n <= headNumber {
            if let b = block(number: n), !transactionIndices(in: b, involving: address).isEmpty { return true }
            if downTo {
                if n == 0 { return false }
                n -= 1
            } else {
                n += 1
            }
        }
        return false
    }

    /// The hash of the mined transaction sent by `sender` with `nonce`, nil if there is none.
    ///
    /// Binary search over blocks on the sender's nonce (the first block after which it exceeds
    /// `nonce` holds the transaction, as erigon's ots_getTransactionBySenderAndNonce does), then a
    /// look into that block; if cheats (anvil_setNonce) broke the monotonic nonce, a linear scan.
    public func transactionHash(sender: Address, nonce: UInt64) -> Hash? {
        if let n = firstBlock(where: { $0.nonce(sender) > nonce }), let b = block(number: n),
           let hit = indexOf(sender: sender, nonce: nonce, in: b) {
            return b.transactionHashes[hit]
        }
        var n = headNumber
        while true {
            if let b = block(number: n), let hit = indexOf(sender: sender, nonce: nonce, in: b) {
                return b.transactionHashes[hit]
            }
            if n == 0 { return nil }
            n -= 1
        }
    }

    private func indexOf(sender: Address, nonce: UInt64, in b: Block) -> Int? {
        b.transactions.indices.first { b.senders[$0] == sender && b.transactions[$0].nonce == nonce }
    }

    /// Smallest block number whose post-state satisfies `predicate`, assuming it is monotonic
    /// (false … false true … true); nil if even the head's state does not.
    func firstBlock(where predicate: (StateSnapshot) -> Bool) -> UInt64? {
        guard let headState = state(at: headNumber), predicate(headState) else { return nil }
        var lo: UInt64 = 0
        var hi = headNumber
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if let s = state(at: mid), predicate(s) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Who created the contract at `address` and in which transaction: a creation transaction's
    /// sender, or for a contract made by CREATE/CREATE2 inside a transaction, the contract that ran
    /// the opcode (erigon's ots_getContractCreator). Nil for an account without code, genesis
    /// allocations and code placed by anvil_setCode.
    ///
    /// Binary search for the first block after which the account has code, then that block's
    /// transactions: top-level creations first, then the call trees (when replay is available).
    public func contractCreator(of address: Address) -> (transactionHash: Hash, creator: Address, position: TransactionPosition)? {
        guard let n = firstBlock(where: { !$0.code(address).isEmpty }), n > 0, let b = block(number: n) else { return nil }
        for i in b.transactions.indices where b.transactions[i].to == nil {
            if ContractAddress.create(sender: b.senders[i], nonce: b.transactions[i].nonce) == address {
                return (b.transactionHashes[i], b.senders[i], TransactionPosition(blockNumber: n, index: i))
            }
        }
        let creators = callTreeCreators(b)
        for i in creators.indices {
            if let c = creators[i][address] {
                return (b.transactionHashes[i], c, TransactionPosition(blockNumber: n, index: i))
            }
        }
        return nil
    }

    /// Per transaction of `block`, the addresses its internal frames involve (cached by block hash).
    func cachedCallTreeAddresses(_ block: Block) -> [Set<Address>] {
        if let hit = AddressIndexCache.shared.get(block.hash) { return hit }
        guard let sets = callTreeAddresses(block) else { return [] }
        AddressIndexCache.shared.put(block.hash, sets)
        return sets
    }
}

/// Block hash → per-transaction internal-call addresses; process-wide, bounded, thread-safe.
final class AddressIndexCache: Sendable {
    static let shared = AddressIndexCache()
    /// Most blocks kept; the cache is emptied when it would grow past this.
    static let capacity = 20_000
    private let storage = Mutex<[Hash: [Set<Address>]]>([:])

    func get(_ h: Hash) -> [Set<Address>]? { storage.withLock { $0[h] } }

    func put(_ h: Hash, _ v: [Set<Address>]) {
        storage.withLock { m in
            if m.count >= Self.capacity { m.removeAll(keepingCapacity: true) }
            m[h] = v
        }
    }
}
