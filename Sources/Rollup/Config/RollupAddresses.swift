import Primitives

/// The fixed addresses of the Metis layer (ROLLUP-API.md §1): Metis mainnet's where Metis has one.
public struct RollupAddresses: Sendable, Equatable {
    // MARK: L1
    /// MetisToken (METIS), EIP-20, on L1.
    public static let metisToken = fixed("0x9E32b13ce7f2E80A01932B42553652E053D6ed8e")
    /// LockingPool (sequencer stakes) on L1.
    public static let lockingPool = fixed("0xD54c868362C2098E0E46F12E7D924C6A332952Dd")
    /// StateCommitmentChain on L1.
    public static let stateCommitmentChain = fixed("0xA2FaAAC9120c1Ff75814F0c6DdB119496a12eEA6")
    /// CanonicalTransactionChain (the L1→L2 queue) on L1.
    public static let canonicalTransactionChain = fixed("0x56a76bcC92361f6DF8D75476feD8843EdC70e1C9")
    /// L1CrossDomainMessenger on L1.
    public static let l1CrossDomainMessenger = fixed("0x081D1101855bD523bA69A9794e0217F0DB6323ff")
    /// L1StandardBridge on L1.
    public static let l1StandardBridge = fixed("0x3980c9ed79d2c191A89E02Fa3529C60eD6e9c04b")

    // MARK: L2
    /// L2ToL1MessagePasser on L2.
    public static let l2ToL1MessagePasser = fixed("0x4200000000000000000000000000000000000000")
    /// L2CrossDomainMessenger on L2.
    public static let l2CrossDomainMessenger = fixed("0x4200000000000000000000000000000000000007")
    /// L2StandardBridge on L2 (holds the 2^200 wei native-coin reserve).
    public static let l2StandardBridge = fixed("0x4200000000000000000000000000000000000010")
    /// L2StandardTokenFactory on L2.
    public static let l2StandardTokenFactory = fixed("0x4200000000000000000000000000000000000012")
    /// The L2StandardERC20 whose runtime code L2StandardTokenFactory copies (`create_copy_of`);
    /// placed at genesis, never initialised itself.
    public static let l2StandardERC20Template = fixed("0x4200000000000000000000000000000000000013")
    /// MetisSequencerSet on L2.
    public static let metisSequencerSet = fixed("0x0fe382b74C3894B65c10E5C12ae60Bbd8FAf5b48")
    /// Token argument meaning "the L2's native coin" (Metis' MVM_Coinbase address).
    public static let nativeToken = fixed("0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000")
    /// EIP-4788's SYSTEM_ADDRESS 0xff…fe: the caller of the L2's epoch system calls, and
    /// MetisSequencerSet's `mpcAddress`.
    public static let systemAddress = fixed("0xfffffffffffffffffffffffffffffffffffffffe")

    /// The batch inbox on L1 (no code): 0xff, zero padding, then the L1 chain id and the L2 chain id
    /// as decimal digits read as hex nibbles (Metis' rollupcfg.go), right-aligned in 20 bytes;
    /// 31337 and 133718 give 0xff00000000000000000000000000031337133718.
    public let batchInbox: Address

    /// - Throws: `RollupConfigError` (key `chain_id`) when the two ids' decimal digits do not fit
    ///   in the 38 hex digits after 0xff.
    public init(l1ChainId: UInt64, l2ChainId: UInt64) throws(RollupConfigError) {
        batchInbox = try Self.batchInbox(l1ChainId: l1ChainId, l2ChainId: l2ChainId)
    }

    /// The inbox address for two chain ids (see `batchInbox`).
    /// - Throws: `RollupConfigError` when the decimal digits are more than 38.
    public static func batchInbox(l1ChainId: UInt64, l2ChainId: UInt64) throws(RollupConfigError) -> Address {
        let digits = String(l1ChainId) + String(l2ChainId)
        guard digits.count <= 38 else {
            throw RollupConfigError(key: "chain_id", message: "l1.chain_id \(l1ChainId) and l2.chain_id \(l2ChainId) have \(digits.count) decimal digits together; the batch inbox address holds at most 38")
        }
        let hex = "0xff" + String(repeating: "0", count: 38 - digits.count) + digits
        return Address(hex: hex)!
    }

    /// Every L1 contract, name → address, in deployment order.
    public static let l1Contracts: [(name: String, address: Address)] = [
        ("MetisToken", metisToken), ("LockingPool", lockingPool), ("StateCommitmentChain", stateCommitmentChain),
        ("CanonicalTransactionChain", canonicalTransactionChain), ("L1CrossDomainMessenger", l1CrossDomainMessenger),
        ("L1StandardBridge", l1StandardBridge),
    ]
    /// Every L2 contract, name → address.
    public static let l2Contracts: [(name: String, address: Address)] = [
        ("L2ToL1MessagePasser", l2ToL1MessagePasser), ("L2CrossDomainMessenger", l2CrossDomainMessenger),
        ("L2StandardBridge", l2StandardBridge), ("L2StandardTokenFactory", l2StandardTokenFactory),
        ("L2StandardERC20Template", l2StandardERC20Template),
        ("MetisSequencerSet", metisSequencerSet),
    ]

    private static func fixed(_ hex: String) -> Address { Address(hex: hex)! }

}
