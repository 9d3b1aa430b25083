import Chain
import Primitives
import Testing
@testable import Node

/// Cheat methods (issue 5, item 5), checked through the ordinary RPC methods that observe them.
@Suite struct CheatMethodTests {
    static let dev0 = NodeTestSupport.dev0
    static let dev1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"   // second account of the test mnemonic
    static let target = "0x" + String(repeating: "ab", count: 20)

    func call(_ node: ChainNode, _ method: String, _ params: String = "[]") async throws -> JSON {
        try await NodeTestSupport.call(node, method, params)
    }
    func error(_ node: ChainNode, _ method: String, _ params: String) async throws -> RPCError? {
        try await NodeTestSupport.error(node, method, params)
    }
    func hex(_ j: JSON) throws -> UInt256 {
        guard case .string(let s) = j, let v = UInt256(hex: s) else { throw RPCError.server("not a quantity: \(j)") }
        return v
    }

    @Test func setBalanceIsSeenByReadsAndByTheNextTransaction() async throws {
        let node = try NodeTestSupport.makeNode()
        let before = try await call(node, "eth_getBlockByNumber", "[\"latest\", false]")
        // 1 ether = 10^18 wei = 0xde0b6b3a7640000; anvil answers null
        #expect(try await call(node, "anvil_setBalance", "[\"\(Self.dev1)\", \"0xde0b6b3a7640000\"]") == .null)
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.dev1)\", \"latest\"]") == .string("0xde0b6b3a7640000"))
        #expect(try await call(node, "eth_blockNumber") == .string("0x0"))              // no block mined
        // The head header is untouched; the next block's state root carries the change.
        let after = try await call(node, "eth_getBlockByNumber", "[\"latest\", false]")
        #expect(after["stateRoot"] == before["stateRoot"])
        let h = try await call(node, "eth_sendTransaction",
                               "[{\"from\": \"\(Self.dev1)\", \"to\": \"\(Self.target)\", \"value\": \"0x1234\"}]")
        guard case .string(let hash) = h else { Issue.record("no hash"); return }
        let r = try await call(node, "eth_getTransactionReceipt", "[\"\(hash)\"]")
        #expect(r["status"] == .string("0x1"))
        let fee = try hex(r["gasUsed"] ?? .null) &* (try hex(r["effectiveGasPrice"] ?? .null))
        let expected = UInt256(1_000_000_000_000_000_000) &- UInt256(0x1234) &- fee
        #expect(try hex(try await call(node, "eth_getBalance", "[\"\(Self.dev1)\", \"latest\"]")) == expected)
        let b1 = try await call(node, "eth_getBlockByNumber", "[\"0x1\", false]")
        #expect(b1["stateRoot"] != before["stateRoot"])
        // The hardhat alias, and a balance too small for any transfer.
        #expect(try await call(node, "hardhat_setBalance", "[\"\(Self.dev1)\", \"0x0\"]") == .null)
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.dev1)\", \"latest\"]") == .string("0x0"))
        let refused = try await error(node, "eth_sendTransaction",
                                      "[{\"from\": \"\(Self.dev1)\", \"to\": \"\(Self.target)\", \"value\": \"0x1\"}]")
        #expect(refused?.code == -32000)
        #expect(refused?.message.contains("insufficient funds") == true)
    }

    @Test func setBalanceChangesTheStateRootOfAnEmptyBlock() async throws {
        // An empty post-merge block without withdrawals leaves the state root as it was; with a
        // cheat in between the next block's root differs from its parent's.
        let node = try NodeTestSupport.makeNode()
        _ = try await call(node, "evm_mine")
        let b1 = try await call(node, "eth_getBlockByNumber", "[\"0x1\", false]")
        let b0 = try await call(node, "eth_getBlockByNumber", "[\"0x0\", false]")
        #expect(b1["stateRoot"] == b0["stateRoot"])
        _ = try await call(node, "anvil_setBalance", "[\"\(Self.target)\", \"0x1\"]")
        // The head block, by tag or number, shows the edit (as anvil, which reads its live state).
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.target)\", \"0x1\"]") == .string("0x1"))
        _ = try await call(node, "evm_mine")
        let b2 = try await call(node, "eth_getBlockByNumber", "[\"0x2\", false]")
        #expect(b2["stateRoot"] != b1["stateRoot"])
        // Once a block is mined on top, block 1 keeps the state it was mined with.
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.target)\", \"0x1\"]") == .string("0x0"))
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.target)\", \"0x2\"]") == .string("0x1"))
    }

    @Test func setNonceIsUsedByTheNextTransaction() async throws {
        let node = try NodeTestSupport.makeNode()
        #expect(try await call(node, "anvil_setNonce", "[\"\(Self.dev1)\", \"0x10\"]") == .null)
        #expect(try await call(node, "eth_getTransactionCount", "[\"\(Self.dev1)\", \"latest\"]") == .string("0x10"))
        #expect(try await call(node, "eth_getTransactionCount", "[\"\(Self.dev1)\", \"pending\"]") == .string("0x10"))
        let h = try await call(node, "eth_sendTransaction",
                               "[{\"from\": \"\(Self.dev1)\", \"to\": \"\(Self.target)\", \"value\": \"0x1\"}]")
        guard case .string(let hash) = h else { Issue.record("no hash"); return }
        #expect(try await call(node, "eth_getTransactionByHash", "[\"\(hash)\"]")["nonce"] == .string("0x10"))
        #expect(try await call(node, "eth_getTransactionReceipt", "[\"\(hash)\"]")["status"] == .string("0x1"))
        #expect(try await call(node, "eth_getTransactionCount", "[\"\(Self.dev1)\", \"latest\"]") == .string("0x11"))
        #expect(try await call(node, "hardhat_setNonce", "[\"\(Self.dev1)\", 5]") == .null)   // numbers too, as anvil
        #expect(try await call(node, "eth_getTransactionCount", "[\"\(Self.dev1)\", \"latest\"]") == .string("0x5"))
    }

    @Test func setCodeAndStorageAreSeenByGettersAndEthCall() async throws {
        let node = try NodeTestSupport.makeNode()
        // PUSH1 0 SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: returns storage slot 0
        let code = "0x60005460005260206000f3"
        #expect(try await call(node, "anvil_setCode", "[\"\(Self.target)\", \"\(code)\"]") == .null)
        #expect(try await call(node, "eth_getCode", "[\"\(Self.target)\", \"latest\"]") == .string(code))
        let word = "0x" + String(repeating: "0", count: 62) + "2a"
        let zero = "0x" + String(repeating: "0", count: 64)
        #expect(try await call(node, "eth_call", "[{\"to\": \"\(Self.target)\"}, \"latest\"]") == .string(zero))
        #expect(try await call(node, "anvil_setStorageAt", "[\"\(Self.target)\", \"0x0\", \"\(word)\"]") == .bool(true))
        #expect(try await call(node, "eth_getStorageAt", "[\"\(Self.target)\", \"0x0\", \"latest\"]") == .string(word))
        #expect(try await call(node, "eth_call", "[{\"to\": \"\(Self.target)\"}, \"latest\"]") == .string(word))
        // A 32-byte slot key names the same slot; writing zero clears it.
        #expect(try await call(node, "hardhat_setStorageAt", "[\"\(Self.target)\", \"\(zero)\", \"\(zero)\"]") == .bool(true))
        #expect(try await call(node, "eth_getStorageAt", "[\"\(Self.target)\", \"0x0\", \"latest\"]") == .string(zero))
        // Storage on an account with no code, nonce or balance stays (no EIP-161 clean-up for cheats).
        let bare = "0x" + String(repeating: "cd", count: 20)
        _ = try await call(node, "anvil_setStorageAt", "[\"\(bare)\", \"0x1\", \"\(word)\"]")
        #expect(try await call(node, "eth_getStorageAt", "[\"\(bare)\", \"0x1\", \"latest\"]") == .string(word))
        #expect(try await call(node, "hardhat_setCode", "[\"\(Self.target)\", \"0x\"]") == .null)
        #expect(try await call(node, "eth_getCode", "[\"\(Self.target)\", \"latest\"]") == .string("0x"))
    }

    @Test func badParamsAreInvalidParams() async throws {
        let node = try NodeTestSupport.makeNode()
        #expect(try await error(node, "anvil_setBalance", "[\"\(Self.dev1)\"]")?.code == -32602)
        #expect(try await error(node, "anvil_setBalance", "[\"0x12\", \"0x1\"]")?.code == -32602)
        #expect(try await error(node, "anvil_setBalance", "[\"\(Self.dev1)\", \"0x1\", \"0x2\"]")?.code == -32602)
        #expect(try await error(node, "anvil_setCode", "[\"\(Self.dev1)\", \"0x123\"]")?.code == -32602)
        #expect(try await error(node, "anvil_setNonce", "[\"\(Self.dev1)\", \"nope\"]")?.code == -32602)
        let short = try await error(node, "anvil_setStorageAt", "[\"\(Self.dev1)\", \"0x0\", \"0x01\"]")
        #expect(short?.code == -32602)
        #expect(short?.message.contains("32 bytes") == true)
        #expect(try await error(node, "evm_revert", "[]")?.code == -32602)
        #expect(try await error(node, "evm_increaseTime", "[\"later\"]")?.code == -32602)
    }

    @Test func snapshotMineRevertRestoresTheChain() async throws {
        let node = try NodeTestSupport.makeNode()
        let genesisBalance = "0x21e19e0c9bab2400000"                       // 10,000 ether
        let id = try await call(node, "evm_snapshot")
        #expect(id == .string("0x1"))
        guard case .string(let filter) = try await call(node, "eth_newBlockFilter") else { Issue.record("no filter"); return }
        let h = try await call(node, "eth_sendTransaction",
                               "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.target)\", \"value\": \"0x1234\"}]")
        guard case .string(let hash) = h else { Issue.record("no hash"); return }
        _ = try await call(node, "evm_mine")
        _ = try await call(node, "anvil_setBalance", "[\"\(Self.dev1)\", \"0x7\"]")
        #expect(try await call(node, "eth_blockNumber") == .string("0x2"))
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.target)\", \"latest\"]") == .string("0x1234"))
        let later = try await call(node, "evm_snapshot")
        #expect(later == .string("0x2"))

        #expect(try await call(node, "evm_revert", "[\"0x1\"]") == .bool(true))
        #expect(try await call(node, "eth_blockNumber") == .string("0x0"))
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.target)\", \"latest\"]") == .string("0x0"))
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.dev0)\", \"latest\"]") == .string(genesisBalance))
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.dev1)\", \"latest\"]") == .string(genesisBalance))
        #expect(try await call(node, "eth_getTransactionCount", "[\"\(Self.dev0)\", \"latest\"]") == .string("0x0"))
        #expect(try await call(node, "eth_getTransactionReceipt", "[\"\(hash)\"]") == .null)
        #expect(try await call(node, "eth_getBlockByNumber", "[\"0x1\", false]") == .null)
        // An id works once, and reverting drops the snapshots taken after it.
        #expect(try await call(node, "evm_revert", "[\"0x1\"]") == .bool(false))
        #expect(try await call(node, "evm_revert", "[\"0x2\"]") == .bool(false))
        #expect(try await call(node, "evm_revert", "[\"0x63\"]") == .bool(false))
        // The chain goes on from the restored head: the same transaction mines again as block 1.
        let again = try await call(node, "eth_sendTransaction",
                                   "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.target)\", \"value\": \"0x1234\"}]")
        #expect(again == h)
        #expect(try await call(node, "eth_blockNumber") == .string("0x1"))
        // The block filter reports the new block 1 (the reverted blocks were never polled).
        let b1 = try await call(node, "eth_getBlockByNumber", "[\"0x1\", false]")
        #expect(try await call(node, "eth_getFilterChanges", "[\"\(filter)\"]") == .array([b1["hash"] ?? .null]))
        #expect(try await call(node, "eth_getTransactionReceipt", "[\"\(hash)\"]")["blockNumber"] == .string("0x1"))
    }

    @Test func revertRestoresThePool() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await call(node, "evm_setAutomine", "[false]")
        let id = try await call(node, "anvil_snapshot")
        guard case .string(let sid) = id else { Issue.record("no id"); return }
        _ = try await call(node, "eth_sendTransaction",
                           "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.target)\", \"value\": \"0x1\"}]")
        #expect(try await call(node, "eth_getTransactionCount", "[\"\(Self.dev0)\", \"pending\"]") == .string("0x1"))
        #expect(try await call(node, "anvil_revert", "[\"\(sid)\"]") == .bool(true))
        #expect(try await call(node, "eth_getTransactionCount", "[\"\(Self.dev0)\", \"pending\"]") == .string("0x0"))
    }

    @Test func timeTravel() async throws {
        let node = try NodeTestSupport.makeNode()
        await node.read { $0.clock = { 1_800_000_000 } }
        // evm_increaseTime answers the total offset in seconds (a JSON number, as anvil).
        #expect(try await call(node, "evm_increaseTime", "[\"0xe10\"]") == .number("3600"))
        #expect(try await call(node, "evm_increaseTime", "[60]") == .number("3660"))
        _ = try await call(node, "evm_mine")
        #expect(try await call(node, "eth_getBlockByNumber", "[\"0x1\", false]")["timestamp"]
                == .string("0x6b49e04c"))                                   // 1,800,003,660
        // At or before the head's timestamp is refused.
        let refused = try await error(node, "evm_setNextBlockTimestamp", "[\"0x6b49e04c\"]")
        #expect(refused?.code == -32602)
        #expect(refused?.message.contains("previous block") == true)
        #expect(try await call(node, "evm_setNextBlockTimestamp", "[\"0x713fb300\"]") == .null)   // 1,900,000,000
        _ = try await call(node, "evm_mine")
        #expect(try await call(node, "eth_getBlockByNumber", "[\"0x2\", false]")["timestamp"] == .string("0x713fb300"))
        // Later blocks continue from the set time and still strictly increase (the clock stands still here).
        _ = try await call(node, "evm_mine")
        #expect(try await call(node, "eth_getBlockByNumber", "[\"0x3\", false]")["timestamp"] == .string("0x713fb301"))
        #expect(try await call(node, "anvil_setNextBlockTimestamp", "[1950000000]") == .null)
        _ = try await call(node, "evm_mine")
        #expect(try await call(node, "eth_getBlockByNumber", "[\"0x4\", false]")["timestamp"] == .string("0x743aa380"))
    }
}
