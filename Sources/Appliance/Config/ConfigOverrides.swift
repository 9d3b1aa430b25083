/// Values given on the command line; each non-nil one replaces the setting from devnet.toml.
public struct ConfigOverrides: Sendable, Equatable {
    /// `--data-dir`: `node.data_dir`.
    public var dataDir: String?
    /// `--ephemeral`: `node.ephemeral = true`.
    public var ephemeral: Bool = false
    /// `--fresh`: start from an empty data directory.
    public var fresh: Bool = false
    /// `--l2-port`, `--l1-port`: `l2.port`, `l1.port`.
    public var l2Port: Int?
    public var l1Port: Int?
    /// `--l2-chain-id`, `--l1-chain-id`.
    public var l2ChainId: UInt64?
    public var l1ChainId: UInt64?
    /// `--host`: the bind interface of both chains.
    public var host: String?
    /// `--accounts`: `accounts.count`.
    public var accountCount: Int?
    /// `--balance`: `accounts.balance_eth`, in ETH.
    public var balanceEth: UInt64?
    /// `--mnemonic`: `accounts.mnemonic`.
    public var mnemonic: String?
    /// `--gas-limit`: block gas limit of both chains.
    public var gasLimit: UInt64?
    /// `--fork`: fork of both chains (case-insensitive name).
    public var fork: String?
    /// `--block-time` (as anvil's): `node.block_time`, interval mining every this many seconds.
    public var blockTime: UInt64?
    /// `--sequencers`: `rollup.sequencers`.
    public var sequencers: Int?
    /// `--no-rollup`: `rollup.enabled = false`.
    public var noRollup: Bool = false
    /// `--no-lazai`: `lazai.enabled = false`.
    public var noLazAI: Bool = false
    /// `--plugins-dir DIR`: `plugins.dir`.
    public var pluginsDir: String?
    /// `--no-plugins`: `plugins.enabled = false`.
    public var noPlugins: Bool = false

    public init() {}

    /// Ports of `--l2-port`, `--l1-port` (and `l2.port`, `l1.port`).
    public static let portRange: ClosedRange<Int> = 1...65535
    /// Chain ids of `--l2-chain-id`, `--l1-chain-id`: positive and within a signed 64-bit integer.
    public static let chainIdRange: ClosedRange<UInt64> = 1...UInt64(Int64.max)
    /// Account counts of `--accounts` (and `accounts.count`).
    public static let accountCountRange: ClosedRange<Int> = 1...1000
    /// Balances of `--balance` (and `accounts.balance_eth`), in ETH.
    public static let balanceEthRange: ClosedRange<UInt64> = 0...1_000_000_000_000
    /// Block gas limits of `--gas-limit`, gas.
    public static let gasLimitRange: ClosedRange<UInt64> = 21_000...UInt64(Int64.max)
    /// Intervals of `--block-time` (and `node.block_time`), seconds: 0 (off) to one year.
    public static let blockTimeRange: ClosedRange<UInt64> = 0...31_536_000
    /// Sequencer counts of `--sequencers` (and `rollup.sequencers`).
    public static let sequencerRange: ClosedRange<Int> = 1...16
}

extension DevnetConfig {
    /// The settings with the command-line values applied, checked with the same rules as devnet.toml.
    /// - Throws: `ConfigError` with source `"command line"` naming the flag whose value is out of range.
    public func applying(_ o: ConfigOverrides) throws(ConfigError) -> DevnetConfig {
        let source = "command line"
        var c = self
        func check(_ ok: Bool, _ message: String) throws(ConfigError) {
            if !ok { throw ConfigError(source: source, message: message) }
        }
        if let v = o.dataDir { c.node.dataDir = v }
        if o.ephemeral { c.node.ephemeral = true }
        if o.fresh { c.fresh = true }
        if let v = o.l2Port {
            try check(ConfigOverrides.portRange.contains(v), "--l2-port \(v) must be between 1 and 65535")
            c.l2.port = v
        }
        if let v = o.l1Port {
            try check(ConfigOverrides.portRange.contains(v), "--l1-port \(v) must be between 1 and 65535")
            c.l1.port = v
        }
        if let v = o.l2ChainId {
            try check(ConfigOverrides.chainIdRange.contains(v), "--l2-chain-id must be between 1 and \(Int64.max)")
            c.l2.chainId = v
        }
        if let v = o.l1ChainId {
            try check(ConfigOverrides.chainIdRange.contains(v), "--l1-chain-id must be between 1 and \(Int64.max)")
            c.l1.chainId = v
        }
        if let v = o.host {
            try check(!v.isEmpty, "--host must not be empty")
            c.l2.host = v
            c.l1.host = v
        }
        if let v = o.accountCount {
            try check(ConfigOverrides.accountCountRange.contains(v), "--accounts \(v) must be between 1 and 1000")
            c.accounts.count = v
        }
        if let v = o.balanceEth {
            try check(ConfigOverrides.balanceEthRange.contains(v), "--balance \(v) must be at most 1000000000000 ETH")
            c.accounts.balanceEth = v
        }
        if let v = o.mnemonic {
            try Self.checkMnemonic(v, setting: "--mnemonic", source: source)
            c.accounts.mnemonic = v
        }
        if let v = o.gasLimit {
            try check(ConfigOverrides.gasLimitRange.contains(v), "--gas-limit \(v) must be at least 21000")
            c.l2.gasLimit = v
            c.l1.gasLimit = v
        }
        if let v = o.fork {
            try check(Self.knownForks.contains(v.lowercased()), "--fork \"\(v)\" must be one of \(Self.knownForks.joined(separator: ", "))")
            c.l2.fork = v.lowercased()
            c.l1.fork = v.lowercased()
        }
        if let v = o.blockTime {
            try check(ConfigOverrides.blockTimeRange.contains(v), "--block-time \(v) must be at most 31536000 seconds (one year)")
            c.node.blockTime = v
        }
        if let v = o.sequencers {
            try check(ConfigOverrides.sequencerRange.contains(v), "--sequencers \(v) must be between 1 and 16")
            c.rollup.sequencers = v
        }
        if o.noRollup { c.rollup.enabled = false }
        if o.noLazAI { c.lazai.enabled = false }
        if let v = o.pluginsDir {
            try check(!v.isEmpty, "--plugins-dir must not be empty")
            c.plugins.dir = v
        }
        if o.noPlugins { c.plugins.enabled = false }
        try c.validate(source: source)
        return c
    }
}
