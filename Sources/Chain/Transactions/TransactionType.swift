import Primitives

/// The EIP-2718 transaction type byte. `legacy` transactions carry no type byte on the wire.
///
/// - `legacy` (0): Yellow Paper §4.3, with or without EIP-155 replay protection.
/// - `accessList` (1): EIP-2930.
/// - `dynamicFee` (2): EIP-1559.
/// - `blob` (3): EIP-4844 (Cancun), the canonical form without the network sidecar.
/// - `setCode` (4): EIP-7702 (Prague).
///
/// Types 5…0x7f throw ``TransactionError/unsupportedType(_:)`` when decoded.
public enum TransactionType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case legacy = 0
    case accessList = 1
    case dynamicFee = 2
    case blob = 3
    case setCode = 4

    /// "legacy", "access-list (EIP-2930)", "dynamic-fee (EIP-1559)", "blob (EIP-4844)",
    /// "set-code (EIP-7702)".
    public var description: String {
        switch self {
        case .legacy: "legacy"
        case .accessList: "access-list (EIP-2930)"
        case .dynamicFee: "dynamic-fee (EIP-1559)"
        case .blob: "blob (EIP-4844)"
        case .setCode: "set-code (EIP-7702)"
        }
    }
}

/// One entry of an EIP-2930 access list: an address (20 bytes) and the storage keys (32 bytes each)
/// that are warmed before execution.
public struct AccessListEntry: Sendable, Hashable {
    /// The account to warm (EIP-2929 / EIP-2930).
    public var address: Address
    /// Storage slots of `address` to warm, 32 bytes each.
    public var storageKeys: [Hash]

    /// An entry for `address` and its `storageKeys`.
    public init(address: Address, storageKeys: [Hash] = []) {
        self.address = address
        self.storageKeys = storageKeys
    }
}
