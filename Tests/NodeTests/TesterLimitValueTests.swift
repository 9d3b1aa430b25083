import Chain
import DevnetCrypto
import HummingbirdTesting
import Primitives
import Testing
@testable import Node

/// Timestamps and fees near their type's limit: cheats can push them there; the node must answer
/// rather than trap on overflow.
@Suite struct TesterLimitValueTests {
    /// evm_setNextBlockTimestamp(2^64-1) then two more blocks: the second used to trap computing
    /// parent + 1. The chain now stays at 2^64-1.
    @Test func miningPastTheLastTimestampDoesNotTrap() async throws {
        let node = try NodeTestSupport.makeNode()
        #expect(try await NodeTestSupport.call(node, "evm_setNextBlockTimestamp", "[\"0xffffffffffffffff\"]") == .null)
        _ = try await NodeTestSupport.call(node, "evm_mine")
        _ = try await NodeTestSupport.call(node, "evm_mine")
        _ = try await NodeTestSupport.call(node, "anvil_mine", "[\"0x2\"]")
        #expect(try await NodeTestSupport.call(node, "eth_blockNumber") == .string("0x4"))
        let b = try await NodeTestSupport.call(node, "eth_getBlockByNumber", "[\"latest\", false]")
        #expect(b["timestamp"] == .string("0xffffffffffffffff"))
    }

    /// anvil_mine(n, interval) with an interval whose multiples overflow 64 bits used to trap.
    @Test func anvilMineWithAHugeIntervalDoesNotTrap() async throws {
        let node = try NodeTestSupport.makeNode()
        #expect(try await NodeTestSupport.call(node, "anvil_mine", "[\"0x3\", \"0x8000000000000000\"]") == .null)
        #expect(try await NodeTestSupport.call(node, "eth_blockNumber") == .string("0x3"))
        #expect(try await NodeTestSupport.call(node, "evm_mine", "[{\"timestamp\": \"0x1\", \"blocks\": \"0x2\"}]") == .string("0x0"))
        #expect(try await NodeTestSupport.call(node, "eth_blockNumber") == .string("0x5"))
    }

    /// With the next base fee at 2^256-1, eth_gasPrice (base fee + tip) saturates instead of
    /// wrapping to a price below the base fee.
    @Test func gasPriceSaturatesAtAHugeBaseFee() async throws {
        let node = try NodeTestSupport.makeNode()
        let max = "0x" + String(repeating: "f", count: 64)
        #expect(try await NodeTestSupport.call(node, "anvil_setNextBlockBaseFeePerGas", "[\"\(max)\"]") == .null)
        #expect(try await NodeTestSupport.call(node, "eth_gasPrice") == .string(max))
        let info = try await NodeTestSupport.call(node, "anvil_nodeInfo")
        #expect(info["environment"]?["gasPrice"] == .string(max))
    }
}
