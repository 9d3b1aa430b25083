import Chain
import DevnetCrypto
import EVM
import Node
import Primitives
import Testing
@testable import Appliance

/// `fork` per chain in devnet.toml reaches the chain: each node runs the rules named for it.
@Suite struct ForkSettingTests {
    @Test func forkPerChainReachesChainConfig() async throws {
        let config = try DevnetConfig.parse(toml: "[l2]\nfork = \"Osaka\"\n[l1]\nfork = \"cancun\"\n", source: "devnet.toml")
        #expect(config.l2.fork == "osaka" && config.l1.fork == "cancun")
        let keys = try HDWallet.devAccounts(mnemonic: config.accounts.mnemonic, count: 1)
        let l2 = try DevnetLauncher.makeNode(config.l2, label: "L2", config: config, keys: keys)
        let l1 = try DevnetLauncher.makeNode(config.l1, label: "L1", config: config, keys: keys)
        #expect(await l2.read { $0.config.fork } == .osaka)
        #expect(await l1.read { $0.config.fork } == .cancun)
        let byDefault = try DevnetLauncher.makeNode(DevnetConfig.defaults.l2, label: "L2", config: .defaults, keys: keys)
        #expect(await byDefault.read { $0.config.fork } == .prague)

        // EIP-7825: from Osaka a transaction may not ask for more than 2^24 = 16,777,216 gas.
        func send(_ node: ChainNode, gas: UInt64) async -> RPCError? {
            do {
                _ = try await node.call(method: "eth_sendTransaction", params: .array([.object([
                    ("from", .string(keys[0].address.hex)),
                    ("to", .string("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")),
                    ("gas", .string(Hex.quantity(gas))),
                ])]))
                return nil
            } catch {
                return error
            }
        }
        #expect(await send(l2, gas: 16_777_217) != nil)
        #expect(await send(l2, gas: 16_777_216) == nil)
        #expect(await send(l1, gas: 16_777_217) == nil)
    }

    @Test func unknownForkNamesTheAllowedOnes() {
        #expect(DevnetConfig.knownForks == ["cancun", "prague", "osaka"])
        #expect(throws: ConfigError(source: "devnet.toml", message: "`l2.fork` is \"shanghai\", must be one of cancun, prague, osaka")) {
            try DevnetConfig.parse(toml: "[l2]\nfork = \"shanghai\"\n", source: "devnet.toml")
        }
    }
}
