import Primitives

extension WorldState {
    /// The storage slots warm in the current transaction (EIP-2929), as (account, 32-byte slot)
    /// pairs in no particular order: the access list given with the transaction plus every slot
    /// SLOAD/SSTORE touched in frames that did not revert. Empty after `finalizeTransaction(fork:)`;
    /// read it from a tracer's `messageEnd` (eth_createAccessList does).
    public var warmStorageSlots: [(address: Address, slot: UInt256)] {
        warmSlots.map { ($0.address, $0.key) }
    }
}
