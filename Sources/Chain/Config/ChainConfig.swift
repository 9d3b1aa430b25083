import DevnetCrypto
import EVM
import Primitives
import State

/// Everything that fixes one chain's genesis and its block rules.
///
/// Defaults follow anvil: gas limit 30,000,000 gas, initial base fee 1 gwei, coinbase the zero
/// address, Prague rules. The same config gives the same genesis hash.
public struct ChainConfig: Sendable {
    /// EIP-155 chain id (31337 for the L1 mock, 133718 for Hyperion).
    public var chainId: UInt64
    /// Block gas limit in gas, the same for every block.
    public var gasLimit: UInt64
    /// The fork whose rules every block follows.
    public var fork: Hardfork
    /// Genesis accounts (balances in wei, code, storage).
    public var alloc: [Address: Account]
    /// EIP-1559 base fee of the genesis block in wei (anvil: 1 gwei = 1,000,000,000 wei).
    public var initialBaseFee: UInt256
    /// Fee recipient of every block (the header's `miner`); receives the priority fees.
    public var coinbase: Address
    /// The header's extraData, at most 32 bytes (Yellow Paper §4.3.4).
    public var extraData: [UInt8]
    /// Genesis block timestamp in seconds since the Unix epoch.
    public var genesisTimestamp: UInt64
    /// Gas cap of `eth_call` / `eth_estimateGas` in gas (geth's RPCGasCap default: 50,000,000).
    public var callGasCap: UInt64
    /// Largest encoded transaction the pool accepts, in bytes (geth: 4 × 32 KiB = 131,072).
    public var maxTransactionSize: Int
    /// Whether the pool takes EIP-4844 blob (type 3) transactions. Default false: an L2 has no
    /// blob data market, and `eth_sendRawTransaction` answers −32000 "transaction type not
    /// supported"; the L1 mock sets it true. Blocks built here then carry `blobGasUsed`.
    public var acceptsBlobTransactions: Bool

    /// One gwei in wei.
    public static let gwei = UInt256(1_000_000_000)

    /// - Throws: `ChainConfigError.extraDataTooLong` when `extraData` exceeds 32 bytes.
    public init(chainId: UInt64, gasLimit: UInt64 = 30_000_000, fork: Hardfork = .prague,
                alloc: [Address: Account] = [:], initialBaseFee: UInt256 = ChainConfig.gwei,
                coinbase: Address = .zero, extraData: [UInt8] = [], genesisTimestamp: UInt64 = 0,
                callGasCap: UInt64 = 50_000_000, maxTransactionSize: Int = 131_072,
                acceptsBlobTransactions: Bool = false) throws(ChainConfigError) {
        guard extraData.count <= 32 else { throw .extraDataTooLong(extraData.count) }
        self.chainId = chainId
        self.gasLimit = gasLimit
        self.fork = fork
        self.alloc = alloc
        self.initialBaseFee = initialBaseFee
        self.coinbase = coinbase
        self.extraData = extraData
        self.genesisTimestamp = genesisTimestamp
        self.callGasCap = callGasCap
        self.maxTransactionSize = maxTransactionSize
        self.acceptsBlobTransactions = acceptsBlobTransactions
    }

    /// Genesis accounts for `addresses`, each holding `balance` wei (anvil: 10,000 ETH = 10^22 wei).
    public static func devAlloc(_ addresses: [Address], balance: UInt256 = ChainConfig.tenThousandEther) -> [Address: Account] {
        var alloc: [Address: Account] = [:]
        for a in addresses { alloc[a] = Account(nonce: 0, balance: balance) }
        return alloc
    }

    /// Genesis accounts for the first `count` keys of `mnemonic` at m/44'/60'/0'/0/i (BIP-39/32),
    /// each holding `balance` wei.
    /// - Throws: the `CryptoError` of a derivation failure.
    public static func devAlloc(mnemonic: String = ChainConfig.devMnemonic, count: Int = 10,
                                balance: UInt256 = ChainConfig.tenThousandEther) throws -> [Address: Account] {
        devAlloc(try HDWallet.devAccounts(mnemonic: mnemonic, count: count).map(\.address), balance: balance)
    }

    /// anvil's and Hardhat's mnemonic.
    public static let devMnemonic = "test test test test test test test test test test test junk"
    /// 10,000 ether = 10^22 wei (0x21e19e0c9bab2400000).
    public static let tenThousandEther = UInt256(w0: 0x19e0c9bab2400000, w1: 0x21e, w2: 0, w3: 0)
}

/// A `ChainConfig` that cannot describe a valid chain.
public enum ChainConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// extraData longer than 32 bytes (the length given).
    case extraDataTooLong(Int)

    public var description: String {
        switch self {
        case .extraDataTooLong(let n): "extraData must be at most 32 bytes, got \(n)"
        }
    }
}
