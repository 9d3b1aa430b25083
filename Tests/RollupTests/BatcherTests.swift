import Chain
import DevnetCrypto
import Node
import Primitives
import Testing
@testable import Rollup

/// The batcher against two in-process chains: an L1 holding the batcher's ETH and an L2 with dev
/// accounts. What the batcher posts is read back from the L1 blocks and compared with the L2's
/// blocks (the codec itself is checked against Python in BatchCodecTests).
@Suite struct BatcherTests {
    static let batcherKey = try! PrivateKey(hex: "0x" + String(repeating: "42", count: 32))
    static let sealerKey = try! PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
    static let inbox = BatchInbox.address(l1ChainId: 31337, l2ChainId: 133718)!

    static func chains() throws -> (l1: ChainNode, l2: ChainNode) {
        let l1Config = try ChainConfig(chainId: 31337, alloc: ChainConfig.devAlloc([batcherKey.address]),
                                       genesisTimestamp: 1_700_000_000)
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 2)
        let l2Config = try ChainConfig(chainId: 133718, alloc: ChainConfig.devAlloc(keys.map(\.address)),
                                       coinbase: sealerKey.address, genesisTimestamp: 1_700_000_000)
        return (ChainNode(chain: Blockchain(config: l1Config), devKeys: []),
                ChainNode(chain: Blockchain(config: l2Config), devKeys: keys))
    }

    /// Mines `count` L2 blocks with one value transfer each.
    static func mineTransfers(_ l2: ChainNode, _ count: Int) async throws {
        let from = await l2.devAccounts[0].hex
        for i in 0..<count {
            _ = try await l2.call(method: "eth_sendTransaction", params: try JSON.parse(
                "[{\"from\":\"\(from)\",\"to\":\"0x00000000000000000000000000000000000000\(String(format2: i + 1))\",\"value\":\"0x\(String(i + 1, radix: 16))\"}]"))
        }
    }

    static func batcher(_ l1: ChainNode, _ l2: ChainNode, maxBlocks: Int = 50, finality: FinalityTracker? = nil) -> Batcher {
        Batcher(l1: RollupClient(node: l1, chainId: 31337), l2: l2, key: batcherKey, inbox: inbox, interval: 0.05,
                maxBlocks: maxBlocks,
                signTx: { miner, hash in miner == sealerKey.address ? try? sealerKey.sign(hash: hash).bytes65 : nil },
                finality: finality)
    }

    /// Every batch transaction on L1, decoded, in L1 order.
    static func batchesOnL1(_ l1: ChainNode) async throws -> [(batch: Batch, size: Int)] {
        let head = await l1.read { $0.headNumber }
        var out: [(Batch, Int)] = []
        for n in 1...max(1, head) {
            guard let b = await l1.read({ $0.block(number: n) }) else { continue }
            for (i, tx) in b.transactions.enumerated() where tx.to == inbox && b.senders[i] == batcherKey.address {
                out.append((try BatchCodec.decode(tx.data), tx.data.count))
            }
        }
        return out
    }

    @Test func postsEveryBlockOnceWithSealerSignatures() async throws {
        let (l1, l2) = try Self.chains()
        try await Self.mineTransfers(l2, 3)
        let b = Self.batcher(l1, l2)
        let sent = try await b.round()
        #expect(sent.count == 1 && sent[0].l2Start == 1 && sent[0].l2End == 3 && sent[0].transactionCount == 3)
        let onL1 = try await Self.batchesOnL1(l1)
        #expect(onL1.count == 1)
        let batch = try #require(onL1.first).batch
        #expect(batch.index == 0 && batch.l2Start == 1 && batch.blocks.count == 3)
        for (i, bb) in batch.blocks.enumerated() {
            let block = try #require(await l2.l2Block(number: UInt64(i + 1)))
            #expect(bb.timestamp == block.header.timestamp)
            #expect(bb.transactions.count == block.transactions.count)
            for (j, t) in bb.transactions.enumerated() {
                guard case .sequencer(let raw, let sig) = t else { Issue.record("not a sequencer tx"); continue }
                #expect(Keccak256.hash(raw) == block.transactionHashes[j])
                #expect(BatchSeqSign.signer(sig, txHash: block.transactionHashes[j]) == Self.sealerKey.address)
            }
        }
        // Nothing new: no second batch.
        #expect(try await b.round().isEmpty)
        try await Self.mineTransfers(l2, 2)
        let second = try await b.round()
        #expect(second.count == 1 && second[0].index == 1 && second[0].l2Start == 4 && second[0].l2End == 5)
    }

    @Test func splitsAtTheBlockLimit() async throws {
        let (l1, l2) = try Self.chains()
        try await Self.mineTransfers(l2, 5)
        let sent = try await Self.batcher(l1, l2, maxBlocks: 2).round()
        #expect(sent.map(\.l2Start) == [1, 3, 5] && sent.map(\.l2End) == [2, 4, 5] && sent.map(\.index) == [0, 1, 2])
    }

    @Test func aRestartedBatcherResumesFromL1() async throws {
        let (l1, l2) = try Self.chains()
        try await Self.mineTransfers(l2, 2)
        _ = try await Self.batcher(l1, l2).round()
        try await Self.mineTransfers(l2, 1)
        let fresh = Self.batcher(l1, l2)
        let sent = try await fresh.round()
        #expect(sent.count == 1 && sent[0].index == 1 && sent[0].l2Start == 3)
        #expect(await fresh.posted.count == 2)
        #expect(try await Self.batchesOnL1(l1).map(\.batch.index) == [0, 1])
    }

    @Test func repostsWhatAnL1RevertRemoved() async throws {
        let (l1, l2) = try Self.chains()
        try await Self.mineTransfers(l2, 2)
        let b = Self.batcher(l1, l2)
        _ = try await b.round()
        let snapshot = try await l1.call(method: "evm_snapshot", params: .array([]))
        try await Self.mineTransfers(l2, 2)
        _ = try await b.round()
        #expect(await b.postedThrough == 4)
        _ = try await l1.call(method: "evm_revert", params: .array([snapshot]))
        // Mine an unrelated L1 block so the L1 does not end at the same height by chance.
        _ = try await l1.call(method: "evm_mine", params: .array([]))
        let again = try await b.round()
        #expect(again.count == 1 && again[0].index == 1 && again[0].l2Start == 3 && again[0].l2End == 4)
        #expect(try await Self.batchesOnL1(l1).map(\.batch.l2Start) == [1, 3])
    }

    @Test func repostsWhatAnL2RevertChanged() async throws {
        let (l1, l2) = try Self.chains()
        try await Self.mineTransfers(l2, 2)
        let snapshot = try await l2.call(method: "evm_snapshot", params: .array([]))
        try await Self.mineTransfers(l2, 2)
        let b = Self.batcher(l1, l2)
        _ = try await b.round()
        #expect(await b.postedThrough == 4)
        _ = try await l2.call(method: "evm_revert", params: .array([snapshot]))
        // Nothing to post until the L2 has new blocks; then from block 3, superseding batch 0's 3 and 4.
        #expect(try await b.round().isEmpty)
        #expect(await b.postedThrough == 4)
        _ = try await l2.call(method: "evm_increaseTime", params: .array([.number("100")]))
        _ = try await l2.call(method: "evm_mine", params: .array([]))
        let again = try await b.round()
        #expect(again.count == 1 && again[0].index == 1 && again[0].l2Start == 3 && again[0].l2End == 3)
        #expect(await b.postedThrough == 3)
        let onL1 = try await Self.batchesOnL1(l1)
        #expect(onL1.map(\.batch.l2Start) == [1, 3])
        let block3 = try #require(await l2.l2Block(number: 3))
        #expect(onL1[1].batch.blocks[0].timestamp == block3.header.timestamp)
        // A restarted batcher reads the same canonical end back from L1.
        let fresh = Self.batcher(l1, l2)
        try await fresh.syncWithL1()
        #expect(await fresh.postedThrough == 3)
        #expect(try await fresh.round().isEmpty)
    }

    @Test func safeFollowsThePostedBlocks() async throws {
        let (l1, l2) = try Self.chains()
        try await Self.mineTransfers(l2, 3)
        let tracker = FinalityTracker(node: l2)
        let b = Self.batcher(l1, l2, finality: tracker)
        try await Self.mineTransfers(l2, 0)
        _ = try await b.round()
        try await Self.mineTransfers(l2, 2)   // blocks 4 and 5: not posted yet
        let safe = try await l2.call(method: "eth_getBlockByNumber", params: try JSON.parse("[\"safe\", false]"))
        #expect(safe["number"]?.stringValue == "0x3")
        let finalized = try await l2.call(method: "eth_getBlockByNumber", params: try JSON.parse("[\"finalized\", false]"))
        #expect(finalized["number"]?.stringValue == "0x0")
        let latest = try await l2.call(method: "eth_getBlockByNumber", params: try JSON.parse("[\"latest\", false]"))
        #expect(latest["number"]?.stringValue == "0x5")
    }
}

extension String {
    /// Two lowercase hex digits.
    init(format2 v: Int) {
        let s = String(v, radix: 16)
        self = s.count == 1 ? "0" + s : s
    }
}
