import Node
import Primitives
import Rollup
import Testing
@testable import LazAI

// The stub chain's answers are ABI encodings made with eth_abi 6.0.0 (the reference encoder):
//   encode(["(uint256,address,string,string,uint256,uint256)"], [(1, OWNER, "<script>alert(1)</script>", "0xabc", 1, 5000)])
//   encode(["(uint256,uint256,uint8,uint256,address,address)"], [(1, 100, 2, 1700000000, OWNER, NODE)])
//   encode(["uint256[]"], [[1]]), encode(["uint256"], [1]), encode(["string"], [URL]), encode(["address","uint256"], [NODE, 100])
// and event topics keccak(text=signature) from eth_utils. Addresses are anvil's dev accounts 1 and 2
// (EIP-55 forms as eth_utils.to_checksum_address gives them).

private let owner = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
private let node = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
private let hostileURL = "<script>alert(1)</script>"
private let word1 = "0x0000000000000000000000000000000000000000000000000000000000000001"
private let getFileAnswer = "0x0000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000100000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c800000000000000000000000000000000000000000000000000000000000000c000000000000000000000000000000000000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000138800000000000000000000000000000000000000000000000000000000000000193c7363726970743e616c6572742831293c2f7363726970743e0000000000000000000000000000000000000000000000000000000000000000000000000000053078616263000000000000000000000000000000000000000000000000000000"
private let getJobAnswer = "0x000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000640000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000006553f10000000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c80000000000000000000000003c44cdddb6a900fa2b585dd299e03d12fa4293bc"
private let fileJobIdsAnswer = "0x000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000001"
private let fileAddedTopic = "0x2980b13036c0d9df6b71ea9e9c09536efd24d7dd1868e29aa730f0c3fbd1a0dc"
private let fileAddedData = "0x000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000193c7363726970743e616c6572742831293c2f7363726970743e00000000000000"
private let jobSubmittedTopic = "0x489e923ac6ba31ef19d89736ac6998000e3fe5b1d1f26174a2c12e02393aa67e"
private let jobSubmittedData = "0x0000000000000000000000003c44cdddb6a900fa2b585dd299e03d12fa4293bc0000000000000000000000000000000000000000000000000000000000000064"
private let jobCompleteTopic = "0x7b017cacfeb1c1960d59d6780108c1c2d1d4466112f01c62ca891b5650e03931"
private let txA = "0x" + String(repeating: "aa", count: 32)
private let txB = "0x" + String(repeating: "bb", count: 32)
private let txC = "0x" + String(repeating: "cc", count: 32)

/// A chain that knows one file (id 1, owner dev account 1, a hostile URL) with one completed job
/// (id 1, node dev account 2, bid 100 wei): eth_call answers by (contract, selector), eth_getLogs
/// by (address, topic0); every other call reverts like a missing function.
private struct StubChain: RPCHandler {
    /// (lowercased contract, selector hex without 0x) → answer.
    let calls: [String: String]
    let logs: [(address: Address, topics: [String], data: String, tx: String)]

    static func key(_ to: Address, _ signature: String) -> String {
        to.hex.lowercased() + Hex.encode(ABI.selector(signature)).dropFirst(2)
    }

    init() {
        typealias A = LazAIAddresses
        calls = [
            Self.key(A.dataRegistry, "filesCount()"): word1,
            Self.key(A.verifiedComputing, "nodeFee()"): "0x" + String(repeating: "0", count: 62) + "0a",
            Self.key(A.dataRegistry, "getFile(uint256)"): getFileAnswer,
            Self.key(A.verifiedComputing, "jobsCount()"): word1,
            Self.key(A.verifiedComputing, "fileJobIds(uint256)"): fileJobIdsAnswer,
            Self.key(A.verifiedComputing, "getJob(uint256)"): getJobAnswer,
        ]
        let pad = { (hex: String) in "0x" + String(repeating: "0", count: 66 - hex.count) + hex.dropFirst(2).lowercased() }
        logs = [
            (A.dataRegistry, [fileAddedTopic, word1, pad(owner)], fileAddedData, txA),
            (A.verifiedComputing, [jobSubmittedTopic, word1, word1], jobSubmittedData, txB),
            (A.verifiedComputing, [jobCompleteTopic, pad(node), word1, word1], "0x", txC),
        ]
    }

    func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        guard case .array(let p) = params else { throw .invalidParams("array") }
        switch method {
        case "eth_blockNumber": return .string("0x5")
        case "eth_call":
            guard let to = p.first?["to"]?.stringValue, let data = p.first?["data"]?.stringValue else { throw .invalidParams("call") }
            let key = to.lowercased() + data.dropFirst(2).prefix(8)
            guard let answer = calls[key] else { throw RPCError(code: 3, message: "execution reverted") }
            return .string(answer)
        case "eth_getLogs":
            let address = p.first?["address"]?.stringValue.flatMap { Address(hex: $0) }
            let topic0 = p.first?["topics"]?[0]
            return .array(logs.filter { $0.address == address && ($0.topics.first == topic0?.stringValue) }.enumerated().map { i, l in
                .object([("address", .string(l.address.hex)), ("topics", .array(l.topics.map(JSON.string))),
                         ("data", .string(l.data)), ("blockNumber", .string("0x2")), ("logIndex", .string(Hex.quantity(UInt64(i)))),
                         ("transactionHash", .string(l.tx))])
            })
        default:
            throw .methodNotFound(method)
        }
    }
}

extension JSON {
    /// Element `i` of an array.
    subscript(_ i: Int) -> JSON? {
        guard case .array(let a) = self, i < a.count else { return nil }
        return a[i]
    }
}

private func makeRPC(_ chain: StubChain = StubChain(), status: [JSON] = []) -> LazAIRPC {
    let info = LazAIInfo(admin: Address(hex: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")!,
                         nodes: [LazAINodeRecord(address: Address(hex: node)!, url: "http://127.0.0.1:8545/lazai/nodes/0",
                                                 publicKeyPEM: LazAIDevKeys.rsaPublicKeyPEM)],
                         publicKeyPEM: LazAIDevKeys.rsaPublicKeyPEM, fileStoreURL: "http://127.0.0.1:8545/lazai/files",
                         config: .defaults)
    return LazAIRPC(client: RollupClient(node: chain, chainId: 133_718), info: info, nodeStatus: { status })
}

private func expectInvalid(_ rpc: LazAIRPC, _ method: String, _ params: [JSON], mentioning word: String) async {
    do {
        _ = try await rpc.call(method: method, params: .array(params))
        Issue.record("\(method) \(params) should fail")
    } catch {
        #expect(error.code == -32602)
        #expect(error.message.contains(word), "\(error.message)")
    }
}

@Suite struct LazAIRPCTests {
    @Test func methodTableListsTheNamespace() {
        let methods = makeRPC().methods
        #expect(Set(methods.keys) == ["lazai_getInfo", "lazai_files", "lazai_getFile", "lazai_jobs", "lazai_getJob",
                                      "lazai_nodes", "lazai_dats", "lazai_getDAT", "lazai_proposals", "lazai_getProposal"])
        #expect(methods["lazai_getInfo"] == 0 && methods["lazai_getFile"] == 1 && methods["lazai_nodes"] == 0)
    }

    @Test func getFileReflectsTheChain() async throws {
        let f = try await makeRPC().call(method: "lazai_getFile", params: .array([.string("0x1")]))
        #expect(f["id"] == .string("0x1"))
        #expect(f["owner"] == .string(owner))
        #expect(f["url"] == .string(hostileURL))          // JSON carries the string as the chain has it
        #expect(f["hash"] == .string("0xabc"))
        #expect(f["proofIndex"] == .string("0x1"))
        #expect(f["rewardAmount"] == .string("0x1388"))   // 5000
        #expect(f["rewarded"] == .bool(false))
        #expect(f["addedTx"] == .string(txA))
        #expect(f["addedBlock"] == .string("0x2"))
        #expect(f["datTokenId"] == .null)
        #expect(f["proofs"] == .array([]) && f["permissions"] == .array([]))
        let job = try #require(f["jobs"]?[0])
        #expect(job["id"] == .string("0x1") && job["fileId"] == .string("0x1"))
        #expect(job["bidAmount"] == .string("0x64"))
        #expect(job["status"] == .string("completed"))    // Job status 2 = Completed
        #expect(job["node"] == .string(node) && job["owner"] == .string(owner))
        #expect(job["addedTimestamp"] == .string("0x6553f100"))   // 1,700,000,000 s
        #expect(job["submittedTx"] == .string(txB) && job["completedTx"] == .string(txC) && job["canceledTx"] == .null)
    }

    @Test func getInfoShape() async throws {
        let i = try await makeRPC(status: [.object([("jobsDone", .int(2))])]).call(method: "lazai_getInfo", params: .array([]))
        #expect(i["chainId"] == .string("0x20a56"))                 // 133718
        #expect(i["contracts"]?["DataRegistry"] == .string("0xEAd077726dC83ecF385e3763ed4A0A50E8Ac5AA0"))   // Alith's local profile
        #expect(i["contracts"]?["IDAO"] == .string("0xEA30BA91F4DB33Ef0360Fc04d8E201954474dbD1"))
        #expect(i["admin"] == .string("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
        #expect(i["nodeFee"] == .string("0xa"))                     // read from the chain: 10 wei
        #expect(i["filesCount"] == .string("0x1") && i["jobsCount"] == .string("0x1"))
        #expect(i["datsCount"] == .null && i["proposalsCount"] == .null)   // no DAT / iDAO in the stub
        #expect(i["publicKey"] == .string(LazAIDevKeys.rsaPublicKeyPEM))
        #expect(i["fileStoreURL"] == .string("http://127.0.0.1:8545/lazai/files"))
        #expect(i["alith"]?["env"]?["LAZAI_LOCAL_CHAIN"] == .string("1"))
        #expect(i["alith"]?["chainConfig"] == .string("ChainConfig(\"LazAI Devnet\", \"http://127.0.0.1:8545\", 133718)"))
        #expect(i["nodes"]?[0]?["address"] == .string(node))
        #expect(i["nodes"]?[0]?["runtime"]?["jobsDone"] == .int(2))
    }

    @Test func numberIdsWorkAndUnknownIdsAreNull() async throws {
        let rpc = makeRPC()
        let byNumber = try await rpc.call(method: "lazai_getFile", params: .array([.number("1")]))
        #expect(byNumber["id"] == .string("0x1"))
        #expect(try await rpc.call(method: "lazai_getFile", params: .array([.string("0x2")])) == .null)
        #expect(try await rpc.call(method: "lazai_getFile", params: .array([.string("0x0")])) == .null)
        #expect(try await rpc.call(method: "lazai_getJob", params: .array([.number("7")])) == .null)
    }

    @Test func badParamsAreInvalidParams() async {
        let rpc = makeRPC()
        await expectInvalid(rpc, "lazai_getFile", [], mentioning: "fileId")
        await expectInvalid(rpc, "lazai_getFile", [.string("one")], mentioning: "QUANTITY")
        await expectInvalid(rpc, "lazai_getFile", [.number("-1")], mentioning: "non-negative")
        await expectInvalid(rpc, "lazai_getJob", [.bool(true)], mentioning: "boolean")
        await expectInvalid(rpc, "lazai_files", [.string("0x1")], mentioning: "expected an object")
        await expectInvalid(rpc, "lazai_files", [.object([("from", .int(1))])], mentioning: "unknown field \"from\"")
        await expectInvalid(rpc, "lazai_files", [.object([("count", .int(0))])], mentioning: "count must be 1…500")
        await expectInvalid(rpc, "lazai_dats", [.object([("owner", .string("0x12"))])], mentioning: "owner must be an address")
    }

    @Test func filesAndJobsPages() async throws {
        let rpc = makeRPC()
        let files = try await rpc.call(method: "lazai_files", params: .array([]))
        #expect(files["total"] == .string("0x1") && files["fromId"] == .string("0x1"))
        #expect(files["files"]?[0]?["url"] == .string(hostileURL))
        let none = try await rpc.call(method: "lazai_files", params: .array([.object([("fromId", .string("0x2"))])]))
        #expect(none["files"] == .array([]) && none["fromId"] == .null)
        let jobs = try await rpc.call(method: "lazai_jobs", params: .array([.object([("fileId", .int(1))])]))
        #expect(jobs["total"] == .string("0x1") && jobs["jobs"]?[0]?["status"] == .string("completed"))
    }

    @Test func pageRanges() throws {
        var page = try LazAIRPC.Page(nil, allow: [])
        #expect(page.ids(total: 0) == nil)
        #expect(page.ids(total: 3) == 1...3)
        #expect(page.ids(total: 120) == 71...120)   // the latest 50
        page.count = 10
        page.fromId = 5
        #expect(page.ids(total: 120) == 5...14)
        #expect(page.ids(total: 4) == nil)
    }

    @Test func namesOfStatuses() {
        #expect((0...3).map { LazAIRPCJSON.jobStatus($0) } == ["none", "submitted", "completed", "canceled"])
        #expect((0...2).map { LazAIRPCJSON.nodeStatus($0) } == ["none", "active", "removed"])
        #expect((1...4).map { LazAIRPC.proposalState($0) } == ["active", "defeated", "succeeded", "executed"])
    }

    @Test func metricTypesReadAsTextWhenPrintable() {
        #expect(LazAIRPC.text(bytes32: Array("tokens".utf8) + [UInt8](repeating: 0, count: 26)) == "tokens")
        #expect(LazAIRPC.text(bytes32: [0xff] + [UInt8](repeating: 0, count: 31)) == nil)
        #expect(LazAIRPC.text(bytes32: [UInt8](repeating: 0, count: 32)) == nil)
    }

    @Test func runtimeStatusIsMatchedByAddressOrPosition() {
        let a = Address(hex: node)!
        let byAddress: [JSON] = [.object([("address", .string(owner))]), .object([("address", .string(node.lowercased())), ("jobsDone", .int(3))])]
        #expect(LazAIRPC.runtime(for: a, index: 0, in: byAddress)?["jobsDone"] == .int(3))
        let byPosition: [JSON] = [.object([("jobsDone", .int(4))])]
        #expect(LazAIRPC.runtime(for: a, index: 0, in: byPosition)?["jobsDone"] == .int(4))
        #expect(LazAIRPC.runtime(for: a, index: 1, in: byPosition) == nil)
        #expect(LazAIRPC.rpcURL(fromFileStore: "http://127.0.0.1:38545/lazai/files") == "http://127.0.0.1:38545")
    }

    @Test func aMissingContractFunctionDegrades() async throws {
        // The stub has no DAT or iDAO: counts are unknown (null), lists are empty, ids are null.
        let rpc = makeRPC()
        let dats = try await rpc.call(method: "lazai_dats", params: .array([]))
        #expect(dats["total"] == .string("0x0") && dats["dats"] == .array([]))
        #expect(try await rpc.call(method: "lazai_getDAT", params: .array([.int(1)])) == .null)
        #expect(try await rpc.call(method: "lazai_getProposal", params: .array([.int(1)])) == .null)
        let proposals = try await rpc.call(method: "lazai_proposals", params: .array([]))
        #expect(proposals["total"] == .string("0x0"))
    }
}
