import Chain
import DevnetCrypto
import Node
import Primitives
import State
import Testing
@testable import Rollup

/// The rollup genesis, read back through JSON-RPC calls of the contracts (their Vyper sources in
/// Contracts/ define the expected values: LockingPool ids from 1 in lock order, min/max lock, …).
@Suite struct RollupGenesisTests {
    static let mnemonic = "test test test test test test test test test test test junk"

    /// Both chains with the rollup genesis, as the launcher builds them, and a layer over them.
    static func layer(_ config: RollupConfig = .defaults) throws -> RollupLayer {
        let keys = try RollupKeys(mnemonic: mnemonic, sequencers: config.sequencers)
        let dev = try HDWallet.devAccounts(mnemonic: mnemonic, count: 2)
        var l1Config = try ChainConfig(chainId: 31337, alloc: ChainConfig.devAlloc(dev.map(\.address)))
        l1Config.alloc = try RollupGenesis.l1Alloc(base: l1Config.alloc, chain: l1Config, config: config, keys: keys)
        var l2Config = try ChainConfig(chainId: 133718, alloc: ChainConfig.devAlloc(dev.map(\.address)))
        l2Config.alloc = try RollupGenesis.l2Alloc(base: l2Config.alloc, chain: l2Config, config: config, keys: keys)
        let l1 = ChainNode(chain: Blockchain(config: l1Config), devKeys: dev)
        let l2 = ChainNode(chain: Blockchain(config: l2Config), devKeys: dev)
        return RollupLayer(config: config, keys: keys, addresses: try RollupAddresses(l1ChainId: 31337, l2ChainId: 133718),
                           l1Node: l1, l2Node: l2)
    }

    static func uint(_ c: RollupClient, _ to: Address, _ sig: String, _ args: [ABIValue] = []) async throws -> UInt256 {
        try #require(try await c.call(to: to, sig, args, returns: "(uint256)").first?.word)
    }
    static func address(_ c: RollupClient, _ to: Address, _ sig: String, _ args: [ABIValue] = []) async throws -> Address {
        try #require(try await c.call(to: to, sig, args, returns: "(address)").first?.addressValue)
    }

    @Test func l1HasStakedSequencersAndInitialisedContracts() async throws {
        let layer = try Self.layer()
        let l1 = layer.l1, keys = layer.keys
        typealias A = RollupAddresses
        let stake = UInt256(50_000) &* RollupConfig.unit
        #expect(try await Self.uint(l1, A.lockingPool, "seqCount()") == UInt256(3))
        #expect(try await Self.uint(l1, A.lockingPool, "totalLocked()") == stake &* UInt256(3))
        for (i, key) in keys.sequencers.enumerated() {
            #expect(try await Self.uint(l1, A.lockingPool, "seqSigners(address)", [.address(key.address)]) == UInt256(i + 1))
        }
        #expect(try await Self.uint(l1, A.metisToken, "balanceOf(address)", [.address(A.lockingPool)]) == stake &* UInt256(3))
        #expect(try await Self.address(l1, A.lockingPool, "owner()") == keys.admin.address)
        #expect(try await Self.uint(l1, A.stateCommitmentChain, "FRAUD_PROOF_WINDOW()") == UInt256(30))
        #expect(try await Self.address(l1, A.stateCommitmentChain, "proposer()") == keys.proposer.address)
        #expect(try await Self.address(l1, A.canonicalTransactionChain, "messenger()") == A.l1CrossDomainMessenger)
        #expect(try await Self.uint(l1, A.canonicalTransactionChain, "getQueueLength()") == .zero)
        #expect(try await l1.balance(keys.batcher.address) == RollupGenesis.l1RoleBalance)
        #expect(try await l1.balance(keys.sequencers[2].address) == RollupGenesis.l1SequencerBalance)
        // Genesis calls charge no nonce: the role keys start at 0, as the services expect.
        #expect(try await l1.pendingNonce(keys.admin.address) == 0)
        #expect(try await l1.pendingNonce(keys.sequencers[0].address) == 0)
    }

    @Test func l2HasSequencerSetBridgeReserveAndMessenger() async throws {
        let layer = try Self.layer(RollupConfig(sequencers: 2, epochLength: 5))
        let l2 = layer.l2, keys = layer.keys
        typealias A = RollupAddresses
        #expect(try await Self.uint(l2, A.metisSequencerSet, "epochLength()") == UInt256(5))
        #expect(try await Self.address(l2, A.metisSequencerSet, "mpcAddress()") == A.systemAddress)
        let first = RollupGenesis.firstSigner(config: layer.config, keys: keys)
        #expect(try await Self.address(l2, A.metisSequencerSet, "getMetisSequencer(uint256)", [.uint64(1)]) == first)
        #expect(try await Self.address(l2, A.metisSequencerSet, "getMetisSequencer(uint256)", [.uint64(5)]) == first)
        #expect(try await l2.balance(A.l2StandardBridge) == UInt256.one << 200)
        #expect(try await Self.address(l2, A.l2CrossDomainMessenger, "relayer()") == keys.relayer.address)
        #expect(try await Self.address(l2, A.l2StandardTokenFactory, "template()") == A.l2StandardERC20Template)
        #expect(try await l2.balance(keys.relayer.address) == RollupGenesis.l2RelayerBalance)
        #expect(try await l2.balance(keys.admin.address) == RollupGenesis.l2AdminBalance)
    }

    /// Epoch 1's signer is the §4 draw for epoch 1: with the default seed and three equal stakes,
    /// r = 24401971927776933025545 (Python: keccak(abi.encode(seed, 1)) % 150000e18) < 50000e18 → id 1.
    @Test func firstSignerIsTheDraw() throws {
        let keys = try RollupKeys(mnemonic: Self.mnemonic, sequencers: 3)
        #expect(RollupGenesis.firstSigner(config: .defaults, keys: keys) == keys.sequencers[0].address)
    }

    @Test func genesisIsDeterministic() throws {
        let keys = try RollupKeys(mnemonic: Self.mnemonic, sequencers: 3)
        let chain = try ChainConfig(chainId: 31337)
        let a = try RollupGenesis.l1Alloc(base: [:], chain: chain, config: .defaults, keys: keys)
        let b = try RollupGenesis.l1Alloc(base: [:], chain: chain, config: .defaults, keys: keys)
        #expect(WorldState(genesis: a).stateRoot == WorldState(genesis: b).stateRoot)
        let c = try RollupGenesis.l1Alloc(base: [:], chain: chain, config: RollupConfig(challengeWindow: 31), keys: keys)
        #expect(WorldState(genesis: a).stateRoot != WorldState(genesis: c).stateRoot)
    }

    @Test func rpcExtensionAnswersGetInfoAndGasPrices() async throws {
        let layer = try Self.layer()
        await layer.installRPC()
        let info = try await layer.l2Node.call(method: "rollup_getInfo", params: .array([]))
        #expect(info["mode"] == .string("sequencer"))
        #expect(info["batchInbox"] == .string("0xfF00000000000000000000000000031337133718"))
        #expect(info["addresses"]?["l1"]?["LockingPool"] == .string("0xD54c868362C2098E0E46F12E7D924C6A332952Dd"))
        #expect(info["addresses"]?["l2"]?["MetisSequencerSet"] == .string("0x0fe382b74C3894B65c10E5C12ae60Bbd8FAf5b48"))
        guard case .array(let seqs)? = info["sequencers"] else { Issue.record("no sequencers"); return }
        #expect(seqs.count == 3)
        #expect(seqs.first?["address"] == .string(layer.keys.sequencers[0].address.checksummed))
        #expect(seqs.first?["stake"] == .string((UInt256(50_000) &* RollupConfig.unit).quantityHex))
        #expect(seqs.first?["status"] == .int(2))
        #expect(info["epochLength"] == .int(8))
        #expect(info["rollupContext"]?["queueIndex"] == .int(0))
        let prices = try await layer.l2Node.call(method: "rollup_gasPrices", params: .array([]))
        let l1Price = try await layer.l1Node.call(method: "eth_gasPrice", params: .array([]))
        #expect(prices["l1GasPrice"] == l1Price)
        #expect(prices["l2GasPrice"] != nil)
        // The node's rules for extension methods: too many params → -32602; unknown stays -32601.
        do {
            _ = try await layer.l2Node.call(method: "rollup_getInfo", params: .array([.int(1)]))
            Issue.record("expected -32602")
        } catch { #expect(error.code == -32602) }
        do {
            _ = try await layer.l2Node.call(method: "rollup_nope", params: .array([]))
            Issue.record("expected -32601")
        } catch { #expect(error.code == -32601) }
        let modules = try await layer.l2Node.call(method: "rpc_modules", params: .array([]))
        #expect(modules["rollup"] == .string("1.0"))
        #expect(modules["eth"] == .string("1.0"))
    }
}
