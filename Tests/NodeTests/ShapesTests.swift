import Chain
import EVM
import Primitives
import Testing
@testable import Node

/// JSON shapes of blocks, transactions, receipts and logs.
@Suite struct ShapesTests {
    /// The signed example of EIP-155 ("Example" section): chain id 1, nonce 9, gas price 20 gwei,
    /// gas 21000, to 0x3535…35, value 1 ether, key 0x4646…46.
    static let eip155Raw = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"
    static let eip155Sender = Address(hex: "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f")!

    func q(_ v: JSON?) -> UInt256? {
        guard case .string(let s)? = v, s.hasPrefix("0x"), s == "0x0" || !s.hasPrefix("0x0") else { return nil }
        return UInt256(hex: s)
    }

    func bytes(_ v: JSON?) throws -> [UInt8] {
        guard case .string(let s)? = v else { throw ParamError("not a string: \(String(describing: v))") }
        return try Hex.decode(s)
    }

    /// A Prague block holding the EIP-155 example transaction with one log in its receipt.
    func sampleBlock() throws -> Block {
        let tx = try Transaction.decode(raw: try Hex.decode(Self.eip155Raw))
        let log = Log(address: Address(hex: "0x3535353535353535353535353535353535353535")!,
                      topics: [Keccak256.hash(Array("Transfer(address,address,uint256)".utf8))], data: [1, 2, 3])
        let receipt = Receipt(type: .legacy, status: true, cumulativeGasUsed: 21_000, logs: [log])
        let header = BlockHeader(parentHash: Keccak256.hash([1]), coinbase: Address(hex: "0x" + String(repeating: "c0", count: 20))!,
                                 stateRoot: Keccak256.hash([2]), transactionsRoot: Keccak256.hash([3]),
                                 receiptsRoot: Keccak256.hash([4]), logsBloom: receipt.logsBloom, number: 7,
                                 gasLimit: 30_000_000, gasUsed: 21_000, timestamp: 1_700_000_000,
                                 extraData: Array("metis".utf8), mixHash: Keccak256.hash([5]), nonce: 0,
                                 baseFeePerGas: UInt256(875_000_000), withdrawalsRoot: BlockHeader.emptyTrieRoot,
                                 blobGasUsed: 0, excessBlobGas: 0, parentBeaconBlockRoot: .zero,
                                 requestsHash: BlockHeader.emptyRequestsHash)
        return Block(header: header, transactions: [tx], senders: [Self.eip155Sender], receipts: [receipt],
                     gasUsed: [21_000], effectiveGasPrices: [UInt256(20_000_000_000)], contractAddresses: [nil])
    }

    @Test func legacyTransactionFieldsAreTheEIP155Example() throws {
        let block = try sampleBlock()
        let json = Shapes.block(block, fullTransactions: true)
        guard case .array(let txs)? = json["transactions"] else { Issue.record("no transactions"); return }
        let tx = txs[0]
        #expect(tx["type"] == .string("0x0"))
        #expect(tx["nonce"] == .string("0x9"))
        #expect(tx["gasPrice"] == .string("0x4a817c800"))
        #expect(tx["gas"] == .string("0x5208"))
        #expect(tx["to"] == .string("0x3535353535353535353535353535353535353535"))
        #expect(tx["value"] == .string("0xde0b6b3a7640000"))
        #expect(tx["input"] == .string("0x"))
        #expect(tx["v"] == .string("0x25"))
        #expect(tx["r"] == .string("0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276"))
        #expect(tx["s"] == .string("0x67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"))
        #expect(tx["chainId"] == .string("0x1"))
        #expect(tx["from"] == .string("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"))
        #expect(tx["blockNumber"] == .string("0x7"))
        #expect(tx["transactionIndex"] == .string("0x0"))
        #expect(tx["blockHash"] == json["hash"])
        // re-encoding the JSON fields gives the signed bytes, whose keccak is "hash"
        let rebuilt = RLP.list([
            .uint(q(tx["nonce"])!), .uint(q(tx["gasPrice"])!), .uint(q(tx["gas"])!), .bytes(try bytes(tx["to"])),
            .uint(q(tx["value"])!), .bytes(try bytes(tx["input"])), .uint(q(tx["v"])!), .uint(q(tx["r"])!), .uint(q(tx["s"])!),
        ]).encoded()
        #expect(Hex.encode(rebuilt) == Self.eip155Raw)
        #expect(tx["hash"] == .string(Keccak256.hash(rebuilt).hex))
    }

    @Test func blockHashIsKeccakOfTheReportedHeaderFields() throws {
        let json = Shapes.block(try sampleBlock(), fullTransactions: false)
        // Yellow Paper §4.3 order, then London/Shanghai/Cancun/Prague fields (EIP-1559, -4895, -4844, -4788, -7685)
        let names = ["parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom",
                     "difficulty", "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce",
                     "baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot", "requestsHash"]
        let quantities: Set = ["difficulty", "number", "gasLimit", "gasUsed", "timestamp", "baseFeePerGas", "blobGasUsed", "excessBlobGas"]
        var items: [RLP] = []
        for n in names {
            let v = try #require(json[n], "missing \(n)")
            items.append(quantities.contains(n) ? .uint(try #require(q(v), "\(n) not a canonical quantity")) : .bytes(try bytes(v)))
        }
        #expect(json["hash"] == .string(Keccak256.hash(RLP.list(items).encoded()).hex))
        #expect(json["nonce"] == .string("0x0000000000000000"))
        #expect(json["sha3Uncles"] == .string("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"))
        #expect(json["totalDifficulty"] == .string("0x0"))
        #expect(json["uncles"] == .array([]) && json["withdrawals"] == .array([]))
        guard case .array(let hashes)? = json["transactions"] else { Issue.record("no transactions"); return }
        #expect(hashes == [.string(Keccak256.hash(try Hex.decode(Self.eip155Raw)).hex)])
        // size = length of rlp([header, [tx], [], []])
        let tx = try Hex.decode(Self.eip155Raw)
        let headerRLP = RLP.list(items).encoded()
        let payload = headerRLP.count + (tx.count < 56 ? 1 : 2) + tx.count + 2
        #expect(q(json["size"]) == UInt256(payload + (payload < 256 ? 2 : 3)))
    }

    @Test func receiptAndLogShapes() throws {
        let block = try sampleBlock()
        let r = Shapes.receipt(block: block, index: 0, facts: Shapes.BlockFacts(block, blobSchedule: .default(for: .prague)))
        #expect(r["status"] == .string("0x1"))
        #expect(r["type"] == .string("0x0"))
        #expect(r["gasUsed"] == .string("0x5208") && r["cumulativeGasUsed"] == .string("0x5208"))
        #expect(r["effectiveGasPrice"] == .string("0x4a817c800"))
        #expect(r["contractAddress"] == .null)
        #expect(r["blockNumber"] == .string("0x7"))
        guard case .array(let logs)? = r["logs"] else { Issue.record("no logs"); return }
        #expect(logs.count == 1)
        #expect(logs[0]["logIndex"] == .string("0x0"))
        #expect(logs[0]["removed"] == .bool(false))
        #expect(logs[0]["data"] == .string("0x010203"))
        #expect(logs[0]["topics"] == .array([.string("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")]))
        let bloom = try bytes(r["logsBloom"])
        #expect(bloom.count == 256)
    }
}
