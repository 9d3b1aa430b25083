import EVM
import Primitives

/// The journaled world state of one chain: the accounts of the block being built, the current
/// transaction's journal and access sets, and the caches that make `commitBlock()` cheap.
///
/// Layout:
/// - `accounts` holds the latest state (committed blocks plus the pending block plus the current
///   transaction). Every mutation made through `Host` (or the cheat setters below) is applied in
///   place and recorded as a `JournalEntry`, so `checkpoint()` / `revert(to:)` are exact.
/// - Transaction-scoped sets (EIP-2929 warm accounts and slots, EIP-1153 transient storage, EIP-2200
///   original values, EIP-6780 created marks, self-destruct marks, EIP-161 touched marks, logs)
///   live from `beginTransaction()` to `finalizeTransaction(fork:)`.
/// - Block-scoped dirty sets say which accounts changed since the last root computation; storage
///   roots and account-trie leaves of the other accounts are reused (see `WorldState+Root.swift`).
///
/// Not thread-safe: one owner (the chain's actor) drives it. `snapshot()` gives an immutable,
/// `Sendable` copy for readers.
///
/// The journal design follows revm's `JournaledState` (checkpoint = journal length, revert pops
/// entries in reverse order); transaction-end rules follow EELS `cancun/fork.py` `process_transaction`.
public final class WorldState {
    // MARK: state
    /// All accounts, including the current transaction's changes.
    @usableFromInline var accounts: [Address: Account]

    // MARK: transaction scope
    @usableFromInline var journal: [JournalEntry] = []
    @usableFromInline var warmAccounts: Set<Address> = []
    @usableFromInline var warmSlots: Set<SlotKey> = []
    @usableFromInline var transient: [SlotKey: UInt256] = [:]
    /// EIP-2200 original values of the slots written in this transaction (value before the first write).
    @usableFromInline var originalValues: [SlotKey: UInt256] = [:]
    @usableFromInline var createdAccounts: Set<Address> = []
    @usableFromInline var destructedAccounts: Set<Address> = []
    @usableFromInline var touchedAccounts: Set<Address> = []
    /// Logs emitted in the current transaction, in order (reverted frames' logs removed).
    /// Cleared by `beginTransaction()`; still readable after `finalizeTransaction(fork:)`.
    public internal(set) var logs: [Log] = []

    // MARK: block scope (root caches)
    /// Accounts whose trie leaf must be re-encoded at the next root computation.
    var dirtyAccounts: Set<Address> = []
    /// Accounts whose storage root must be recomputed at the next root computation.
    var dirtyStorage: Set<Address> = []
    /// Storage root per account as of the last root computation (absent: not yet computed).
    var storageRoots: [Address: Hash] = [:]
    /// Account-trie leaves (keccak(address) → RLP account) as of the last root computation.
    var accountLeaves: [Address: AccountLeaf] = [:]
    /// False when `accountLeaves` must be rebuilt for every account (after `init`).
    var leavesValid = false
    /// The root of the last computation, valid while `dirtyAccounts` is empty and `leavesValid`.
    var cachedRoot: Hash?

    /// Answers BLOCKHASH (`Host.blockHash`): the chain installs a lookup over its recent headers.
    /// Defaults to `Hash.zero` for every number.
    public var blockHashSource: (UInt64) -> Hash = { _ in .zero }

    /// Creates a state holding `genesis` (zero-valued storage slots are dropped). The first
    /// `commitBlock()` computes every storage root and the genesis state root.
    public init(genesis: [Address: Account]) {
        var cleaned = genesis
        for (address, account) in genesis where account.storage.values.contains(where: \.isZero) {
            cleaned[address]!.storage = account.storage.filter { !$0.value.isZero }
        }
        self.accounts = cleaned
    }

    /// An empty state (state root `emptyTrieRoot`).
    public convenience init() {
        self.init(genesis: [:])
    }

    /// A state over the accounts of a snapshot, reusing its storage roots (no storage trie is rebuilt
    /// unless its account changes).
    init(accounts: [Address: Account], storageRoots: [Address: Hash], root: Hash) {
        self.accounts = accounts
        self.storageRoots = storageRoots
        self.cachedRoot = root
        self.leavesValid = false
    }

    // MARK: - reads outside the Host protocol

    /// The account at `address`, or nil if absent.
    public func account(_ address: Address) -> Account? { accounts[address] }

    /// Number of accounts present.
    public var accountCount: Int { accounts.count }

    /// Addresses of all accounts present (unordered).
    public var addresses: Dictionary<Address, Account>.Keys { accounts.keys }

    // MARK: - transaction boundaries

    /// Starts a transaction: clears the journal, the warm account and slot sets (EIP-2929), transient
    /// storage (EIP-1153), the original-value cache (EIP-2200), created / self-destructed / touched
    /// marks and the logs. Changes made before this call stay (they belong to the pending block).
    public func beginTransaction() {
        clearTransactionScope()
        logs.removeAll(keepingCapacity: true)
    }

    /// Ends a transaction: deletes the accounts marked by `selfDestruct` (the EVM only marks those
    /// created in the same transaction, EIP-6780) and every touched account that is empty (EIP-161,
    /// EELS `process_transaction` → `destroy_touched_empty_accounts`), then closes the journal (its
    /// changes can no longer be reverted) and returns the transaction's logs.
    ///
    /// A failed transaction is handled by the caller with `revert(to:)` to a checkpoint taken after
    /// buying gas and incrementing the nonce, before this call.
    ///
    /// - Parameter fork: the active fork; every supported fork (Cancun and later) applies EIP-161 and EIP-6780.
    /// - Returns: the logs of the transaction (also left in `logs` until the next `beginTransaction()`).
    @discardableResult
    public func finalizeTransaction(fork: Hardfork) -> [Log] {
        for address in destructedAccounts {
            deleteAccount(address)
        }
        for address in touchedAccounts {
            if let account = accounts[address], account.isEmpty {
                deleteAccount(address)
            }
        }
        clearTransactionScope()
        return logs
    }

    private func clearTransactionScope() {
        journal.removeAll(keepingCapacity: true)
        warmAccounts.removeAll(keepingCapacity: true)
        warmSlots.removeAll(keepingCapacity: true)
        transient.removeAll(keepingCapacity: true)
        originalValues.removeAll(keepingCapacity: true)
        createdAccounts.removeAll(keepingCapacity: true)
        destructedAccounts.removeAll(keepingCapacity: true)
        touchedAccounts.removeAll(keepingCapacity: true)
    }

    /// Removes an account outright (transaction end only; not journaled).
    private func deleteAccount(_ address: Address) {
        if accounts.removeValue(forKey: address) != nil {
            markDirty(address, storage: true)
        }
    }

    // MARK: - direct setters (genesis building, cheat methods); journaled like Host writes

    /// Sets the balance in wei, creating the account if absent. Journaled.
    public func setBalance(_ address: Address, _ balance: UInt256) {
        let index = ensureAccount(address)
        let previous = accounts.values[index].balance
        if previous != balance {
            journal.append(.balance(address, previous: previous))
            accounts.values[index].balance = balance
            markDirty(address)
        }
        touch(address)
    }

    /// Installs already analysed code (shares its JUMPDEST analysis), creating the account if absent. Journaled.
    public func setCode(_ address: Address, _ code: Bytecode) {
        let index = ensureAccount(address)
        let previous = accounts.values[index].code
        if previous.hash != code.hash {
            journal.append(.code(address, previous: previous))
            accounts.values[index].code = code
            markDirty(address)
        }
        touch(address)
    }

    /// Replaces the whole storage of an account (zero values dropped), creating the account if absent. Journaled.
    public func replaceStorage(_ address: Address, _ storage: [UInt256: UInt256]) {
        let index = ensureAccount(address)
        let previous = accounts.values[index].storage
        journal.append(.storageReplaced(address, previous: previous))
        accounts.values[index].storage = storage.filter { !$0.value.isZero }
        markDirty(address, storage: true)
        touch(address)
    }

    /// Replaces an account's nonce, balance, code and storage (e.g. anvil_setAccount / genesis). Journaled.
    public func setAccount(_ address: Address, _ account: Account) {
        setNonce(address, account.nonce)
        setBalance(address, account.balance)
        setCode(address, account.code)
        replaceStorage(address, account.storage)
    }

    /// Marks an account touched (EIP-161): if it is empty at the end of the transaction it is deleted.
    /// Every write through this class touches its account; the chain calls this for other touches.
    public func touch(_ address: Address) {
        if touchedAccounts.insert(address).inserted {
            journal.append(.touched(address))
        }
    }

    // MARK: - helpers

    /// Index of the account, inserting an empty one (journaled) if absent.
    @usableFromInline
    func ensureAccount(_ address: Address) -> Dictionary<Address, Account>.Index {
        if let index = accounts.index(forKey: address) { return index }
        accounts[address] = Account()
        journal.append(.accountCreated(address))
        markDirty(address, storage: true)
        return accounts.index(forKey: address)!
    }

    @usableFromInline
    func markDirty(_ address: Address, storage: Bool = false) {
        dirtyAccounts.insert(address)
        if storage { dirtyStorage.insert(address) }
        cachedRoot = nil
    }
}
