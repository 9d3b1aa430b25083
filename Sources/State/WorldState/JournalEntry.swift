import EVM
import Primitives

/// An account address and a storage key: the key of the warm-slot set (EIP-2929), transient storage
/// (EIP-1153) and the original-value cache (EIP-2200).
@usableFromInline
struct SlotKey: Hashable, Sendable {
    @usableFromInline let address: Address
    @usableFromInline let key: UInt256

    @inlinable init(_ address: Address, _ key: UInt256) {
        self.address = address
        self.key = key
    }
}

/// One undo record of the current transaction's journal. Each case holds what is needed to restore
/// the state exactly as it was before the mutation (the previous value, or the fact that something
/// was absent). `WorldState.revert(to:)` pops and applies them in reverse order.
///
/// Modelled on revm's `JournalEntry` (crates/context/src/journal/entry.rs): an array of plain enum
/// values, no closures.
@usableFromInline
enum JournalEntry {
    /// The account did not exist before; undo removes it.
    case accountCreated(Address)
    /// Balance before the change, in wei.
    case balance(Address, previous: UInt256)
    case nonce(Address, previous: UInt64)
    case code(Address, previous: Bytecode)
    /// Storage slot value before the write (zero = the slot was absent).
    case storage(Address, key: UInt256, previous: UInt256)
    /// The whole storage was replaced (`markCreated` clearing a pre-existing account, or `setAccount`).
    case storageReplaced(Address, previous: [UInt256: UInt256])
    /// Transient slot value before the write (EIP-1153).
    case transientStorage(Address, key: UInt256, previous: UInt256)
    /// The account was cold before (EIP-2929); undo makes it cold again.
    case warmedAccount(Address)
    /// The slot was cold before (EIP-2929).
    case warmedSlot(Address, key: UInt256)
    /// The account was marked created in this transaction (EIP-6780).
    case markedCreated(Address)
    /// The account was marked for deletion at the end of the transaction.
    case markedDestructed(Address)
    /// The account was marked touched (EIP-161).
    case touched(Address)
    /// A log was appended; undo removes the last log.
    case log
}
