import Chain
import Primitives
import Testing
@testable import Node

/// `safe` and `finalized` (ROLLUP-API.md §7): nil means the head (execution-apis' meaning on a
/// chain without a consensus layer), a number is clamped to the head.
@Suite struct FinalityTagTests {
    static func number(_ node: ChainNode, _ tag: String) async throws -> String? {
        try await NodeTestSupport.call(node, "eth_getBlockByNumber", "[\"\(tag)\", false]")["number"]?.stringValue
    }

    @Test func tagsFollowSetFinality() async throws {
        let node = try NodeTestSupport.makeNode()
        for _ in 0..<4 { _ = try await NodeTestSupport.call(node, "evm_mine") }
        #expect(try await Self.number(node, "safe") == "0x4")
        #expect(try await Self.number(node, "finalized") == "0x4")
        await node.setFinality(safe: 3, finalized: 1)
        #expect(try await Self.number(node, "safe") == "0x3")
        #expect(try await Self.number(node, "finalized") == "0x1")
        #expect(try await Self.number(node, "latest") == "0x4")
        // State getters read the tagged block's state.
        let dev = await node.devAccounts[0].hex
        _ = try await NodeTestSupport.call(node, "eth_sendTransaction",
            "[{\"from\":\"\(dev)\",\"to\":\"0x0000000000000000000000000000000000000001\",\"value\":\"0x1\"}]")
        let atSafe = try await NodeTestSupport.call(node, "eth_getBalance", "[\"0x0000000000000000000000000000000000000001\", \"safe\"]")
        #expect(atSafe.stringValue == "0x0")
        // Beyond the head: clamped.
        await node.setFinality(safe: 100, finalized: 99)
        #expect(try await Self.number(node, "safe") == "0x5")
        #expect(try await Self.number(node, "finalized") == "0x5")
        let f = await node.finality()
        #expect(f.safe == 5 && f.finalized == 5)
        await node.setFinality(safe: nil, finalized: nil)
        #expect(try await Self.number(node, "safe") == "0x5")
    }

    @Test func nextBlockTimestampEstimateIsWhatMineUses() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await NodeTestSupport.call(node, "evm_setNextBlockTimestamp", "[2000000000]")
        let estimate = await node.read { $0.nextBlockTimestampEstimate }
        #expect(estimate == 2_000_000_000)
        _ = try await NodeTestSupport.call(node, "evm_mine")
        let mined = try await NodeTestSupport.call(node, "eth_getBlockByNumber", "[\"latest\", false]")["timestamp"]?.stringValue
        #expect(mined == Hex.quantity(2_000_000_000))
        _ = try await NodeTestSupport.call(node, "anvil_setBlockTimestampInterval", "[7]")
        #expect(await node.read { $0.nextBlockTimestampEstimate } == 2_000_000_007)
    }
}
