import EVM
import Primitives
import Trie

/// An immutable copy of the world state at one point (normally the end of a block), for readers:
/// eth_getBalance / eth_getCode / eth_getStorageAt / eth_getProof at a past block, and
/// `makeWorldState()` for eth_call / eth_estimateGas without touching the live state.
///
/// Cheap to take: it copies the account dictionary, whose values share their storage and code
/// buffers with the live state until either side writes (copy-on-write).
public struct StateSnapshot: Sendable {
    /// All accounts present.
    public let accounts: [Address: Account]
    /// Storage root per account (complete: one entry for every account).
    let storageRoots: [Address: Hash]
    /// The state root of this state (32 bytes).
    public let stateRoot: Hash

    init(accounts: [Address: Account], storageRoots: [Address: Hash], stateRoot: Hash) {
        self.accounts = accounts
        self.storageRoots = storageRoots
        self.stateRoot = stateRoot
    }

    /// The account at `address`, or nil if absent.
    public func account(_ address: Address) -> Account? { accounts[address] }

    /// Balance in wei; zero if absent.
    public func balance(_ address: Address) -> UInt256 { accounts[address]?.balance ?? .zero }

    /// Nonce; zero if absent.
    public func nonce(_ address: Address) -> UInt64 { accounts[address]?.nonce ?? 0 }

    /// Code (`Bytecode.empty` if absent or none); `.bytes` is what eth_getCode returns.
    public func code(_ address: Address) -> Bytecode { accounts[address]?.code ?? .empty }

    /// keccak256 of the code; `Keccak256.emptyHash` for an account without code or an absent account
    /// (as geth's eth_getProof reports it).
    public func codeHash(_ address: Address) -> Hash { accounts[address]?.code.hash ?? Keccak256.emptyHash }

    /// Slot value; zero if unset or the account is absent.
    public func storage(_ address: Address, _ key: UInt256) -> UInt256 {
        accounts[address]?.storage[key] ?? .zero
    }

    /// Storage root of the account; `emptyTrieRoot` if absent.
    public func storageRoot(_ address: Address) -> Hash {
        guard let account = accounts[address] else { return emptyTrieRoot }
        return storageRoots[address] ?? StateEncoding.storageRoot(account.storage)
    }

    /// The EIP-1186 (eth_getProof) answer for `address` and `storageKeys`: the account-trie nodes from
    /// the root to the account's leaf (or to where its absence is proven), the account fields, and for
    /// each key its value and storage-trie proof. Nodes are raw RLP; the RPC layer hex-encodes them.
    /// Costs a rebuild of the account trie (and of the account's storage trie if keys are asked).
    public func proof(address: Address, storageKeys: [UInt256]) -> AccountProof {
        var entries: [(key: [UInt8], value: [UInt8])] = []
        entries.reserveCapacity(accounts.count)
        for (a, account) in accounts {
            entries.append((key: Keccak256.hash(a.bytes).bytes,
                            value: StateEncoding.account(account, storageRoot: storageRoot(a))))
        }
        let accountProof = MerklePatriciaTrie.proof(entries, key: Keccak256.hash(address.bytes).bytes)
        let account = accounts[address]
        var storageProofs: [StorageProof] = []
        storageProofs.reserveCapacity(storageKeys.count)
        if !storageKeys.isEmpty {
            let storageEntries = StateEncoding.storageEntries(account?.storage ?? [:])
            for key in storageKeys {
                storageProofs.append(StorageProof(
                    key: key,
                    value: account?.storage[key] ?? .zero,
                    proof: MerklePatriciaTrie.proof(storageEntries, key: StateEncoding.storageKey(key))))
            }
        }
        return AccountProof(
            address: address,
            accountProof: accountProof,
            balance: account?.balance ?? .zero,
            nonce: account?.nonce ?? 0,
            codeHash: account?.code.hash ?? Keccak256.emptyHash,
            storageHash: storageRoot(address),
            storageProof: storageProofs)
    }

    /// A fresh, independent `WorldState` over this snapshot (for eth_call / eth_estimateGas at this
    /// block): its writes never reach the live state or this snapshot. Set its `blockHashSource` if
    /// the call may use BLOCKHASH.
    public func makeWorldState() -> WorldState {
        WorldState(accounts: accounts, storageRoots: storageRoots, root: stateRoot)
    }
}

/// One account's EIP-1186 proof (the result of eth_getProof).
public struct AccountProof: Sendable, Hashable {
    public var address: Address
    /// RLP-encoded account-trie nodes, root first.
    public var accountProof: [[UInt8]]
    /// Balance in wei.
    public var balance: UInt256
    public var nonce: UInt64
    /// keccak256 of the code (`Keccak256.emptyHash` for no code or an absent account).
    public var codeHash: Hash
    /// Storage root (`emptyTrieRoot` for no storage or an absent account).
    public var storageHash: Hash
    /// One entry per requested key, in request order.
    public var storageProof: [StorageProof]
}

/// One storage slot's EIP-1186 proof.
public struct StorageProof: Sendable, Hashable {
    /// The requested slot (32 bytes).
    public var key: UInt256
    /// Its value (zero if unset).
    public var value: UInt256
    /// RLP-encoded storage-trie nodes, root first (proves absence when the slot is unset).
    public var proof: [[UInt8]]
}

extension WorldState {
    /// An immutable copy of the current state (including an open transaction's changes; take it
    /// after `finalizeTransaction` / `commitBlock` for a block's state). Computes the state root if
    /// anything changed since the last computation. Later writes to this `WorldState` do not change
    /// the snapshot (copy-on-write).
    public func snapshot() -> StateSnapshot {
        let root = commitBlock()
        return StateSnapshot(accounts: accounts, storageRoots: storageRoots, stateRoot: root)
    }
}
