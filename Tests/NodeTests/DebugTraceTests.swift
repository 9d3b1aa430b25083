import Chain
import DevnetCrypto
import EVM
import Primitives
import State
import Testing
@testable import Node

/// debug_trace* against hand-checked expectations.
///
/// The scene (every number below is derived by hand from the Yellow Paper / EIP gas rules, and the
/// two gas totals were also checked with pyrevm 0.3.x, spec PRAGUE: 59136 and 69418):
///
/// B at 0x…bb (genesis) stores 7 in slot 0, logs topic 1 without data, then reverts with
/// `Error("no")`:
///
///     PUSH1 7 PUSH1 0 SSTORE                                  3+3 + 22100 (EIP-2929 cold 2100 + EIP-2200 set 20000)
///     PUSH1 1 PUSH1 0 PUSH1 0 LOG1                            9 + 750 (375 + 375 per topic, no data)
///     PUSH4 08c379a0 PUSH1 e0 SHL PUSH1 0 MSTORE              12 + 3+3 (memory to 1 word: 3·1)
///     PUSH1 20 PUSH1 4 MSTORE                                 6 + 3+3 (to 2 words: 6 − 3)
///     PUSH1 2 PUSH1 24 MSTORE                                 6 + 3+3 (to 3 words: 9 − 6)
///     PUSH2 6e6f PUSH1 f0 SHL PUSH1 44 MSTORE                 12 + 3+3 (to 4 words: 12 − 9)
///     PUSH1 64 PUSH1 0 REVERT                                 6 + 0 (memory already 128 bytes)
///     = 22931 gas
///
/// A (28 bytes, deployed by dev 0 with nonce 0, so at keccak256(rlp([dev0, 0]))[12:] =
/// 0x5fbdb2315678afecb367f032d93f642f64180aa3) stores 1 in slot 0, calls B with all its gas, logs
/// topic 2 and stops:
///
///     PUSH1 1 PUSH1 0 SSTORE                                  6 + 22100
///     PUSH1 0 ×5, PUSH1 bb, GAS                               18 + 2  → GAS pushes 179000 − 22126 = 156874
///     CALL                                                    cold 0xbb 2600; callee gets (156874 − 2600) − ⌊154274/64⌋ = 151864
///     POP PUSH1 2 PUSH1 0 PUSH1 0 LOG1 STOP                   2 + 9 + 750
///
/// The call transaction (gas 200000, no data: intrinsic 21000, so 179000 for A) uses
/// 21000 + 22126 + 2600 + 22931 (B) + 761 = 69418 gas, no refund.
/// The deployment (40 bytes of init code: 11 zero, 29 nonzero) costs 21000 + 32000 + 4·11 + 16·29 +
/// 2·2 (EIP-3860 words) = 53512 intrinsic, + 24 (PUSH1×3, CODECOPY 3+3+3, PUSH1×2, RETURN) + 200·28
/// code deposit = 59136.
/// Prices: block 1 base fee 875,000,000 (1 gwei genesis, empty: −1/8), tip 1 gwei → 1.875 gwei;
/// block 2 base fee 875e6 − ⌊⌊875e6·(15e6 − 59136)/15e6⌋/8⌋ = 766,056,200 → price 1,766,056,200.
@Suite("debug_trace* (hand-checked)")
struct DebugTraceTests {
    static let bAddress = "0x00000000000000000000000000000000000000bb"
    static let aAddress = "0x5fbdb2315678afecb367f032d93f642f64180aa3"
    static let bCode = "0x6007600055600160006000a16308c379a060e01b60005260206004526002602452616e6f60f01b60445260646000fd"
    static let aCode = "0x600160005560006000600060006000" + "60bb5af150600260006000a100"
    static let initCode = "0x601c600c600039601c6000f3" + String(aCode.dropFirst(2))
    /// keccak256 of the codes (eth_utils.keccak).
    static let aCodeHash = "0x23867427650ccdecb532ce5fc6c69f979656cd4e5139886c938093171b03b885"
    static let bCodeHash = "0xa0d0667612b38d13a740c18a24612bf59cdcad87d746cc6eb9f882d66b38c822"
    /// Error("no"): selector, offset 0x20, length 2, "no" padded.
    static let revertData = "0x08c379a0" + String(repeating: "0", count: 62) + "20" + String(repeating: "0", count: 63) + "2"
        + "6e6f" + String(repeating: "0", count: 60)
    static let zeroWord = "0x" + String(repeating: "0", count: 64)
    static func word(_ v: String) -> String { "0x" + String(repeating: "0", count: 64 - v.count) + v }

    /// A node whose genesis holds the dev accounts and B; block 1 deploys A, block 2 calls it.
    static func scene() async throws -> (node: ChainNode, deploy: String, call: String) {
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 3)
        var alloc = ChainConfig.devAlloc(keys.map(\.address))
        alloc[Address(hex: bAddress)!] = Account(code: try Hex.decode(bCode))
        let config = try ChainConfig(chainId: 133718, alloc: alloc, genesisTimestamp: 1_700_000_000)
        let node = ChainNode(chain: Blockchain(config: config), devKeys: keys)
        let deploy = try await NodeTestSupport.call(node, "eth_sendTransaction",
            #"[{"from":"\#(NodeTestSupport.dev0)","gas":"0x186a0","data":"\#(initCode)"}]"#)
        let call = try await NodeTestSupport.call(node, "eth_sendTransaction",
            #"[{"from":"\#(NodeTestSupport.dev0)","to":"\#(aAddress)","gas":"0x30d40"}]"#)
        return (node, deploy.stringValue!, call.stringValue!)
    }

    /// B's frame as geth's callTracer writes it.
    static let bFrame = JSON.object([
        ("from", .string(aAddress)), ("gas", .string("0x25138")) /* 151864 */, ("gasUsed", .string("0x5993")) /* 22931 */,
        ("to", .string(bAddress)), ("input", .string("0x")), ("output", .string(revertData)),
        ("error", .string("execution reverted")), ("revertReason", .string("no")),
        ("value", .string("0x0")), ("type", .string("CALL")),
    ])

    @Test("callTracer: the call tree with gas, the revert, and logs (withLog) as geth")
    func callTracer() async throws {
        let (node, _, call) = try await Self.scene()
        let r = try await NodeTestSupport.call(node, "debug_traceTransaction",
                                               #"["\#(call)", {"tracer":"callTracer","tracerConfig":{"withLog":true}}]"#)
        // Top frame: gas = the transaction's limit 200000, gasUsed = the receipt's 69418 (geth's rule);
        // B's log is gone (its frame reverted) and gave its index back, so A's log is index 0, after 1 call.
        let want = JSON.object([
            ("from", .string(NodeTestSupport.dev0)), ("gas", .string("0x30d40")), ("gasUsed", .string("0x10f2a")),
            ("to", .string(Self.aAddress)), ("input", .string("0x")),
            ("calls", .array([Self.bFrame])),
            ("logs", .array([.object([("address", .string(Self.aAddress)), ("topics", .array([.string(Self.word("2"))])),
                                      ("data", .string("0x")), ("index", .string("0x0")), ("position", .string("0x1"))])])),
            ("value", .string("0x0")), ("type", .string("CALL")),
        ])
        #expect(r == want)

        // Without withLog there are no logs; with onlyTopCall no calls.
        let plain = try await NodeTestSupport.call(node, "debug_traceTransaction", #"["\#(call)", {"tracer":"callTracer"}]"#)
        #expect(plain["logs"] == nil && plain["calls"] != nil)
        let top = try await NodeTestSupport.call(node, "debug_traceTransaction",
                                                 #"["\#(call)", {"tracer":"callTracer","tracerConfig":{"onlyTopCall":true,"withLog":true}}]"#)
        #expect(top["calls"] == nil)
        #expect(top["gasUsed"] == .string("0x10f2a"))
        // geth counts a log's position among the calls it recorded: none with onlyTopCall.
        if case .array(let logs)? = top["logs"] { #expect(logs.count == 1 && logs[0]["position"] == .string("0x0")) }
        else { Issue.record("no logs with onlyTopCall + withLog") }
    }

    @Test("callTracer: a creation is a CREATE frame to the new address with the deployed code as output")
    func callTracerCreate() async throws {
        let (node, deploy, _) = try await Self.scene()
        let r = try await NodeTestSupport.call(node, "debug_traceTransaction", #"["\#(deploy)", {"tracer":"callTracer"}]"#)
        let want = JSON.object([
            ("from", .string(NodeTestSupport.dev0)), ("gas", .string("0x186a0")), ("gasUsed", .string("0xe700")) /* 59136 */,
            ("to", .string(Self.aAddress)), ("input", .string(Self.initCode)), ("output", .string(Self.aCode)),
            ("value", .string("0x0")), ("type", .string("CREATE")),
        ])
        #expect(r == want)
    }

    @Test("prestateTracer: touched accounts before the call")
    func prestate() async throws {
        let (node, _, call) = try await Self.scene()
        let r = try await NodeTestSupport.call(node, "debug_traceTransaction", #"["\#(call)", {"tracer":"prestateTracer"}]"#)
        // Touched: dev 0 (sender), A (recipient, slot 0 by SSTORE), the coinbase 0x0, B (callee, slot 0
        // by its SSTORE). Values before block 2's transaction: dev 0 paid 59136 × 1.875 gwei for the
        // deployment; the coinbase got 59136 × 1 gwei of tips; both slots were zero (included, as geth
        // does outside diffMode); A has nonce 1 (EIP-161), B nonce 0 (omitted).
        let want = JSON.object([
            ("0x0000000000000000000000000000000000000000", .object([("balance", .string("0x35c8ac460000"))])),
            (Self.bAddress, .object([("balance", .string("0x0")), ("code", .string(Self.bCode)),
                                     ("codeHash", .string(Self.bCodeHash)),
                                     ("storage", .object([(Self.zeroWord, .string(Self.zeroWord))]))])),
            (Self.aAddress, .object([("balance", .string("0x0")), ("code", .string(Self.aCode)),
                                     ("codeHash", .string(Self.aCodeHash)), ("nonce", .int(1)),
                                     ("storage", .object([(Self.zeroWord, .string(Self.zeroWord))]))])),
            (NodeTestSupport.dev0, .object([("balance", .string("0x21e19e064e26f3cc000")), ("nonce", .int(1))])),
        ])
        #expect(r == want)
    }

    @Test("prestateTracer diffMode: only what changed")
    func prestateDiff() async throws {
        let (node, _, call) = try await Self.scene()
        let r = try await NodeTestSupport.call(node, "debug_traceTransaction",
                                               #"["\#(call)", {"tracer":"prestateTracer","tracerConfig":{"diffMode":true}}]"#)
        // post: dev 0 paid 69418 × 1,766,056,200 wei and its nonce went to 2; the coinbase got
        // 69418 × 1 gwei more; A's slot 0 became 1. B is unchanged (its frame reverted): in neither.
        // pre: the same accounts as before; A's slot 0 was zero, so it is left out (geth).
        let want = JSON.object([
            ("post", .object([
                ("0x0000000000000000000000000000000000000000", .object([("balance", .string("0x74eb4f812400"))])),
                (Self.aAddress, .object([("storage", .object([(Self.zeroWord, .string(Self.word("1")))]))])),
                (NodeTestSupport.dev0, .object([("balance", .string("0x21e19dff5624ee25cb0")), ("nonce", .int(2))])),
            ])),
            ("pre", .object([
                ("0x0000000000000000000000000000000000000000", .object([("balance", .string("0x35c8ac460000"))])),
                (Self.aAddress, .object([("balance", .string("0x0")), ("code", .string(Self.aCode)),
                                         ("codeHash", .string(Self.aCodeHash)), ("nonce", .int(1))])),
                (NodeTestSupport.dev0, .object([("balance", .string("0x21e19e064e26f3cc000")), ("nonce", .int(1))])),
            ])),
        ])
        #expect(r == want)
    }

    @Test("struct logger: totals, the CALL's cost and storage after SLOAD/SSTORE")
    func structLogger() async throws {
        let (node, _, call) = try await Self.scene()
        let r = try await NodeTestSupport.call(node, "debug_traceTransaction", #"["\#(call)"]"#)
        #expect(r["gas"] == .int(69418))
        #expect(r["failed"] == .bool(false))
        #expect(r["returnValue"] == .string("0x"))
        guard case .array(let logs)? = r["structLogs"] else { Issue.record("no structLogs"); return }
        // 17 opcodes of A and 26 of B.
        #expect(logs.count == 43)
        // A's SSTORE (pc 4): 22100 gas, storage shows the written slot.
        #expect(logs[2]["op"] == .string("SSTORE") && logs[2]["gasCost"] == .int(22100))
        #expect(logs[2]["storage"] == .object([(Self.zeroWord, .string(Self.word("1")))]))
        // GAS at pc 17 then CALL at pc 18 with 156874 left: cost 2600 + 151864 = 154464.
        #expect(logs[10]["pc"] == .int(18) && logs[10]["op"] == .string("CALL"))
        #expect(logs[10]["gas"] == .int(156874) && logs[10]["gasCost"] == .int(154464) && logs[10]["depth"] == .int(1))
        // B's first opcode runs at depth 2 with the callee's 151864 gas.
        #expect(logs[11]["depth"] == .int(2) && logs[11]["gas"] == .int(151864) && logs[11]["op"] == .string("PUSH1"))
        #expect(logs[11]["stack"] == .array([]))
        // B's SSTORE stores 7 into its own slot 0 (stack bottom first: 7, 0).
        #expect(logs[13]["op"] == .string("SSTORE") && logs[13]["stack"] == .array([.string("0x7"), .string("0x0")]))
        #expect(logs[13]["storage"] == .object([(Self.zeroWord, .string(Self.word("7")))]))
        // Back in A after B's 22931: 156874 − 154464 + (151864 − 22931) = 131343 at POP.
        #expect(logs[37]["op"] == .string("POP") && logs[37]["gas"] == .int(131343) && logs[37]["depth"] == .int(1))
        // Options: no stack, and memory words when enabled (B's REVERT sees 4 words).
        let lean = try await NodeTestSupport.call(node, "debug_traceTransaction",
                                                  #"["\#(call)", {"disableStack":true,"disableStorage":true,"enableMemory":true,"limit":40}]"#)
        guard case .array(let leanLogs)? = lean["structLogs"] else { Issue.record("no structLogs"); return }
        #expect(leanLogs.count == 40)
        #expect(leanLogs[2]["stack"] == nil && leanLogs[2]["storage"] == nil)
        if case .array(let mem)? = leanLogs[36]["memory"] {
            #expect(leanLogs[36]["op"] == .string("REVERT") && mem.count == 4)
            #expect(mem.first == .string("0x08c379a0" + String(repeating: "0", count: 56)))
        } else { Issue.record("no memory at B's REVERT") }
    }

    @Test("block variants, debug_traceCall, and errors")
    func blocksCallsErrors() async throws {
        let (node, _, call) = try await Self.scene()
        let byNumber = try await NodeTestSupport.call(node, "debug_traceBlockByNumber", #"["0x2", {"tracer":"callTracer"}]"#)
        guard case .array(let items) = byNumber, items.count == 1 else { Issue.record("want one trace"); return }
        #expect(items[0]["txHash"] == .string(call))
        #expect(items[0]["result"]?["calls"] == .array([Self.bFrame]))
        let blockHash = try await NodeTestSupport.call(node, "eth_getBlockByNumber", #"["0x2", false]"#)["hash"]!.stringValue!
        let byHash = try await NodeTestSupport.call(node, "debug_traceBlockByHash", #"["\#(blockHash)", {"tracer":"callTracer"}]"#)
        #expect(byHash == byNumber)
        // The same call as an eth_call on block 1's state: same frames and gas (warm set and refund alike).
        let traced = try await NodeTestSupport.call(node, "debug_traceCall",
            #"[{"from":"\#(NodeTestSupport.dev0)","to":"\#(Self.aAddress)","gas":"0x30d40"}, "0x1", {"tracer":"callTracer","timeout":"5s"}]"#)
        #expect(traced["gas"] == .string("0x30d40") && traced["gasUsed"] == .string("0x10f2a"))
        #expect(traced["calls"] == .array([Self.bFrame]))

        let unknown = try await NodeTestSupport.error(node, "debug_traceTransaction", #"["\#(call)", {"tracer":"fourByteTracerX"}]"#)
        #expect(unknown?.code == -32602 && unknown?.message.contains("not supported") == true)
        let missing = try await NodeTestSupport.error(node, "debug_traceTransaction", #"["0x\#(String(repeating: "ab", count: 32))"]"#)
        #expect(missing?.code == -32000 && missing?.message.contains("not found") == true)
        let badConfig = try await NodeTestSupport.error(node, "debug_traceTransaction",
                                                        #"["\#(call)", {"tracer":"prestateTracer","tracerConfig":{"diffMode":true,"includeEmpty":true}}]"#)
        #expect(badConfig?.code == -32602)
    }

    @Test("a block built on cheat-edited state is traced on the edited state")
    func cheatEditedParent() async throws {
        let node = try NodeTestSupport.makeNode()
        let x = "0x00000000000000000000000000000000000000cc"
        // X gets code (PUSH1 1 PUSH1 0 SSTORE) by anvil_setCode, after genesis and before block 1.
        _ = try await NodeTestSupport.call(node, "anvil_setCode", #"["\#(x)", "0x6001600055"]"#)
        let hash = try await NodeTestSupport.call(node, "eth_sendTransaction",
            #"[{"from":"\#(NodeTestSupport.dev0)","to":"\#(x)","gas":"0x186a0"}]"#).stringValue!
        let receipt = try await NodeTestSupport.call(node, "eth_getTransactionReceipt", #"["\#(hash)"]"#)
        // 21000 + PUSH1 PUSH1 (6) + cold SSTORE 0 → 1 (22100) = 43106.
        #expect(receipt["gasUsed"] == .string("0xa862"))
        let r = try await NodeTestSupport.call(node, "debug_traceTransaction", #"["\#(hash)", {"tracer":"callTracer"}]"#)
        #expect(r["gasUsed"] == .string("0xa862"))
    }

    @Test("a storage edit between blocks shows in the trace's output")
    func storageEditBeforeBlock() async throws {
        let node = try NodeTestSupport.makeNode()
        let y = "0x00000000000000000000000000000000000000cd"
        // Y returns slot 0: PUSH1 0 SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN.
        _ = try await NodeTestSupport.call(node, "anvil_setCode", #"["\#(y)", "0x60005460005260206000f3"]"#)
        _ = try await NodeTestSupport.call(node, "anvil_setStorageAt", #"["\#(y)", "0x0", "\#(Self.word("65"))"]"#)
        let hash = try await NodeTestSupport.call(node, "eth_sendTransaction",
            #"[{"from":"\#(NodeTestSupport.dev0)","to":"\#(y)","gas":"0x186a0"}]"#).stringValue!
        // 21000 + PUSH1 (3) + cold SLOAD (2100) + PUSH1 (3) + MSTORE (3 + 3 memory) + PUSH1 PUSH1 (6) + RETURN (0)
        // = 23118 = 0x5a4e.
        let receipt = try await NodeTestSupport.call(node, "eth_getTransactionReceipt", #"["\#(hash)"]"#)
        #expect(receipt["gasUsed"] == .string("0x5a4e"))
        let r = try await NodeTestSupport.call(node, "debug_traceTransaction", #"["\#(hash)", {"tracer":"callTracer"}]"#)
        #expect(r["output"] == .string(Self.word("65")))
        #expect(r["gasUsed"] == .string("0x5a4e"))
    }

    @Test("eth_call without `to` answers the code the init code returns, as geth")
    func ethCallCreationReturnsTheDeployedCode() async throws {
        let node = try NodeTestSupport.makeNode()
        // initCode copies A's 28 bytes (CODECOPY from offset 12) and returns them.
        let r = try await NodeTestSupport.call(node, "eth_call",
            #"[{"from":"\#(NodeTestSupport.dev0)","data":"\#(Self.initCode)"}, "latest"]"#)
        #expect(r == .string(Self.aCode))
    }
}
