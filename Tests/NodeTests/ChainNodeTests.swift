import Chain
import DevnetCrypto
import Primitives
import Testing
@testable import Node

/// Methods end to end on a real in-memory chain (no HTTP).
@Suite struct ChainNodeTests {
    static let dev0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"

    func makeNode(chainId: UInt64 = 133718) throws -> ChainNode { try NodeTestSupport.makeNode(chainId: chainId) }
    func call(_ node: ChainNode, _ method: String, _ params: String = "[]") async throws -> JSON {
        try await NodeTestSupport.call(node, method, params)
    }
    func error(_ node: ChainNode, _ method: String, _ params: String) async throws -> RPCError? {
        try await NodeTestSupport.error(node, method, params)
    }

    @Test func identityMethods() async throws {
        let node = try makeNode()
        #expect(try await call(node, "eth_chainId") == .string("0x20a56"))      // 133718
        #expect(try await call(node, "net_version") == .string("133718"))
        #expect(try await call(node, "eth_syncing") == .bool(false))
        // keccak256("hello world"), a well-known vector
        #expect(try await call(node, "web3_sha3", "[\"0x68656c6c6f20776f726c64\"]")
                == .string("0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad"))
        guard case .array(let accounts) = try await call(node, "eth_accounts") else { Issue.record("not an array"); return }
        #expect(accounts.first == .string(Self.dev0))
        #expect(try await error(node, "eth_nope", "[]")?.code == -32601)
    }

    @Test func eip191SignatureEqualsEthAccount() async throws {
        let node = try makeNode()
        // eth-account 0.14: Account.sign_message(encode_defunct(primitive=b"hello devnet"), DEV_KEY0).signature
        let expected = "0x624bed7750089ddd276cd888cf2efea8b91fc87b8ffdfaf6402817eaa836ed130492b744616e90e889d72fbf7693f643694a5cd7767a4dcbf766d65b36e3e75e1b"
        let msg = Hex.encode(Array("hello devnet".utf8))
        #expect(try await call(node, "eth_sign", "[\"\(Self.dev0)\", \"\(msg)\"]") == .string(expected))
        #expect(try await call(node, "personal_sign", "[\"\(msg)\", \"\(Self.dev0)\"]") == .string(expected))
        let stranger = "0x" + String(repeating: "12", count: 20)
        #expect(try await error(node, "eth_sign", "[\"\(stranger)\", \"0x00\"]")?.code == -32000)
    }

    @Test func beyondHeadIsNullForBlocksAndAnErrorForState() async throws {
        let node = try makeNode()
        #expect(try await call(node, "eth_getBlockByNumber", "[\"0x5\", false]") == .null)
        #expect(try await call(node, "eth_getBlockReceipts", "[\"0x5\"]") == .null)
        #expect(try await error(node, "eth_getBalance", "[\"\(Self.dev0)\", \"0x5\"]")?.code == -32000)
        #expect(try await error(node, "eth_getBalance", "[]")?.code == -32602)
        #expect(try await error(node, "eth_getBlockByNumber", "[\"latest\", \"yes\"]")?.code == -32602)
        // 10,000 ether = 0x21e19e0c9bab2400000 wei at genesis
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.dev0)\", \"earliest\"]") == .string("0x21e19e0c9bab2400000"))
    }

    @Test func sendTransactionFillsAndMines() async throws {
        let node = try makeNode()
        let to = "0x" + String(repeating: "ab", count: 20)
        let h = try await call(node, "eth_sendTransaction", "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(to)\", \"value\": \"0x1234\"}]")
        guard case .string(let hash) = h else { Issue.record("no hash"); return }
        let r = try await call(node, "eth_getTransactionReceipt", "[\"\(hash)\"]")
        #expect(r["status"] == .string("0x1"))
        #expect(r["gasUsed"] == .string("0x5208"))                  // 21000 for a plain transfer
        #expect(r["type"] == .string("0x2"))
        #expect(try await call(node, "eth_getBalance", "[\"\(to)\", \"latest\"]") == .string("0x1234"))
        #expect(try await call(node, "eth_getTransactionCount", "[\"\(Self.dev0)\", \"latest\"]") == .string("0x1"))
        #expect(try await call(node, "eth_blockNumber") == .string("0x1"))
        let tx = try await call(node, "eth_getTransactionByHash", "[\"\(hash)\"]")
        #expect(tx["chainId"] == .string("0x20a56"))
        #expect(tx["from"] == .string(Self.dev0))
    }

    @Test func blockFilterReportsEachBlockOnce() async throws {
        let node = try makeNode()
        guard case .string(let id) = try await call(node, "eth_newBlockFilter") else { Issue.record("no id"); return }
        _ = try await call(node, "evm_mine")
        _ = try await call(node, "evm_mine")
        guard case .array(let first) = try await call(node, "eth_getFilterChanges", "[\"\(id)\"]") else { Issue.record("not an array"); return }
        #expect(first.count == 2)
        let b1 = try await call(node, "eth_getBlockByNumber", "[\"0x1\", false]")
        #expect(first.first == b1["hash"])
        #expect(try await call(node, "eth_getFilterChanges", "[\"\(id)\"]") == .array([]))
        #expect(try await call(node, "eth_uninstallFilter", "[\"\(id)\"]") == .bool(true))
        #expect(try await call(node, "eth_uninstallFilter", "[\"\(id)\"]") == .bool(false))
        #expect(try await error(node, "eth_getFilterChanges", "[\"\(id)\"]")?.code == -32000)
    }

    @Test func feeHistoryShape() async throws {
        let node = try makeNode()
        _ = try await call(node, "evm_mine")
        let fh = try await call(node, "eth_feeHistory", "[\"0x5\", \"latest\", [25, 75]]")
        #expect(fh["oldestBlock"] == .string("0x0"))                 // clamped to the 2 blocks that exist
        guard case .array(let fees)? = fh["baseFeePerGas"], case .array(let rewards)? = fh["reward"] else {
            Issue.record("shape"); return
        }
        #expect(fees.count == 3)
        #expect(fees[0] == .string("0x3b9aca00"))                       // 1 gwei initial base fee
        #expect(rewards == [.array([.string("0x0"), .string("0x0")]), .array([.string("0x0"), .string("0x0")])])
        #expect(try await error(node, "eth_feeHistory", "[\"0x1\", \"latest\", [75, 25]]")?.code == -32602)
    }
}
