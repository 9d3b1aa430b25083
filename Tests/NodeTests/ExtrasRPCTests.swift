import Chain
import Foundation
import Primitives
import Testing
@testable import Node

/// eth_createAccessList, eth_signTypedData_v4, eth_simulateV1, anvil_dumpState / anvil_loadState
/// through the RPC. Expected values: EIP-2929/2930 gas constants worked out by hand (in comments),
/// eth-account's signatures (Tests/ChainTests/Reference/eip712_vectors.py), ERC-7528's log shape,
/// execution-apis' error codes.
@Suite struct ExtrasRPCTests {
    static let dev0 = NodeTestSupport.dev0
    static let contract = "0x" + String(repeating: "cc", count: 20)
    static let other = "0x" + String(repeating: "dd", count: 20)
    /// keccak256("Transfer(address,address,uint256)").
    static let transferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

    func call(_ node: ChainNode, _ method: String, _ params: String = "[]") async throws -> JSON {
        try await NodeTestSupport.call(node, method, params)
    }
    func error(_ node: ChainNode, _ method: String, _ params: String) async throws -> RPCError? {
        try await NodeTestSupport.error(node, method, params)
    }
    static func word(_ hexDigits: String) -> String {
        "0x" + String(repeating: "0", count: 64 - hexDigits.count) + hexDigits
    }

    // MARK: eth_createAccessList

    @Test func accessListCollectsSlotsAndAddresses() async throws {
        let node = try NodeTestSupport.makeNode()
        // PUSH1 0 SLOAD POP PUSH1 1 SLOAD POP PUSH20 other BALANCE POP STOP
        let code = "0x600054506001545073" + String(repeating: "dd", count: 20) + "315000"
        _ = try await call(node, "anvil_setCode", "[\"\(Self.contract)\", \"\(code)\"]")
        let r = try await call(node, "eth_createAccessList", "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.contract)\"}]")
        // The recipient is excluded as an address but its slots are listed (geth).
        #expect(r["accessList"] == .array([
            .object([("address", .string(Self.contract)), ("storageKeys", .array([.string(Self.word("0")), .string(Self.word("1"))]))]),
            .object([("address", .string(Self.other)), ("storageKeys", .array([]))]),
        ]))
        // 21000 + 2 × 2400 (addresses) + 2 × 1900 (keys) + execution with everything warm:
        // 3 + 100 + 2 + 3 + 100 + 2 + 3 + 100 + 2 = 315 → 29915 = 0x74db.
        #expect(r["gasUsed"] == .string("0x74db"))
        #expect(r["error"] == nil)
    }

    @Test func accessListExcludesSenderAndPrecompilesAndReportsReverts() async throws {
        let node = try NodeTestSupport.makeNode()
        // CALLER BALANCE POP PUSH1 1 BALANCE POP STOP: the sender and precompile 0x01 are excluded.
        _ = try await call(node, "anvil_setCode", "[\"\(Self.contract)\", \"0x333150600131500000\"]")
        let r = try await call(node, "eth_createAccessList", "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.contract)\"}, \"latest\"]")
        #expect(r["accessList"] == .array([]))
        // 21000 + 2 + 100 + 2 + 3 + 100 + 2 (all warm: sender and precompiles are warm, EIP-2929) = 21209
        #expect(r["gasUsed"] == .string("0x52d9"))
        // PUSH1 0 PUSH1 0 REVERT
        _ = try await call(node, "anvil_setCode", "[\"\(Self.other)\", \"0x60006000fd\"]")
        let reverted = try await call(node, "eth_createAccessList", "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.other)\"}]")
        #expect(reverted["error"] == .string("execution reverted"))
        #expect(reverted["gasUsed"] == .string("0x520e"))   // 21000 + 3 + 3
    }

    @Test func accessListKeepsTheGivenEntriesButNotExcludedAddresses() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await call(node, "anvil_setCode", "[\"\(Self.contract)\", \"0x00\"]")   // STOP
        let r = try await call(node, "eth_createAccessList", """
            [{"from": "\(Self.dev0)", "to": "\(Self.contract)",
              "accessList": [{"address": "\(Self.dev0)", "storageKeys": []},
                             {"address": "\(Self.other)", "storageKeys": ["\(Self.word("9"))"]}]}]
            """)
        // The sender's bare entry is dropped (excluded); the other entry stays as given (geth
        // seeds its tracer with the request's list).
        #expect(r["accessList"] == .array([.object([("address", .string(Self.other)),
                                                    ("storageKeys", .array([.string(Self.word("9"))]))])]))
        #expect(r["gasUsed"] == .string("0x62d4"))   // 21000 + 2400 + 1900
    }

    @Test func accessListFollowsCreatedContracts() async throws {
        let node = try NodeTestSupport.makeNode()
        // Init code PUSH1 5 SLOAD STOP, stored at memory[28..<32] by PUSH4 … PUSH1 0 MSTORE.
        let store = "0x636005540060005260"
        // CREATE(0, 28, 4) POP STOP: the child is keccak(rlp([0xcc…cc, 0]))[12…] (eth-utils).
        _ = try await call(node, "anvil_setCode", "[\"\(Self.contract)\", \"\(store)04601c6000f05000\"]")
        let r = try await call(node, "eth_createAccessList", "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.contract)\"}]")
        #expect(r["accessList"] == .array([.object([("address", .string("0x8af6a7af30d840ba137e8f3f34d54cfb8beba6e2")),
                                                    ("storageKeys", .array([.string(Self.word("5"))]))])]))
        // CREATE2(0, 28, 4, salt 0): keccak(0xff ‖ 0xcc…cc ‖ salt ‖ keccak(init code))[12…] (eth-utils).
        _ = try await call(node, "anvil_setCode", "[\"\(Self.contract)\", \"\(store)006004601c6000f55000\"]")
        let r2 = try await call(node, "eth_createAccessList", "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.contract)\"}]")
        #expect(r2["accessList"] == .array([.object([("address", .string("0x497f6d89509e1efc7c26ca38c45fad31ec96cb3d")),
                                                     ("storageKeys", .array([.string(Self.word("5"))]))])]))
    }

    // MARK: eth_signTypedData_v4

    static let mailJSON = #"""
    {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
      "Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
      "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
     "primaryType":"Mail",
     "domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
     "message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}
    """#
    /// eth-account: Account.sign_message(encode_typed_data(full_message=MAIL), dev0 key).
    static let mailSignatureDev0 = "0x6ea8bb309a3401225701f3565e32519f94a0ea91a5910ce9229fe488e773584c0390416a2190d9560219dab757ecca2029e63fa9d1c2aebf676cc25b9f03126a1b"

    @Test func signTypedDataMatchesEthAccount() async throws {
        let node = try NodeTestSupport.makeNode()
        let asObject = try await call(node, "eth_signTypedData_v4", "[\"\(Self.dev0)\", \(Self.mailJSON)]")
        #expect(asObject == .string(Self.mailSignatureDev0))
        let text = JSON.string(Self.mailJSON).text   // the document as a JSON string
        let asString = try await call(node, "eth_signTypedData_v4", "[\"\(Self.dev0)\", \(text)]")
        #expect(asString == .string(Self.mailSignatureDev0))
        // v4 features (ChainTests/Reference/eip712_v4.json) by eth-account.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../ChainTests/Reference/eip712_v4.json")
        let v4 = try String(contentsOf: url, encoding: .utf8)
        #expect(try await call(node, "eth_signTypedData_v4", "[\"\(Self.dev0)\", \(v4)]") == .string(
            "0x4b30141e56ebd96f34e53ecb3c4a8b8c58b034c6d996be58c784d86b9972abca569cc689538a790cb3adc417130608e0a8de1a846ef3a7a2eaca6c3c4a878c941c"))
    }

    @Test func signTypedDataRefusesBadInput() async throws {
        let node = try NodeTestSupport.makeNode()
        let unknown = try await error(node, "eth_signTypedData_v4", "[\"\(Self.other)\", \(Self.mailJSON)]")
        #expect(unknown?.code == -32000)
        let bad = try await error(node, "eth_signTypedData_v4", "[\"\(Self.dev0)\", {\"types\": {}, \"primaryType\": \"Mail\", \"message\": {}}]")
        #expect(bad?.code == -32602)
        let notJSON = try await error(node, "eth_signTypedData_v4", "[\"\(Self.dev0)\", \"{not json\"]")
        #expect(notJSON?.code == -32602)
    }

    // MARK: anvil_dumpState / anvil_loadState

    @Test func dumpThenLoadIntoAFreshNodeRoundTrips() async throws {
        let a = try NodeTestSupport.makeNode()
        _ = try await call(a, "eth_sendTransaction", "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.other)\", \"value\": \"0x1234\"}]")
        _ = try await call(a, "anvil_setCode", "[\"\(Self.contract)\", \"0x60005460005260206000f3\"]")
        _ = try await call(a, "anvil_setStorageAt", "[\"\(Self.contract)\", \"0x0\", \"\(Self.word("2a"))\"]")
        _ = try await call(a, "anvil_setNonce", "[\"\(Self.contract)\", \"0x5\"]")
        guard case .string(let dump) = try await call(a, "anvil_dumpState") else { Issue.record("no dump"); return }
        // The document is hex of version-1 JSON.
        let text = String(decoding: try Hex.decode(dump), as: UTF8.self)
        #expect(text.hasPrefix("{\"version\":1,\"devnet\":\"metis-devnet\",\"chainId\":133718"))

        let b = try NodeTestSupport.makeNode()
        #expect(try await call(b, "anvil_loadState", "[\"\(dump)\"]") == .bool(true))
        for q in [("eth_getBalance", Self.dev0), ("eth_getBalance", Self.other), ("eth_getTransactionCount", Self.dev0),
                  ("eth_getCode", Self.contract), ("eth_getTransactionCount", Self.contract)] {
            let pa = try await call(a, q.0, "[\"\(q.1)\", \"latest\"]")
            let pb = try await call(b, q.0, "[\"\(q.1)\", \"latest\"]")
            #expect(pa == pb, "\(q.0) \(q.1)")
        }
        #expect(try await call(b, "eth_getBalance", "[\"\(Self.other)\", \"latest\"]") == .string("0x1234"))
        #expect(try await call(b, "eth_getStorageAt", "[\"\(Self.contract)\", \"0x0\", \"latest\"]") == .string(Self.word("2a")))
        #expect(try await call(b, "eth_call", "[{\"to\": \"\(Self.contract)\"}]") == .string(Self.word("2a")))
        // Same state root: an empty block on each carries it (no rewards after the merge).
        _ = try await call(a, "evm_mine")
        _ = try await call(b, "evm_mine")
        let ra = try await call(a, "eth_getBlockByNumber", "[\"latest\", false]")["stateRoot"]
        let rb = try await call(b, "eth_getBlockByNumber", "[\"latest\", false]")["stateRoot"]
        #expect(ra != nil && ra == rb)
        // And the dump of b equals the dump of a except for the head.
        guard case .string(let dumpB) = try await call(b, "anvil_dumpState") else { return }
        let accountsPart = { (s: String) -> Substring in
            let t = String(decoding: try! Hex.decode(s), as: UTF8.self)
            return t[t.range(of: "\"accounts\"")!.lowerBound...]
        }
        guard case .string(let dumpA) = try await call(a, "anvil_dumpState") else { return }
        #expect(accountsPart(dumpA) == accountsPart(dumpB))
    }

    @Test func loadStateRefusesFutureVersionsAndGarbage() async throws {
        let node = try NodeTestSupport.makeNode()
        let future = Hex.encode(Array(#"{"version": 99, "accounts": {}}"#.utf8))
        let e = try await error(node, "anvil_loadState", "[\"\(future)\"]")
        #expect(e?.code == -32602)
        #expect(e?.message.contains("version 99") == true)
        let junk = try await error(node, "anvil_loadState", "[\"0x1234\"]")
        #expect(junk?.code == -32602)
    }

    // MARK: eth_simulateV1

    @Test func simulateTransferWithTraceTransfersLeavesTheChainAlone() async throws {
        let node = try NodeTestSupport.makeNode()
        let target = "0xc100000000000000000000000000000000000000"
        let r = try await call(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"calls": [{"from": "\(Self.dev0)", "to": "\(target)", "value": "0x3e8"}]}],
              "traceTransfers": true}, "latest"]
            """)
        guard case .array(let blocks) = r, blocks.count == 1 else { Issue.record("\(r)"); return }
        let b = blocks[0]
        #expect(b["number"] == .string("0x1"))
        #expect(b["timestamp"] == .string(Hex.quantity(1_700_000_000 + 12)))
        #expect(b["gasUsed"] == .string("0x5208"))
        guard case .array(let calls)? = b["calls"], calls.count == 1 else { Issue.record("no calls"); return }
        #expect(calls[0]["status"] == .string("0x1"))
        #expect(calls[0]["gasUsed"] == .string("0x5208"))
        #expect(calls[0]["returnData"] == .string("0x"))
        guard case .array(let logs)? = calls[0]["logs"], logs.count == 1 else { Issue.record("no transfer log"); return }
        #expect(logs[0]["address"] == .string("0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"))
        #expect(logs[0]["topics"] == .array([.string(Self.transferTopic), .string(Self.word(String(Self.dev0.dropFirst(2)))),
                                             .string(Self.word(String(target.dropFirst(2))))]))
        #expect(logs[0]["data"] == .string(Self.word("3e8")))
        // Nothing happened to the chain.
        #expect(try await call(node, "eth_blockNumber") == .string("0x0"))
        #expect(try await call(node, "eth_getBalance", "[\"\(target)\", \"latest\"]") == .string("0x0"))
    }

    @Test func simulateBlockOverridesStateOverridesAndGaps() async throws {
        let node = try NodeTestSupport.makeNode()
        let numberCode = "0x4360005260206000f3"   // NUMBER PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
        let timeCode = "0x4260005260206000f3"     // TIMESTAMP …
        let slotCode = "0x60005460005260206000f3"   // returns slot 0
        let r = try await call(node, "eth_simulateV1", """
            [{"blockStateCalls": [
                {"blockOverrides": {"number": "0x5", "time": "0x6553f164", "feeRecipient": "\(Self.other)"},
                 "stateOverrides": {"\(Self.contract)": {"code": "\(numberCode)"},
                                    "0xc200000000000000000000000000000000000000": {"code": "\(timeCode)"},
                                    "0xc300000000000000000000000000000000000000": {"code": "\(slotCode)", "state": {"\(Self.word("0"))": "\(Self.word("7"))"}}},
                 "calls": [{"to": "\(Self.contract)"}, {"to": "0xc200000000000000000000000000000000000000"},
                           {"to": "0xc300000000000000000000000000000000000000"}]},
                {"stateOverrides": {"0xc300000000000000000000000000000000000000": {"stateDiff": {"\(Self.word("0"))": "\(Self.word("9"))"}}},
                 "calls": [{"to": "\(Self.contract)"}, {"to": "0xc300000000000000000000000000000000000000"}]}
            ]}]
            """)
        guard case .array(let blocks) = r else { Issue.record("\(r)"); return }
        // Blocks 1…4 fill the gap before 5, then 6.
        #expect(blocks.count == 6)
        #expect(blocks.map { $0["number"] ?? .null } == (1...6).map { JSON.string(Hex.quantity(UInt64($0))) })
        let b5 = blocks[4]
        #expect(b5["miner"] == .string(Self.other))
        #expect(b5["timestamp"] == .string("0x6553f164"))
        guard case .array(let c5)? = b5["calls"], case .array(let c6)? = blocks[5]["calls"] else { Issue.record("calls"); return }
        #expect(c5.map { $0["returnData"] ?? .null } == [.string(Self.word("5")), .string(Self.word("6553f164")), .string(Self.word("7"))])
        #expect(c6.map { $0["returnData"] ?? .null } == [.string(Self.word("6")), .string(Self.word("9"))])
        #expect(blocks[5]["timestamp"] == .string(Hex.quantity(0x6553f164 + 12)))
        #expect(blocks[5]["parentHash"] == b5["hash"])
    }

    @Test func simulateReportsRevertsAndInterleavesTransferLogs() async throws {
        let node = try NodeTestSupport.makeNode()
        // LOG0(0, 0); CALL(gas, other, 5, 0, 0, 0, 0); POP; STOP
        let code = "0x60006000a0" + "6000600060006000600573" + String(repeating: "dd", count: 20) + "5af15000"
        let r = try await call(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"stateOverrides": {"\(Self.contract)": {"code": "\(code)"},
                                                      "0xc200000000000000000000000000000000000000": {"code": "0x60006000fd"}},
                                   "calls": [{"from": "\(Self.dev0)", "to": "\(Self.contract)", "value": "0x7"},
                                             {"from": "\(Self.dev0)", "to": "0xc200000000000000000000000000000000000000"}]}],
              "traceTransfers": true, "returnFullTransactions": true}]
            """)
        guard case .array(let blocks) = r, case .array(let calls)? = blocks.first?["calls"], calls.count == 2 else {
            Issue.record("\(r)"); return
        }
        guard case .array(let logs)? = calls[0]["logs"] else { Issue.record("logs"); return }
        // sender → contract (7), the contract's LOG0, contract → other (5), in execution order.
        #expect(logs.map { $0["address"] ?? .null } == [.string("0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"), .string(Self.contract),
                                               .string("0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee")])
        #expect(logs.map { $0["logIndex"] ?? .null } == [.string("0x0"), .string("0x1"), .string("0x2")])
        #expect(logs[2]["data"] == .string(Self.word("5")))
        #expect(logs[2]["topics"] == .array([.string(Self.transferTopic), .string(Self.word(String(Self.contract.dropFirst(2)))),
                                             .string(Self.word(String(Self.other.dropFirst(2))))]))
        #expect(calls[1]["status"] == .string("0x0"))
        #expect(calls[1]["error"]?["code"] == .int(3))
        #expect(calls[1]["error"]?["message"] == .string("execution reverted"))
        #expect(calls[1]["gasUsed"] == .string("0x520e"))
        guard case .array(let txs)? = blocks[0]["transactions"], txs.count == 2 else { Issue.record("transactions"); return }
        #expect(txs[0]["from"] == .string(Self.dev0))
        #expect(txs[1]["nonce"] == .string("0x1"))   // the first call advanced dev0's nonce
    }

    @Test func simulateDropsTransfersOfFailedCalls() async throws {
        let node = try NodeTestSupport.makeNode()
        let reverter = "0xc200000000000000000000000000000000000000"
        // CALL(gas, reverter, 5, 0, 0, 0, 0) POP STOP: the callee reverts, so its 5 wei never move.
        let code = "0x6000600060006000600573" + String(reverter.dropFirst(2)) + "5af15000"
        let r = try await call(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"stateOverrides": {"\(Self.contract)": {"code": "\(code)"}, "\(reverter)": {"code": "0x60006000fd"}},
                                   "calls": [{"from": "\(Self.dev0)", "to": "\(Self.contract)", "value": "0x7"}]}],
              "traceTransfers": true}]
            """)
        guard case .array(let blocks) = r, case .array(let calls)? = blocks.first?["calls"],
              case .array(let logs)? = calls.first?["logs"] else { Issue.record("\(r)"); return }
        #expect(calls[0]["status"] == .string("0x1"))
        #expect(logs.count == 1)
        #expect(logs.first?["data"] == .string(Self.word("7")))
    }

    @Test func simulateErrorCodes() async throws {
        let node = try NodeTestSupport.makeNode()
        let code = "0x4360005260206000f3"
        // execution-apis ethSimulate-block-num-order-38020
        let order = try await error(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"blockOverrides": {"number": "0x78"}, "calls": [{"input": "\(code)"}]},
                                  {"blockOverrides": {"number": "0x6e"}, "calls": [{"input": "\(code)"}]}]}, "latest"]
            """)
        #expect(order?.code == -38020)
        let time = try await error(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"blockOverrides": {"time": "0x6553f200"}}, {"blockOverrides": {"time": "0x6553f1ff"}}]}]
            """)
        #expect(time?.code == -38021)
        let poor = "0xc000000000000000000000000000000000000000"
        let funds = try await error(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"calls": [{"from": "\(poor)", "to": "\(Self.other)", "value": "0x3e8"}]}]}]
            """)
        #expect(funds?.code == -38014)
        let funded = try await call(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"stateOverrides": {"\(poor)": {"balance": "0x3e8"}},
                                   "calls": [{"from": "\(poor)", "to": "\(Self.other)", "value": "0x3e8"}]}]}]
            """)
        #expect(funded.array?.first?["calls"]?.array?.first?["status"] == .string("0x1"))
        let nonce = try await error(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"calls": [{"from": "\(Self.dev0)", "to": "\(Self.other)", "nonce": "0x5",
                                               "maxFeePerGas": "0x2540be400", "maxPriorityFeePerGas": "0x1"}]}],
              "validation": true}]
            """)
        #expect(nonce?.code == -38011)
        let baseFee = try await error(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"calls": [{"from": "\(Self.dev0)", "to": "\(Self.other)"}]}], "validation": true}]
            """)
        #expect(baseFee?.code == -38012)
        let gas = try await error(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"blockOverrides": {"gasLimit": "0x5208"},
                                   "calls": [{"to": "\(Self.other)"}, {"to": "\(Self.other)", "gas": "0x5208"}]}]}]
            """)
        #expect(gas?.code == -38015)
        let both = try await error(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"stateOverrides": {"\(Self.other)": {"state": {}, "stateDiff": {}}}}]}]
            """)
        #expect(both?.code == -32602)
        let tooMany = try await error(node, "eth_simulateV1", """
            [{"blockStateCalls": [{"blockOverrides": {"number": "0x1000"}}]}]
            """)
        #expect(tooMany?.code == -38026)
    }
}

extension JSON {
    fileprivate var array: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
