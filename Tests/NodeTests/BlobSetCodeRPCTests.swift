import Chain
import DevnetCrypto
import Primitives
import Testing
@testable import Node

/// eth_sendRawTransaction with types 3 and 4 on the Hyperion L2 (chain 133718, whose ChainConfig
/// keeps `acceptsBlobTransactions` false): a blob transaction gets geth's −32000 "transaction type
/// not supported"; a set-code transaction is mined and shown with its authorization list.
@Suite struct BlobSetCodeRPCTests {
    static let beef = Address(hex: "0x000000000000000000000000000000000000beef")!

    @Test func l2RefusesBlobTransactionWithGethsError() async throws {
        let node = try NodeTestSupport.makeNode()
        let key = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 1)[0]
        let unsigned = Transaction(type: .blob, chainId: 133718, nonce: 0, maxPriorityFeePerGas: ChainConfig.gwei,
                                   maxFeePerGas: UInt256(2) &* ChainConfig.gwei, gasLimit: 21_000, to: Self.beef,
                                   maxFeePerBlobGas: UInt256(10),
                                   blobVersionedHashes: [Hash([0x01] + [UInt8](repeating: 0xab, count: 31))])
        let raw = Hex.encode(try Transaction.sign(unsigned: unsigned, key: key).encoded())
        let error = try #require(try await NodeTestSupport.error(node, "eth_sendRawTransaction", "[\"\(raw)\"]"))
        #expect(error.code == -32000)
        #expect(error.message.hasPrefix("transaction type not supported"))
    }

    @Test func l2MinesSetCodeTransaction() async throws {
        let node = try NodeTestSupport.makeNode()
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 2)
        let auth = try Authorization.sign(chainId: UInt256(133718), address: Self.beef, nonce: 0, key: keys[1])
        let unsigned = Transaction(type: .setCode, chainId: 133718, nonce: 0, maxPriorityFeePerGas: ChainConfig.gwei,
                                   maxFeePerGas: UInt256(2) &* ChainConfig.gwei, gasLimit: 100_000, to: Self.beef,
                                   authorizationList: [auth])
        let raw = Hex.encode(try Transaction.sign(unsigned: unsigned, key: keys[0]).encoded())
        guard case .string(let hash) = try await NodeTestSupport.call(node, "eth_sendRawTransaction", "[\"\(raw)\"]") else {
            Issue.record("no hash"); return
        }
        let tx = try await NodeTestSupport.call(node, "eth_getTransactionByHash", "[\"\(hash)\"]")
        #expect(tx["type"] == .string("0x4"))
        guard case .array(let list)? = tx["authorizationList"], let first = list.first else {
            Issue.record("no authorizationList"); return
        }
        #expect(first["address"] == .string(Self.beef.hex))
        #expect(first["chainId"] == .string("0x20a56"))
        let receipt = try await NodeTestSupport.call(node, "eth_getTransactionReceipt", "[\"\(hash)\"]")
        #expect(receipt["status"] == .string("0x1"))
        // The authority's code is the EIP-7702 designator 0xef0100 ‖ address (23 bytes).
        let code = try await NodeTestSupport.call(node, "eth_getCode", "[\"\(keys[1].address.hex)\", \"latest\"]")
        #expect(code == .string("0xef0100" + Self.beef.hex.dropFirst(2)))
    }
}
