import Primitives

/// The developer settings of one chain that cheat methods change at run time and that a restart
/// on the same data directory keeps (anvil's "node config" that lives beside the blocks).
///
/// nil means "use the chain's `ChainConfig` / the built-in rule".
public struct DevSettings: Sendable, Equatable {
    /// Mine a block as soon as a transaction is accepted (evm_setAutomine; default true).
    public var automine: Bool = true
    /// Interval mining: mine a block every this many seconds (`block_time` in devnet.toml;
    /// evm_setIntervalMining). nil or 0 = off.
    public var blockTime: UInt64?
    /// Seconds added to the wall clock for blocks mined without an explicit timestamp
    /// (evm_increaseTime; evm_setNextBlockTimestamp moves it). May be negative.
    public var timeOffset: Int64 = 0
    /// The next block's timestamp in seconds (evm_setNextBlockTimestamp); cleared after use.
    public var nextBlockTimestamp: UInt64?
    /// Each block mined without an explicit timestamp is stamped parent timestamp + this many seconds
    /// instead of the clock (anvil_setBlockTimestampInterval; anvil_removeBlockTimestampInterval
    /// clears it). nil = off.
    public var blockTimestampInterval: UInt64?
    /// The next block's baseFeePerGas in wei (anvil_setNextBlockBaseFeePerGas); cleared after use.
    public var nextBlockBaseFeePerGas: UInt256?
    /// Lowest gas price (wei) the pool accepts (anvil_setMinGasPrice); nil = no minimum.
    public var minGasPrice: UInt256?
    /// The beneficiary of blocks mined from now on (anvil_setCoinbase); nil = `ChainConfig.coinbase`.
    public var coinbase: Address?
    /// The gas limit of blocks mined from now on (anvil_setBlockGasLimit); nil = `ChainConfig.gasLimit`.
    public var blockGasLimit: UInt64?
    /// Accounts whose transactions are accepted without a signature (anvil_impersonateAccount).
    public var impersonated: Set<Address> = []
    /// Accept unsigned transactions from any account (anvil_autoImpersonateAccount).
    public var autoImpersonate: Bool = false
    /// Priority fee (wei per gas) suggested by eth_maxPriorityFeePerGas and eth_gasPrice: 1 gwei, as anvil.
    public var suggestedPriorityFee: UInt256 = ChainConfig.gwei
    /// The block the `safe` tag names (the rollup's batcher: its batch is in an L1 block); nil =
    /// the head, as before the rollup layer runs. Read through `Blockchain.safeBlockNumber`.
    public var safeBlockNumber: UInt64?
    /// The block the `finalized` tag names (its state root is past the challenge window on L1);
    /// nil = the head. Read through `Blockchain.finalizedBlockNumber`.
    public var finalizedBlockNumber: UInt64?

    public init() {}
}
