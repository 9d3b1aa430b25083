import Chain
import Primitives
import Testing
@testable import Node

/// trace_* (Parity format) and the replaying ots_* methods, over one hand-checked scenario:
///
/// - tx 1 (block 1): dev0 (nonce 0) deploys the reverter C at keccak256(rlp([dev0, 0]))[12:] =
///   0x5fbd…0aa3; its code 0x602a60005260206000fd stores 42 at memory 0 and REVERTs 32 bytes.
/// - tx 2 (block 2): dev0 (nonce 1) deploys the factory F at keccak256(rlp([dev0, 1]))[12:] =
///   0xe7f1…0512. F's code CODECOPYs the 46-byte init code I (its last 46 bytes) to memory,
///   CREATEs it with no value and returns the new address; I CALLs C with exactly 10,000 gas,
///   ignores the failure (POP) and returns the 1-byte runtime 0x00.
/// - tx 3 (block 3): dev0 calls F with gas limit 300,000. The child is keccak256(rlp([F, 1]))[12:]
///   = 0xcafa…052c (a contract's nonce starts at 1, EIP-161).
///
/// Gas, from the Yellow Paper / EIP costs (the total, 55,908, also checked with pyrevm 0.3.7 on a
/// fresh state):
/// - top frame: 300,000 − 21,000 intrinsic = 279,000 (0x441d8).
/// - F before CREATE: 3 PUSH1 (9) + CODECOPY (3 + 3·2 words + memory 2 words 6 = 15) + 3 PUSH1 (9)
///   = 33; CREATE costs 32,000 + 2·2 init-code words (EIP-3860) = 32,004; what is left is
///   279,000 − 33 − 32,004 = 246,963, of which all but 1/64 goes to the child: 246,963 − 3,858 =
///   243,105 (0x3b5a1, EIP-150).
/// - C: PUSH1, PUSH1, MSTORE (3 + 3 memory), PUSH1, PUSH1, REVERT = 18 gas (0x12) of its 10,000.
/// - child: 7 pushes (21) + CALL (2,600 cold account, EIP-2929) + C's 18 + POP 2 + 2 PUSH1 6 +
///   MSTORE8 (3 + 3 memory) + 2 PUSH1 6 + RETURN 0 + code deposit 200·1 = 2,859 (0xb2b).
/// - F: 33 + 32,004 + 2,859 + PUSH1, MSTORE, PUSH1, PUSH1 (12) = 34,908 (0x885c); no refunds, so
///   the receipt says 21,000 + 34,908 = 55,908.
@Suite struct TraceMethodTests {
    static let dev0 = NodeTestSupport.dev0
    static let reverter = "0x5fbdb2315678afecb367f032d93f642f64180aa3"
    static let factory = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"
    static let child = "0xcafac3dd18ac6c6e92c921884f9e4176737c052c"
    static let reverterInit = "0x69602a60005260206000fd600052600a6016f3"
    static let childInit = "0x6000600060006000600073" + String(reverter.dropFirst(2)) + "612710f150600060005360016000f3"
    static let factoryInit = "0x6044600c60003960446000f3" + "602e6016600039602e60006000f060005260206000f3"
        + String(childInit.dropFirst(2))
    static let childWord = "0x000000000000000000000000cafac3dd18ac6c6e92c921884f9e4176737c052c"
    static let revertData = "0x" + String(repeating: "0", count: 62) + "2a"

    func call(_ node: ChainNode, _ method: String, _ params: String = "[]") async throws -> JSON {
        try await NodeTestSupport.call(node, method, params)
    }
    func send(_ node: ChainNode, to: String?, data: String = "0x", gas: String? = nil) async throws -> String {
        var fields = "\"from\": \"\(Self.dev0)\", \"data\": \"\(data)\""
        if let to { fields += ", \"to\": \"\(to)\"" }
        if let gas { fields += ", \"gas\": \"\(gas)\"" }
        guard case .string(let h) = try await call(node, "eth_sendTransaction", "[{\(fields)}]") else {
            throw RPCError.server("no hash")
        }
        return h
    }

    /// The scenario; returns the node and the hashes of tx 1…3.
    func scenario() async throws -> (ChainNode, [String]) {
        let node = try NodeTestSupport.makeNode()
        let t1 = try await send(node, to: nil, data: Self.reverterInit)
        let t2 = try await send(node, to: nil, data: Self.factoryInit)
        let t3 = try await send(node, to: Self.factory, gas: "0x493e0")
        return (node, [t1, t2, t3])
    }

    func obj(_ pairs: [(String, JSON)]) -> JSON { .object(pairs) }
    func n(_ i: Int) -> JSON { .number(String(i)) }

    @Test func receiptGasMatchesTheHandCount() async throws {
        let (node, t) = try await scenario()
        let r = try await call(node, "eth_getTransactionReceipt", "[\"\(t[2])\"]")
        #expect(r["gasUsed"] == .string("0xda64"))   // 55,908
        #expect(r["status"] == .string("0x1"))
    }

    @Test func traceTransactionIsTheParityTree() async throws {
        let (node, t) = try await scenario()
        let got = try await call(node, "trace_transaction", "[\"\(t[2])\"]")
        guard case .array(let traces) = got, traces.count == 3 else { Issue.record("want 3 traces, got \(got)"); return }
        let block = try await call(node, "eth_getBlockByNumber", "[\"0x3\", false]")
        let top = traces[0]
        #expect(top["type"] == .string("call"))
        #expect(top["action"] == obj([("callType", .string("call")), ("from", .string(Self.dev0)),
                                      ("to", .string(Self.factory)), ("gas", .string("0x441d8")),
                                      ("input", .string("0x")), ("value", .string("0x0"))]))
        #expect(top["result"] == obj([("gasUsed", .string("0x885c")), ("output", .string(Self.childWord))]))
        #expect(top["error"] == nil)
        #expect(top["subtraces"] == n(1))
        #expect(top["traceAddress"] == .array([]))
        #expect(top["blockHash"] == block["hash"])
        #expect(top["blockNumber"] == n(3))
        #expect(top["transactionHash"] == .string(t[2]))
        #expect(top["transactionPosition"] == n(0))
        let create = traces[1]
        #expect(create["type"] == .string("create"))
        #expect(create["action"] == obj([("from", .string(Self.factory)), ("gas", .string("0x3b5a1")),
                                         ("init", .string(Self.childInit)), ("value", .string("0x0"))]))
        #expect(create["result"] == obj([("address", .string(Self.child)), ("code", .string("0x00")),
                                         ("gasUsed", .string("0xb2b"))]))
        #expect(create["subtraces"] == n(1))
        #expect(create["traceAddress"] == .array([n(0)]))
        let inner = traces[2]
        #expect(inner["type"] == .string("call"))
        #expect(inner["action"] == obj([("callType", .string("call")), ("from", .string(Self.child)),
                                        ("to", .string(Self.reverter)), ("gas", .string("0x2710")),
                                        ("input", .string("0x")), ("value", .string("0x0"))]))
        #expect(inner["result"] == obj([("gasUsed", .string("0x12")), ("output", .string(Self.revertData))]))
        #expect(inner["error"] == .string("Reverted"))
        #expect(inner["subtraces"] == n(0))
        #expect(inner["traceAddress"] == .array([n(0), n(0)]))
        // trace_block of block 3 is the same list; trace_get picks by index.
        #expect(try await call(node, "trace_block", "[\"0x3\"]") == got)
        #expect(try await call(node, "trace_get", "[\"\(t[2])\", [\"0x2\"]]") == inner)
        #expect(try await call(node, "trace_transaction", "[\"0x" + String(repeating: "0", count: 64) + "\"]") == .null)
    }

    @Test func replayTransactionTraceAndStateDiff() async throws {
        let (node, t) = try await scenario()
        let r = try await call(node, "trace_replayTransaction", "[\"\(t[2])\", [\"trace\"]]")
        #expect(r["output"] == .string(Self.childWord))
        #expect(r["stateDiff"] == .null)
        #expect(r["vmTrace"] == .null)
        guard case .array(let traces)? = r["trace"] else { Issue.record("no trace"); return }
        #expect(traces.count == 3)
        #expect(traces.first?["blockHash"] == nil)          // not localized
        #expect(traces.first?["traceAddress"] == .array([]))
        let d = try await call(node, "trace_replayTransaction", "[\"\(t[2])\", [\"stateDiff\"]]")
        #expect(d["trace"] == .array([]))
        let diff = try #require(d["stateDiff"])
        // The child is born with nonce 1 (EIP-161), no wei, code 0x00 and no storage.
        #expect(diff[Self.child] == obj([("balance", obj([("+", .string("0x0"))])), ("code", obj([("+", .string("0x00"))])),
                                         ("nonce", obj([("+", .string("0x1"))])), ("storage", .object([]))]))
        // F's nonce goes 1 → 2 (its CREATE); nothing else of F changes.
        #expect(diff[Self.factory] == obj([("balance", .string("=")), ("code", .string("=")),
                                           ("nonce", obj([("*", obj([("from", .string("0x1")), ("to", .string("0x2"))]))])),
                                           ("storage", .object([]))]))
        // dev0's nonce goes 2 → 3; C's call reverted, so C is unchanged and absent.
        #expect(diff[Self.dev0]?["nonce"] == obj([("*", obj([("from", .string("0x2")), ("to", .string("0x3"))]))]))
        #expect(diff[Self.reverter] == nil)
        let e = try await NodeTestSupport.error(node, "trace_replayTransaction", "[\"\(t[2])\", [\"vmTrace\"]]")
        #expect(e?.message.contains("vmTrace is not supported") == true)
        let blockReplays = try await call(node, "trace_replayBlockTransactions", "[\"0x3\", [\"trace\"]]")
        guard case .array(let list) = blockReplays else { Issue.record("not an array"); return }
        #expect(list.count == 1)
        #expect(list.first?["transactionHash"] == .string(t[2]))
        #expect(list.first?["trace"] == r["trace"])
    }

    @Test func otsTraceAndInternalOperations() async throws {
        let (node, t) = try await scenario()
        let tr = try await call(node, "ots_traceTransaction", "[\"\(t[2])\"]")
        #expect(tr == .array([
            obj([("type", .string("CALL")), ("depth", n(0)), ("from", .string(Self.dev0)), ("to", .string(Self.factory)),
                 ("value", .string("0x0")), ("input", .string("0x")), ("output", .string(Self.childWord))]),
            obj([("type", .string("CREATE")), ("depth", n(1)), ("from", .string(Self.factory)), ("to", .string(Self.child)),
                 ("value", .string("0x0")), ("input", .string(Self.childInit)), ("output", .string("0x00"))]),
            obj([("type", .string("CALL")), ("depth", n(2)), ("from", .string(Self.child)), ("to", .string(Self.reverter)),
                 ("value", .string("0x0")), ("input", .string("0x")), ("output", .string(Self.revertData))]),
        ]))
        // The CREATE is the one internal operation (type 2); the call to C moved no wei.
        #expect(try await call(node, "ots_getInternalOperations", "[\"\(t[2])\"]") == .array([
            obj([("type", n(2)), ("from", .string(Self.factory)), ("to", .string(Self.child)), ("value", .string("0x0"))]),
        ]))
        #expect(try await call(node, "ots_getInternalOperations", "[\"\(t[0])\"]") == .array([]))
    }

    @Test func transactionErrorIsTheRevertData() async throws {
        let (node, t) = try await scenario()
        #expect(try await call(node, "ots_getTransactionError", "[\"\(t[2])\"]") == .string("0x"))
        // Calling C directly reverts the transaction with C's 32 bytes.
        let t4 = try await send(node, to: Self.reverter, gas: "0x7530")
        let r = try await call(node, "eth_getTransactionReceipt", "[\"\(t4)\"]")
        #expect(r["status"] == .string("0x0"))
        #expect(try await call(node, "ots_getTransactionError", "[\"\(t4)\"]") == .string(Self.revertData))
        // Parity: gas 30,000 − 21,000 = 9,000 (0x2328), 18 used, "Reverted".
        let traces = try await call(node, "trace_transaction", "[\"\(t4)\"]")
        guard case .array(let list) = traces, let top = list.first else { Issue.record("no trace"); return }
        #expect(top["action"]?["gas"] == .string("0x2328"))
        #expect(top["result"] == obj([("gasUsed", .string("0x12")), ("output", .string(Self.revertData))]))
        #expect(top["error"] == .string("Reverted"))
    }

    @Test func internalCallsAndCreationsAreIndexed() async throws {
        let (node, t) = try await scenario()
        // The child was made by F's CREATE inside tx 3: its creator is F (erigon's answer).
        let c = try await call(node, "ots_getContractCreator", "[\"\(Self.child)\"]")
        #expect(c == obj([("hash", .string(t[2])), ("creator", .string(Self.factory))]))
        // C: created by tx 1, called internally by tx 3.
        let s = try await call(node, "ots_searchTransactionsBefore", "[\"\(Self.reverter)\", 0, 10]")
        guard case .array(let txs)? = s["txs"] else { Issue.record("no txs"); return }
        #expect(txs.map { $0["hash"] } == [.string(t[2]), .string(t[0])])
        let s2 = try await call(node, "ots_searchTransactionsAfter", "[\"\(Self.child)\", 0, 10]")
        guard case .array(let txs2)? = s2["txs"] else { Issue.record("no txs"); return }
        #expect(txs2.map { $0["hash"] } == [.string(t[2])])
        // trace_filter by recipient: the creation of C (tx 1) and the child's call to C.
        let f = try await call(node, "trace_filter", "[{\"fromBlock\": \"0x1\", \"toBlock\": \"0x3\", \"toAddress\": [\"\(Self.reverter)\"]}]")
        guard case .array(let fl) = f else { Issue.record("no array"); return }
        #expect(fl.map { $0["transactionHash"] } == [.string(t[0]), .string(t[2])])
        #expect(fl.last?["traceAddress"] == .array([n(0), n(0)]))
    }

    /// A contract S (dev0's first deployment, 0x5fbd…0aa3) called with 5 wei, whose code, in order:
    /// STATICCALLs the identity precompile 0x04 with no value (left out of Parity and ots traces,
    /// as erigon does), STATICCALLs dev1, CALLs dev2 with 2 wei, and CREATE2s (salt 0, 1 wei) the
    /// 22-byte init code `PUSH20 dev1, SELFDESTRUCT`. The new contract is
    /// keccak256(0xff ‖ S ‖ salt ‖ keccak256(init))[12:] = 0x431f…c441 (EIP-1014); its SELFDESTRUCT
    /// in the creating transaction moves its 1 wei to dev1 and deletes it (EIP-6780).
    static let samplerInit = "0x6078600c60003960786000f3600060006000600060046064fa5060006000600060007370997970c51812dc3a010c7d01b50e0d17dc79c86064fa5060006000600060006002733c44cdddb6a900fa2b585dd299e03d12fa4293bc61fffff150757370997970c51812dc3a010c7d01b50e0d17dc79c8ff60005260006016600a6001f55000"
    static let dev1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
    static let dev2 = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"
    static let created2 = "0x431ff61c67a23a6a21245fe1b7d58edce2a3c441"

    @Test func valueCallsCreate2AndSelfdestruct() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await send(node, to: nil, data: Self.samplerInit)
        guard case .string(let h) = try await call(node, "eth_sendTransaction",
            "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.reverter)\", \"value\": \"0x5\", \"gas\": \"0x30d40\"}]") else {
            Issue.record("no hash"); return
        }
        let r = try await call(node, "eth_getTransactionReceipt", "[\"\(h)\"]")
        #expect(r["status"] == .string("0x1"))
        let sampler = Self.reverter   // the same address: dev0's nonce-0 deployment
        // Parity: the top call and three subtraces (the precompile call is not one); the
        // self-destruct hangs under the CREATE2 as a "suicide" without result.
        guard case .array(let t) = try await call(node, "trace_transaction", "[\"\(h)\"]") else { Issue.record("no traces"); return }
        #expect(t.map { $0["traceAddress"] } == [.array([]), .array([n(0)]), .array([n(1)]), .array([n(2)]), .array([n(2), n(0)])])
        #expect(t.map { $0["type"] } == [.string("call"), .string("call"), .string("call"), .string("create"), .string("suicide")])
        #expect(t[0]["subtraces"] == n(3))
        #expect(t[0]["action"]?["value"] == .string("0x5"))
        #expect(t[1]["action"]?["callType"] == .string("staticcall"))
        #expect(t[1]["action"]?["to"] == .string(Self.dev1))
        #expect(t[1]["action"]?["gas"] == .string("0x64"))   // 100, as given (no value, no stipend)
        #expect(t[2]["action"]?["to"] == .string(Self.dev2))
        #expect(t[2]["action"]?["value"] == .string("0x2"))
        #expect(t[3]["action"]?["value"] == .string("0x1"))
        #expect(t[3]["result"]?["address"] == .string(Self.created2))
        #expect(t[3]["result"]?["code"] == .string("0x"))
        #expect(t[4]["action"] == obj([("address", .string(Self.created2)), ("refundAddress", .string(Self.dev1)),
                                       ("balance", .string("0x1"))]))
        #expect(t[4]["result"] == .null)
        #expect(t[4]["subtraces"] == n(0))
        // Otterscan: value null for STATICCALL; the SELFDESTRUCT as an entry of its own.
        guard case .array(let o) = try await call(node, "ots_traceTransaction", "[\"\(h)\"]") else { Issue.record("no ots trace"); return }
        #expect(o.map { $0["type"] } == [.string("CALL"), .string("STATICCALL"), .string("CALL"), .string("CREATE2"), .string("SELFDESTRUCT")])
        #expect(o.map { $0["depth"] } == [n(0), n(1), n(1), n(1), n(2)])
        #expect(o[1]["value"] == .null)
        #expect(o[4]["from"] == .string(Self.created2))
        #expect(o[4]["to"] == .string(Self.dev1))
        // Internal operations: the 2-wei transfer (0), the CREATE2 (3) and the self-destruct (1).
        #expect(try await call(node, "ots_getInternalOperations", "[\"\(h)\"]") == .array([
            obj([("type", n(0)), ("from", .string(sampler)), ("to", .string(Self.dev2)), ("value", .string("0x2"))]),
            obj([("type", n(3)), ("from", .string(sampler)), ("to", .string(Self.created2)), ("value", .string("0x1"))]),
            obj([("type", n(1)), ("from", .string(Self.created2)), ("to", .string(Self.dev1)), ("value", .string("0x1"))]),
        ]))
        // stateDiff: dev1 and dev2 start at 10,000 ether = 10^22 wei = 0x21e19e0c9bab2400000 and
        // gain 1 and 2 wei; S keeps 5 − 2 − 1 = 2 wei; the CREATE2 contract is gone by the end of
        // the transaction, so it does not appear.
        let d = try await call(node, "trace_replayTransaction", "[\"\(h)\", [\"stateDiff\"]]")
        let diff = try #require(d["stateDiff"])
        func change(_ from: String, _ to: String) -> JSON { obj([("*", obj([("from", .string(from)), ("to", .string(to))]))]) }
        #expect(diff[Self.dev1]?["balance"] == change("0x21e19e0c9bab2400000", "0x21e19e0c9bab2400001"))
        #expect(diff[Self.dev2]?["balance"] == change("0x21e19e0c9bab2400000", "0x21e19e0c9bab2400002"))
        #expect(diff[sampler]?["balance"] == change("0x0", "0x2"))
        #expect(diff[Self.created2] == nil)
        // dev1 received wei only inside the transaction: its history finds it by the internal frames.
        let s = try await call(node, "ots_searchTransactionsBefore", "[\"\(Self.dev1)\", 0, 10]")
        guard case .array(let txs)? = s["txs"] else { Issue.record("no txs"); return }
        #expect(txs.map { $0["hash"] } == [.string(h)])
        // trace_filter by sender: S's three frames and nothing of other transactions.
        let f = try await call(node, "trace_filter", "[{\"fromAddress\": [\"\(sampler)\"]}]")
        guard case .array(let fl) = f else { Issue.record("no array"); return }
        #expect(fl.map { $0["traceAddress"] } == [.array([n(0)]), .array([n(1)]), .array([n(2)])])
    }

    @Test func badInputGetsClearErrors() async throws {
        let (node, t) = try await scenario()
        func err(_ m: String, _ p: String) async throws -> RPCError? { try await NodeTestSupport.error(node, m, p) }
        #expect(try await err("trace_replayTransaction", "[\"\(t[2])\", [\"bogus\"]]")?.code == -32602)
        #expect(try await err("trace_replayTransaction", "[\"\(t[2])\", \"trace\"]")?.code == -32602)
        #expect(try await err("trace_filter", "[{\"fromBlock\": \"0x3\", \"toBlock\": \"0x1\"}]")?.code == -32602)
        #expect(try await err("trace_filter", "[{\"fromAddress\": [\"0x12\"]}]")?.code == -32602)
        #expect(try await err("ots_getBlockTransactions", "[1, -1, 2]")?.code == -32602)
        #expect(try await err("ots_searchTransactionsBefore", "[\"0x12\", 0, 5]")?.code == -32602)
        #expect(try await err("ots_traceTransaction", "[\"0x1234\"]")?.code == -32602)
        #expect(try await err("ots_getApiLevel", "[1]")?.code == -32602)   // too many arguments
        // Unknown transactions and blocks are null, not errors.
        let zero = "\"0x" + String(repeating: "0", count: 64) + "\""
        #expect(try await call(node, "ots_traceTransaction", "[\(zero)]") == .null)
        #expect(try await call(node, "ots_getTransactionError", "[\(zero)]") == .null)
        #expect(try await call(node, "trace_block", "[99]") == .null)
        // trace_filter paging: `after` skips, `count` limits (block 3 holds 3 traces).
        let f = try await call(node, "trace_filter", "[{\"fromBlock\": \"0x3\", \"toBlock\": \"0x3\", \"after\": 1, \"count\": 1}]")
        guard case .array(let fl) = f else { Issue.record("no array"); return }
        #expect(fl.map { $0["traceAddress"] } == [.array([n(0)])])
    }
}
