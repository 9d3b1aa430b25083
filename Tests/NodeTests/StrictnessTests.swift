import Chain
import DevnetCrypto
import Primitives
import Testing
@testable import Node

/// Requests geth refuses are refused here too, with geth's wording:
/// - more positional params than the method takes → -32602 "too many arguments, want at most N"
///   (go-ethereum rpc/json.go, parseArgumentArray);
/// - a QUANTITY with leading zero digits → -32602 "hex number with leading zero digits"
///   (go-ethereum common/hexutil, ErrLeadingZero), for block numbers, indexes and the
///   hexutil.Big/Uint64 members of a transaction object.
@Suite struct StrictnessTests {
    static let dev0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
    static let leadingZero = "hex number with leading zero digits"

    func makeNode() throws -> ChainNode { try NodeTestSupport.makeNode(accounts: 2) }
    func call(_ node: ChainNode, _ method: String, _ params: String) async throws -> JSON {
        try await NodeTestSupport.call(node, method, params)
    }
    func error(_ node: ChainNode, _ method: String, _ params: String) async throws -> RPCError? {
        try await NodeTestSupport.error(node, method, params)
    }

    // MARK: too many arguments

    @Test func extraParamsAreRefusedWithGethsWords() async throws {
        let node = try makeNode()
        let e1 = try await error(node, "eth_blockNumber", "[1, 2]")
        #expect(e1?.code == -32602)
        #expect(e1?.message == "too many arguments, want at most 0")
        let e2 = try await error(node, "eth_getBalance", "[\"\(Self.dev0)\", \"latest\", \"0x1\"]")
        #expect(e2?.code == -32602)
        #expect(e2?.message == "too many arguments, want at most 2")
        // overrides (geth's arguments 2 and 3) are not implemented: refused, not silently ignored;
        // a null placeholder is accepted, a fifth argument is too many
        let e3 = try await error(node, "eth_call", "[{\"to\": \"\(Self.dev0)\"}, \"latest\", {}]")
        #expect(e3?.code == -32602)
        #expect(e3?.message == "invalid argument 2: state overrides are not supported by this devnet yet")
        let e4 = try await error(node, "eth_estimateGas", "[{\"to\": \"\(Self.dev0)\"}, \"latest\", null, {}]")
        #expect(e4?.message == "invalid argument 3: block overrides are not supported by this devnet yet")
        #expect(try await call(node, "eth_call", "[{\"to\": \"\(Self.dev0)\"}, \"latest\", null]") == .string("0x"))
        #expect(try await error(node, "eth_call", "[{}, \"latest\", null, null, 1]")?.message == "too many arguments, want at most 4")
        // a trailing null is an argument too (geth counts it)
        #expect(try await error(node, "eth_chainId", "[null]")?.message == "too many arguments, want at most 0")
        // exactly the allowed count still works
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.dev0)\", \"latest\"]") == .string("0x21e19e0c9bab2400000"))
        // an unknown method is -32601 whatever its params (geth looks the method up first)
        #expect(try await error(node, "eth_nope", "[1, 2, 3]")?.code == -32601)
    }

    /// Every served method refuses one argument more than it takes (nulls, so no argument is
    /// otherwise wrong).
    @Test func everyMethodHasAnArity() async throws {
        let node = try makeNode()
        #expect(ChainNode.maxParams.count >= 50)
        for (method, most) in ChainNode.maxParams {
            let nulls = "[" + Array(repeating: "null", count: most + 1).joined(separator: ",") + "]"
            let e = try await error(node, method, nulls)
            #expect(e?.code == -32602, "\(method)")
            #expect(e?.message == "too many arguments, want at most \(most)", "\(method)")
        }
        // the counts of geth's signatures (internal/ethapi, eth/filters)
        #expect(ChainNode.maxParams["eth_getStorageAt"] == 3)
        #expect(ChainNode.maxParams["eth_feeHistory"] == 3)
        #expect(ChainNode.maxParams["eth_getBlockByNumber"] == 2)
        #expect(ChainNode.maxParams["eth_sendRawTransaction"] == 1)
    }

    // MARK: leading zeros

    @Test func blockNumbersWithLeadingZerosAreRefused() async throws {
        let node = try makeNode()
        let e1 = try await error(node, "eth_getBalance", "[\"\(Self.dev0)\", \"0x00\"]")
        #expect(e1?.code == -32602)
        #expect(e1?.message.contains("invalid argument 1: block number: \(Self.leadingZero)") == true)
        let e2 = try await error(node, "eth_getBlockByNumber", "[\"0x00\", false]")
        #expect(e2?.message.contains("invalid argument 0: block number: \(Self.leadingZero)") == true)
        let e3 = try await error(node, "eth_getLogs", "[{\"fromBlock\": \"0x00\"}]")
        #expect(e3?.code == -32602)
        #expect(e3?.message.contains("fromBlock: block number: \(Self.leadingZero)") == true)
        let e4 = try await error(node, "eth_getTransactionByBlockNumberAndIndex", "[\"0x0\", \"0x00\"]")
        #expect(e4?.message.contains("invalid argument 1: transaction index: \(Self.leadingZero)") == true)
        let e5 = try await error(node, "eth_getUncleByBlockNumberAndIndex", "[\"0x0\", \"0x00\"]")
        #expect(e5?.message.contains("invalid argument 1: uncle index: \(Self.leadingZero)") == true)
        // the canonical forms are fine
        #expect(try await call(node, "eth_getBlockByNumber", "[\"0x0\", false]")["number"] == .string("0x0"))
        #expect(try await call(node, "eth_getTransactionByBlockNumberAndIndex", "[\"0x0\", \"0x0\"]") == .null)
    }

    /// geth's TransactionArgs: gas/nonce are *hexutil.Uint64, value and the fees *hexutil.Big: strict.
    @Test func transactionObjectQuantitiesAreStrict() async throws {
        let node = try makeNode()
        let to = "\"to\": \"0x" + String(repeating: "ab", count: 20) + "\""
        for (method, member) in [("eth_call", "gas"), ("eth_call", "value"), ("eth_estimateGas", "gasPrice"),
                                 ("eth_estimateGas", "maxFeePerGas"), ("eth_call", "maxPriorityFeePerGas"),
                                 ("eth_sendTransaction", "nonce"), ("eth_sendTransaction", "chainId")] {
            let tx = "{\"from\": \"\(Self.dev0)\", \(to), \"\(member)\": \"0x01\"}"
            let e = try await error(node, method, "[\(tx)]")
            #expect(e?.code == -32602, "\(method) \(member)")
            #expect(e?.message.contains("invalid argument 0: \(member): \(Self.leadingZero)") == true, "\(method) \(member)")
        }
        #expect(try await call(node, "eth_blockNumber", "[]") == .string("0x0"))   // nothing was sent
        // DATA is untouched: leading zero bytes are data
        #expect(try await call(node, "eth_call", "[{\(to), \"input\": \"0x0001\", \"gas\": \"0x7530\"}]") == .string("0x"))
    }

    /// Where geth itself reads loosely, so does this node: storage slots (decodeHash, 32-byte words),
    /// feeHistory's block count (math.HexOrDecimal64) and a transaction's `type` (not a geth member).
    @Test func gethsLooseSpotsStayLoose() async throws {
        let node = try makeNode()
        let slot = "0x" + String(repeating: "0", count: 64)
        #expect(try await call(node, "eth_getStorageAt", "[\"\(Self.dev0)\", \"\(slot)\", \"latest\"]")
                == .string(slot))
        let proof = try await call(node, "eth_getProof", "[\"\(Self.dev0)\", [\"\(slot)\"], \"latest\"]")
        #expect(proof["storageProof"] != nil)
        let fh = try await call(node, "eth_feeHistory", "[\"0x01\", \"latest\"]")
        #expect(fh["oldestBlock"] == .string("0x0"))
        let to = "0x" + String(repeating: "ab", count: 20)
        #expect(try await call(node, "eth_call", "[{\"to\": \"\(to)\", \"type\": \"0x02\"}]") == .string("0x"))
    }
}
