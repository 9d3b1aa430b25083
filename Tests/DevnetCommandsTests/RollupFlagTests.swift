import Appliance
import Testing
@testable import DevnetCommands

/// `devnet start --sequencers N` and `--no-rollup` (devnet.toml `[rollup]`).
@Suite struct RollupFlagTests {
    @Test func sequencersFlagOverridesTheFile() throws {
        let start = try StartCommand.parse(["--sequencers", "5"])
        #expect(start.overrides.sequencers == 5)
        #expect(try DevnetConfig.defaults.applying(start.overrides).rollup.sequencers == 5)
        #expect(StartCommand.helpMessage().contains("--sequencers"))
        #expect(StartCommand.helpMessage().contains("--no-rollup"))
    }

    @Test func badSequencerCountIsRefusedNamingTheFlag() throws {
        #expect(throws: (any Error).self) { try StartCommand.parse(["--sequencers", "three"]) }
        let tooMany = try StartCommand.parse(["--sequencers", "17"])
        #expect(throws: ConfigError(source: "command line", message: "--sequencers 17 must be between 1 and 16")) {
            try DevnetConfig.defaults.applying(tooMany.overrides)
        }
    }

    @Test func noRollupTurnsTheLayerOff() throws {
        let start = try StartCommand.parse(["--no-rollup"])
        #expect(try DevnetConfig.defaults.applying(start.overrides).rollup.enabled == false)
        #expect(try DevnetConfig.defaults.applying(StartCommand.parse([]).overrides).rollup.enabled)
    }
}
