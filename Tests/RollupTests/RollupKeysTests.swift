import DevnetCrypto
import Primitives
import Testing
@testable import Rollup

/// Expected addresses and keys: eth-account 0.14.0 `Account.from_mnemonic(m, account_path=…)`
/// for anvil's mnemonic; leader draws: eth_abi.encode + eth_utils.keccak in Python.
@Suite struct RollupKeysTests {
    static let mnemonic = "test test test test test test test test test test test junk"

    @Test func roleKeysMatchEthAccount() throws {
        let keys = try RollupKeys(mnemonic: Self.mnemonic, sequencers: 4)
        #expect(keys.admin.address.checksummed == "0x4b39F7b0624b9dB86AD293686bc38B903142dbBc")
        #expect(Hex.encode(keys.admin.bytes) == "0x6abb89895f93b02c1b9470db0fa675297f6cca832a5fc66d5dfd7661a42b37be")
        #expect(keys.batcher.address.checksummed == "0x71b4a2d9B91726bdb5849D928967A1654D7F3de7")
        #expect(keys.proposer.address.checksummed == "0xCA55aC8514b25C660151a8AE0c90f116DF160daa")
        #expect(keys.relayer.address.checksummed == "0x74B5CcD17461cC0a1A5a53Ef2d84f0C54d2BF0B6")
    }

    @Test func sequencerKeysMatchEthAccount() throws {
        let keys = try RollupKeys(mnemonic: Self.mnemonic, sequencers: 4)
        #expect(keys.sequencers.map(\.address.checksummed) == [
            "0xe0Ff44FDb999d485DCFe6B0840f0d14EEA8a08A0", "0x8c408c9ce6718F4a3AFa7860f2E7B190B25fBDfA",
            "0x252a3336Fb2A4352D1bD3b139f4e540AA45236bd", "0x0d4Ac0707a2B790Fc1DE60D614ac372D47fbA160",
        ])
        #expect(Hex.encode(keys.sequencers[3].bytes) == "0xb3e49528fa2ef1f37409068aff16473ce1723c8d8a8701627a514a76cd2b2acd")
        #expect(keys.sequencer(id: 1) == keys.sequencers[0])
        #expect(keys.sequencer(id: 5) == nil)
        #expect(keys.sequencer(id: 0) == nil)
    }

    @Test func badMnemonicIsAnError() {
        #expect(throws: CryptoError.self) { try RollupKeys(mnemonic: "test test test", sequencers: 1) }
    }

    @Test func inboxFromChainIds() throws {
        #expect(try RollupAddresses(l1ChainId: 31337, l2ChainId: 133718).batchInbox.hex
                == "0xff00000000000000000000000000031337133718")
        // Metis' Sepolia inbox (rollupcfg.go, ../shared/reference/metis-lazai.md): L1 11155111, L2 59902.
        #expect(try RollupAddresses.batchInbox(l1ChainId: 11_155_111, l2ChainId: 59_902).checksummed
                == Address(hex: "0xFf00000000000000000000000001115511159902")!.checksummed)
        #expect(throws: RollupConfigError.self) {
            try RollupAddresses(l1ChainId: UInt64.max, l2ChainId: UInt64.max)   // 40 digits
        }
    }

    @Test func defaultSeedIsKeccakOfName() {
        #expect(RollupConfig.defaultSeed.hex == "0x89ba2d269df07eef856342cc0906f97ef8a0e4650d8fe5b2174b83ddedb17a1d")
    }

    @Test func leaderDrawMatchesPython() {
        let stake = RollupConfig.defaults.stakeWei
        let stakes = [stake, stake, stake]
        let seed = RollupConfig.defaultSeed
        #expect(SequencerDraw.leader(seed: seed, epoch: 1, stakes: stakes) == 0)
        #expect(SequencerDraw.leader(seed: seed, epoch: 2, stakes: stakes) == 2)
        #expect(SequencerDraw.leader(seed: seed, epoch: 3, stakes: stakes) == 2)
        #expect(SequencerDraw.leader(seed: seed, epoch: 4, stakes: stakes) == 0)
        #expect(SequencerDraw.randomWord(seed: seed, epoch: 1) % (stake &* UInt256(3)) == UInt256(decimal: "24401971927776933025545")!)
        #expect(SequencerDraw.leader(seed: seed, epoch: 1, stakes: [.zero, .zero]) == nil)
        #expect(SequencerDraw.leader(seed: seed, epoch: 1, stakes: [.zero, stake]) == 1)
    }
}

@Suite struct RollupConfigTests {
    @Test func defaultsAreValid() throws {
        try RollupConfig.defaults.validate()
        #expect(RollupConfig.defaults.sequencers == 3)
        #expect(RollupConfig.defaults.epochLength == 8)
        #expect(RollupConfig.defaults.stake == 50_000)
        #expect(RollupConfig.defaults.challengeWindow == 30)
    }

    @Test(arguments: [
        (RollupConfig(sequencers: 0), "sequencers"), (RollupConfig(sequencers: 17), "sequencers"),
        (RollupConfig(epochLength: 1), "epoch_length"), (RollupConfig(stake: 19_999), "stake"),
        (RollupConfig(stake: 100_001), "stake"), (RollupConfig(stallTimeout: 0), "stall_timeout"),
        (RollupConfig(batchInterval: 0), "batch_interval"),
    ])
    func rangesAreChecked(config: RollupConfig, key: String) {
        #expect(throws: RollupConfigError.self) { try config.validate() }
        do { try config.validate() } catch { #expect(error.key == key) }
    }

    @Test func seedParsing() throws {
        let hex = "0x" + String(repeating: "ab", count: 32)
        #expect(try RollupConfig.parseSeed(hex).hex == hex)
        #expect(try RollupConfig.parseSeed("0x" + String(repeating: "AB", count: 32)).hex == hex)
        for bad in ["", "0x", String(repeating: "ab", count: 32), "0x" + String(repeating: "ab", count: 31),
                    "0x" + String(repeating: "zz", count: 32), hex + "00"] {
            #expect(throws: RollupConfigError.self) { try RollupConfig.parseSeed(bad) }
        }
    }
}
