import DevnetCrypto
import EVM
import Node
import Primitives
import LazAI
import Rollup

/// Settings of one chain (the L2 "Hyperion" or the L1 mock): both run the same node code.
public struct ChainSettings: Sendable, Equatable {
    /// Display name, e.g. `"Hyperion"`.
    public var name: String
    /// EIP-155 chain id.
    public var chainId: UInt64
    /// Interface the JSON-RPC server binds to, e.g. `"127.0.0.1"`.
    public var host: String
    /// TCP port of the JSON-RPC server (1…65535).
    public var port: Int
    /// Block gas limit, gas.
    public var gasLimit: UInt64
    /// Hard fork rules, lowercase: `"cancun"`, `"prague"` (the default, as Hyperion) or `"osaka"`;
    /// `DevnetLauncher` turns it into `ChainConfig.fork` (`Hardfork(name:)`).
    public var fork: String

    public init(name: String, chainId: UInt64, host: String, port: Int, gasLimit: UInt64, fork: String) {
        self.name = name
        self.chainId = chainId
        self.host = host
        self.port = port
        self.gasLimit = gasLimit
        self.fork = fork
    }

    /// `http://host:port`.
    public var rpcURL: String { "http://\(host):\(port)" }
}

/// The dev accounts funded in both genesis blocks.
public struct AccountSettings: Sendable, Equatable {
    /// BIP-39 mnemonic; accounts are derived at m/44'/60'/0'/0/i (BIP-32/BIP-44).
    public var mnemonic: String
    /// Number of accounts derived and funded (1…1000).
    public var count: Int
    /// Genesis balance of each account on each chain, in ether (10^18 wei).
    public var balanceEth: UInt64

    public init(mnemonic: String, count: Int, balanceEth: UInt64) {
        self.mnemonic = mnemonic
        self.count = count
        self.balanceEth = balanceEth
    }
}

/// Settings shared by both nodes.
public struct NodeSettings: Sendable, Equatable {
    /// Directory of the chains' databases (`l2.sqlite`, `l1.sqlite`), relative to the working
    /// directory; a restart on it resumes both chains.
    public var dataDir: String
    /// Keep everything in memory and write nothing to `dataDir`.
    public var ephemeral: Bool
    /// Base fee per gas of the genesis blocks, in gwei (10^9 wei) (EIP-1559 `INITIAL_BASE_FEE` is 1 gwei).
    public var baseFeeGwei: UInt64
    /// Mine a block as soon as transactions are pending (anvil's default); `false` waits for evm_mine.
    public var automine: Bool
    /// Interval mining: a block every this many seconds, empty or not (`block_time`, as anvil's
    /// `--block-time`); 0 = off. Above 0 it replaces automine (the modes exclude each other).
    public var blockTime: UInt64 = 0
    /// Timestamp of the genesis blocks, seconds since the Unix epoch. The default 0 keeps the genesis
    /// hashes the same on every start; later blocks take the wall clock.
    public var genesisTimestamp: UInt64

    public init(dataDir: String, ephemeral: Bool, baseFeeGwei: UInt64, automine: Bool, genesisTimestamp: UInt64 = 0) {
        self.dataDir = dataDir
        self.ephemeral = ephemeral
        self.baseFeeGwei = baseFeeGwei
        self.automine = automine
        self.genesisTimestamp = genesisTimestamp
    }
}

/// Limits of each chain's RPC server (devnet.toml `[limits]`); past one, the client gets a clear
/// JSON-RPC error and the node keeps serving. Defaults are geth's where geth has one.
public struct LimitSettings: Sendable, Equatable {
    /// Largest HTTP request body, bytes (geth: 5 MiB) → HTTP 413 + -32600.
    public var maxRequestBytes: Int = 5 * 1024 * 1024
    /// Most requests in one batch (geth `BatchRequestLimit`: 1000) → -32600 "batch too large".
    public var maxBatchLength: Int = 1000
    /// Gas given to eth_call / eth_estimateGas at most (geth `RPCGasCap`: 50,000,000); a call asking
    /// more runs with the cap, an estimate that needs more fails "gas required exceeds allowance".
    public var callGasCap: UInt64 = 50_000_000
    /// Largest block range of one eth_getLogs → -32005 "query exceeds max block range N".
    public var maxLogBlockRange: UInt64 = 100_000
    /// Most logs in one answer → -32005 "query returned more than N results".
    public var maxLogResults: Int = 10_000
    /// Most live subscriptions on one WebSocket connection → -32005.
    public var maxSubscriptionsPerConnection: Int = 1000
    /// Largest WebSocket frame, bytes → the connection is closed with 1009.
    public var wsMaxFrameBytes: Int = 32 * 1024 * 1024
    /// Largest WebSocket message (geth's read limit: 32 MiB) → the connection is closed with 1009.
    public var wsMaxMessageBytes: Int = 32 * 1024 * 1024

    public init() {}

    /// The server-side part, for `RPCServer`.
    public var rpcLimits: RPCLimits {
        RPCLimits(maxRequestBytes: maxRequestBytes, maxBatchLength: maxBatchLength,
                  maxSubscriptionsPerConnection: maxSubscriptionsPerConnection,
                  wsMaxMessageBytes: wsMaxMessageBytes, wsMaxFrameBytes: wsMaxFrameBytes)
    }
}

/// Everything `devnet start` needs, read from devnet.toml (`DevnetConfig.load`) and then overridden
/// by command-line flags (`applying(_:)`).
public struct DevnetConfig: Sendable, Equatable {
    /// The Hyperion L2.
    public var l2: ChainSettings
    /// The L1 mock.
    public var l1: ChainSettings
    public var accounts: AccountSettings
    public var node: NodeSettings
    /// RPC limits of both servers (`[limits]`).
    public var limits = LimitSettings()
    /// The Metis layer (`[rollup]`, ROLLUP-API.md §5); `rollup.enabled = false` gives the two
    /// plain chains.
    public var rollup = RollupConfig.defaults
    /// LazAI on the L2 (`[lazai]`, LAZAI-API.md §2); `lazai.enabled = false` leaves it out.
    public var lazai = LazAIConfig.defaults
    /// The AI modules (`[plugins]`, AI-API.md): their directory, the precompile's module, LazAI's scorer.
    public var plugins = PluginsConfig.defaults
    /// Start from an empty data directory (`--fresh`): the chains' databases are deleted first.
    public var fresh: Bool

    public init(l2: ChainSettings, l1: ChainSettings, accounts: AccountSettings, node: NodeSettings, fresh: Bool = false) {
        self.l2 = l2
        self.l1 = l1
        self.accounts = accounts
        self.node = node
        self.fresh = fresh
    }

    /// Anvil's and Hardhat's default mnemonic; its first account is 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266.
    public static let defaultMnemonic = "test test test test test test test test test test test junk"

    /// The built-in defaults, the same values devnet.toml at the repository root lists.
    public static let defaults = DevnetConfig(
        l2: ChainSettings(name: "Hyperion", chainId: 133_718, host: "127.0.0.1", port: 8545,
                          gasLimit: 30_000_000, fork: "prague"),
        l1: ChainSettings(name: "L1", chainId: 31_337, host: "127.0.0.1", port: 9545,
                          gasLimit: 30_000_000, fork: "prague"),
        accounts: AccountSettings(mnemonic: defaultMnemonic, count: 10, balanceEth: 10_000),
        node: NodeSettings(dataDir: ".devnet", ephemeral: false, baseFeeGwei: 1, automine: true, genesisTimestamp: 0))

    /// The forks the node can run, lowercase, oldest first: every `Hardfork` (`"cancun"`,
    /// `"prague"`, `"osaka"`). devnet.toml and `--fork` accept them in any case.
    public static let knownForks = Hardfork.allCases.map { $0.name.lowercased() }

    /// Checks the settings together (ranges were checked per key): the two chains need different
    /// chain ids and different ports on the same host; the mnemonic must pass BIP-39 validation.
    /// - Throws: `ConfigError` naming the settings in conflict.
    public func validate(source: String) throws(ConfigError) {
        if l1.chainId == l2.chainId {
            throw ConfigError(source: source, message: "l1.chain_id and l2.chain_id are both \(l1.chainId); the two chains need different chain ids")
        }
        if l1.port == l2.port && (l1.host == l2.host || l1.host == "0.0.0.0" || l2.host == "0.0.0.0") {
            throw ConfigError(source: source, message: "l1.port and l2.port are both \(l1.port); the two chains need different ports")
        }
        try Self.checkMnemonic(accounts.mnemonic, setting: "accounts.mnemonic", source: source)
        if lazai.enabled, lazai.admin == LazAIConfig.invalidAdmin {
            throw ConfigError(source: source, message: "lazai.admin is not an address: write 0x and 40 hex digits, or \"\" for dev account 0")
        }
        if lazai.enabled, lazai.admin == .zero {
            throw ConfigError(source: source, message: "lazai.admin is the zero address, which cannot hold the contracts' roles: write another address, or \"\" for dev account 0")
        }
        for (key, value) in [("plugins.precompile", plugins.precompile), ("plugins.scorer", plugins.scorer),
                             ("plugins.inference", plugins.inference)]
            where !PluginsConfig.isModuleName(value) {
            throw ConfigError(source: source, message: "\(key) is \"\(value)\", not a module name: use a-z, 0-9 and -, at most 64 characters (a plugin.toml name), or \"\" for none")
        }
        if plugins.dir.isEmpty {
            throw ConfigError(source: source, message: "plugins.dir is empty: name the modules' directory (default \"Plugins\"), or set plugins.enabled = false")
        }
        if rollup.enabled {
            do {
                try rollup.validate()
                _ = try RollupAddresses(l1ChainId: l1.chainId, l2ChainId: l2.chainId)
            } catch {
                throw ConfigError(source: source, message: error.description)
            }
        }
    }

    /// Rejects a mnemonic that ethers, eth-account or a hardware wallet would reject (BIP-39 word
    /// count, English word list, checksum), so the devnet never funds accounts nobody can import.
    /// - Parameter setting: what the user wrote, `accounts.mnemonic` or `--mnemonic`.
    /// - Throws: `ConfigError` "<setting> is not a valid BIP-39 mnemonic: <reason>", the reason
    ///   naming the first unknown word and its position, the word count, or the checksum.
    static func checkMnemonic(_ mnemonic: String, setting: String, source: String) throws(ConfigError) {
        do {
            try HDWallet.validateMnemonic(mnemonic)
        } catch {
            throw ConfigError(source: source, message: "\(setting) is not a valid BIP-39 mnemonic: \(error)")
        }
    }
}

/// A setting that cannot be used: the file and key, and what is wrong.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// The file (`"devnet.toml"`, a path) or `"command line"`.
    public var source: String
    /// What is wrong, naming the key.
    public var message: String

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "\(source): \(message)" }
}
