import EVM
import Primitives
import Trie

/// One leaf of the account trie: keccak256(address) (32 bytes) → RLP([nonce, balance, storageRoot, codeHash]).
struct AccountLeaf: Sendable {
    var key: [UInt8]
    var value: [UInt8]
}

extension WorldState {
    /// Computes the state root (Yellow Paper §4.1, Appendix D): the secure Merkle-Patricia trie of
    /// keccak256(address) → RLP([nonce, balance, storageRoot, codeHash]), where storageRoot is the
    /// secure trie of keccak256(slot as 32 bytes) → RLP(value as minimal big-endian bytes) with zero
    /// values absent.
    ///
    /// Only accounts changed since the previous computation are re-encoded, and only accounts whose
    /// storage changed get their storage trie rebuilt; the other storage roots and leaves are reused.
    /// Includes the current transaction's changes if one is open (reverting it later re-marks its
    /// accounts, so the next computation is still right).
    ///
    /// - Returns: the 32-byte state root; `emptyTrieRoot` (0x56e8…b421) for an empty state.
    @discardableResult
    public func commitBlock() -> Hash {
        if leavesValid, dirtyAccounts.isEmpty, let root = cachedRoot { return root }
        if !leavesValid {
            accountLeaves.removeAll(keepingCapacity: true)
            accountLeaves.reserveCapacity(accounts.count)
            for (address, account) in accounts {
                accountLeaves[address] = AccountLeaf(
                    key: Keccak256.hash(address.bytes).bytes,
                    value: encodedAccount(address, account))
            }
            // Drop cached storage roots of accounts that no longer exist.
            if storageRoots.count > accounts.count {
                storageRoots = storageRoots.filter { accounts.index(forKey: $0.key) != nil }
            }
            leavesValid = true
        } else {
            for address in dirtyAccounts {
                if let account = accounts[address] {
                    let value = encodedAccount(address, account)
                    if accountLeaves[address] != nil {
                        accountLeaves[address]!.value = value
                    } else {
                        accountLeaves[address] = AccountLeaf(key: Keccak256.hash(address.bytes).bytes, value: value)
                    }
                } else {
                    accountLeaves.removeValue(forKey: address)
                    storageRoots.removeValue(forKey: address)
                }
            }
        }
        dirtyAccounts.removeAll(keepingCapacity: true)
        dirtyStorage.removeAll(keepingCapacity: true)
        let root = MerklePatriciaTrie.root(accountLeaves.values.map { (key: $0.key, value: $0.value) })
        cachedRoot = root
        return root
    }

    /// The state root including every change so far (same as `commitBlock()`; named for readers).
    public var stateRoot: Hash { commitBlock() }

    /// Storage root of `address` as of now (recomputed if its storage changed). `emptyTrieRoot` if absent.
    public func storageRoot(_ address: Address) -> Hash {
        guard let account = accounts[address] else { return emptyTrieRoot }
        return currentStorageRoot(address, account)
    }

    /// RLP([nonce, balance, storageRoot, codeHash]) of an account, refreshing its storage root if needed.
    private func encodedAccount(_ address: Address, _ account: Account) -> [UInt8] {
        let storageRoot = currentStorageRoot(address, account)
        return StateEncoding.account(account, storageRoot: storageRoot)
    }

    private func currentStorageRoot(_ address: Address, _ account: Account) -> Hash {
        if !dirtyStorage.contains(address), let cached = storageRoots[address] { return cached }
        let root = StateEncoding.storageRoot(account.storage)
        storageRoots[address] = root
        return root
    }
}

/// The trie encodings of accounts and storage (Yellow Paper §4.1, Appendix D), shared by
/// `WorldState` and `StateSnapshot`.
enum StateEncoding {
    /// RLP([nonce, balance, storageRoot, codeHash]).
    static func account(_ account: Account, storageRoot: Hash) -> [UInt8] {
        RLP.list([.uint(account.nonce), .uint(account.balance), RLP(storageRoot), RLP(account.code.hash)]).encoded()
    }

    /// Trie entries of a storage: keccak256(slot, 32 bytes big-endian) → RLP(minimal big-endian value).
    static func storageEntries(_ storage: [UInt256: UInt256]) -> [(key: [UInt8], value: [UInt8])] {
        var entries: [(key: [UInt8], value: [UInt8])] = []
        entries.reserveCapacity(storage.count)
        for (slot, value) in storage where !value.isZero {
            entries.append((key: storageKey(slot), value: RLP.uint(value).encoded()))
        }
        return entries
    }

    /// keccak256 of the slot as 32 big-endian bytes (the storage trie's key).
    static func storageKey(_ slot: UInt256) -> [UInt8] {
        Keccak256.hash(slot.bigEndianBytes).bytes
    }

    /// Storage root; `emptyTrieRoot` for empty storage.
    static func storageRoot(_ storage: [UInt256: UInt256]) -> Hash {
        if storage.isEmpty { return emptyTrieRoot }
        return MerklePatriciaTrie.root(storageEntries(storage))
    }
}
