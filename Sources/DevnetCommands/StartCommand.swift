import Appliance
import ArgumentParser
import Foundation

/// `devnet start`: reads devnet.toml, applies the flags, boots both chains and serves them until
/// SIGINT or SIGTERM (then exits 0). A bad setting or a busy port prints one line and exits 1.
public struct StartCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Boot the L1 mock and the Hyperion L2 and serve JSON-RPC and the dashboard.")

    @Option(name: .long, help: ArgumentHelp("Settings file (default: ./devnet.toml if present).", valueName: "path"))
    public var config: String?

    @Option(name: .long, help: ArgumentHelp("Directory of the chains' databases (default .devnet); a restart on it resumes the chains.", valueName: "path"))
    public var dataDir: String?

    @Flag(name: .long, help: "Keep everything in memory; write nothing to the data directory.")
    public var ephemeral = false

    @Flag(name: .long, help: "Delete the chains' databases and start again from genesis.")
    public var fresh = false

    // The numeric options parse `.unconditional`ly so that a negative value such as `--l2-port -1`
    // is read as the value (argument-parser would otherwise take "-1" for a flag and report a
    // missing value); `number(_:)` turns values the type cannot hold into an error giving the range,
    // and `DevnetConfig.applying(_:)` range-checks the rest.

    @Option(name: .customLong("l2-port"), parsing: .unconditional,
            help: "JSON-RPC and dashboard port of the L2 (default 8545).", transform: StartCommand.number(ConfigOverrides.portRange))
    public var l2Port: Int?

    @Option(name: .customLong("l1-port"), parsing: .unconditional,
            help: "JSON-RPC port of the L1 (default 9545).", transform: StartCommand.number(ConfigOverrides.portRange))
    public var l1Port: Int?

    @Option(name: .customLong("l2-chain-id"), parsing: .unconditional,
            help: "Chain id of the L2 (default 133718).", transform: StartCommand.number(ConfigOverrides.chainIdRange))
    public var l2ChainId: UInt64?

    @Option(name: .customLong("l1-chain-id"), parsing: .unconditional,
            help: "Chain id of the L1 (default 31337).", transform: StartCommand.number(ConfigOverrides.chainIdRange))
    public var l1ChainId: UInt64?

    @Option(name: .long, help: "Interface both chains bind to (default 127.0.0.1).")
    public var host: String?

    @Option(name: .long, parsing: .unconditional,
            help: "Number of dev accounts (default 10).", transform: StartCommand.number(ConfigOverrides.accountCountRange))
    public var accounts: Int?

    @Option(name: .long, parsing: .unconditional,
            help: "Balance of each dev account on each chain, in ETH (default 10000).",
            transform: StartCommand.number(ConfigOverrides.balanceEthRange, unit: " ETH"))
    public var balance: UInt64?

    @Option(name: .long, help: "BIP-39 mnemonic of the dev accounts (default: anvil's \"test test … junk\").")
    public var mnemonic: String?

    @Option(name: .long, parsing: .unconditional,
            help: "Block gas limit of both chains (default 30000000).", transform: StartCommand.number(ConfigOverrides.gasLimitRange))
    public var gasLimit: UInt64?

    @Option(name: .long, help: "EVM rules of both chains: cancun, prague or osaka (default prague).")
    public var fork: String?

    @Option(name: .long, parsing: .unconditional,
            help: "Interval mining: a block every this many seconds, empty or not (0: off, the default; replaces automine).",
            transform: StartCommand.number(ConfigOverrides.blockTimeRange, unit: " s"))
    public var blockTime: UInt64?

    @Option(name: .long, parsing: .unconditional,
            help: "Number of staked sequencers of the Metis layer, 1-16 (default 3).",
            transform: StartCommand.number(ConfigOverrides.sequencerRange))
    public var sequencers: Int?

    @Flag(name: .customLong("no-rollup"), help: "Run two plain chains without the Metis layer (rollup.enabled = false).")
    public var noRollup: Bool = false
    @Flag(name: .customLong("no-lazai"), help: "Leave LazAI out of the L2 (lazai.enabled = false).")
    public var noLazAI: Bool = false
    @Option(name: .customLong("plugins-dir"), help: ArgumentHelp("Directory of the AI modules, <dir>/<name>/plugin.toml (plugins.dir, default Plugins).", valueName: "dir"))
    public var pluginsDir: String?
    @Flag(name: .customLong("no-plugins"), help: "Load no AI modules (plugins.enabled = false).")
    public var noPlugins: Bool = false

    public init() {}

    /// The flags as overrides of devnet.toml.
    public var overrides: ConfigOverrides {
        var o = ConfigOverrides()
        o.dataDir = dataDir
        o.ephemeral = ephemeral
        o.fresh = fresh
        o.l2Port = l2Port
        o.l1Port = l1Port
        o.l2ChainId = l2ChainId
        o.l1ChainId = l1ChainId
        o.host = host
        o.accountCount = accounts
        o.balanceEth = balance
        o.mnemonic = mnemonic
        o.gasLimit = gasLimit
        o.fork = fork
        o.blockTime = blockTime
        o.sequencers = sequencers
        o.noRollup = noRollup
        o.noLazAI = noLazAI
        o.pluginsDir = pluginsDir
        o.noPlugins = noPlugins
        return o
    }

    /// devnet.toml (or `--config`) with the flags applied.
    /// - Throws: `ConfigError` naming the file or flag and the key.
    public func resolvedConfig() throws(ConfigError) -> DevnetConfig {
        try DevnetConfig.load(path: config).applying(overrides)
    }

    public func run() async throws {
        do {
            let config = try resolvedConfig()
            try await DevnetLauncher.run(config: config)
        } catch let error as ConfigError {
            printError("error: \(error)")
            throw ExitCode.failure
        } catch let error as LaunchError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The parser of a numeric option: a whole number `T` can hold is returned as is (a value
    /// outside `range` is reported by `DevnetConfig.applying(_:)`, naming the flag); anything else
    /// — a fraction, a word, a number too large for `T` or a negative one for an unsigned `T` — is
    /// an `InvalidNumber` error, which argument-parser prints after "The value 'x' is invalid for '--flag'".
    static func number<T: FixedWidthInteger & Sendable>(_ range: ClosedRange<T>, unit: String = "") -> @Sendable (String) throws -> T {
        { text in
            guard let value = T(text) else { throw InvalidNumber(description: "must be a whole number between \(range.lowerBound) and \(range.upperBound)\(unit)") }
            return value
        }
    }

    /// The message of a numeric option's value that is not a number in its type's range.
    struct InvalidNumber: Error, CustomStringConvertible {
        var description: String
    }
}
