import ArgumentParser
import Testing
@testable import Appliance
@testable import DevnetCommands

@Suite struct CommandParsingTests {
    @Test func startWithoutFlagsUsesTheFileOrDefaults() throws {
        let start = try StartCommand.parse([])
        #expect(start.config == nil)
        #expect(start.overrides == ConfigOverrides())
    }

    @Test func everyStartFlagIsParsed() throws {
        let start = try StartCommand.parse([
            "--config", "conf/devnet.toml", "--data-dir", "/tmp/d", "--ephemeral", "--fresh",
            "--l2-port", "18545", "--l1-port", "19545", "--l2-chain-id", "133717", "--l1-chain-id", "1",
            "--host", "0.0.0.0", "--accounts", "3", "--balance", "42", "--mnemonic", "a b c",
            "--gas-limit", "60000000", "--fork", "cancun",
        ])
        #expect(start.config == "conf/devnet.toml")
        let o = start.overrides
        #expect(o.dataDir == "/tmp/d" && o.ephemeral && o.fresh)
        #expect(o.l2Port == 18545 && o.l1Port == 19545)
        #expect(o.l2ChainId == 133_717 && o.l1ChainId == 1)
        #expect(o.host == "0.0.0.0" && o.accountCount == 3 && o.balanceEth == 42 && o.mnemonic == "a b c")
        #expect(o.gasLimit == 60_000_000 && o.fork == "cancun")
    }

    @Test func flagsOverrideDefaultsThroughResolvedConfig() throws {
        let start = try StartCommand.parse(["--config", "/nonexistent.toml"])
        #expect(throws: ConfigError.self) { try start.resolvedConfig() }

        var o = ConfigOverrides()
        o.l2Port = 18545
        o.fork = "cancun"
        let c = try DevnetConfig.defaults.applying(try StartCommand.parse(["--l2-port", "18545", "--fork", "cancun"]).overrides)
        #expect(c.l2.port == 18545 && c.l1.port == 9545 && c.l2.fork == "cancun" && c.l1.fork == "cancun")
        #expect(c == (try DevnetConfig.defaults.applying(o)))
    }

    @Test func badFlagValuesAreRejectedByTheParser() {
        #expect(throws: (any Error).self) { try StartCommand.parse(["--l2-port", "eighty"]) }
        #expect(throws: (any Error).self) { try StartCommand.parse(["--balance", "-5"]) }
        #expect(throws: (any Error).self) { try StartCommand.parse(["--no-such-flag"]) }
    }

    /// A negative number reaches the range check (argument-parser would otherwise read "-1" as a
    /// flag and report a missing value), and so does any numeric flag's value.
    @Test func negativeNumbersGetTheRangeError() throws {
        let start = try StartCommand.parse(["--l2-port", "-1", "--fork", "cancun"])
        #expect(start.l2Port == -1 && start.fork == "cancun")
        #expect(throws: ConfigError(source: "command line", message: "--l2-port -1 must be between 1 and 65535")) {
            try DevnetConfig.defaults.applying(start.overrides)
        }
        let accounts = try StartCommand.parse(["--accounts", "-3"])
        #expect(throws: ConfigError(source: "command line", message: "--accounts -3 must be between 1 and 1000")) {
            try DevnetConfig.defaults.applying(accounts.overrides)
        }
    }

    /// Values the option's type cannot hold fail in the parser with a message giving the range.
    @Test(arguments: [
        (["--balance", "99999999999999999999999999999"], "'--balance <balance>': must be a whole number between 0 and 1000000000000 ETH"),
        (["--balance", "-5"], "'--balance <balance>': must be a whole number between 0 and 1000000000000 ETH"),
        (["--l1-port", "99999999999999999999"], "'--l1-port <l1-port>': must be a whole number between 1 and 65535"),
        (["--l2-port", "eighty"], "'--l2-port <l2-port>': must be a whole number between 1 and 65535"),
        (["--l2-chain-id", "-1"], "'--l2-chain-id <l2-chain-id>': must be a whole number between 1 and 9223372036854775807"),
        (["--gas-limit", "1.5"], "'--gas-limit <gas-limit>': must be a whole number between 21000 and 9223372036854775807"),
    ])
    func unrepresentableNumbersStateTheRange(arguments: [String], message: String) {
        do {
            _ = try StartCommand.parse(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            let text = StartCommand.message(for: error)
            #expect(text == "The value '\(arguments[1])' is invalid for \(message)")
        }
    }

    /// `devnet start --mnemonic <bad checksum>` stops at the settings, with the one-line error that
    /// `run()` prints before exiting 1.
    @Test func badMnemonicIsRejectedWithTheFlagNamed() throws {
        let start = try StartCommand.parse(["--mnemonic", "test test test test test test test test test test test test"])
        do {
            _ = try start.resolvedConfig()
            Issue.record("a mnemonic with a bad checksum was accepted")
        } catch {
            #expect(error.description.hasPrefix("command line: --mnemonic is not a valid BIP-39 mnemonic: the BIP-39 checksum does not match"))
        }
    }

    @Test func rootCommandHasStartStatetestBenchAndVersion() throws {
        let names = DevnetCommand.configuration.subcommands.map { $0.configuration.commandName }
        #expect(names == ["start", "statetest", "bench", "batch", "plugins", "version"])
        let st = try DevnetCommand.parseAsRoot(["statetest", "--fork", "Prague", "--run", "tload", "a.json", "dir"])
        #expect((st as? StateTestCommand)?.fork == "Prague")
        #expect((st as? StateTestCommand)?.pattern == "tload")
        #expect((st as? StateTestCommand)?.paths == ["a.json", "dir"])
        #expect((st as? StateTestCommand)?.trace == false)
        let traced = try DevnetCommand.parseAsRoot(["statetest", "--trace", "a.json"])
        #expect((traced as? StateTestCommand)?.trace == true)
        let bench = try DevnetCommand.parseAsRoot(["bench", "evm", "cases.json", "--runs", "3"])
        #expect((bench as? BenchEVMCommand)?.cases == "cases.json")
        #expect((bench as? BenchEVMCommand)?.runs == 3)
        let benchDefault = try DevnetCommand.parseAsRoot(["bench", "evm"])
        #expect((benchDefault as? BenchEVMCommand)?.cases == nil)
        #expect((benchDefault as? BenchEVMCommand)?.runs == 7)
        #expect(throws: (any Error).self) { try DevnetCommand.parseAsRoot(["bench", "evm", "--runs", "0"]) }
        let parsed = try DevnetCommand.parseAsRoot(["version"])
        #expect(parsed is VersionCommand)
        let start = try DevnetCommand.parseAsRoot(["start", "--l1-port", "1234"])
        #expect((start as? StartCommand)?.l1Port == 1234)
    }

    @Test func helpListsTheFlags() {
        let help = StartCommand.helpMessage()
        for flag in ["--config", "--data-dir", "--ephemeral", "--fresh", "--l2-port", "--l1-port", "--l2-chain-id",
                     "--l1-chain-id", "--host", "--accounts", "--balance", "--mnemonic", "--gas-limit", "--fork"] {
            #expect(help.contains(flag), "help lacks \(flag)")
        }
        #expect(DevnetCommand.helpMessage().contains("start"))
    }
}
