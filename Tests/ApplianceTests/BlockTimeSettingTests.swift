import Chain
import Testing
@testable import Appliance

/// `block_time` in devnet.toml (interval mining, issue 5 "Mining modes").
@Suite struct BlockTimeSettingTests {
    @Test func blockTimeParsesAndDefaultsToOff() throws {
        #expect(DevnetConfig.defaults.node.blockTime == 0)
        let c = try DevnetConfig.parse(toml: "[node]\nblock_time = 12\n", source: "devnet.toml")
        #expect(c.node.blockTime == 12)
        #expect(c.node.automine)                  // left as set; the launcher lets interval win
        let banner = Banner.render(config: c, accounts: [], readyMilliseconds: 1)
        #expect(banner.contains("Mining:            interval (a block every 12 s, empty or not)"))
    }

    @Test func badBlockTimeIsAnErrorNamingTheKey() throws {
        #expect(throws: ConfigError.self) { try DevnetConfig.parse(toml: "[node]\nblock_time = -1\n", source: "devnet.toml") }
        #expect(throws: ConfigError.self) { try DevnetConfig.parse(toml: "[node]\nblock_time = \"2s\"\n", source: "devnet.toml") }
    }

    @Test func launcherStartsIntervalMiningFromBlockTime() async throws {
        var c = DevnetConfig.defaults
        c.node.blockTime = 5
        let node = try DevnetLauncher.makeNode(c.l2, label: "L2", config: c, keys: [])
        let mode = await node.read { $0.miningMode }
        #expect(mode == .interval(seconds: 5))
    }

    /// A resumed chain keeps its own mode; the banner shows the chains' modes when given them.
    @Test func bannerShowsTheChainsModesOverTheConfig() {
        #expect(Banner.miningLine(.manual) == "manual (automine is off: call evm_mine to mine a block)\n")
        #expect(Banner.miningLine(.interval(seconds: 0)) == Banner.miningLine(.manual))
        let text = Banner.render(config: .defaults, accounts: [], readyMilliseconds: 1,
                                 mining: Banner.miningLine(.interval(seconds: 3)))
        #expect(text.contains("Mining:            interval (a block every 3 s, empty or not)"))
        #expect(!text.contains("automine"))
    }
}
