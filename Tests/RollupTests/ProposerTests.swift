import Chain
import DevnetCrypto
import Node
import Primitives
import Testing
@testable import Rollup

/// The proposer against the real StateCommitmentChain (Contracts/L1/StateCommitmentChain.vy's
/// runtime code placed in an L1 genesis and initialized): the SCC itself checks the headers and
/// inclusion proofs the proposer keeps (`verifyStateCommitment`), and the roots are the L2 blocks'.
@Suite struct ProposerTests {
    static let admin = try! PrivateKey(hex: "0x" + String(repeating: "31", count: 32))
    static let proposerKey = try! PrivateKey(hex: "0x" + String(repeating: "32", count: 32))
    static let scc = RollupAddresses.stateCommitmentChain
    static let window: UInt64 = 100

    static func chains() throws -> (l1: ChainNode, l2: ChainNode) {
        var l1Config = try ChainConfig(chainId: 31337, genesisTimestamp: 1_700_000_000)
        let initialize = ABI.call("initialize(address,address,address,uint256)", [
            .address(admin.address), .address(proposerKey.address), .address(admin.address), .uint64(window),
        ])
        l1Config.alloc = try GenesisBuilder.build(
            alloc: ChainConfig.devAlloc([admin.address, proposerKey.address]),
            steps: [.code(scc, RollupContracts.stateCommitmentChainRuntime),
                    .call(from: admin.address, to: scc, data: initialize, label: "StateCommitmentChain.initialize")],
            config: l1Config)
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 1)
        let l2Config = try ChainConfig(chainId: 133718, alloc: ChainConfig.devAlloc(keys.map(\.address)),
                                       genesisTimestamp: 1_700_000_000)
        return (ChainNode(chain: Blockchain(config: l1Config), devKeys: []),
                ChainNode(chain: Blockchain(config: l2Config), devKeys: keys))
    }

    static func proposer(_ l1: ChainNode, _ l2: ChainNode, maxBatchSize: Int = 1024, limit: UInt64? = nil,
                         finality: FinalityTracker? = nil, fraudVerifier: PrivateKey? = nil) -> Proposer {
        Proposer(l1: RollupClient(node: l1, chainId: 31337), l2: l2, key: proposerKey, scc: scc, interval: 0.05,
                 maxBatchSize: maxBatchSize, commitLimit: limit.map { l in { @Sendable in l } },
                 nextL1Timestamp: { await l1.read { $0.nextBlockTimestampEstimate } }, finality: finality,
                 fraudVerifier: fraudVerifier)
    }

    static func mine(_ node: ChainNode, _ n: Int) async throws {
        for _ in 0..<n { _ = try await node.call(method: "evm_mine", params: .array([])) }
    }

    static func totalElements(_ l1: ChainNode) async throws -> UInt64 {
        let out = try await RollupClient(node: l1, chainId: 31337).call(to: scc, data: ABI.call("getTotalElements()", []))
        return UInt256(bigEndian: out).low64
    }

    @Test func appendsTheL2StateRootsAndTheSCCVerifiesThem() async throws {
        let (l1, l2) = try Self.chains()
        try await Self.mine(l2, 3)
        let p = Self.proposer(l1, l2)
        let appended = try await p.round()
        #expect(appended.count == 1)
        #expect(try await Self.totalElements(l1) == 3)
        let batch = try #require(await p.batch(containing: 2))
        #expect(batch.header.batchIndex == 0 && batch.header.prevTotalElements == 0 && batch.header.batchSize == 3)
        #expect(batch.header.proposer == Self.proposerKey.address)
        let client = RollupClient(node: l1, chainId: 31337)
        for n in UInt64(1)...3 {
            let block = try #require(await l2.l2Block(number: n))
            #expect(batch.root(of: n) == block.header.stateRoot)
            let proof = try #require(batch.inclusionProof(of: n))
            let ok = try await client.call(
                to: Self.scc, "verifyStateCommitment(bytes32,(uint256,bytes32,uint256,uint256,bytes),(uint256,bytes32[]))",
                [.bytes32(block.header.stateRoot), batch.header.abiValue,
                 .tuple([.uint64(proof.index), .array(proof.siblings.map { .bytes32($0) })])],
                returns: "(bool)")
            #expect(ok == [.bool(true)])
        }
        #expect(await p.batch(containing: 4) == nil)
        #expect(await p.batch(containing: 0) == nil)
        // Nothing new: no second batch.
        #expect(try await p.round().isEmpty)
    }

    @Test func finalizedWaitsForTheWindowOnTheL1Clock() async throws {
        let (l1, l2) = try Self.chains()
        try await Self.mine(l2, 2)
        let tracker = FinalityTracker(node: l2)
        await tracker.setSafe(2)
        let p = Self.proposer(l1, l2, finality: tracker)
        _ = try await p.round()
        #expect(await p.finalizedThrough == 0)
        #expect(await p.challengeWindow == Self.window)
        let tag = { try await l2.call(method: "eth_getBlockByNumber", params: try JSON.parse("[\"finalized\", false]"))["number"]?.stringValue }
        #expect(try await tag() == "0x0")
        _ = try await l1.call(method: "evm_increaseTime", params: .array([.number(String(Self.window + 5))]))
        _ = try await p.round()
        #expect(await p.finalizedThrough == 2)
        #expect(try await tag() == "0x2")
    }

    @Test func respectsTheLimitAndTheBatchSize() async throws {
        let (l1, l2) = try Self.chains()
        try await Self.mine(l2, 5)
        _ = try await Self.proposer(l1, l2, limit: 3).round()
        #expect(try await Self.totalElements(l1) == 3)
        // A restarted proposer reads the batch back from L1 and continues, two roots at a time.
        let p = Self.proposer(l1, l2, maxBatchSize: 2)
        let appended = try await p.round()
        #expect(appended.map(\.header.prevTotalElements) == [3] && appended.map(\.header.batchSize) == [2])
        #expect(await p.batches.map(\.header.batchIndex) == [0, 1])
        try await Self.mine(l2, 3)
        let more = try await p.round()
        #expect(more.map(\.header.batchSize) == [2, 1] && more.map(\.header.batchIndex) == [2, 3])
        #expect(try await Self.totalElements(l1) == 8)
    }

    @Test func staleBatchesAfterAnL2RevertAreDeletedInsideTheWindow() async throws {
        let (l1, l2) = try Self.chains()
        try await Self.mine(l2, 2)
        let p = Self.proposer(l1, l2, maxBatchSize: 2, fraudVerifier: Self.admin)
        _ = try await p.round()                       // batch 0: blocks 1, 2
        let snapshot = try await l2.call(method: "evm_snapshot", params: .array([]))
        let dev = await l2.devAccounts[0].hex
        _ = try await l2.call(method: "eth_sendTransaction", params: try JSON.parse(
            "[{\"from\":\"\(dev)\",\"to\":\"0x0000000000000000000000000000000000000007\",\"value\":\"0x7\"}]"))
        try await Self.mine(l2, 1)
        _ = try await p.round()                       // batch 1: blocks 3, 4
        #expect(try await Self.totalElements(l1) == 4)
        _ = try await l2.call(method: "evm_revert", params: .array([snapshot]))
        try await Self.mine(l2, 2)                    // new blocks 3, 4 without the transfer: other roots
        let appended = try await p.round()
        #expect(appended.map(\.header.batchIndex) == [1] && appended.map(\.header.prevTotalElements) == [2])
        #expect(try await Self.totalElements(l1) == 4)
        let batch = try #require(await p.batch(containing: 3))
        #expect(batch.root(of: 3) == (await l2.l2Block(number: 3))?.header.stateRoot)
        // Without the fraud verifier nothing is appended after a stale batch.
        let snapshot2 = try await l2.call(method: "evm_snapshot", params: .array([]))
        try await Self.mine(l2, 2)
        let q = Self.proposer(l1, l2, maxBatchSize: 2)
        _ = try await q.round()                       // batch 2: blocks 5, 6
        _ = try await l2.call(method: "evm_revert", params: .array([snapshot2]))
        _ = try await l2.call(method: "eth_sendTransaction", params: try JSON.parse(
            "[{\"from\":\"\(dev)\",\"to\":\"0x0000000000000000000000000000000000000008\",\"value\":\"0x8\"}]"))
        try await Self.mine(l2, 2)
        #expect(try await q.round().isEmpty)
        #expect(try await Self.totalElements(l1) == 6)
    }
}
