/// Transaction-level gas constants used by `Chain` (intrinsic gas, limits). Values in gas unless said.
/// The interpreter's per-opcode costs live with the interpreter.
public enum GasSchedule {
    /// Base cost of every transaction (Yellow Paper G_transaction).
    public static let txBase: UInt64 = 21000
    /// Extra cost of a contract-creation transaction (EIP-2, G_txcreate).
    public static let txCreate: UInt64 = 32000
    /// Per zero byte of calldata (G_txdatazero).
    public static let txDataZero: UInt64 = 4
    /// Per non-zero byte of calldata (EIP-2028, G_txdatanonzero).
    public static let txDataNonZero: UInt64 = 16
    /// Per address in an EIP-2930 access list.
    public static let accessListAddress: UInt64 = 2400
    /// Per storage key in an EIP-2930 access list.
    public static let accessListStorageKey: UInt64 = 1900
    /// Per 32-byte word of init code (EIP-3860), for creation transactions and CREATE/CREATE2.
    public static let initcodeWord: UInt64 = 2
    /// EIP-7623 (Prague) floor: gas per calldata token (tokens = zero bytes + 4 × non-zero bytes).
    public static let floorPerToken: UInt64 = 10
    /// EIP-7623 standard cost per token (4 per token = 4/16 per zero/non-zero byte).
    public static let standardPerToken: UInt64 = 4
    /// Maximum deployed code size in bytes (EIP-170).
    public static let maxCodeSize = 24576
    /// Maximum init code size in bytes (EIP-3860): 2 × maxCodeSize.
    public static let maxInitcodeSize = 49152
    /// EIP-7702 (Prague) cost per authorization tuple (PER_EMPTY_ACCOUNT_COST).
    public static let perEmptyAccountCost: UInt64 = 25000
    /// EIP-7702 refund when the authority already exists (PER_EMPTY_ACCOUNT_COST − PER_AUTH_BASE_COST).
    public static let perAuthBaseCost: UInt64 = 12500
    /// EIP-3529 refund cap divisor: refund ≤ gasUsed / 5.
    public static let maxRefundQuotient: UInt64 = 5

    /// Calldata tokens (EIP-7623): zero bytes + 4 × non-zero bytes.
    public static func calldataTokens(_ data: some Collection<UInt8>) -> UInt64 {
        var zeros: UInt64 = 0
        var nonZeros: UInt64 = 0
        for b in data { if b == 0 { zeros += 1 } else { nonZeros += 1 } }
        return zeros + 4 * nonZeros
    }

    /// Intrinsic gas of a transaction (Yellow Paper §6.2 g0, EIP-2028, EIP-2930, EIP-3860, EIP-7702).
    public static func intrinsicGas(data: some Collection<UInt8>, isCreate: Bool, accessListAddresses: Int = 0,
                                    accessListStorageKeys: Int = 0, authorizations: Int = 0) -> UInt64 {
        var gas = txBase + standardPerToken * calldataTokens(data)
        if isCreate {
            gas += txCreate + initcodeWord * UInt64((data.count + 31) / 32)
        }
        gas += accessListAddress * UInt64(accessListAddresses) + accessListStorageKey * UInt64(accessListStorageKeys)
        gas += perEmptyAccountCost * UInt64(authorizations)
        return gas
    }

    /// EIP-7623 (Prague) calldata floor: 21000 + 10 × tokens. gasUsed = max(gasUsed, floor).
    public static func floorDataGas(data: some Collection<UInt8>) -> UInt64 {
        txBase + floorPerToken * calldataTokens(data)
    }
}
