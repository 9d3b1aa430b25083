import Chain
import DevnetCrypto
import Node
import Primitives
import Rollup
import Testing
@testable import Sequencing

/// The service on both chains in process, with the rollup genesis the launcher builds: stakes read
/// from LockingPool, the hooks on the L2, the devnet_ methods, a slash sent to L1.
@Suite("sequencing service")
struct SequencingServiceTests {
    static let mnemonic = "test test test test test test test test test test test junk"

    static func service() async throws -> (SequencingService, RollupLayer, SequencingRPC) {
        let config = RollupConfig.defaults
        let keys = try RollupKeys(mnemonic: mnemonic, sequencers: config.sequencers)
        let dev = try HDWallet.devAccounts(mnemonic: mnemonic, count: 2)
        var l1Config = try ChainConfig(chainId: 31337, alloc: ChainConfig.devAlloc(dev.map(\.address)))
        l1Config.alloc = try RollupGenesis.l1Alloc(base: l1Config.alloc, chain: l1Config, config: config, keys: keys)
        var l2Config = try ChainConfig(chainId: 133718, alloc: ChainConfig.devAlloc(dev.map(\.address)))
        l2Config.alloc = try RollupGenesis.l2Alloc(base: l2Config.alloc, chain: l2Config, config: config, keys: keys)
        let l1 = ChainNode(chain: Blockchain(config: l1Config), devKeys: dev)
        let l2 = ChainNode(chain: Blockchain(config: l2Config), devKeys: dev)
        let layer = RollupLayer(config: config, keys: keys, addresses: try RollupAddresses(l1ChainId: 31337, l2ChainId: 133718),
                                l1Node: l1, l2Node: l2)
        let service = SequencingService(layer: layer)
        await service.start()
        let rpc = SequencingRPC(service: service)
        await l2.install(rpc)
        return (service, layer, rpc)
    }

    static func send(_ layer: RollupLayer) async throws -> Hash {
        let from = try HDWallet.devAccounts(mnemonic: mnemonic, count: 2)[1]
        return try await layer.l2.send(from: from, to: Address(hex: "0x00000000000000000000000000000000000000cc")!,
                                       value: .one, gas: 21_000)
    }

    @Test("stakes and ids come from LockingPool; blocks are sealed by the epoch-1 signer set at genesis")
    func stakesAndSeals() async throws {
        let (service, layer, _) = try await Self.service()
        defer { service.stop() }
        let infos = service.set.sequencers
        #expect(infos.map(\.id) == [1, 2, 3])
        #expect(infos.allSatisfy { $0.stake == UInt256(50_000) &* RollupConfig.unit && $0.active })
        #expect(service.set.stakesL1Block == 0)
        let h = try await Self.send(layer)
        let receipt = try await layer.l2.waitForReceipt(h, seconds: 5)
        let block = try #require(try await layer.l2.block("latest"))
        let first = RollupGenesis.firstSigner(config: layer.config, keys: layer.keys)
        #expect(block["miner"]?.stringValue?.lowercased() == first.hex.lowercased())
        #expect(receipt["blockNumber"]?.stringValue == "0x1")
        // devnet_getBlockSeal answers through the L2 node; the signature recovers to the miner.
        let seal = try await layer.l2.rpc("devnet_getBlockSeal", [.string("0x1")])
        let sigHex = try #require(seal["signature"]?.stringValue)
        let hashHex = try #require(seal["blockHash"]?.stringValue)
        let sig = try Hex.decode(sigHex)
        let hash = try #require(Hash(hex: hashHex))
        let recovered = try Secp256k1.recoverAddress(hash: hash, signature: Signature(
            r: UInt256(bigEndian: sig[0..<32]), s: UInt256(bigEndian: sig[32..<64]), yParity: sig[64] - 27))
        #expect(recovered == first)
        #expect(seal["verifiedBy"].map { if case .array(let a) = $0 { a.count } else { -1 } } == 2)
    }

    @Test("a rejected block's sealer is slashed 10 % on L1 and the stakes are read again")
    func slashOnL1() async throws {
        let (service, layer, _) = try await Self.service()
        defer { service.stop() }
        let first = RollupGenesis.firstSigner(config: layer.config, keys: layer.keys)
        let liar = try #require(service.set.index(of: first))
        _ = try await layer.l2.rpc("devnet_setSequencerBehaviour", [.int(liar), .string("wrongStateRoot")])
        let h = try await Self.send(layer)
        _ = try await layer.l2.waitForReceipt(h, seconds: 5)
        let block = try #require(try await layer.l2.block("latest"))
        #expect(block["miner"]?.stringValue?.lowercased() != first.hex.lowercased())
        // The slasher sends LockingPool.slash(id, 5,000 METIS) from the admin key.
        let stake = UInt256(50_000) &* RollupConfig.unit
        var now = stake
        for _ in 0..<100 {
            let v = try await layer.l1.call(to: RollupAddresses.lockingPool, "sequencers(uint256)", [.uint64(UInt64(liar + 1))],
                                            returns: "((uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,address,address,bytes,address,uint8))")
            now = v.first?.items?.first?.word ?? stake
            if now != stake, service.set.sequencers[liar].slashed != .zero { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(now == stake &- stake / UInt256(10))
        #expect(service.set.sequencers[liar].slashed == stake / UInt256(10))
        #expect(service.set.sequencers[liar].rejections == 1)
        #expect(service.slashes.count == 1)
    }
}
