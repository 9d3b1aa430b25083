import Appliance
import Primitives
import Rollup
import Testing

/// `[rollup]` in devnet.toml and the rollup flags (ROLLUP-API.md §5).
@Suite struct RollupSettingsTests {
    @Test func defaultsAreTheSheets() {
        let r = DevnetConfig.defaults.rollup
        #expect(r.enabled)
        #expect(r.sequencers == 3 && r.epochLength == 8 && r.stallTimeout == 3)
        #expect(r.challengeWindow == 30 && r.batchInterval == 2 && r.stake == 50_000)
        #expect(r.seed.hex == "0x89ba2d269df07eef856342cc0906f97ef8a0e4650d8fe5b2174b83ddedb17a1d")   // keccak256("metis-devnet")
    }

    @Test func readsEverySetting() throws {
        let c = try DevnetConfig.parse(toml: """
        [rollup]
        enabled = false
        sequencers = 5
        epoch_length = 4
        seed = "0x00000000000000000000000000000000000000000000000000000000000000AA"
        stall_timeout = 7
        challenge_window = 0
        batch_interval = 1
        stake = 20000
        """, source: "devnet.toml")
        #expect(!c.rollup.enabled)
        #expect(c.rollup.sequencers == 5 && c.rollup.epochLength == 4 && c.rollup.stallTimeout == 7)
        #expect(c.rollup.challengeWindow == 0 && c.rollup.batchInterval == 1 && c.rollup.stake == 20_000)
        #expect(c.rollup.seed == Hash(UInt256(0xaa)))
        #expect(try DevnetConfig.parse(toml: c.tomlText(), source: "x.toml") == c)
    }

    @Test(arguments: [
        ("sequencers = 0", "`rollup.sequencers` is 0, must be between 1 and 16"),
        ("sequencers = 17", "`rollup.sequencers` is 17, must be between 1 and 16"),
        ("epoch_length = 1", "`rollup.epoch_length` is 1, must be between 2 and 1000000"),
        ("stake = 19999", "`rollup.stake` is 19999, must be between 20000 and 100000"),
        ("stake = 100001", "`rollup.stake` is 100001, must be between 20000 and 100000"),
        ("seed = \"0x1234\"", "`rollup.seed` is \"0x1234\", must be 0x followed by 64 hex digits (32 bytes)"),
        ("seed = 5", "`rollup.seed` must be a string (0x + 64 hex digits), got integer 5"),
        ("sequencer = 3", "unknown key `rollup.sequencer` (known keys in [rollup]: enabled, sequencers, epoch_length, seed, stall_timeout, challenge_window, batch_interval, stake)"),
    ])
    func badValuesAreClearErrors(line: String, message: String) {
        do {
            _ = try DevnetConfig.parse(toml: "[rollup]\n\(line)\n", source: "devnet.toml")
            Issue.record("\(line) must be refused")
        } catch {
            #expect(error.description == "devnet.toml: \(message)")
        }
    }

    @Test func flags() throws {
        var o = ConfigOverrides()
        o.sequencers = 16
        #expect(try DevnetConfig.defaults.applying(o).rollup.sequencers == 16)
        o.sequencers = 17
        #expect(throws: ConfigError.self) { try DevnetConfig.defaults.applying(o) }
        var off = ConfigOverrides()
        off.noRollup = true
        #expect(try DevnetConfig.defaults.applying(off).rollup.enabled == false)
    }

    @Test func programmaticConfigIsValidatedToo() {
        var c = DevnetConfig.defaults
        c.rollup.sequencers = 0
        #expect(throws: ConfigError.self) { try c.validate(source: "test") }
        c.rollup.enabled = false
        #expect((try? c.validate(source: "test")) != nil)   // off: its settings do not matter
    }

    @Test func bannerSummarisesTheLayer() {
        let text = Banner.render(config: .defaults, accounts: [], readyMilliseconds: 1,
                                 rollup: Banner.rollupLines(DevnetConfig.defaults.rollup))
        #expect(text.contains("Metis layer:       3 sequencers staked (50000 METIS each), epoch 8 blocks, challenge window 30 s\n"))
        #expect(text.contains("rollup_getInfo for the contract addresses"))
    }
}
