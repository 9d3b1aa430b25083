import EVM
import Primitives
import State

/// Durable storage of one chain, behind which `Blockchain` keeps its blocks, receipts, state change
/// sets, pool and dev settings. The implementation lives outside Chain (target `ChainStore`, SQLite
/// via GRDB), so Chain's hot path knows no database types.
///
/// Every method runs synchronously on the caller's thread (the owner of the `Blockchain`). Writes
/// are atomic: each either completes in one database transaction or changes nothing. A method that
/// returns has made its write durable (a process killed right after loses nothing of it).
///
/// State changes are keyed by a *sequence number*: `2·n` for the changes made by executing block
/// `n` (relative to the state block `n` was built on) and `2·n + 1` for cheat edits made to the
/// head state while `n` was the head (anvil_setBalance …, evm_revert's restored state).
public protocol ChainStore: AnyObject {
    /// Where the data lives, for messages (a file path, or ":memory:").
    var location: String { get }

    /// The identity of the stored chain, or nil for an empty store.
    /// - Throws: `ChainStoreError.io` when the database cannot be read.
    func loadMeta() throws(ChainStoreError) -> ChainStoreMeta?

    /// Writes the genesis block, its state (every allocated account as changes at sequence 0) and
    /// the chain identity into an empty store.
    func initialize(meta: ChainStoreMeta, genesis: Block, state: StateDelta, settings: DevSettings) throws(ChainStoreError)

    /// Commits one block in one transaction: header, transactions, receipts, log index, the state
    /// changes of the block (sequence `2·number`), the pool after it and the dev settings.
    func commit(block: Block, changes: StateDelta, pool: [TxPool.Entry], settings: DevSettings) throws(ChainStoreError)

    /// Replaces the cheat edits of head block `number` (sequence `2·number + 1`) by `changes`,
    /// relative to the state block `number` produced.
    func replaceHeadEdits(number: UInt64, changes: StateDelta) throws(ChainStoreError)

    /// Rewrites the stored pool and dev settings.
    func save(pool: [TxPool.Entry], settings: DevSettings) throws(ChainStoreError)

    /// Deletes every block above `number` with its transactions, receipts, logs and state changes,
    /// and the cheat edits of `number` itself (evm_revert; the caller stores the restored head
    /// state's edits afterwards).
    func truncate(above number: UInt64) throws(ChainStoreError)

    /// Deletes everything (the store is empty afterwards, as new).
    func reset() throws(ChainStoreError)

    /// The number of the newest stored block (nil for an empty store).
    func headNumber() throws(ChainStoreError) -> UInt64?

    /// The stored block `number` with its senders, receipts, gas used, prices and created addresses.
    func block(number: UInt64) throws(ChainStoreError) -> Block?

    /// The number of the stored block with this hash.
    func blockNumber(hash: Hash) throws(ChainStoreError) -> UInt64?

    /// Where the mined transaction with this hash is.
    func transactionLocation(hash: Hash) throws(ChainStoreError) -> (block: UInt64, index: Int)?

    /// Every account (with code and storage) as of change sequence `sequence` inclusive: `2·n` is
    /// the state block `n` produced, `2·n + 1` adds the cheat edits made while `n` was the head.
    func accounts(atSequence sequence: UInt64) throws(ChainStoreError) -> [Address: Account]

    /// Whether change sequence `sequence` holds any account or storage change (for an odd
    /// sequence `2·n + 1`: whether cheat edits were made while block `n` was the head).
    func hasChanges(atSequence sequence: UInt64) throws(ChainStoreError) -> Bool

    /// Logs of blocks `from...to` that may match `addresses` (empty = any) and `topic0` (empty =
    /// any), in chain order; the caller applies the full filter.
    func logs(from: UInt64, to: UInt64, addresses: [Address], topic0: [Hash]) throws(ChainStoreError) -> [LogEntry]

    /// The stored pool in arrival order.
    func loadPool() throws(ChainStoreError) -> [TxPool.Entry]

    /// The stored dev settings (missing fields take their defaults).
    func loadSettings() throws(ChainStoreError) -> DevSettings
}

/// The identity of a stored chain: a store is reused only for the same chain id and genesis.
public struct ChainStoreMeta: Sendable, Equatable {
    /// EIP-155 chain id.
    public var chainId: UInt64
    /// Hash of block 0 (keccak256 of its RLP header; it covers the genesis allocation, gas limit,
    /// base fee, timestamp and fork fields).
    public var genesisHash: Hash

    public init(chainId: UInt64, genesisHash: Hash) {
        self.chainId = chainId
        self.genesisHash = genesisHash
    }
}

/// An account's fields as a change set records them (storage goes separately, per slot).
public struct AccountFields: Sendable, Equatable {
    public var nonce: UInt64
    /// Balance in wei.
    public var balance: UInt256
    /// keccak256 of the code (`Keccak256.emptyHash` for none).
    public var codeHash: Hash

    public init(nonce: UInt64, balance: UInt256, codeHash: Hash) {
        self.nonce = nonce
        self.balance = balance
        self.codeHash = codeHash
    }
}

/// The difference between two world states: accounts written (nil = deleted), storage slots
/// written (zero = deleted) and the code of every new code hash.
public struct StateDelta: Sendable {
    public var accounts: [(address: Address, fields: AccountFields?)] = []
    public var storage: [(address: Address, slot: UInt256, value: UInt256)] = []
    /// Code by its keccak256 hash.
    public var codes: [Hash: [UInt8]] = [:]

    public init() {}

    public var isEmpty: Bool { accounts.isEmpty && storage.isEmpty }

    /// The changes that turn `old` into `new`. Accounts equal in both cost one dictionary lookup
    /// and comparison (storage buffers shared by copy-on-write compare by identity first).
    public static func between(_ old: [Address: Account], _ new: [Address: Account]) -> StateDelta {
        var delta = StateDelta()
        var seen = 0
        for (address, account) in new {
            if let before = old[address] {
                seen += 1
                if before == account { continue }
                delta.add(address, account, before: before)
            } else {
                delta.add(address, account, before: nil)
            }
        }
        if seen != old.count {
            for (address, before) in old where new[address] == nil {
                delta.accounts.append((address, nil))
                for slot in before.storage.keys { delta.storage.append((address, slot, .zero)) }
            }
        }
        return delta
    }

    /// Every account of `state` as written from nothing (genesis).
    public static func all(_ state: [Address: Account]) -> StateDelta {
        between([:], state)
    }

    private mutating func add(_ address: Address, _ account: Account, before: Account?) {
        let hash = account.code.hash
        accounts.append((address, AccountFields(nonce: account.nonce, balance: account.balance, codeHash: hash)))
        if hash != Keccak256.emptyHash, before?.code.hash != hash { codes[hash] = account.code.bytes }
        let old = before?.storage ?? [:]
        if old == account.storage { return }
        for (slot, value) in account.storage where old[slot] != value { storage.append((address, slot, value)) }
        for slot in old.keys where account.storage[slot] == nil { storage.append((address, slot, .zero)) }
    }
}

/// A storage failure (the database could not be opened, read or written, or holds another chain).
public enum ChainStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data directory holds a different chain (other chain id or genesis).
    case genesisMismatch(path: String, stored: ChainStoreMeta, wanted: ChainStoreMeta)
    /// An I/O or SQLite error, with what was being done.
    case io(String)
    /// The stored data could not be decoded.
    case corrupt(String)

    public var description: String {
        switch self {
        case let .genesisMismatch(path, stored, wanted):
            var what: [String] = []
            if stored.chainId != wanted.chainId { what.append("chain id \(stored.chainId), not \(wanted.chainId)") }
            if stored.genesisHash != wanted.genesisHash {
                what.append("genesis \(stored.genesisHash.hex), not \(wanted.genesisHash.hex) (different accounts, balance, gas limit, base fee, fork, [rollup] or [lazai] settings, or a data directory from an older metis-devnet)")
            }
            return "\(path) holds another chain (\(what.joined(separator: "; "))); start with --fresh to delete it and begin again, or choose another directory with --data-dir"
        case .io(let s): return "database error: \(s)"
        case .corrupt(let s): return "stored chain is damaged: \(s)"
        }
    }
}

extension TxPool.Entry {
    /// A pool entry as a store reads it back (`sequence` orders arrival; the pool renumbers it on insert).
    public init(restoring transaction: Transaction, sender: Address, hash: Hash, sequence: UInt64) {
        self.transaction = transaction
        self.sender = sender
        self.hash = hash
        self.sequence = sequence
    }
}

extension LogEntry {
    /// A log as a store's log index reads it back (`removed` is false: this chain never reorganises).
    public init(stored log: Log, blockNumber: UInt64, blockHash: Hash, transactionHash: Hash, transactionIndex: Int, logIndex: Int) {
        self.init(log: log, blockNumber: blockNumber, blockHash: blockHash, transactionHash: transactionHash,
                  transactionIndex: transactionIndex, logIndex: logIndex)
    }
}
