import DevnetCrypto
import Foundation
import Testing
@testable import Appliance

/// The package root: the directory above this file that holds Package.swift.
func packageRoot(_ file: String = #filePath) -> URL {
    var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
    while dir.path != "/" {
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
        dir = dir.deletingLastPathComponent()
    }
    return dir
}

// Expected defaults are the issue's and the architecture's numbers (issue 3 item 6, ARCHITECTURE.md
// "What runs"): L2 Hyperion 133718 on 127.0.0.1:8545, L1 31337 on 127.0.0.1:9545, anvil's mnemonic,
// ten accounts of 10,000 ETH.
@Suite struct DevnetConfigTests {
    @Test func defaults() {
        let d = DevnetConfig.defaults
        #expect(d.l2.name == "Hyperion" && d.l2.chainId == 133_718 && d.l2.port == 8545 && d.l2.host == "127.0.0.1")
        #expect(d.l1.name == "L1" && d.l1.chainId == 31_337 && d.l1.port == 9545 && d.l1.host == "127.0.0.1")
        #expect(d.l2.gasLimit == 30_000_000 && d.l1.gasLimit == 30_000_000)
        #expect(d.l2.fork == "prague" && d.l1.fork == "prague")
        #expect(d.accounts.mnemonic == "test test test test test test test test test test test junk")
        #expect(d.accounts.count == 10 && d.accounts.balanceEth == 10_000)
        #expect(d.node.dataDir == ".devnet" && d.node.baseFeeGwei == 1 && d.node.automine && !d.node.ephemeral)
        #expect(d.l2.rpcURL == "http://127.0.0.1:8545")
    }

    @Test func emptyFileGivesDefaults() throws {
        #expect(try DevnetConfig.parse(toml: "", source: "devnet.toml") == .defaults)
    }

    @Test func repositoryDevnetTomlListsEverySettingWithItsDefault() throws {
        let url = packageRoot().appendingPathComponent("devnet.toml")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(try DevnetConfig.parse(toml: text, source: "devnet.toml") == .defaults)
        for spec in DevnetConfig.settings {
            #expect(text.contains("\n\(spec.key) = "), "devnet.toml lacks \(spec.fullName)")
        }
        #expect(text.components(separatedBy: "\n[").count - 1 == Set(DevnetConfig.settings.map(\.section)).count)
    }

    @Test func generatedTextRoundTrips() throws {
        var c = DevnetConfig.defaults
        c.l2.name = "My \"L2\""
        c.l1.port = 9999
        c.node.automine = false
        #expect(try DevnetConfig.parse(toml: c.tomlText(), source: "x.toml") == c)
    }

    @Test func fileValuesOverrideDefaults() throws {
        let c = try DevnetConfig.parse(toml: """
        [l2]
        port = 18545
        chain_id = 133717
        fork = "Cancun"
        [accounts]
        count = 3
        balance_eth = 5
        [node]
        base_fee_gwei = 7
        automine = false
        """, source: "devnet.toml")
        #expect(c.l2.port == 18545 && c.l2.chainId == 133_717 && c.l2.fork == "cancun")
        #expect(c.l1 == DevnetConfig.defaults.l1)
        #expect(c.accounts.count == 3 && c.accounts.balanceEth == 5)
        #expect(c.node.baseFeeGwei == 7 && !c.node.automine)
    }

    @Test func unknownKeyIsNamedWithTheFile() {
        #expect(throws: ConfigError(source: "conf/devnet.toml",
                                    message: "unknown key `l2.prot` (known keys in [l2]: name, chain_id, host, port, gas_limit, fork)")) {
            try DevnetConfig.parse(toml: "[l2]\nprot = 1\n", source: "conf/devnet.toml")
        }
    }

    @Test func unknownSectionAndTopLevelKey() {
        #expect(throws: ConfigError.self) { try DevnetConfig.parse(toml: "[l3]\nport = 1\n", source: "devnet.toml") }
        do {
            _ = try DevnetConfig.parse(toml: "port = 1\n", source: "devnet.toml")
            Issue.record("a top-level key was accepted")
        } catch {
            #expect(error.description.hasPrefix("devnet.toml: unknown key `port` at top level"))
        }
    }

    @Test func wrongTypeNamesKeyAndType() {
        do {
            _ = try DevnetConfig.parse(toml: "[l1]\nport = \"9545\"\n", source: "devnet.toml")
            Issue.record("a string port was accepted")
        } catch {
            #expect(error.description == "devnet.toml: `l1.port` must be an integer, got string \"9545\"")
        }
        #expect(throws: ConfigError.self) { try DevnetConfig.parse(toml: "[node]\nautomine = 1\n", source: "devnet.toml") }
        #expect(throws: ConfigError.self) { try DevnetConfig.parse(toml: "[accounts]\nmnemonic = 12\n", source: "devnet.toml") }
    }

    @Test func outOfRangeAndBadChoice() {
        #expect(throws: ConfigError(source: "devnet.toml", message: "`l2.port` is 70000, must be between 1 and 65535")) {
            try DevnetConfig.parse(toml: "[l2]\nport = 70000\n", source: "devnet.toml")
        }
        #expect(throws: ConfigError(source: "devnet.toml", message: "`l1.fork` is \"london\", must be one of cancun, prague, osaka")) {
            try DevnetConfig.parse(toml: "[l1]\nfork = \"london\"\n", source: "devnet.toml")
        }
    }

    @Test func syntaxErrorGivesLine() {
        do {
            _ = try DevnetConfig.parse(toml: "[l2]\nport = = 3\n", source: "devnet.toml")
            Issue.record("bad TOML was accepted")
        } catch {
            #expect(error.description.hasPrefix("devnet.toml: TOML syntax error at line 2"))
        }
    }

    @Test func chainsMustDiffer() {
        #expect(throws: ConfigError.self) { try DevnetConfig.parse(toml: "[l1]\nchain_id = 133718\n", source: "devnet.toml") }
        #expect(throws: ConfigError.self) { try DevnetConfig.parse(toml: "[l1]\nport = 8545\n", source: "devnet.toml") }
    }

    @Test func missingConfigFile() throws {
        #expect(throws: ConfigError(source: "/nonexistent/devnet.toml", message: "no such file (given with --config)")) {
            try DevnetConfig.load(path: "/nonexistent/devnet.toml")
        }
    }

    @Test func loadReadsAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("devnet-\(UInt32.random(in: 0...UInt32.max)).toml")
        try "[l2]\nport = 28545\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try DevnetConfig.load(path: url.path).l2.port == 28545)
    }
}

@Suite struct ConfigOverridesTests {
    @Test func flagsOverrideFileValues() throws {
        let file = try DevnetConfig.parse(toml: "[l2]\nport = 18545\n[accounts]\ncount = 3\n", source: "devnet.toml")
        var o = ConfigOverrides()
        o.l2Port = 28545
        o.l1ChainId = 900
        o.host = "0.0.0.0"
        o.balanceEth = 1
        o.fork = "OSAKA"
        o.gasLimit = 60_000_000
        o.dataDir = "/tmp/d"
        o.ephemeral = true
        o.fresh = true
        let c = try file.applying(o)
        #expect(c.l2.port == 28545 && c.l1.port == 9545)
        #expect(c.l1.chainId == 900 && c.l2.chainId == 133_718)
        #expect(c.l2.host == "0.0.0.0" && c.l1.host == "0.0.0.0")
        #expect(c.accounts.count == 3 && c.accounts.balanceEth == 1)
        #expect(c.l2.fork == "osaka" && c.l1.fork == "osaka")
        #expect(c.l2.gasLimit == 60_000_000 && c.l1.gasLimit == 60_000_000)
        #expect(c.node.dataDir == "/tmp/d" && c.node.ephemeral && c.fresh)
    }

    @Test func noFlagsChangeNothing() throws {
        #expect(try DevnetConfig.defaults.applying(ConfigOverrides()) == .defaults)
    }

    @Test func badFlagValues() {
        var o = ConfigOverrides()
        o.l1Port = 0
        #expect(throws: ConfigError(source: "command line", message: "--l1-port 0 must be between 1 and 65535")) {
            try DevnetConfig.defaults.applying(o)
        }
        o = ConfigOverrides()
        o.fork = "berlin"
        #expect(throws: ConfigError.self) { try DevnetConfig.defaults.applying(o) }
        o = ConfigOverrides()
        o.l2Port = 9545
        #expect(throws: ConfigError.self) { try DevnetConfig.defaults.applying(o) }
        o = ConfigOverrides()
        o.mnemonic = "only three words"
        #expect(throws: ConfigError.self) { try DevnetConfig.defaults.applying(o) }
    }

    /// A mnemonic ethers and eth-account reject (bad BIP-39 checksum, unknown word, wrong count) is a
    /// one-line config error naming the setting or the flag, not a silent set of other accounts.
    @Test func invalidMnemonicIsAConfigError() throws {
        let badChecksum = "test test test test test test test test test test test test"
        #expect(throws: ConfigError(source: "devnet.toml",
                                    message: "accounts.mnemonic is not a valid BIP-39 mnemonic: \(CryptoError.invalidMnemonicChecksum)")) {
            try DevnetConfig.parse(toml: "[accounts]\nmnemonic = \"\(badChecksum)\"\n", source: "devnet.toml")
        }
        var o = ConfigOverrides()
        o.mnemonic = "test test test test test test test test test test test junkk"
        #expect(throws: ConfigError(source: "command line",
                                    message: "--mnemonic is not a valid BIP-39 mnemonic: word 12, \"junkk\", is not in the BIP-39 English word list")) {
            try DevnetConfig.defaults.applying(o)
        }
        o.mnemonic = "only three words"
        do {
            _ = try DevnetConfig.defaults.applying(o)
            Issue.record("a 3-word mnemonic was accepted")
        } catch {
            #expect(error.description.hasPrefix("command line: --mnemonic is not a valid BIP-39 mnemonic: "))
            #expect(error.description.contains("12, 15, 18, 21 or 24 words, this one has 3"))
            #expect(!error.description.contains("\n"))
        }
        // Trezor's 24-word reference vector (trezor/python-mnemonic vectors.json) is taken as is.
        let valid = "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote"
        o.mnemonic = valid
        #expect(try DevnetConfig.defaults.applying(o).accounts.mnemonic == valid)
        #expect(try DevnetConfig.parse(toml: "[accounts]\nmnemonic = \"\(valid)\"\n", source: "devnet.toml").accounts.mnemonic == valid)
    }
}
