import EVM
import Primitives

/// The EVM's view of the world. Every write is journaled (see `JournalEntry`) and touches its
/// account (EIP-161); `checkpoint()` / `revert(to:)` / `commit(_:)` nest like the EVM's call frames.
extension WorldState: Host {
    // MARK: reads

    /// True if the account is present (even if empty).
    public func accountExists(_ a: Address) -> Bool { accounts.index(forKey: a) != nil }

    /// EIP-161 emptiness (nonce 0, balance 0, no code); true if absent.
    public func isEmpty(_ a: Address) -> Bool {
        guard let index = accounts.index(forKey: a) else { return true }
        return accounts.values[index].isEmpty
    }

    /// Balance in wei; zero if absent.
    public func balance(_ a: Address) -> UInt256 {
        guard let index = accounts.index(forKey: a) else { return .zero }
        return accounts.values[index].balance
    }

    /// Nonce; zero if absent.
    public func nonce(_ a: Address) -> UInt64 {
        guard let index = accounts.index(forKey: a) else { return 0 }
        return accounts.values[index].nonce
    }

    /// Analysed code (`Bytecode.empty` if absent or no code). The analysis is done once, when the code is set.
    public func code(_ a: Address) -> Bytecode {
        guard let index = accounts.index(forKey: a) else { return .empty }
        return accounts.values[index].code
    }

    /// EXTCODEHASH value (EIP-1052): `Hash.zero` if the account is absent or empty (EIP-161),
    /// otherwise keccak256(code) (`Keccak256.emptyHash` for an account without code).
    public func codeHash(_ a: Address) -> Hash {
        guard let account = accounts[a], !account.isEmpty else { return .zero }
        return account.code.hash
    }

    /// True if the account has a nonzero slot now (zero writes remove slots); false if absent (EIP-7610).
    public func hasStorage(_ a: Address) -> Bool {
        guard let index = accounts.index(forKey: a) else { return false }
        return !accounts.values[index].storage.isEmpty
    }

    /// Current slot value; zero if unset.
    public func storage(_ a: Address, _ key: UInt256) -> UInt256 {
        // Index access reads the slot in place (no copy of the Account, no retain of its buffers).
        guard let index = accounts.index(forKey: a) else { return .zero }
        return accounts.values[index].storage[key] ?? .zero
    }

    /// EIP-2200 original value: the slot's value at the start of the transaction. Zero for an account
    /// created in this transaction (EELS `get_storage_original`).
    public func originalStorage(_ a: Address, _ key: UInt256) -> UInt256 {
        if !createdAccounts.isEmpty, createdAccounts.contains(a) { return .zero }
        if let original = originalValues[SlotKey(a, key)] { return original }
        return storage(a, key)
    }

    /// EIP-1153 transient value; zero if unset.
    public func transientStorage(_ a: Address, _ key: UInt256) -> UInt256 {
        transient[SlotKey(a, key)] ?? .zero
    }

    /// Hash of block `number`, from `blockHashSource`.
    public func blockHash(_ number: UInt64) -> Hash { blockHashSource(number) }

    // MARK: EIP-2929 access sets

    /// Marks the account warm (journaled); true when it was cold.
    public func warmAccount(_ a: Address) -> Bool {
        guard warmAccounts.insert(a).inserted else { return false }
        journal.append(.warmedAccount(a))
        return true
    }

    /// Marks the slot warm (journaled); true when it was cold.
    public func warmStorage(_ a: Address, _ key: UInt256) -> Bool {
        guard warmSlots.insert(SlotKey(a, key)).inserted else { return false }
        journal.append(.warmedSlot(a, key: key))
        return true
    }

    // MARK: writes

    /// Writes a slot (zero deletes it), remembering the EIP-2200 original value on the first write
    /// of the transaction. Creates the account if absent.
    public func setStorage(_ a: Address, _ key: UInt256, _ value: UInt256) {
        let index = ensureAccount(a)
        let previous = accounts.values[index].storage[key] ?? .zero
        if previous != value {
            let slot = SlotKey(a, key)
            if originalValues.index(forKey: slot) == nil { originalValues[slot] = previous }
            journal.append(.storage(a, key: key, previous: previous))
            if value.isZero {
                accounts.values[index].storage.removeValue(forKey: key)
            } else {
                accounts.values[index].storage[key] = value
            }
            markDirty(a, storage: true)
        }
        touch(a)
    }

    /// Writes a transient slot (EIP-1153; zero deletes it). Journaled.
    public func setTransientStorage(_ a: Address, _ key: UInt256, _ value: UInt256) {
        let slot = SlotKey(a, key)
        let previous = transient[slot] ?? .zero
        guard previous != value else { return }
        journal.append(.transientStorage(a, key: key, previous: previous))
        if value.isZero { transient.removeValue(forKey: slot) } else { transient[slot] = value }
    }

    /// Sets the nonce, creating the account if absent.
    public func setNonce(_ a: Address, _ nonce: UInt64) {
        let index = ensureAccount(a)
        let previous = accounts.values[index].nonce
        if previous != nonce {
            journal.append(.nonce(a, previous: previous))
            accounts.values[index].nonce = nonce
            markDirty(a)
        }
        touch(a)
    }

    /// Adds wei (wrapping; total supply cannot reach 2^256), creating and touching the account
    /// even when `amount` is zero (EIP-161: a zero-value call touches its target).
    public func addBalance(_ a: Address, _ amount: UInt256) {
        let index = ensureAccount(a)
        if !amount.isZero {
            let previous = accounts.values[index].balance
            journal.append(.balance(a, previous: previous))
            accounts.values[index].balance = previous &+ amount
            markDirty(a)
        }
        touch(a)
    }

    /// Subtracts wei; the caller has checked that the balance suffices.
    public func subtractBalance(_ a: Address, _ amount: UInt256) {
        let index = ensureAccount(a)
        if !amount.isZero {
            let previous = accounts.values[index].balance
            journal.append(.balance(a, previous: previous))
            accounts.values[index].balance = previous &- amount
            markDirty(a)
        }
        touch(a)
    }

    /// Installs code (analysed once here), creating the account if absent.
    public func setCode(_ a: Address, _ code: [UInt8]) {
        setCode(a, Bytecode(code))
    }

    /// Marks `a` created in this transaction (EIP-6780) and clears any storage it had (journaled),
    /// creating the account if absent.
    public func markCreated(_ a: Address) {
        let index = ensureAccount(a)
        if !accounts.values[index].storage.isEmpty {
            journal.append(.storageReplaced(a, previous: accounts.values[index].storage))
            accounts.values[index].storage = [:]
            markDirty(a, storage: true)
        }
        if createdAccounts.insert(a).inserted {
            journal.append(.markedCreated(a))
        }
        touch(a)
    }

    /// True if `markCreated(a)` was called in this transaction (and not reverted).
    public func wasCreatedInTransaction(_ a: Address) -> Bool { createdAccounts.contains(a) }

    /// SELFDESTRUCT as in EELS `cancun/vm/instructions/system.py`: moves the whole balance of `a` to
    /// `beneficiary` (creating/touching it); if `a` was created in this transaction, its balance is
    /// set to zero (burnt when `beneficiary == a`) and it is deleted by `finalizeTransaction(fork:)`.
    public func selfDestruct(_ a: Address, beneficiary: Address) {
        let amount = balance(a)
        if beneficiary != a {
            subtractBalance(a, amount)
            addBalance(beneficiary, amount)
        } else {
            touch(a)
        }
        if createdAccounts.contains(a) {
            setBalance(a, .zero)
            if destructedAccounts.insert(a).inserted {
                journal.append(.markedDestructed(a))
            }
        }
    }

    /// Appends a log to the transaction's logs (journaled: a reverted frame's logs are dropped).
    public func emitLog(_ log: Log) {
        logs.append(log)
        journal.append(.log)
    }

    // MARK: journal

    /// Opens a checkpoint: its id is the current journal length.
    public func checkpoint() -> Int { journal.count }

    /// Undoes every change recorded since `checkpoint`, newest first. A checkpoint beyond the journal
    /// (already reverted, or from another transaction) is a no-op.
    public func revert(to checkpoint: Int) {
        let target = max(checkpoint, 0)
        while journal.count > target {
            undo(journal.removeLast())
        }
    }

    /// Keeps the changes since `checkpoint`. Nothing to do: entries stay in the journal so that an
    /// enclosing checkpoint can still revert them.
    public func commit(_ checkpoint: Int) {}

    /// Applies one undo record. Re-marks the account dirty: a root computed mid-transaction must not
    /// survive the revert.
    private func undo(_ entry: JournalEntry) {
        switch entry {
        case .accountCreated(let a):
            accounts.removeValue(forKey: a)
            markDirty(a, storage: true)
        case .balance(let a, let previous):
            accounts[a]?.balance = previous
            markDirty(a)
        case .nonce(let a, let previous):
            accounts[a]?.nonce = previous
            markDirty(a)
        case .code(let a, let previous):
            accounts[a]?.code = previous
            markDirty(a)
        case .storage(let a, let key, let previous):
            if previous.isZero {
                accounts[a]?.storage.removeValue(forKey: key)
            } else {
                accounts[a]?.storage[key] = previous
            }
            markDirty(a, storage: true)
        case .storageReplaced(let a, let previous):
            accounts[a]?.storage = previous
            markDirty(a, storage: true)
        case .transientStorage(let a, let key, let previous):
            let slot = SlotKey(a, key)
            if previous.isZero { transient.removeValue(forKey: slot) } else { transient[slot] = previous }
        case .warmedAccount(let a):
            warmAccounts.remove(a)
        case .warmedSlot(let a, let key):
            warmSlots.remove(SlotKey(a, key))
        case .markedCreated(let a):
            createdAccounts.remove(a)
        case .markedDestructed(let a):
            destructedAccounts.remove(a)
        case .touched(let a):
            touchedAccounts.remove(a)
        case .log:
            logs.removeLast()
        }
    }
}
