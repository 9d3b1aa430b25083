import Appliance
import Testing
@testable import DevnetCommands

/// `devnet start --block-time N` (anvil's flag): interval mining from the command line.
@Suite struct BlockTimeFlagTests {
    @Test func blockTimeFlagOverridesTheFile() throws {
        let start = try StartCommand.parse(["--block-time", "2"])
        #expect(start.overrides.blockTime == 2)
        #expect(try DevnetConfig.defaults.applying(start.overrides).node.blockTime == 2)
        #expect(StartCommand.helpMessage().contains("--block-time"))
    }

    @Test func badBlockTimeIsRefusedNamingTheFlag() throws {
        #expect(throws: (any Error).self) { try StartCommand.parse(["--block-time", "soon"]) }
        let tooLong = try StartCommand.parse(["--block-time", "40000000"])
        #expect(throws: ConfigError(source: "command line", message: "--block-time 40000000 must be at most 31536000 seconds (one year)")) {
            try DevnetConfig.defaults.applying(tooLong.overrides)
        }
    }
}
