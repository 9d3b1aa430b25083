import Chain
import Primitives
import Testing
@testable import Node

/// ots_* (Otterscan API level 8) over a small chain built through the ordinary RPC methods.
///
/// Expected values come from the specs, not from our output: contract addresses are
/// keccak256(rlp([sender, nonce]))[12:] (Yellow Paper §7; 0x5fbd…0aa3 is the well-known first
/// deployment of the hardhat/anvil dev account 0 at nonce 0), fees from EIP-1559 arithmetic, paging
/// from Otterscan's docs/custom-jsonrpc.md.
@Suite struct OtterscanTests {
    static let dev0 = NodeTestSupport.dev0
    static let dev1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"   // m/44'/60'/0'/0/1 of the test mnemonic
    static let dev2 = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"   // m/44'/60'/0'/0/2
    static let other = "0x" + String(repeating: "ab", count: 20)
    /// Runtime 0x602a60005260206000fd (MSTORE 42 at 0, REVERT(0, 32)) behind init code that
    /// returns it: PUSH10 runtime, PUSH1 0, MSTORE, PUSH1 10, PUSH1 22, RETURN.
    static let reverterInit = "0x69602a60005260206000fd600052600a6016f3"
    /// keccak256(rlp([dev0, 0]))[12:]
    static let firstContract = "0x5fbdb2315678afecb367f032d93f642f64180aa3"

    func call(_ node: ChainNode, _ method: String, _ params: String = "[]") async throws -> JSON {
        try await NodeTestSupport.call(node, method, params)
    }
    func send(_ node: ChainNode, from: String, to: String?, data: String = "0x", value: String = "0x1") async throws -> String {
        let toPart = to.map { "\"to\": \"\($0)\", " } ?? ""
        let r = try await call(node, "eth_sendTransaction",
                               "[{\"from\": \"\(from)\", \(toPart)\"data\": \"\(data)\", \"value\": \"\(value)\"}]")
        guard case .string(let h) = r else { throw RPCError.server("no hash") }
        return h
    }
    func strings(_ j: JSON?, _ key: String) -> [String] {
        guard case .array(let items)? = j else { return [] }
        return items.compactMap { if case .string(let s)? = $0[key] { return s } else { return nil } }
    }

    @Test func apiLevelIsEight() async throws {
        let node = try NodeTestSupport.makeNode()
        #expect(try await call(node, "ots_getApiLevel") == .number("8"))
    }

    @Test func hasCodeAtBlocks() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await send(node, from: Self.dev0, to: nil, data: Self.reverterInit, value: "0x0")
        #expect(try await call(node, "ots_hasCode", "[\"\(Self.firstContract)\", \"latest\"]") == .bool(true))
        // Otterscan passes block numbers as JSON numbers; before block 1 there was no code.
        #expect(try await call(node, "ots_hasCode", "[\"\(Self.firstContract)\", 0]") == .bool(false))
        #expect(try await call(node, "ots_hasCode", "[\"\(Self.firstContract)\", \"0x1\"]") == .bool(true))
        #expect(try await call(node, "ots_hasCode", "[\"\(Self.dev0)\", \"latest\"]") == .bool(false))
    }

    @Test func blockDetailsHasFeesAndNoTransactions() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await send(node, from: Self.dev0, to: Self.other)
        let d = try await call(node, "ots_getBlockDetails", "[1]")
        // Block 1's base fee: genesis 1 gwei, empty parent → 1 gwei × (1 − 1/8) = 875,000,000 wei
        // (EIP-1559). eth_sendTransaction pays a 1 gwei tip under a 2×base+tip cap, so the
        // effective price is 1,875,000,000 wei and a 21,000-gas transfer pays 39,375,000,000,000
        // wei = 0x23cfb4e35600.
        #expect(d["totalFees"] == .string("0x23cfb4e35600"))
        #expect(d["issuance"]?["blockReward"] == .string("0x0"))
        #expect(d["issuance"]?["uncleReward"] == .string("0x0"))
        #expect(d["issuance"]?["issuance"] == .string("0x0"))
        let block = try #require(d["block"])
        #expect(block["transactionCount"] == .number("1"))
        #expect(block["logsBloom"] == .null)
        #expect(block["transactions"] == nil)
        #expect(block["baseFeePerGas"] == .string("0x342770c0"))   // 875,000,000
        #expect(block["number"] == .string("0x1"))
        guard case .string(let hash)? = block["hash"] else { Issue.record("no hash"); return }
        #expect(try await call(node, "ots_getBlockDetailsByHash", "[\"\(hash)\"]") == d)
        #expect(try await call(node, "ots_getBlockDetails", "[\"0x1\"]") == d)
        #expect(try await call(node, "ots_getBlockDetails", "[7]") == .null)
        // erigon_getHeaderByNumber is eth_getBlockByNumber's object (Otterscan uses both).
        #expect(try await call(node, "erigon_getHeaderByNumber", "[1]") == (try await call(node, "eth_getBlockByNumber", "[\"0x1\", false]")))
        #expect(try await call(node, "erigon_getHeaderByNumber", "[7]") == .null)
    }

    @Test func blockTransactionsArePagedFromTheEndOfTheBlock() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await call(node, "evm_setAutomine", "[false]")
        var hashes: [String] = []
        for _ in 0..<3 { hashes.append(try await send(node, from: Self.dev0, to: Self.other, data: "0xdeadbeef01")) }
        _ = try await call(node, "evm_mine")
        // erigon (otterscan_api.go GetBlockTransactions): pageEnd = n − page·size, pageStart =
        // pageEnd − size, both floored at 0; with n = 3, size 2: page 0 = [1, 2], page 1 = [0].
        let p0 = try await call(node, "ots_getBlockTransactions", "[1, 0, 2]")
        #expect(strings(p0["fullblock"]?["transactions"], "hash") == Array(hashes[1..<3]))
        #expect(strings(p0["receipts"], "transactionHash") == Array(hashes[1..<3]))
        #expect(p0["fullblock"]?["transactionCount"] == .number("3"))
        #expect(p0["fullblock"]?["logsBloom"] == .null)
        // Input is cut to the 4-byte selector; receipts carry no logs or bloom.
        #expect(strings(p0["fullblock"]?["transactions"], "input") == ["0xdeadbeef", "0xdeadbeef"])
        if case .array(let rs)? = p0["receipts"] {
            for r in rs {
                #expect(r["logs"] == .null)
                #expect(r["logsBloom"] == .null)
            }
        }
        let p1 = try await call(node, "ots_getBlockTransactions", "[1, 1, 2]")
        #expect(strings(p1["fullblock"]?["transactions"], "hash") == [hashes[0]])
        #expect(strings(p1["receipts"], "transactionHash") == [hashes[0]])
        let p2 = try await call(node, "ots_getBlockTransactions", "[\"0x1\", 2, 2]")
        #expect(p2["fullblock"]?["transactions"] == .array([]))
        #expect(p2["receipts"] == .array([]))
        let all = try await call(node, "ots_getBlockTransactions", "[1, 0, 25]")
        #expect(strings(all["fullblock"]?["transactions"], "hash") == hashes)
        #expect(try await call(node, "ots_getBlockTransactions", "[9, 0, 2]") == .null)
    }

    /// Blocks: 1 dev0→dev2; 2 dev0→dev1; 3 dev0→dev2 and dev1→dev2; 4 dev1→dev0; 5 dev2→dev0.
    /// dev2 appears at (1,0), (3,0), (3,1), (5,0).
    func historyChain() async throws -> (ChainNode, [String: String]) {
        let node = try NodeTestSupport.makeNode()
        var h: [String: String] = [:]
        h["1.0"] = try await send(node, from: Self.dev0, to: Self.dev2)
        h["2.0"] = try await send(node, from: Self.dev0, to: Self.dev1)
        _ = try await call(node, "evm_setAutomine", "[false]")
        h["3.0"] = try await send(node, from: Self.dev0, to: Self.dev2)
        h["3.1"] = try await send(node, from: Self.dev1, to: Self.dev2)
        _ = try await call(node, "evm_mine")
        _ = try await call(node, "evm_setAutomine", "[true]")
        h["4.0"] = try await send(node, from: Self.dev1, to: Self.dev0)
        h["5.0"] = try await send(node, from: Self.dev2, to: Self.dev0)
        return (node, h)
    }

    @Test func searchBeforePagesBackwardWithoutSplittingBlocks() async throws {
        let (node, h) = try await historyChain()
        // From the head (0), page size 2: block 5 gives one match, block 3 two more; the block is
        // not split, so three come back; block 1 remains, so this is not the last page.
        let a = try await call(node, "ots_searchTransactionsBefore", "[\"\(Self.dev2)\", 0, 2]")
        #expect(strings(a["txs"], "hash") == [h["5.0"]!, h["3.1"]!, h["3.0"]!])
        #expect(strings(a["receipts"], "transactionHash") == [h["5.0"]!, h["3.1"]!, h["3.0"]!])
        #expect(a["firstPage"] == .bool(true))
        #expect(a["lastPage"] == .bool(false))
        // Next page: strictly before block 3.
        let b = try await call(node, "ots_searchTransactionsBefore", "[\"\(Self.dev2)\", 3, 2]")
        #expect(strings(b["txs"], "hash") == [h["1.0"]!])
        #expect(b["firstPage"] == .bool(false))
        #expect(b["lastPage"] == .bool(true))
        // Exactly the page size, with more below: block 5 and 3 give 3 ≥ 2; with size 3 as well.
        let c = try await call(node, "ots_searchTransactionsBefore", "[\"\(Self.dev2)\", 0, 3]")
        #expect(strings(c["txs"], "hash").count == 3)
        #expect(c["lastPage"] == .bool(false))
        // Large page: everything, first and last.
        let d = try await call(node, "ots_searchTransactionsBefore", "[\"\(Self.dev2)\", 0, 25]")
        #expect(strings(d["txs"], "hash") == [h["5.0"]!, h["3.1"]!, h["3.0"]!, h["1.0"]!])
        #expect(d["firstPage"] == .bool(true))
        #expect(d["lastPage"] == .bool(true))
        // Nothing before block 1.
        let e = try await call(node, "ots_searchTransactionsBefore", "[\"\(Self.dev2)\", 1, 2]")
        #expect(e["txs"] == .array([]))
        #expect(e["lastPage"] == .bool(true))
        // Receipts carry the block timestamp.
        let blk5 = try await call(node, "eth_getBlockByNumber", "[\"0x5\", false]")
        if case .array(let rs)? = a["receipts"] { #expect(rs.first?["timestamp"] == blk5["timestamp"]) }
    }

    @Test func searchAfterPagesForwardAndAnswersNewestFirst() async throws {
        let (node, h) = try await historyChain()
        // From genesis (0): block 1 one match, block 3 two → stop at 3 ≥ 2; block 5 remains.
        let a = try await call(node, "ots_searchTransactionsAfter", "[\"\(Self.dev2)\", 0, 2]")
        #expect(strings(a["txs"], "hash") == [h["3.1"]!, h["3.0"]!, h["1.0"]!])
        #expect(a["lastPage"] == .bool(true))
        #expect(a["firstPage"] == .bool(false))
        // Strictly after block 3: block 5's transaction, reaching the head.
        let b = try await call(node, "ots_searchTransactionsAfter", "[\"\(Self.dev2)\", 3, 2]")
        #expect(strings(b["txs"], "hash") == [h["5.0"]!])
        #expect(b["firstPage"] == .bool(true))
        #expect(b["lastPage"] == .bool(false))
        let c = try await call(node, "ots_searchTransactionsAfter", "[\"\(Self.dev2)\", 5, 2]")
        #expect(c["txs"] == .array([]))
        #expect(c["firstPage"] == .bool(true))
        // Page size 0 is refused.
        let e = try await NodeTestSupport.error(node, "ots_searchTransactionsAfter", "[\"\(Self.dev2)\", 0, 0]")
        #expect(e?.code == -32602)
    }

    @Test func transactionBySenderAndNonce() async throws {
        let (node, h) = try await historyChain()
        // dev0 sent nonces 0 (block 1), 1 (block 2), 2 (block 3, index 0).
        #expect(try await call(node, "ots_getTransactionBySenderAndNonce", "[\"\(Self.dev0)\", 0]") == .string(h["1.0"]!))
        #expect(try await call(node, "ots_getTransactionBySenderAndNonce", "[\"\(Self.dev0)\", 2]") == .string(h["3.0"]!))
        #expect(try await call(node, "ots_getTransactionBySenderAndNonce", "[\"\(Self.dev1)\", \"0x1\"]") == .string(h["4.0"]!))
        #expect(try await call(node, "ots_getTransactionBySenderAndNonce", "[\"\(Self.dev2)\", 0]") == .string(h["5.0"]!))
        #expect(try await call(node, "ots_getTransactionBySenderAndNonce", "[\"\(Self.dev0)\", 3]") == .null)
        #expect(try await call(node, "ots_getTransactionBySenderAndNonce", "[\"\(Self.other)\", 0]") == .null)
    }

    @Test func contractCreatorOfATopLevelCreation() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await send(node, from: Self.dev0, to: Self.other)   // nonce 0: not a creation
        let h = try await send(node, from: Self.dev0, to: nil, data: Self.reverterInit, value: "0x0")
        // nonce 1 → keccak256(rlp([dev0, 1]))[12:] = 0xe7f1…0512 (the well-known second deployment)
        let c = try await call(node, "ots_getContractCreator", "[\"0xe7f1725e7734ce288f8367e1bb143e90bb3f0512\"]")
        #expect(c["hash"] == .string(h))
        #expect(c["creator"] == .string(Self.dev0))
        #expect(try await call(node, "ots_getContractCreator", "[\"\(Self.dev0)\"]") == .null)
        // Code placed by a cheat has no creator.
        _ = try await call(node, "anvil_setCode", "[\"\(Self.other)\", \"0x00\"]")
        #expect(try await call(node, "ots_getContractCreator", "[\"\(Self.other)\"]") == .null)
        // The created contract's history includes its creation.
        let s = try await call(node, "ots_searchTransactionsBefore", "[\"0xe7f1725e7734ce288f8367e1bb143e90bb3f0512\", 0, 5]")
        #expect(strings(s["txs"], "hash") == [h])
    }
}
