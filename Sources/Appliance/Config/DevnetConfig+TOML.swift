import Foundation
import Primitives
import Rollup
import LazAI
import TOMLKit

/// One key of devnet.toml: where it lives, what it means, how it is read and written.
struct SettingSpec: Sendable {
    enum Kind: Sendable {
        case string
        case bool
        /// An integer in the closed range.
        case int(ClosedRange<Int64>)
        /// A string from a fixed list (case-insensitive, stored lowercase).
        case choice([String])
        /// A 32-byte value written as a string, "0x" + 64 hex digits (stored lowercase).
        case hash32
    }

    let section: String
    let key: String
    let kind: Kind
    let comment: String
    let get: @Sendable (DevnetConfig) -> TOMLLiteral
    let set: @Sendable (inout DevnetConfig, TOMLLiteral) -> Void

    var fullName: String { "\(section).\(key)" }
}

/// A value read from or written to devnet.toml.
enum TOMLLiteral: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)

    var rendered: String {
        switch self {
        case .string(let s):
            var out = "\""
            for ch in s.unicodeScalars {
                switch ch {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(ch)
                }
            }
            return out + "\""
        case .int(let v): return String(v)
        case .bool(let b): return b ? "true" : "false"
        }
    }
}

extension DevnetConfig {
    /// Every setting of devnet.toml, in file order.
    static let settings: [SettingSpec] = chainSettings("l2", \.l2, name: "display name of the Hyperion L2")
        + chainSettings("l1", \.l1, name: "display name of the L1 mock")
        + [
            SettingSpec(section: "accounts", key: "mnemonic", kind: .string,
                        comment: "BIP-39 mnemonic of the dev accounts, derived at m/44'/60'/0'/0/i",
                        get: { .string($0.accounts.mnemonic) },
                        set: { if case .string(let v) = $1 { $0.accounts.mnemonic = v } }),
            SettingSpec(section: "accounts", key: "count", kind: .int(1...1000),
                        comment: "number of dev accounts funded on both chains",
                        get: { .int(Int64($0.accounts.count)) },
                        set: { if case .int(let v) = $1 { $0.accounts.count = Int(v) } }),
            SettingSpec(section: "accounts", key: "balance_eth", kind: .int(0...1_000_000_000_000),
                        comment: "genesis balance of each dev account on each chain, in ETH",
                        get: { .int(Int64($0.accounts.balanceEth)) },
                        set: { if case .int(let v) = $1 { $0.accounts.balanceEth = UInt64(v) } }),
            SettingSpec(section: "node", key: "data_dir", kind: .string,
                        comment: "directory of the chains' databases (l2.sqlite, l1.sqlite)",
                        get: { .string($0.node.dataDir) },
                        set: { if case .string(let v) = $1 { $0.node.dataDir = v } }),
            SettingSpec(section: "node", key: "ephemeral", kind: .bool,
                        comment: "keep everything in memory, write nothing to data_dir",
                        get: { .bool($0.node.ephemeral) },
                        set: { if case .bool(let v) = $1 { $0.node.ephemeral = v } }),
            SettingSpec(section: "node", key: "base_fee_gwei", kind: .int(0...1_000_000),
                        comment: "base fee per gas of the genesis blocks, in gwei (EIP-1559)",
                        get: { .int(Int64($0.node.baseFeeGwei)) },
                        set: { if case .int(let v) = $1 { $0.node.baseFeeGwei = UInt64(v) } }),
            SettingSpec(section: "node", key: "automine", kind: .bool,
                        comment: "mine a block as soon as a transaction arrives (false: wait for evm_mine)",
                        get: { .bool($0.node.automine) },
                        set: { if case .bool(let v) = $1 { $0.node.automine = v } }),
            SettingSpec(section: "node", key: "block_time", kind: .int(0...Int64(ConfigOverrides.blockTimeRange.upperBound)),
                        comment: "interval mining: a block every this many seconds, even empty (0: off; above 0 replaces automine)",
                        get: { .int(Int64($0.node.blockTime)) },
                        set: { if case .int(let v) = $1 { $0.node.blockTime = UInt64(v) } }),
            SettingSpec(section: "node", key: "genesis_timestamp", kind: .int(0...Int64.max),
                        comment: "genesis block time in Unix seconds (0: the same genesis hash on every start)",
                        get: { .int(Int64($0.node.genesisTimestamp)) },
                        set: { if case .int(let v) = $1 { $0.node.genesisTimestamp = UInt64(v) } }),
        ] + limitSettings + rollupSettings + lazaiSettings + pluginSettings

    /// `[rollup]`: the Metis layer (see `RollupConfig`, ROLLUP-API.md §5).
    static let rollupSettings: [SettingSpec] = [
        SettingSpec(section: "rollup", key: "enabled", kind: .bool,
                    comment: "run the Metis layer: rollup contracts in genesis, sequencer set, batcher, relayer (false: two plain chains)",
                    get: { .bool($0.rollup.enabled) },
                    set: { if case .bool(let v) = $1 { $0.rollup.enabled = v } }),
        SettingSpec(section: "rollup", key: "sequencers", kind: .int(Int64(RollupConfig.sequencerRange.lowerBound)...Int64(RollupConfig.sequencerRange.upperBound)),
                    comment: "number of sequencers staked in LockingPool at genesis (1-16)",
                    get: { .int(Int64($0.rollup.sequencers)) },
                    set: { if case .int(let v) = $1 { $0.rollup.sequencers = Int(v) } }),
        SettingSpec(section: "rollup", key: "epoch_length", kind: .int(2...1_000_000),
                    comment: "L2 blocks per sequencer epoch (MetisSequencerSet epochLength)",
                    get: { .int(Int64($0.rollup.epochLength)) },
                    set: { if case .int(let v) = $1 { $0.rollup.epochLength = UInt64(v) } }),
        SettingSpec(section: "rollup", key: "seed", kind: .hash32,
                    comment: "seed of the stake-weighted leader draw, 0x + 64 hex digits (default keccak256(\"metis-devnet\"))",
                    get: { .string($0.rollup.seed.hex) },
                    set: { if case .string(let v) = $1, let h = Hash(hex: v) { $0.rollup.seed = h } }),
        SettingSpec(section: "rollup", key: "stall_timeout", kind: .int(1...3600),
                    comment: "seconds a stopped leader stalls the L2 before the sequencer set re-spans",
                    get: { .int(Int64($0.rollup.stallTimeout)) },
                    set: { if case .int(let v) = $1 { $0.rollup.stallTimeout = UInt64(v) } }),
        SettingSpec(section: "rollup", key: "challenge_window", kind: .int(0...31_536_000),
                    comment: "seconds a state batch stays challengeable (StateCommitmentChain FRAUD_PROOF_WINDOW)",
                    get: { .int(Int64($0.rollup.challengeWindow)) },
                    set: { if case .int(let v) = $1 { $0.rollup.challengeWindow = UInt64(v) } }),
        SettingSpec(section: "rollup", key: "batch_interval", kind: .int(1...3600),
                    comment: "seconds between batcher / proposer rounds",
                    get: { .int(Int64($0.rollup.batchInterval)) },
                    set: { if case .int(let v) = $1 { $0.rollup.batchInterval = UInt64(v) } }),
        SettingSpec(section: "rollup", key: "stake", kind: .int(Int64(RollupConfig.minLock)...Int64(RollupConfig.maxLock)),
                    comment: "METIS each sequencer locks at genesis (LockingPool min 20000, max 100000)",
                    get: { .int(Int64($0.rollup.stake)) },
                    set: { if case .int(let v) = $1 { $0.rollup.stake = UInt64(v) } }),
    ]

    /// `[lazai]`: the LazAI protocol on the L2 (see `LazAIConfig`, LAZAI-API.md §2).
    static let lazaiSettings: [SettingSpec] = [
        SettingSpec(section: "lazai", key: "enabled", kind: .bool,
                    comment: "run LazAI: its contracts at Alith's local addresses in the L2 genesis, the in-process nodes, lazai_ RPC",
                    get: { .bool($0.lazai.enabled) },
                    set: { if case .bool(let v) = $1 { $0.lazai.enabled = v } }),
        SettingSpec(section: "lazai", key: "nodes", kind: .int(Int64(LazAIConfig.nodeRange.lowerBound)...Int64(LazAIConfig.nodeRange.upperBound)),
                    comment: "in-process verified-computing (and query/inference/training) nodes, keys m/44'/60'/0'/3/i",
                    get: { .int(Int64($0.lazai.nodes)) },
                    set: { if case .int(let v) = $1 { $0.lazai.nodes = Int(v) } }),
        SettingSpec(section: "lazai", key: "node_fee", kind: .int(0...Int64.max),
                    comment: "VerifiedComputing nodeFee: the least a proof request pays, in wei",
                    get: { .int(Int64($0.lazai.nodeFee)) },
                    set: { if case .int(let v) = $1 { $0.lazai.nodeFee = UInt64(v) } }),
        SettingSpec(section: "lazai", key: "admin", kind: .string,
                    comment: "admin of the LazAI contracts, an address (\"\": dev account 0)",
                    get: { .string($0.lazai.admin?.checksummed ?? "") },
                    set: { if case .string(let v) = $1 { $0.lazai.admin = v.isEmpty ? nil : (Address(hex: v) ?? LazAIConfig.invalidAdmin) } }),
        SettingSpec(section: "lazai", key: "rsa_key_file", kind: .string,
                    comment: "PKCS#1 PEM file with the nodes' RSA private key (\"\": the devnet's well-known key)",
                    get: { .string($0.lazai.rsaKeyFile ?? "") },
                    set: { if case .string(let v) = $1 { $0.lazai.rsaKeyFile = v.isEmpty ? nil : v } }),
        SettingSpec(section: "lazai", key: "price_per_token", kind: .int(0...Int64.max),
                    comment: "what an inference or query answer costs, wei per token (prompt + completion)",
                    get: { .int(Int64($0.lazai.pricePerToken)) },
                    set: { if case .int(let v) = $1 { $0.lazai.pricePerToken = UInt64(v) } }),
        SettingSpec(section: "lazai", key: "voting_period", kind: .int(1...31_536_000),
                    comment: "seconds an iDAO proposal is open for votes",
                    get: { .int(Int64($0.lazai.votingPeriod)) },
                    set: { if case .int(let v) = $1 { $0.lazai.votingPeriod = UInt64(v) } }),
        SettingSpec(section: "lazai", key: "quorum", kind: .int(0...Int64.max),
                    comment: "least DAT value voting for that lets an iDAO proposal pass",
                    get: { .int(Int64($0.lazai.quorum)) },
                    set: { if case .int(let v) = $1 { $0.lazai.quorum = UInt64(v) } }),
        SettingSpec(section: "lazai", key: "lock_time", kind: .int(0...31_536_000),
                    comment: "AIProcess refund lock in seconds (LazAI: 3600)",
                    get: { .int(Int64($0.lazai.lockTime)) },
                    set: { if case .int(let v) = $1 { $0.lazai.lockTime = UInt64(v) } }),
    ]

    /// `[plugins]`: the AI modules (see `PluginsConfig`, AI-API.md).
    static let pluginSettings: [SettingSpec] = [
        SettingSpec(section: "plugins", key: "enabled", kind: .bool,
                    comment: "load the AI modules of dir (false: none; the AI precompile answers \"no AI module\" failures)",
                    get: { .bool($0.plugins.enabled) },
                    set: { if case .bool(let v) = $1 { $0.plugins.enabled = v } }),
        SettingSpec(section: "plugins", key: "dir", kind: .string,
                    comment: "directory of the modules, <dir>/<name>/plugin.toml, relative to the current directory (--plugins-dir)",
                    get: { .string($0.plugins.dir) },
                    set: { if case .string(let v) = $1 { $0.plugins.dir = v } }),
        SettingSpec(section: "plugins", key: "precompile", kind: .string,
                    comment: "the module serving the AI precompile at 0x...0999 (must offer \"precompile\"; \"\": none)",
                    get: { .string($0.plugins.precompile) },
                    set: { if case .string(let v) = $1 { $0.plugins.precompile = v } }),
        SettingSpec(section: "plugins", key: "scorer", kind: .string,
                    comment: "the module LazAI verified-computing nodes score data with (must offer \"score\"; \"\": the built-in scorer)",
                    get: { .string($0.plugins.scorer) },
                    set: { if case .string(let v) = $1 { $0.plugins.scorer = v } }),
        SettingSpec(section: "plugins", key: "inference", kind: .string,
                    comment: "the module answering the LazAI nodes' chat requests (must offer \"inference\"; \"\": the built-in responder)",
                    get: { .string($0.plugins.inference) },
                    set: { if case .string(let v) = $1 { $0.plugins.inference = v } }),
    ]

    /// `[limits]`: the RPC limits of both servers (see `LimitSettings`).
    static let limitSettings: [SettingSpec] = [
        SettingSpec(section: "limits", key: "max_request_bytes", kind: .int(1024...1 << 30),
                    comment: "largest HTTP request body in bytes (geth: 5 MiB); larger: HTTP 413",
                    get: { .int(Int64($0.limits.maxRequestBytes)) },
                    set: { if case .int(let v) = $1 { $0.limits.maxRequestBytes = Int(v) } }),
        SettingSpec(section: "limits", key: "max_batch_length", kind: .int(1...1_000_000),
                    comment: "most requests in one JSON-RPC batch (geth: 1000); more: -32600 \"batch too large\"",
                    get: { .int(Int64($0.limits.maxBatchLength)) },
                    set: { if case .int(let v) = $1 { $0.limits.maxBatchLength = Int(v) } }),
        SettingSpec(section: "limits", key: "call_gas_cap", kind: .int(21_000...Int64.max),
                    comment: "most gas an eth_call / eth_estimateGas may use (geth RPCGasCap: 50000000)",
                    get: { .int(Int64(clamping: $0.limits.callGasCap)) },
                    set: { if case .int(let v) = $1 { $0.limits.callGasCap = UInt64(v) } }),
        SettingSpec(section: "limits", key: "max_log_block_range", kind: .int(1...Int64.max),
                    comment: "most blocks one eth_getLogs scans; more: -32005 \"query exceeds max block range\"",
                    get: { .int(Int64(clamping: $0.limits.maxLogBlockRange)) },
                    set: { if case .int(let v) = $1 { $0.limits.maxLogBlockRange = UInt64(v) } }),
        SettingSpec(section: "limits", key: "max_log_results", kind: .int(1...100_000_000),
                    comment: "most logs in one answer; more: -32005 \"query returned more than N results\"",
                    get: { .int(Int64($0.limits.maxLogResults)) },
                    set: { if case .int(let v) = $1 { $0.limits.maxLogResults = Int(v) } }),
        SettingSpec(section: "limits", key: "max_subscriptions_per_connection", kind: .int(1...1_000_000),
                    comment: "most eth_subscribe subscriptions on one WebSocket connection; more: -32005",
                    get: { .int(Int64($0.limits.maxSubscriptionsPerConnection)) },
                    set: { if case .int(let v) = $1 { $0.limits.maxSubscriptionsPerConnection = Int(v) } }),
        SettingSpec(section: "limits", key: "ws_max_frame_bytes", kind: .int(1024...1 << 30),
                    comment: "largest WebSocket frame in bytes; larger: the connection is closed (1009)",
                    get: { .int(Int64($0.limits.wsMaxFrameBytes)) },
                    set: { if case .int(let v) = $1 { $0.limits.wsMaxFrameBytes = Int(v) } }),
        SettingSpec(section: "limits", key: "ws_max_message_bytes", kind: .int(1024...1 << 30),
                    comment: "largest WebSocket message in bytes (geth: 32 MiB); larger: the connection is closed (1009)",
                    get: { .int(Int64($0.limits.wsMaxMessageBytes)) },
                    set: { if case .int(let v) = $1 { $0.limits.wsMaxMessageBytes = Int(v) } }),
    ]

    static func chainSettings(_ section: String, _ path: WritableKeyPath<DevnetConfig, ChainSettings> & Sendable,
                              name: String) -> [SettingSpec] {
        [
            SettingSpec(section: section, key: "name", kind: .string, comment: name,
                        get: { .string($0[keyPath: path].name) },
                        set: { if case .string(let v) = $1 { $0[keyPath: path].name = v } }),
            SettingSpec(section: section, key: "chain_id", kind: .int(1...Int64.max), comment: "EIP-155 chain id",
                        get: { .int(Int64($0[keyPath: path].chainId)) },
                        set: { if case .int(let v) = $1 { $0[keyPath: path].chainId = UInt64(v) } }),
            SettingSpec(section: section, key: "host", kind: .string, comment: "interface the JSON-RPC server binds to",
                        get: { .string($0[keyPath: path].host) },
                        set: { if case .string(let v) = $1 { $0[keyPath: path].host = v } }),
            SettingSpec(section: section, key: "port", kind: .int(1...65535),
                        comment: section == "l2" ? "JSON-RPC port (the dashboard is at GET / on this port)" : "JSON-RPC port",
                        get: { .int(Int64($0[keyPath: path].port)) },
                        set: { if case .int(let v) = $1 { $0[keyPath: path].port = Int(v) } }),
            SettingSpec(section: section, key: "gas_limit", kind: .int(21_000...Int64.max), comment: "block gas limit",
                        get: { .int(Int64($0[keyPath: path].gasLimit)) },
                        set: { if case .int(let v) = $1 { $0[keyPath: path].gasLimit = UInt64(v) } }),
            SettingSpec(section: section, key: "fork", kind: .choice(knownForks),
                        comment: "EVM rules (hard fork): " + knownForks.joined(separator: ", ") + "; any case",
                        get: { .string($0[keyPath: path].fork) },
                        set: { if case .string(let v) = $1 { $0[keyPath: path].fork = v } }),
        ]
    }

    /// Reads devnet.toml over the defaults.
    ///
    /// - Parameters:
    ///   - path: the file from `--config`; `nil` means `./devnet.toml`, which may be absent (then
    ///     the defaults are used). A `--config` file that does not exist is an error.
    /// - Throws: `ConfigError` for a missing `--config` file, a TOML syntax error (with line and
    ///   column), an unknown section or key, a value of the wrong type or out of range.
    public static func load(path: String?) throws(ConfigError) -> DevnetConfig {
        let file = path ?? "devnet.toml"
        guard FileManager.default.fileExists(atPath: file) else {
            if path == nil { return defaults }
            throw ConfigError(source: file, message: "no such file (given with --config)")
        }
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(source: file, message: "cannot read the file as UTF-8 text")
        }
        return try parse(toml: text, source: file)
    }

    /// Parses devnet.toml text over the defaults; keys not in the text keep their defaults.
    /// - Parameter source: the file name used in error messages.
    /// - Throws: `ConfigError` as for `load(path:)`.
    public static func parse(toml text: String, source: String) throws(ConfigError) -> DevnetConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(source: source, message: "TOML syntax error at line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        } catch {
            throw ConfigError(source: source, message: "TOML syntax error: \(error)")
        }
        var config = defaults
        let sections = Set(settings.map(\.section))
        let sectionList = settings.map(\.section).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for (sectionName, sectionValue) in table {
            guard sections.contains(sectionName) else {
                if sectionValue.type == .table {
                    throw ConfigError(source: source, message: "unknown section [\(sectionName)] (known: \(sectionList.map { "[\($0)]" }.joined(separator: ", ")))")
                }
                throw ConfigError(source: source, message: "unknown key `\(sectionName)` at top level; settings go in the sections \(sectionList.map { "[\($0)]" }.joined(separator: ", "))")
            }
            guard let section = sectionValue.table else {
                throw ConfigError(source: source, message: "`\(sectionName)` must be a table ([\(sectionName)]), got \(sectionValue.type)")
            }
            let specs = settings.filter { $0.section == sectionName }
            for (key, value) in section {
                guard let spec = specs.first(where: { $0.key == key }) else {
                    throw ConfigError(source: source, message: "unknown key `\(sectionName).\(key)` (known keys in [\(sectionName)]: \(specs.map(\.key).joined(separator: ", ")))")
                }
                spec.set(&config, try literal(value, spec: spec, source: source))
            }
        }
        try config.validate(source: source)
        return config
    }

    /// Checks a TOML value against the setting's kind and range.
    static func literal(_ value: any TOMLValueConvertible, spec: SettingSpec, source: String) throws(ConfigError) -> TOMLLiteral {
        func wrongType(_ expected: String) -> ConfigError {
            ConfigError(source: source, message: "`\(spec.fullName)` must be \(expected), got \(value.type) \(value.debugDescription)")
        }
        switch spec.kind {
        case .string:
            guard let s = value.string else { throw wrongType("a string") }
            return .string(s)
        case .bool:
            guard let b = value.bool else { throw wrongType("true or false") }
            return .bool(b)
        case .int(let range):
            guard let i = value.int else { throw wrongType("an integer") }
            guard range.contains(Int64(i)) else {
                throw ConfigError(source: source, message: "`\(spec.fullName)` is \(i), must be between \(range.lowerBound) and \(range.upperBound)")
            }
            return .int(Int64(i))
        case .choice(let options):
            guard let s = value.string else { throw wrongType("a string (one of \(options.joined(separator: ", ")))") }
            guard options.contains(s.lowercased()) else {
                throw ConfigError(source: source, message: "`\(spec.fullName)` is \"\(s)\", must be one of \(options.joined(separator: ", "))")
            }
            return .string(s.lowercased())
        case .hash32:
            guard let s = value.string else { throw wrongType("a string (0x + 64 hex digits)") }
            do {
                return .string(try RollupConfig.parseSeed(s).hex)
            } catch {
                throw ConfigError(source: source, message: "`\(spec.fullName)` is \"\(s)\", must be 0x followed by 64 hex digits (32 bytes)")
            }
        }
    }

    /// The devnet.toml text listing every setting with its value here and a one-line comment.
    /// `DevnetConfig.defaults.tomlText()` is the devnet.toml at the repository root.
    public func tomlText() -> String {
        var out = """
        # devnet.toml: settings of `devnet start`. Every setting is listed with its default;
        # delete a line to keep the default. Command-line flags override these values
        # (`devnet start --help`). Unknown keys are an error.

        """
        var current = ""
        for spec in Self.settings {
            if spec.section != current {
                current = spec.section
                out += "\n[\(current)]\n"
            }
            out += "# \(spec.comment)\n\(spec.key) = \(spec.get(self).rendered)\n"
        }
        return out
    }
}
