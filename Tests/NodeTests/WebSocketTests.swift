import Chain
import DevnetCrypto
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Node

/// WebSocket JSON-RPC and eth_subscribe over a real socket (`WSTestClient`) against a live server
/// on a free port. Expected shapes are geth's (`eth/filters/api.go`, `rpc/subscription.go`).
@Suite(.serialized) struct WebSocketTests {
    static let dev0 = NodeTestSupport.dev0
    /// The first contract dev0 creates (nonce 0): keccak(rlp([sender, 0]))[12:], the address every
    /// Hardhat/anvil tutorial shows for the first deployment from this account.
    static let firstContract = "0x5fbdb2315678afecb367f032d93f642f64180aa3"
    static let topicA = "0x" + String(repeating: "aa", count: 32)
    static let topicB = "0x" + String(repeating: "bb", count: 32)

    /// Init code that emits LOG1(topic) with empty data and deploys nothing:
    /// PUSH32 topic, PUSH1 0, PUSH1 0, LOG1, STOP.
    static func logInitCode(_ topic: String) -> String {
        "0x7f" + topic.dropFirst(2) + "60006000a100"
    }

    /// Runs `body` with a node and a live server on a free port.
    func withServer(limits: RPCLimits = RPCLimits(), maxLogRange: UInt64 = 100_000, maxLogResults: Int = 10_000,
                    _ body: @Sendable (ChainNode, Int) async throws -> Void) async throws {
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 2)
        let config = try ChainConfig(chainId: 133718, alloc: ChainConfig.devAlloc(keys.map(\.address)),
                                     genesisTimestamp: 1_700_000_000)
        let node = ChainNode(chain: Blockchain(config: config), devKeys: keys, maxLogRange: maxLogRange,
                             maxLogResults: maxLogResults)
        let server = RPCServer(node: node, port: 0, limits: limits)
        try await server.makeApplication().test(.live) { client in
            try await body(node, try #require(client.port))
        }
    }

    static func req(_ id: Int, _ method: String, _ params: String = "[]") -> String {
        "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\"\(method)\",\"params\":\(params)}"
    }

    static func send(from: String = dev0, data: String? = nil, to: String? = nil) -> String {
        var fields = ["\"from\":\"\(from)\""]
        if let to { fields.append("\"to\":\"\(to)\"") }
        if let data { fields.append("\"data\":\"\(data)\"") }
        return "[{\(fields.joined(separator: ","))}]"
    }

    // MARK: requests over WS

    @Test func singleAndBatchRequestsOverWebSocket() async throws {
        try await withServer { _, port in
            let ws = try await WSTestClient.connect(port: port, path: "/")
            let one = try await ws.request(Self.req(7, "eth_chainId"))
            #expect(one.serializedString == "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"0x20a56\"}")
            let batch = try await ws.request("[" + Self.req(1, "eth_blockNumber") + "," + Self.req(2, "net_version") + ","
                                             + Self.req(3, "no_such_method") + "]")
            guard case .array(let answers) = batch else { Issue.record("not a batch answer"); return }
            #expect(answers.count == 3)
            #expect(answers[0]["result"] == .string("0x0"))
            #expect(answers[1]["result"] == .string("133718"))
            #expect(answers[2]["error"]?["code"] == .number("-32601"))
            // any path upgrades, as geth and anvil accept ws://host:port
            let other = try await WSTestClient.connect(port: port, path: "/some/path")
            #expect(try await other.request(Self.req(1, "eth_chainId"))["result"] == .string("0x20a56"))
        }
    }

    @Test func subscribeInsideABatch() async throws {
        try await withServer { node, port in
            let ws = try await WSTestClient.connect(port: port)
            let batch = try await ws.request("[" + Self.req(1, "eth_subscribe", "[\"newHeads\"]") + ","
                                             + Self.req(2, "eth_chainId") + "]")
            guard case .array(let answers) = batch, answers.count == 2 else { Issue.record("bad batch answer"); return }
            let id = try #require(answers[0]["result"]?.stringValue)
            #expect(answers[1]["result"] == .string("0x20a56"))
            _ = try await NodeTestSupport.call(node, "evm_mine")
            let note = try await ws.nextNotification()
            #expect(note["params"]?["subscription"] == .string(id))
            #expect(note["params"]?["result"]?["number"] == .string("0x1"))
        }
    }

    @Test func subscribeOverHTTPIsGethsError() async throws {
        let node = try NodeTestSupport.makeNode()
        let e = try await NodeTestSupport.error(node, "eth_subscribe", "[\"newHeads\"]")
        #expect(e == RPCError(code: -32601, message: "notifications not supported"))
        let u = try await NodeTestSupport.error(node, "eth_unsubscribe", "[\"0x1\"]")
        #expect(u?.code == -32000)
        #expect(u?.message == "subscription not found")
    }

    // MARK: subscriptions

    @Test func newHeadsNotifiesEachBlockAsItsHeader() async throws {
        try await withServer { node, port in
            let ws = try await WSTestClient.connect(port: port)
            let sub = try await ws.request(Self.req(1, "eth_subscribe", "[\"newHeads\"]"))
            let id = try #require(sub["result"]?.stringValue)
            #expect(id.wholeMatch(of: /0x[1-9a-f][0-9a-f]{0,31}/) != nil)
            // a block mined by a call on another path (here: directly on the node, as a timer would)
            _ = try await NodeTestSupport.call(node, "evm_mine")
            let note = try await ws.nextNotification()
            #expect(note["method"] == .string("eth_subscription"))
            #expect(note["params"]?["subscription"] == .string(id))
            let head = try #require(note["params"]?["result"])
            let block = try await NodeTestSupport.call(node, "eth_getBlockByNumber", "[\"0x1\", false]")
            guard case .object(let blockMembers) = block, case .object(let headMembers) = head else {
                Issue.record("not objects"); return
            }
            // the header fields of the block object, in the same order and with the same values
            let expected = blockMembers.filter { !["transactions", "uncles", "withdrawals", "size"].contains($0.0) }
            #expect(headMembers.map(\.0) == expected.map(\.0))
            #expect(head == .object(expected))
            #expect(head["number"] == .string("0x1"))
            #expect(head["transactions"] == nil)
            // a transaction mined by automine notifies block 2
            _ = try await ws.request(Self.req(2, "eth_sendTransaction", Self.send(to: Self.dev0)))
            let second = try await ws.nextNotification()
            #expect(second["params"]?["result"]?["number"] == .string("0x2"))
            #expect(second["params"]?["result"]?["parentHash"] == head["hash"])
        }
    }

    @Test func logsFilterByAddressAndTopicAndRemovedOnRevert() async throws {
        try await withServer { node, port in
            let ws = try await WSTestClient.connect(port: port)
            let byTopic = try #require(try await ws.request(
                Self.req(1, "eth_subscribe", "[\"logs\",{\"topics\":[\"\(Self.topicA)\"]}]"))["result"]?.stringValue)
            let byAddress = try #require(try await ws.request(
                Self.req(2, "eth_subscribe", "[\"logs\",{\"address\":[\"0x0000000000000000000000000000000000000001\",\"\(Self.firstContract)\"]}]"))["result"]?.stringValue)
            let otherTopic = try #require(try await ws.request(
                Self.req(3, "eth_subscribe", "[\"logs\",{\"topics\":[[\"\(Self.topicB)\"]]}]"))["result"]?.stringValue)
            let snapshot = try await NodeTestSupport.call(node, "evm_snapshot")
            // dev0's first transaction creates 0x5FbD…0aa3, whose init code emits LOG1(topicA)
            let sent = try await ws.request(Self.req(4, "eth_sendTransaction", Self.send(data: Self.logInitCode(Self.topicA))))
            let txHash = try #require(sent["result"])
            var got: [String: JSON] = [:]
            for _ in 0..<2 {
                let n = try await ws.nextNotification()
                got[try #require(n["params"]?["subscription"]?.stringValue)] = n["params"]?["result"]
            }
            #expect(Set(got.keys) == [byTopic, byAddress])
            for (_, log) in got {
                #expect(log["address"] == .string(Self.firstContract))
                #expect(log["topics"] == .array([.string(Self.topicA)]))
                #expect(log["data"] == .string("0x"))
                #expect(log["transactionHash"] == txHash)
                #expect(log["blockNumber"] == .string("0x1"))
                #expect(log["logIndex"] == .string("0x0"))
                #expect(log["removed"] == .bool(false))
            }
            // same shape as eth_getLogs gives for the block
            let fromGetLogs = try await NodeTestSupport.call(node, "eth_getLogs", "[{\"fromBlock\":\"0x1\",\"toBlock\":\"0x1\"}]")
            #expect(fromGetLogs == .array([got[byTopic]!]))
            // evm_revert takes block 1 away: its log comes again with removed: true (geth on a reorg)
            _ = try await ws.request(Self.req(5, "evm_revert", "[\(snapshot.serializedString)]"))
            var removed: [String: JSON] = [:]
            for _ in 0..<2 {
                let n = try await ws.nextNotification()
                removed[try #require(n["params"]?["subscription"]?.stringValue)] = n["params"]?["result"]
            }
            #expect(Set(removed.keys) == [byTopic, byAddress])
            #expect(removed[byTopic]?["removed"] == .bool(true))
            #expect(removed[byTopic]?["transactionHash"] == txHash)
            // nothing for the subscription whose topic never appeared
            _ = try await ws.request(Self.req(6, "eth_chainId"))
            #expect(!ws.notifications.contains { $0["params"]?["subscription"] == .string(otherTopic) })
        }
    }

    @Test func newPendingTransactionsHashesAndFullObjects() async throws {
        try await withServer { _, port in
            let ws = try await WSTestClient.connect(port: port)
            let hashes = try #require(try await ws.request(
                Self.req(1, "eth_subscribe", "[\"newPendingTransactions\"]"))["result"]?.stringValue)
            let full = try #require(try await ws.request(
                Self.req(2, "eth_subscribe", "[\"newPendingTransactions\", true]"))["result"]?.stringValue)
            let sent = try await ws.request(Self.req(3, "eth_sendTransaction", Self.send(to: Self.dev0)))
            let txHash = try #require(sent["result"])
            // the notifications were queued while the transaction was pooled, before the answer
            #expect(ws.notifications.count == 2)
            let bySub = Dictionary(uniqueKeysWithValues: ws.notifications.map {
                ($0["params"]!["subscription"]!.stringValue!, $0["params"]!["result"]!)
            })
            #expect(bySub[hashes] == txHash)
            let tx = try #require(bySub[full])
            #expect(tx["hash"] == txHash)
            #expect(tx["from"] == .string(Self.dev0))
            #expect(tx["to"] == .string(Self.dev0))
            #expect(tx["nonce"] == .string("0x0"))
            #expect(tx["blockHash"] == .null)
        }
    }

    @Test func unsubscribeStopsNotifications() async throws {
        try await withServer { node, port in
            let ws = try await WSTestClient.connect(port: port)
            let id = try #require(try await ws.request(Self.req(1, "eth_subscribe", "[\"newHeads\"]"))["result"]?.stringValue)
            let yes = try await ws.request(Self.req(2, "eth_unsubscribe", "[\"\(id)\"]"))
            #expect(yes["result"] == .bool(true))
            let again = try await ws.request(Self.req(3, "eth_unsubscribe", "[\"\(id)\"]"))
            #expect(again["error"]?["code"] == .number("-32000"))
            #expect(again["error"]?["message"] == .string("subscription not found"))
            _ = try await NodeTestSupport.call(node, "evm_mine")
            _ = try await ws.request(Self.req(4, "eth_blockNumber"))
            #expect(ws.notifications.isEmpty)
            await #expect(throws: WSTestClient.Timeout.self) { _ = try await ws.receive(timeout: 0.5) }
        }
    }

    @Test func unknownSubscriptionAndBadParams() async throws {
        try await withServer { _, port in
            let ws = try await WSTestClient.connect(port: port)
            let unknown = try await ws.request(Self.req(1, "eth_subscribe", "[\"syncingg\"]"))
            #expect(unknown["error"]?["code"] == .number("-32601"))
            #expect(unknown["error"]?["message"] == .string("no \"syncingg\" subscription in eth namespace"))
            let noName = try await ws.request(Self.req(2, "eth_subscribe", "[]"))
            #expect(noName["error"]?["code"] == .number("-32602"))
            let badFilter = try await ws.request(Self.req(3, "eth_subscribe", "[\"logs\",{\"address\":\"0x12\"}]"))
            #expect(badFilter["error"]?["code"] == .number("-32602"))
        }
    }

    @Test func subscriptionsEndWithTheConnection() async throws {
        try await withServer { node, port in
            let ws = try await WSTestClient.connect(port: port)
            _ = try await ws.request(Self.req(1, "eth_subscribe", "[\"newHeads\"]"))
            #expect(node.events.listenerCount == 1)
            try await ws.close()
            for _ in 0..<100 where node.events.listenerCount > 0 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(node.events.listenerCount == 0)
            _ = try await NodeTestSupport.call(node, "evm_mine")   // no one to notify: nothing breaks
        }
    }

    // MARK: polling filter of pending transactions

    @Test func newPendingTransactionFilterReturnsHashesSinceLastPoll() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await NodeTestSupport.call(node, "evm_setAutomine", "[false]")
        let before = try await NodeTestSupport.call(node, "eth_sendTransaction", Self.send(to: Self.dev0))
        let id = try await NodeTestSupport.call(node, "eth_newPendingTransactionFilter")
        let idParam = "[\(id.serializedString)]"
        #expect(try await NodeTestSupport.call(node, "eth_getFilterChanges", idParam) == .array([]))
        let a = try await NodeTestSupport.call(node, "eth_sendTransaction", Self.send(to: Self.dev0))
        let b = try await NodeTestSupport.call(node, "eth_sendTransaction", Self.send(to: Self.dev0))
        #expect(a != before)
        #expect(try await NodeTestSupport.call(node, "eth_getFilterChanges", idParam) == .array([a, b]))
        #expect(try await NodeTestSupport.call(node, "eth_getFilterChanges", idParam) == .array([]))
        _ = try await NodeTestSupport.call(node, "evm_mine")
        #expect(try await NodeTestSupport.call(node, "eth_getFilterChanges", idParam) == .array([]))
        #expect(try await NodeTestSupport.call(node, "eth_uninstallFilter", idParam) == .bool(true))
    }
}
