import Chain
import DevnetCrypto
import HummingbirdTesting
import Primitives
import Testing
@testable import Node

/// Regressions found by driving the devnet as a user would (issue 5 acceptance pass).
@Suite struct TesterFindingsTests {
    static let dev0 = NodeTestSupport.dev0
    static let dev1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"

    /// geth's eth_sendTransaction fills maxFeePerGas (2·baseFee + tip) before estimating gas, so a
    /// request naming only maxPriorityFeePerGas is mined with that tip.
    @Test func sendTransactionWithOnlyATipIsAccepted() async throws {
        let node = try NodeTestSupport.makeNode()
        let h = try await NodeTestSupport.call(node, "eth_sendTransaction",
            "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.dev1)\", \"value\": \"0x1\", \"maxPriorityFeePerGas\": \"0x1\"}]")
        guard case .string(let hash) = h else { Issue.record("no hash: \(h)"); return }
        let tx = try await NodeTestSupport.call(node, "eth_getTransactionByHash", "[\"\(hash)\"]")
        #expect(tx["maxPriorityFeePerGas"] == .string("0x1"))
        let r = try await NodeTestSupport.call(node, "eth_getTransactionReceipt", "[\"\(hash)\"]")
        #expect(r["status"] == .string("0x1"))
    }
}

/// anvil_setMinGasPrice above the node's default tip used to make every plain eth_sendTransaction
/// fail with "transaction gas price below minimum": the suggested tip now follows the floor.
@Suite struct TesterMinGasPriceTests {
    @Test func suggestedTipFollowsTheMinimumGasPrice() async throws {
        let node = try NodeTestSupport.makeNode()
        // 2 gwei = 2,000,000,000 = 0x77359400, above the 1 gwei default
        #expect(try await NodeTestSupport.call(node, "anvil_setMinGasPrice", "[\"0x77359400\"]") == .null)
        #expect(try await NodeTestSupport.call(node, "eth_maxPriorityFeePerGas") == .string("0x77359400"))
        let h = try await NodeTestSupport.call(node, "eth_sendTransaction",
            "[{\"from\": \"\(NodeTestSupport.dev0)\", \"to\": \"\(TesterFindingsTests.dev1)\", \"value\": \"0x1\"}]")
        guard case .string(let hash) = h else { Issue.record("refused: \(h)"); return }
        let tx = try await NodeTestSupport.call(node, "eth_getTransactionByHash", "[\"\(hash)\"]")
        #expect(tx["maxPriorityFeePerGas"] == .string("0x77359400"))
        // A tip named explicitly below the floor is still refused.
        let e = try await NodeTestSupport.error(node, "eth_sendTransaction",
            "[{\"from\": \"\(NodeTestSupport.dev0)\", \"to\": \"\(TesterFindingsTests.dev1)\", \"maxPriorityFeePerGas\": \"0x1\"}]")
        #expect(e?.code == -32000)
    }
}
