import Chain
import DevnetCrypto
import Primitives
import Testing
@testable import Node

/// Blob fields of the JSON-RPC surface on an L1-like chain (chain 31337, Prague, blob transactions
/// accepted): type-3 receipts carry `blobGasUsed` and `blobGasPrice` (execution-apis ReceiptInfo),
/// `eth_blobBaseFee` gives the next block's blob base fee, and `eth_feeHistory` reports
/// `baseFeePerBlobGas` and `blobGasUsedRatio`.
///
/// Expected values come from the EIP-4844 formulas with EIP-7691's Prague parameters (target 6,
/// max 9 blobs, BLOB_BASE_FEE_UPDATE_FRACTION 5,007,716, GAS_PER_BLOB 2^17), evaluated with the
/// EIP's reference `fake_exponential` in Python. Automine puts each transaction in its own block:
/// blocks 1…10 carry one 9-blob transaction, block 11 one 3-blob transaction. Block k's excess is
/// `calc_excess_blob_gas` = (k − 1) × (9 − 6) × 2^17 = (k − 1) × 393,216 for k ≤ 11, so
///   excess 3,145,728 (block 9)  → fake_exponential(1, 3145728, 5007716) = 1
///   excess 3,538,944 (block 10) → 2;  excess 3,932,160 (block 11) → 2
/// and block 12's excess is 3,932,160 + 3 × 2^17 − 6 × 2^17 = 3,538,944 → 2.
@Suite struct BlobFeeRPCTests {
    static let sink = Address(hex: "0x000000000000000000000000000000000000beef")!

    static func versionedHashes(_ n: Int) -> [Hash] {
        (0..<n).map { i in Hash([0x01] + [UInt8](repeating: UInt8(i + 1), count: 31)) }
    }

    /// A node over an L1-like chain and the sender's key, after mining blocks 1…10 (9 blobs each)
    /// and block 11 (3 blobs); returns the hashes of the 11 transactions.
    static func makeBlobChain() async throws -> (ChainNode, [String]) {
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 2)
        let config = try ChainConfig(chainId: 31337, alloc: ChainConfig.devAlloc(keys.map(\.address)),
                                     genesisTimestamp: 1_700_000_000, acceptsBlobTransactions: true)
        let node = ChainNode(chain: Blockchain(config: config), devKeys: keys)
        var hashes: [String] = []
        for nonce in 0..<11 {
            let unsigned = Transaction(type: .blob, chainId: 31337, nonce: UInt64(nonce),
                                       maxPriorityFeePerGas: ChainConfig.gwei,
                                       maxFeePerGas: UInt256(4) &* ChainConfig.gwei, gasLimit: 21_000, to: sink,
                                       maxFeePerBlobGas: UInt256(1000),
                                       blobVersionedHashes: versionedHashes(nonce < 10 ? 9 : 3))
            let raw = Hex.encode(try Transaction.sign(unsigned: unsigned, key: keys[0]).encoded())
            guard case .string(let h) = try await NodeTestSupport.call(node, "eth_sendRawTransaction", "[\"\(raw)\"]") else {
                throw TestFailure("no hash")
            }
            hashes.append(h)
        }
        return (node, hashes)
    }

    struct TestFailure: Error { let text: String; init(_ t: String) { text = t } }

    @Test func blobReceiptsCarryBlobGasUsedAndPrice() async throws {
        let (node, hashes) = try await Self.makeBlobChain()
        #expect(try await NodeTestSupport.call(node, "eth_blockNumber") == .string("0xb"))
        // Block 9 (excess 3,145,728): price 1; 9 blobs × 131,072 = 1,179,648 = 0x120000.
        let r9 = try await NodeTestSupport.call(node, "eth_getTransactionReceipt", "[\"\(hashes[8])\"]")
        #expect(r9["blockNumber"] == .string("0x9"))
        #expect(r9["blobGasUsed"] == .string("0x120000"))
        #expect(r9["blobGasPrice"] == .string("0x1"))
        // Block 10 (excess 3,538,944): the first block whose blob base fee is 2.
        let r10 = try await NodeTestSupport.call(node, "eth_getTransactionReceipt", "[\"\(hashes[9])\"]")
        #expect(r10["blobGasUsed"] == .string("0x120000"))
        #expect(r10["blobGasPrice"] == .string("0x2"))
        // Block 11: 3 blobs × 131,072 = 393,216 = 0x60000, price 2.
        let r11 = try await NodeTestSupport.call(node, "eth_getTransactionReceipt", "[\"\(hashes[10])\"]")
        #expect(r11["blobGasUsed"] == .string("0x60000"))
        #expect(r11["blobGasPrice"] == .string("0x2"))
        // eth_getBlockReceipts gives the same fields.
        guard case .array(let list) = try await NodeTestSupport.call(node, "eth_getBlockReceipts", "[\"0xa\"]") else {
            Issue.record("no receipts"); return
        }
        #expect(list.count == 1)
        #expect(list.first?["blobGasPrice"] == .string("0x2"))
        // The header agrees: block 10's excessBlobGas = 9 × 393,216 = 3,538,944 = 0x360000.
        let block = try await NodeTestSupport.call(node, "eth_getBlockByNumber", "[\"0xa\", false]")
        #expect(block["excessBlobGas"] == .string("0x360000"))
        #expect(block["blobGasUsed"] == .string("0x120000"))
    }

    @Test func otherTypesOmitBlobReceiptFields() async throws {
        let node = try NodeTestSupport.makeNode()
        guard case .string(let h) = try await NodeTestSupport.call(node, "eth_sendTransaction",
            "[{\"from\": \"\(NodeTestSupport.dev0)\", \"to\": \"\(Self.sink.hex)\", \"value\": \"0x1\"}]") else {
            Issue.record("no hash"); return
        }
        let r = try await NodeTestSupport.call(node, "eth_getTransactionReceipt", "[\"\(h)\"]")
        #expect(r["type"] == .string("0x2"))
        #expect(r["status"] == .string("0x1"))
        #expect(r["blobGasUsed"] == nil)
        #expect(r["blobGasPrice"] == nil)
    }

    @Test func blobBaseFeeIsTheNextBlocks() async throws {
        // A fresh chain: genesis excess 0 and no blobs → next excess 0 → fake_exponential(1, 0, …) = 1.
        let fresh = try NodeTestSupport.makeNode()
        #expect(try await NodeTestSupport.call(fresh, "eth_blobBaseFee") == .string("0x1"))
        #expect(try await NodeTestSupport.error(fresh, "eth_blobBaseFee", "[1]")?.code == -32602)
        // After block 11: next excess 3,538,944 → 2.
        let (node, _) = try await Self.makeBlobChain()
        #expect(try await NodeTestSupport.call(node, "eth_blobBaseFee") == .string("0x2"))
    }

    @Test func feeHistoryReportsBlobFeesAndRatios() async throws {
        let (node, _) = try await Self.makeBlobChain()
        let fh = try await NodeTestSupport.call(node, "eth_feeHistory", "[\"0x4\", \"latest\"]")
        #expect(fh["oldestBlock"] == .string("0x8"))
        // Blocks 8…11 (excess 2,752,512 / 3,145,728 / 3,538,944 / 3,932,160) and block 12 (3,538,944).
        #expect(fh["baseFeePerBlobGas"] == .array(["0x1", "0x1", "0x2", "0x2", "0x2"].map(JSON.string)))
        guard case .array(let ratios)? = fh["blobGasUsedRatio"] else { Issue.record("no blobGasUsedRatio"); return }
        let values = ratios.compactMap { r -> Double? in if case .number(let s) = r { Double(s) } else { nil } }
        // 9 of 9 blobs, three times, then 3 of 9.
        #expect(values.count == 4)
        #expect(values.prefix(3).allSatisfy { $0 == 1 })
        #expect(abs((values.last ?? 0) - 3.0 / 9.0) < 1e-12)
        // A past range: the last entry is the blob base fee of block newest + 1 (block 10 → 2).
        let past = try await NodeTestSupport.call(node, "eth_feeHistory", "[\"0x2\", \"0x9\"]")
        #expect(past["baseFeePerBlobGas"] == .array(["0x1", "0x1", "0x2"].map(JSON.string)))
        #expect(past["blobGasUsedRatio"] == .array([.number("1"), .number("1")]))
    }

    @Test func feeHistoryOnABlobFreeChain() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await NodeTestSupport.call(node, "evm_mine")
        let fh = try await NodeTestSupport.call(node, "eth_feeHistory", "[\"0x2\", \"latest\"]")
        #expect(fh["baseFeePerBlobGas"] == .array(["0x1", "0x1", "0x1"].map(JSON.string)))
        #expect(fh["blobGasUsedRatio"] == .array([.number("0"), .number("0")]))
    }
}
