import Chain
import Rollup

/// A dev account as the banner shows it.
public struct BannerAccount: Sendable, Equatable {
    /// EIP-55 checksummed address, `0x` + 40 hex digits.
    public var address: String
    /// Private key, `0x` + 64 lowercase hex digits.
    public var privateKey: String

    public init(address: String, privateKey: String) {
        self.address = address
        self.privateKey = privateKey
    }
}

/// The start-up text of `devnet start`, in the manner of anvil's: chains, accounts, keys, wallet,
/// dashboard URL and the boot time.
public enum Banner {
    /// BIP-44 path prefix of the dev accounts; account i is at this + i.
    public static let derivationPath = "m/44'/60'/0'/0/"

    /// Renders the banner.
    /// - Parameters:
    ///   - config: the settings in effect (chains, mnemonic, balance).
    ///   - accounts: the dev accounts in derivation order.
    ///   - readyMilliseconds: time from the start of the command to both servers listening.
    ///   - storage: where the chains' data lives and whether each was resumed (text after "State:",
    ///     ending in a newline); nil for the in-memory wording.
    ///   - mining: the chains' mining mode (text after "Mining:", ending in a newline, e.g. from
    ///     `miningLine(_:)`); nil to describe devnet.toml's setting.
    ///   - rollup: the Metis layer's lines (`rollupLines(_:)`), nil when it is off.
    ///   - lazai: LazAI's lines (`lazaiLines(config:nodes:)`), nil when it is off.
    ///   - plugins: the AI modules' lines (`PluginsRuntime.bannerLines`), nil to leave them out.
    public static func render(config: DevnetConfig, accounts: [BannerAccount], readyMilliseconds: Int,
                              storage: String? = nil, mining: String? = nil, rollup: String? = nil,
                              lazai: String? = nil, plugins: String? = nil) -> String {
        var s = "\n\(DevnetVersion.string)\n\n"
        s += "Chains\n==================\n"
        let rows = [(config.l2, "L2"), (config.l1, "L1")].map { chain, role in
            (label(chain.name, role: role), "chain id \(chain.chainId)", chain)
        }
        let labelWidth = rows.map(\.0.count).max() ?? 0
        let idWidth = rows.map(\.1.count).max() ?? 0
        for (label, id, chain) in rows {
            s += label + String(repeating: " ", count: labelWidth - label.count) + "  "
            s += id + String(repeating: " ", count: idWidth - id.count)
            s += "  \(chain.rpcURL)  (\(chain.fork), gas limit \(chain.gasLimit))\n"
        }
        s += "\nAvailable Accounts\n==================\n"
        for (i, a) in accounts.enumerated() {
            s += "(\(i)) \(a.address) (\(config.accounts.balanceEth) ETH on each chain)\n"
        }
        s += "\nPrivate Keys\n==================\n"
        for (i, a) in accounts.enumerated() {
            s += "(\(i)) \(a.privateKey)\n"
        }
        s += "\nWallet\n==================\n"
        s += "Mnemonic:          \(config.accounts.mnemonic)\n"
        s += "Derivation path:   \(derivationPath)<index>\n"
        s += "\nBase fee:          \(config.node.baseFeeGwei) gwei\n"
        let configured: MiningMode = config.node.blockTime > 0 ? .interval(seconds: config.node.blockTime)
            : config.node.automine ? .automine : .manual
        s += "Mining:            " + (mining ?? miningLine(configured))
        s += "State:             " + (storage ?? "in memory (a restart begins again from genesis)\n")
        s += "Dashboard:         \(dashboardURL(config))\n"
        if let rollup { s += "Metis layer:       " + rollup }
        if let lazai { s += "LazAI:             " + lazai }
        if let plugins { s += "AI modules:        " + plugins }
        s += "\nReady in \(readyMilliseconds) ms. Press Ctrl-C to stop.\n"
        return s
    }

    /// The Metis layer in two lines (after "Metis layer:"), ending in a newline: sequencers and
    /// stake, epoch length, challenge window, and where the contract addresses are.
    public static func rollupLines(_ r: RollupConfig) -> String {
        "\(r.sequencers) sequencer\(r.sequencers == 1 ? "" : "s") staked (\(r.stake) METIS each), epoch \(r.epochLength) blocks, "
            + "challenge window \(r.challengeWindow) s\n"
            + "                   rollup_getInfo for the contract addresses\n"
    }

    /// LazAI in a few lines (after "LazAI:"), ending in a newline: where Alith's local profile
    /// finds it, the nodes' URLs, the file store and the node fee.
    /// - Parameter nodes: each in-process node's address (EIP-55) and URL.
    public static func lazaiLines(config: DevnetConfig, nodes: [(address: String, url: String)], fileStoreURL: String) -> String {
        let pad = "                   "
        let local = config.l2.port == 8545 && config.l2.chainId == 133_718
        var s = "contracts at Alith's local addresses; lazai_getInfo lists them\n"
        s += pad + (local ? "Alith SDK: LAZAI_LOCAL_CHAIN=1 works as is\n"
            : "Alith SDK: its local profile expects port 8545 and chain id 133718; pass ChainConfig(\"LazAI Devnet\", \"\(dashboardURL(config).dropLast())\", \(config.l2.chainId))\n")
        for (i, node) in nodes.enumerated() {
            s += pad + "node \(i) \(node.address)  \(node.url)\n"
        }
        s += pad + "files: POST \(fileStoreURL)   node fee \(config.lazai.nodeFee) wei at genesis (iDAO proposals may change it)\n"
        return s
    }

    /// One mining mode in words, ending in a newline.
    public static func miningLine(_ mode: MiningMode) -> String {
        switch mode {
        case .automine: "automine (a block as soon as a transaction arrives)\n"
        case .interval(let seconds) where seconds > 0: "interval (a block every \(seconds) s, empty or not)\n"
        case .interval, .manual: "manual (automine is off: call evm_mine to mine a block)\n"
        }
    }

    /// `"Hyperion (L2)"`; just the name when it already is the role (`"L1"`).
    public static func label(_ name: String, role: String) -> String {
        name == role ? name : "\(name) (\(role))"
    }

    /// `http://<host>:<l2 port>/`; a wildcard bind address is shown as 127.0.0.1.
    public static func dashboardURL(_ config: DevnetConfig) -> String {
        let host = (config.l2.host == "0.0.0.0" || config.l2.host == "::") ? "127.0.0.1" : config.l2.host
        return "http://\(host):\(config.l2.port)/"
    }
}
