import EVM
import Primitives

/// One account of the world state (Yellow Paper §4.1): nonce, balance, code and storage.
///
/// A value type: copies share the code buffer (`Bytecode` holds one analysed buffer) and the storage
/// dictionary's buffer until one of them is mutated (copy-on-write), so a per-block snapshot of the
/// whole state copies references, not slots.
///
/// Storage never holds zero values: writing zero deletes the slot (a slot with value zero is absent
/// from the storage trie, Yellow Paper §D / EIP-161 state trie clearing).
public struct Account: Sendable, Hashable {
    /// Number of transactions sent (EOA) or contracts created (contract account), Yellow Paper §4.1.
    public var nonce: UInt64
    /// Balance in wei.
    public var balance: UInt256
    /// Contract code (`Bytecode.empty` for an externally owned account); its `hash` is the account's codeHash.
    public var code: Bytecode
    /// Storage slots (32-byte key → 32-byte value). Zero values are never stored.
    public var storage: [UInt256: UInt256]

    /// Creates an account. Zero values in `storage` are dropped (they mean "absent").
    public init(nonce: UInt64 = 0, balance: UInt256 = .zero, code: Bytecode = .empty,
                storage: [UInt256: UInt256] = [:]) {
        self.nonce = nonce
        self.balance = balance
        self.code = code
        self.storage = storage.isEmpty ? storage : storage.filter { !$0.value.isZero }
    }

    /// Creates an account from raw code bytes (analysed once here).
    public init(nonce: UInt64 = 0, balance: UInt256 = .zero, code: [UInt8],
                storage: [UInt256: UInt256] = [:]) {
        self.init(nonce: nonce, balance: balance, code: Bytecode(code), storage: storage)
    }

    /// EIP-161 emptiness: nonce 0, balance 0 and no code (storage is not considered).
    @inlinable public var isEmpty: Bool { nonce == 0 && balance.isZero && code.isEmpty }

    /// Keccak-256 of the code (`Keccak256.emptyHash` for no code), the account's codeHash field.
    @inlinable public var codeHash: Hash { code.hash }
}
