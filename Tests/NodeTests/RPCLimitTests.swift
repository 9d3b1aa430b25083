import Chain
import DevnetCrypto
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Node

/// Each limit of `RPCLimits` and ChainNode's log limits: past it the client gets the documented
/// error (geth's code and words where geth has the limit) and the node answers the next request.
@Suite(.serialized) struct RPCLimitTests {
    static func req(_ id: Int, _ method: String, _ params: String = "[]") -> String {
        WebSocketTests.req(id, method, params)
    }

    static let chainIdRequest = req(9, "eth_chainId")

    func postJSON(_ client: some TestClientProtocol, _ body: String) async throws -> (status: HTTPResponse.Status, json: JSON?) {
        try await client.execute(uri: "/", method: .post, headers: [.contentType: "application/json"],
                                 body: ByteBuffer(string: body)) { r in
            (r.status, r.body.readableBytes == 0 ? nil : try JSON.parse(Array(r.body.readableBytesView)))
        }
    }

    @Test func oversizedBodyOverHTTPIs413ThenServes() async throws {
        let node = try NodeTestSupport.makeNode()
        let server = RPCServer(node: node, port: 0, limits: RPCLimits(maxRequestBytes: 2048))
        try await server.makeApplication().test(.router) { client in
            let big = Self.req(1, "web3_sha3", "[\"0x" + String(repeating: "ab", count: 2048) + "\"]")
            let r = try await postJSON(client, big)
            #expect(r.status == .contentTooLarge)
            #expect(r.json?["error"]?["code"] == .number("-32600"))
            #expect(r.json?["error"]?["message"] == .string("request body larger than 2048 bytes"))
            let next = try await postJSON(client, Self.chainIdRequest)
            #expect(next.json?["result"] == .string("0x20a56"))
        }
    }

    @Test func tooLongBatchIsGethsBatchTooLarge() async throws {
        let node = try NodeTestSupport.makeNode()
        let server = RPCServer(node: node, port: 0, limits: RPCLimits(maxBatchLength: 3))
        try await server.makeApplication().test(.router) { client in
            // geth: one error, in an array, with the id of the first call, and nothing executed
            let four = "[" + (["{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"}"]
                              + (5...7).map { Self.req($0, "evm_mine") }).joined(separator: ",") + "]"
            let r = try await postJSON(client, four)
            #expect(r.status == .ok)
            #expect(r.json?.serializedString
                    == "[{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"batch too large\"}}]")
            #expect(try await NodeTestSupport.call(node, "eth_blockNumber") == .string("0x0"))
            let three = "[" + (1...3).map { Self.req($0, "eth_chainId") }.joined(separator: ",") + "]"
            guard case .array(let answers)? = try await postJSON(client, three).json else {
                Issue.record("no batch answer"); return
            }
            #expect(answers.count == 3)
        }
    }

    @Test func tooLongBatchOverWebSocket() async throws {
        try await WebSocketTests().withServer(limits: RPCLimits(maxBatchLength: 2)) { _, port in
            let ws = try await WSTestClient.connect(port: port)
            let r = try await ws.request("[" + (1...3).map { Self.req($0, "eth_chainId") }.joined(separator: ",") + "]")
            #expect(r.serializedString == "[{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,\"message\":\"batch too large\"}}]")
            #expect(try await ws.request(Self.chainIdRequest)["result"] == .string("0x20a56"))
        }
    }

    @Test func hugeLogRangeIsRefusedThenServes() async throws {
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 1)
        let config = try ChainConfig(chainId: 133718, alloc: ChainConfig.devAlloc(keys.map(\.address)))
        let node = ChainNode(chain: Blockchain(config: config), devKeys: keys, maxLogRange: 5)
        _ = try await NodeTestSupport.call(node, "anvil_mine", "[\"0xa\"]")
        let e = try await NodeTestSupport.error(node, "eth_getLogs", "[{\"fromBlock\":\"0x0\",\"toBlock\":\"latest\"}]")
        #expect(e == RPCError(code: -32005, message: "query exceeds max block range 5"))
        // five blocks are fine
        #expect(try await NodeTestSupport.call(node, "eth_getLogs", "[{\"fromBlock\":\"0x1\",\"toBlock\":\"0x5\"}]") == .array([]))
        #expect(try await NodeTestSupport.call(node, "eth_blockNumber") == .string("0xa"))
    }

    @Test func tooManyResultsIsMinus32005() async throws {
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 1)
        let config = try ChainConfig(chainId: 133718, alloc: ChainConfig.devAlloc(keys.map(\.address)))
        let node = ChainNode(chain: Blockchain(config: config), devKeys: keys, maxLogResults: 2)
        for _ in 0..<3 {
            _ = try await NodeTestSupport.call(node, "eth_sendTransaction",
                                               "[{\"from\":\"\(NodeTestSupport.dev0)\",\"data\":\"\(WebSocketTests.logInitCode(WebSocketTests.topicA))\"}]")
        }
        let all = "[{\"fromBlock\":\"0x0\",\"toBlock\":\"latest\"}]"
        let e = try await NodeTestSupport.error(node, "eth_getLogs", all)
        // the words Infura/Alchemy use and ethers/viem recognise to split a range
        #expect(e == RPCError(code: -32005, message: "query returned more than 2 results"))
        let filter = try await NodeTestSupport.call(node, "eth_newFilter", all)
        let fe = try await NodeTestSupport.error(node, "eth_getFilterLogs", "[\(filter.serializedString)]")
        #expect(fe?.code == -32005)
        guard case .array(let two) = try await NodeTestSupport.call(node, "eth_getLogs", "[{\"fromBlock\":\"0x2\",\"toBlock\":\"latest\"}]") else {
            Issue.record("no logs"); return
        }
        #expect(two.count == 2)
    }

    @Test func callGasCapCapsCallsAndEstimates() async throws {
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 1)
        let config = try ChainConfig(chainId: 133718, alloc: ChainConfig.devAlloc(keys.map(\.address)), callGasCap: 100_000)
        let node = ChainNode(chain: Blockchain(config: config), devKeys: keys)
        // code GAS PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN returns the gas left after GAS. With the
        // cap: 100000 - 21000 (intrinsic, no calldata) - 2 (GAS) = 78998 = 0x13496, although the call
        // asks for 50,000,000.
        let target = "0x00000000000000000000000000000000000000c0"
        _ = try await NodeTestSupport.call(node, "anvil_setCode", "[\"\(target)\", \"0x5a60005260206000f3\"]")
        let call = try await NodeTestSupport.call(node, "eth_call",
                                                  "[{\"from\":\"\(NodeTestSupport.dev0)\",\"to\":\"\(target)\",\"gas\":\"0x2faf080\"}]")
        #expect(call == .string("0x" + String(repeating: "0", count: 59) + "13496"))
        // an endless loop (JUMPDEST PUSH1 0 JUMP) needs more than the cap: geth's words
        let e = try await NodeTestSupport.error(node, "eth_estimateGas", "[{\"from\":\"\(NodeTestSupport.dev0)\",\"data\":\"0x5b600056\"}]")
        #expect(e?.code == -32000)
        #expect(e?.message.hasPrefix("gas required exceeds allowance (100000)") == true)
        #expect(try await NodeTestSupport.call(node, "eth_chainId") == .string("0x20a56"))
    }

    @Test func tooManySubscriptionsOnOneConnection() async throws {
        try await WebSocketTests().withServer(limits: RPCLimits(maxSubscriptionsPerConnection: 2)) { _, port in
            let ws = try await WSTestClient.connect(port: port)
            let a = try await ws.request(Self.req(1, "eth_subscribe", "[\"newHeads\"]"))
            _ = try await ws.request(Self.req(2, "eth_subscribe", "[\"newPendingTransactions\"]"))
            let third = try await ws.request(Self.req(3, "eth_subscribe", "[\"newHeads\"]"))
            #expect(third["error"]?["code"] == .number("-32005"))
            #expect(third["error"]?["message"] == .string("too many subscriptions on this connection (limit 2)"))
            #expect(try await ws.request(Self.chainIdRequest)["result"] == .string("0x20a56"))
            // freeing one makes room again
            _ = try await ws.request(Self.req(4, "eth_unsubscribe", "[\(a["result"]!.serializedString)]"))
            #expect(try await ws.request(Self.req(5, "eth_subscribe", "[\"newHeads\"]"))["result"]?.stringValue != nil)
            // a second connection has its own allowance
            let other = try await WSTestClient.connect(port: port)
            #expect(try await other.request(Self.req(1, "eth_subscribe", "[\"newHeads\"]"))["result"]?.stringValue != nil)
        }
    }

    @Test func oversizedFrameClosesThatConnectionOnly() async throws {
        try await WebSocketTests().withServer(limits: RPCLimits(wsMaxFrameBytes: 1024)) { _, port in
            let bystander = try await WSTestClient.connect(port: port)
            let ws = try await WSTestClient.connect(port: port)
            let big = Self.req(1, "web3_sha3", "[\"0x" + String(repeating: "ab", count: 1024) + "\"]")
            try await ws.send(big)
            await #expect(throws: WSTestClient.Closed.self) {
                while true { _ = try await ws.receive() }
            }
            #expect(try await bystander.request(Self.chainIdRequest)["result"] == .string("0x20a56"))
            let fresh = try await WSTestClient.connect(port: port)
            #expect(try await fresh.request(Self.chainIdRequest)["result"] == .string("0x20a56"))
        }
    }

    @Test func oversizedFragmentedMessageIsClosedWith1009() async throws {
        try await WebSocketTests().withServer(limits: RPCLimits(wsMaxMessageBytes: 1024, wsMaxFrameBytes: 1024)) { _, port in
            let ws = try await WSTestClient.connect(port: port)
            let big = Array(Self.req(1, "web3_sha3", "[\"0x" + String(repeating: "ab", count: 600) + "\"]").utf8)
            try await ws.sendFrame(opcode: 0x1, payload: Array(big[0..<800]), fin: false)
            try await ws.sendFrame(opcode: 0x0, payload: Array(big[800...]), fin: true)
            do {
                while true { _ = try await ws.receive() }
            } catch let closed as WSTestClient.Closed {
                #expect(closed.code == 1009)   // RFC 6455 §7.4.1: message too big
            }
            let fresh = try await WSTestClient.connect(port: port)
            #expect(try await fresh.request(Self.chainIdRequest)["result"] == .string("0x20a56"))
        }
    }
}

/// The slow-client rule: a connection whose send queue is full is dropped, never waited for.
@Suite(.serialized) struct SlowClientTests {
    @Test func hubDropsAListenerThatCannotTakeMore() throws {
        let hub = ChainEventHub()
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 1)
        let chain = Blockchain(config: try ChainConfig(chainId: 1, alloc: ChainConfig.devAlloc(keys.map(\.address))))
        _ = hub.addListener { _ in false }   // always full
        _ = hub.addListener { _ in true }
        #expect(hub.listenerCount == 2)
        hub.blockAppended(chain.head, [])
        #expect(hub.listenerCount == 1)
    }

    @Test func clientThatStopsReadingIsDroppedAndOthersAreServed() async throws {
        try await WebSocketTests().withServer(limits: RPCLimits(wsSendQueueLength: 4)) { node, port in
            let slow = try await WSTestClient.connect(port: port, receiveBuffer: 4096)
            _ = try await slow.request(WebSocketTests.req(1, "eth_subscribe", "[\"newPendingTransactions\", true]"))
            #expect(node.events.listenerCount == 1)
            // ~100 KB of calldata per transaction: each full-transaction notification is ~200 KB of
            // JSON, so the socket buffers fill and the writer stops while the chain keeps pooling
            let data = "0x" + String(repeating: "01", count: 100_000)
            for i in 0..<80 where node.events.listenerCount > 0 {
                _ = try await NodeTestSupport.call(node, "eth_sendTransaction",
                                                   "[{\"from\":\"\(NodeTestSupport.dev0)\",\"to\":\"\(NodeTestSupport.dev0)\",\"data\":\"\(data)\",\"gas\":\"0x\(String(6_000_000 + i, radix: 16))\"}]")
            }
            #expect(node.events.listenerCount == 0)
            // the slow client finds its connection closed once it reads again
            await #expect(throws: WSTestClient.Closed.self) {
                while true { _ = try await slow.receive(timeout: 10) }
            }
            let fresh = try await WSTestClient.connect(port: port)
            #expect(try await fresh.request(RPCLimitTests.chainIdRequest)["result"] == .string("0x20a56"))
        }
    }
}
