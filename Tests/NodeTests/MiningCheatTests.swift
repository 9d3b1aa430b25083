import Chain
import Primitives
import Testing
@testable import Node

/// Mining modes and the cheats of issue 5 items 3 and 5 that change the next blocks, the pool and
/// who may send — each observed through the ordinary getters.
@Suite struct MiningCheatTests {
    static let dev0 = NodeTestSupport.dev0
    static let target = "0x" + String(repeating: "ab", count: 20)
    /// EIP-55 checksum of `target` and of dev0 (eth_utils.to_checksum_address).
    static let targetChecksummed = "0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB"
    static let dev0Checksummed = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    static let whale1 = "0x" + String(repeating: "11", count: 20)
    static let whale2 = "0x" + String(repeating: "22", count: 20)

    func call(_ node: ChainNode, _ method: String, _ params: String = "[]") async throws -> JSON {
        try await NodeTestSupport.call(node, method, params)
    }
    func error(_ node: ChainNode, _ method: String, _ params: String) async throws -> RPCError? {
        try await NodeTestSupport.error(node, method, params)
    }
    func hex(_ j: JSON?) throws -> UInt256 {
        guard case .string(let s)? = j, let v = UInt256(hex: s) else { throw RPCError.server("not a quantity: \(String(describing: j))") }
        return v
    }
    func block(_ node: ChainNode, _ n: UInt64) async throws -> JSON {
        try await call(node, "eth_getBlockByNumber", "[\"\(Hex.quantity(n))\", false]")
    }
    func blockNumber(_ node: ChainNode) async throws -> UInt64 {
        try hex(try await call(node, "eth_blockNumber")).uint64 ?? 0
    }
    /// A fully specified type-2 transfer, so its hash is fixed.
    func transfer(from: String, nonce: Int = 0, tip: String = "0x3b9aca00", value: String = "0x1234") -> String {
        "[{\"from\": \"\(from)\", \"to\": \"\(Self.target)\", \"value\": \"\(value)\", \"gas\": \"0x5208\", "
            + "\"maxFeePerGas\": \"0x2540be400\", \"maxPriorityFeePerGas\": \"\(tip)\", \"nonce\": \"\(Hex.quantity(UInt64(nonce)))\"}]"
    }

    // MARK: mining modes

    @Test func intervalMiningMinesEmptyBlocksWithRisingTimestamps() async throws {
        let node = try NodeTestSupport.makeNode()
        #expect(try await call(node, "anvil_getIntervalMining") == .null)
        #expect(try await call(node, "evm_setIntervalMining", "[1]") == .null)
        #expect(try await call(node, "anvil_getIntervalMining") == .number("1"))
        #expect(try await call(node, "anvil_getAutomine") == .bool(false))      // the modes exclude each other
        // Poll with a generous bound: three blocks at one per second.
        var n: UInt64 = 0
        for _ in 0..<300 where n < 3 {
            try await Task.sleep(for: .milliseconds(100))
            n = try await blockNumber(node)
        }
        #expect(n >= 3)
        var last: UInt64 = 1_700_000_000
        for i in 1...3 {
            let b = try await block(node, UInt64(i))
            #expect(b["transactions"] == .array([]))
            let t = try hex(b["timestamp"]).uint64 ?? 0
            #expect(t > last)
            last = t
        }
        // A transaction waits for the next tick instead of being mined at once; then it is mined.
        let sent = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0))
        var receipt = JSON.null
        for _ in 0..<300 where receipt == .null {
            try await Task.sleep(for: .milliseconds(100))
            receipt = try await call(node, "eth_getTransactionReceipt", "[\(sent.text)]")
        }
        #expect(receipt["status"] == .string("0x1"))
        // 0 turns interval mining off (manual mode): no block after the call returns.
        #expect(try await call(node, "anvil_setIntervalMining", "[0]") == .null)
        #expect(try await call(node, "anvil_getIntervalMining") == .null)
        let stopped = try await blockNumber(node)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(try await blockNumber(node) == stopped)
        #expect(try await call(node, "anvil_getAutomine") == .bool(false))
        await node.stopMining()
    }

    @Test func setAutomineTrueEndsIntervalMining() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await call(node, "anvil_setIntervalMining", "[\"0x3c\"]")        // hex seconds accepted
        #expect(try await call(node, "anvil_getIntervalMining") == .number("60"))
        _ = try await call(node, "evm_setAutomine", "[false]")                 // anvil: interval stays
        #expect(try await call(node, "anvil_getIntervalMining") == .number("60"))
        _ = try await call(node, "evm_setAutomine", "[true]")
        #expect(try await call(node, "anvil_getIntervalMining") == .null)
        #expect(try await call(node, "anvil_getAutomine") == .bool(true))
        #expect(try await error(node, "evm_setIntervalMining", "[[1, 2]]")?.code == -32602)
        #expect(try await error(node, "evm_setIntervalMining", "[\"soon\"]")?.code == -32602)
        #expect(try await error(node, "evm_setIntervalMining", "[]")?.code == -32602)
    }

    @Test func manualModeMinesManyBlocksInOneSecondWithRisingTimestamps() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await call(node, "evm_setAutomine", "[false]")
        let sent = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0))
        #expect(try await call(node, "eth_getTransactionReceipt", "[\(sent.text)]") == .null)
        #expect(try await call(node, "txpool_status") == .object([("pending", .string("0x1")), ("queued", .string("0x0"))]))
        // 20 blocks with interval 0: the clock cannot advance 20 s, timestamps still rise by ≥ 1 s.
        #expect(try await call(node, "anvil_mine", "[20, 0]") == .null)
        #expect(try await blockNumber(node) == 20)
        #expect(try await call(node, "eth_getTransactionReceipt", "[\(sent.text)]")["blockNumber"] == .string("0x1"))
        var last: UInt64 = 0
        for i in 0...20 {
            let t = try hex(try await block(node, UInt64(i))["timestamp"]).uint64 ?? 0
            #expect(t > last || i == 0)
            last = t
        }
        // After evm_setNextBlockTimestamp: that block, then +1 s steps (anvil_mine's default interval).
        let next = last + 1000
        _ = try await call(node, "evm_setNextBlockTimestamp", "[\(next)]")
        #expect(try await call(node, "hardhat_mine", "[\"0x3\"]") == .null)
        for (i, want) in [next, next + 1, next + 2].enumerated() {
            #expect(try hex(try await block(node, UInt64(21 + i))["timestamp"]).uint64 == want)
        }
        // evm_mine answers "0x0" and mines one block.
        #expect(try await call(node, "evm_mine") == .string("0x0"))
        #expect(try await blockNumber(node) == 24)
        #expect(try hex(try await block(node, 24)["timestamp"]).uint64 ?? 0 > next + 2)
        // evm_mine(timestamp) moves the time there (as anvil): a later evm_increaseTime counts from
        // it, not from the wall clock (which would leave the next block at head + 1).
        let far = next + 1_000_000
        _ = try await call(node, "evm_mine", "[\(far)]")
        #expect(try hex(try await block(node, 25)["timestamp"]).uint64 == far)
        _ = try await call(node, "evm_increaseTime", "[100]")
        _ = try await call(node, "evm_mine")
        let after = try hex(try await block(node, 26)["timestamp"]).uint64 ?? 0
        #expect(after >= far + 100 && after < far + 160)
    }

    @Test func blockTimestampIntervalStepsFromTheParent() async throws {
        let node = try NodeTestSupport.makeNode()
        #expect(try await call(node, "anvil_setBlockTimestampInterval", "[100]") == .null)
        _ = try await call(node, "evm_mine")
        _ = try await call(node, "evm_mine")
        // Genesis is at 1,700,000,000 (NodeTestSupport).
        #expect(try hex(try await block(node, 1)["timestamp"]).uint64 == 1_700_000_100)
        #expect(try hex(try await block(node, 2)["timestamp"]).uint64 == 1_700_000_200)
        #expect(try await call(node, "anvil_removeBlockTimestampInterval") == .bool(true))
        #expect(try await call(node, "anvil_removeBlockTimestampInterval") == .bool(false))
        _ = try await call(node, "evm_mine")                                    // back to the clock
        #expect(try hex(try await block(node, 3)["timestamp"]).uint64 ?? 0 > 1_700_000_200)
    }

    // MARK: impersonation

    @Test func impersonatedAccountSendsUnsignedWithAUniqueStableHash() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await call(node, "anvil_setBalance", "[\"\(Self.whale1)\", \"0xde0b6b3a7640000\"]")
        _ = try await call(node, "anvil_setBalance", "[\"\(Self.whale2)\", \"0xde0b6b3a7640000\"]")
        let refused = try await error(node, "eth_sendTransaction", transfer(from: Self.whale1))
        #expect(refused?.code == -32000)
        #expect(refused?.message == "unknown account \(Self.whale1)")
        #expect(try await call(node, "anvil_impersonateAccount", "[\"\(Self.whale1)\"]") == .null)
        #expect(try await call(node, "hardhat_impersonateAccount", "[\"\(Self.whale2)\"]") == .null)
        // The same fields from two senders: keccak256(0x02 ‖ rlp([...; yParity 0, r = 0x01 ‖ sender, s = 1]))
        // computed with pyrlp + eth_utils.keccak.
        let h1 = try await call(node, "eth_sendTransaction", transfer(from: Self.whale1))
        let h2 = try await call(node, "eth_sendTransaction", transfer(from: Self.whale2))
        #expect(h1 == .string("0x9e42ebbd2a221f07650fd3fe3e6aeb9a4352bfa90aab47337fe764290930fe14"))
        #expect(h2 == .string("0xb921b4c799514d511c2157053811f7a293aef51cc8e9c9af7eecf4e34525d0a7"))
        let r = try await call(node, "eth_getTransactionReceipt", "[\(h1.text)]")
        #expect(r["status"] == .string("0x1"))
        #expect(r["from"] == .string(Self.whale1))
        let tx = try await call(node, "eth_getTransactionByHash", "[\(h1.text)]")
        #expect(tx["from"] == .string(Self.whale1))
        #expect(tx["r"] == .string("0x11111111111111111111111111111111111111111"))
        #expect(tx["s"] == .string("0x1"))
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.target)\", \"latest\"]") == .string("0x2468"))
        // Stopping ends it; the hardhat alias too.
        #expect(try await call(node, "anvil_stopImpersonatingAccount", "[\"\(Self.whale1)\"]") == .null)
        #expect(try await error(node, "eth_sendTransaction", transfer(from: Self.whale1, nonce: 1))?.code == -32000)
        _ = try await call(node, "hardhat_stopImpersonatingAccount", "[\"\(Self.whale2)\"]")
        #expect(try await error(node, "eth_sendTransaction", transfer(from: Self.whale2, nonce: 1))?.code == -32000)
        #expect(try await error(node, "anvil_impersonateAccount", "[\"0x1234\"]")?.code == -32602)
    }

    @Test func autoImpersonateAndContractSenders() async throws {
        let node = try NodeTestSupport.makeNode()
        let contract = "0x" + String(repeating: "cd", count: 20)
        _ = try await call(node, "anvil_setBalance", "[\"\(contract)\", \"0xde0b6b3a7640000\"]")
        _ = try await call(node, "anvil_setCode", "[\"\(contract)\", \"0x00\"]")    // STOP: an account with code
        #expect(try await call(node, "anvil_autoImpersonateAccount", "[true]") == .null)
        // EIP-3607 would refuse a sender with code; an impersonated one sends anyway (as anvil).
        let h = try await call(node, "eth_sendTransaction", transfer(from: contract))
        #expect(try await call(node, "eth_getTransactionReceipt", "[\(h.text)]")["status"] == .string("0x1"))
        #expect(try await call(node, "hardhat_autoImpersonateAccount", "[false]") == .null)
        #expect(try await error(node, "eth_sendTransaction", transfer(from: contract, nonce: 1))?.code == -32000)
        #expect(try await error(node, "anvil_autoImpersonateAccount", "[\"yes\"]")?.code == -32602)
        // A raw transaction is still checked by its signature: an unlocked dev account signs for real.
        _ = try await call(node, "anvil_autoImpersonateAccount", "[true]")
        let signed = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0))
        let tx = try await call(node, "eth_getTransactionByHash", "[\(signed.text)]")
        #expect(tx["s"] != .string("0x1"))
    }

    // MARK: pool

    @Test func dropTransactionsAndTxpoolShapes() async throws {
        let node = try NodeTestSupport.makeNode()
        _ = try await call(node, "evm_setAutomine", "[false]")
        let h0 = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0, nonce: 0))
        let h2 = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0, nonce: 2))   // behind a gap
        #expect(try await call(node, "txpool_status") == .object([("pending", .string("0x1")), ("queued", .string("0x1"))]))
        // geth's shapes: sender (checksummed) → decimal nonce → transaction / summary line.
        let content = try await call(node, "txpool_content")
        #expect(content["pending"]?[Self.dev0Checksummed]?["0"]?["hash"] == h0)
        #expect(content["pending"]?[Self.dev0Checksummed]?["0"]?["blockHash"] == .null)
        #expect(content["queued"]?[Self.dev0Checksummed]?["2"]?["hash"] == h2)
        let inspect = try await call(node, "txpool_inspect")
        // 0x1234 = 4660 wei; 21000 gas × maxFeePerGas 10 gwei.
        #expect(inspect["pending"]?[Self.dev0Checksummed]?["0"]
                == .string("\(Self.targetChecksummed): 4660 wei + 21000 gas × 10000000000 wei"))
        #expect(inspect["queued"]?[Self.dev0Checksummed]?["2"]
                == .string("\(Self.targetChecksummed): 4660 wei + 21000 gas × 10000000000 wei"))
        // Dropping nonce 0 leaves nonce 2 queued; an unknown hash answers null.
        #expect(try await call(node, "anvil_dropTransaction", "[\(h0.text)]") == h0)
        #expect(try await call(node, "eth_getTransactionByHash", "[\(h0.text)]") == .null)
        #expect(try await call(node, "hardhat_dropTransaction", "[\(h0.text)]") == .null)
        #expect(try await call(node, "txpool_status") == .object([("pending", .string("0x0")), ("queued", .string("0x1"))]))
        #expect(try await call(node, "anvil_dropAllTransactions") == .null)
        #expect(try await call(node, "txpool_status") == .object([("pending", .string("0x0")), ("queued", .string("0x0"))]))
        #expect(try await call(node, "txpool_content") == .object([("pending", .object([])), ("queued", .object([]))]))
        #expect(try await error(node, "anvil_dropTransaction", "[\"0x12\"]")?.code == -32602)
        // anvil_removePoolTransactions removes one sender's pending and queued transactions only.
        _ = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0, nonce: 0))
        _ = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0, nonce: 5))
        let dev1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
        _ = try await call(node, "eth_sendTransaction", transfer(from: dev1, nonce: 0))
        #expect(try await call(node, "anvil_removePoolTransactions", "[\"\(Self.dev0)\"]") == .null)
        #expect(try await call(node, "txpool_status") == .object([("pending", .string("0x1")), ("queued", .string("0x0"))]))
        _ = try await call(node, "anvil_dropAllTransactions")
        // A creation reads "contract creation: …".
        _ = try await call(node, "eth_sendTransaction",
                           "[{\"from\": \"\(Self.dev0)\", \"data\": \"0x00\", \"gas\": \"0x10000\", \"gasPrice\": \"0x3b9aca00\"}]")
        let creation = try await call(node, "txpool_inspect")
        #expect(creation["pending"]?[Self.dev0Checksummed]?["0"] == .string("contract creation: 0 wei + 65536 gas × 1000000000 wei"))
    }

    @Test func minGasPriceRefusesLowTips() async throws {
        let node = try NodeTestSupport.makeNode()
        #expect(try await call(node, "anvil_setMinGasPrice", "[\"0x77359400\"]") == .null)     // 2 gwei
        let low = try await error(node, "eth_sendTransaction", transfer(from: Self.dev0))
        #expect(low?.code == -32000)
        #expect(low?.message == "transaction gas price below minimum: gas tip cap 1000000000, minimum needed 2000000000")
        let ok = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0, tip: "0x77359400"))
        #expect(try await call(node, "eth_getTransactionReceipt", "[\(ok.text)]")["status"] == .string("0x1"))
        #expect(try await call(node, "hardhat_setMinGasPrice", "[0]") == .null)
        _ = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0, nonce: 1))
        #expect(try await error(node, "anvil_setMinGasPrice", "[\"cheap\"]")?.code == -32602)
    }

    // MARK: next blocks

    @Test func nextBlockBaseFeeThenEIP1559() async throws {
        let node = try NodeTestSupport.makeNode()
        #expect(try await call(node, "anvil_setNextBlockBaseFeePerGas", "[\"0x12a05f200\"]") == .null)   // 5 gwei
        #expect(try hex(try await call(node, "eth_gasPrice")) == UInt256(6_000_000_000))     // + 1 gwei tip
        _ = try await call(node, "evm_mine")
        #expect(try await block(node, 1)["baseFeePerGas"] == .string("0x12a05f200"))
        _ = try await call(node, "evm_mine")
        // EIP-1559 from 5 gwei after an empty block: 5e9 − 5e9/8 = 4,375,000,000.
        #expect(try hex(try await block(node, 2)["baseFeePerGas"]) == UInt256(4_375_000_000))
        #expect(try await call(node, "hardhat_setNextBlockBaseFeePerGas", "[0]") == .null)
        _ = try await call(node, "evm_mine")
        #expect(try await block(node, 3)["baseFeePerGas"] == .string("0x0"))
        #expect(try await error(node, "anvil_setNextBlockBaseFeePerGas", "[]")?.code == -32602)
    }

    @Test func coinbaseGetsTheTips() async throws {
        let node = try NodeTestSupport.makeNode()
        let miner = "0x" + String(repeating: "c0", count: 20)
        #expect(try await call(node, "anvil_setCoinbase", "[\"\(miner)\"]") == .null)
        #expect(try await call(node, "eth_coinbase") == .string(miner))
        let h = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0))
        let r = try await call(node, "eth_getTransactionReceipt", "[\(h.text)]")
        let b = try await block(node, 1)
        #expect(b["miner"] == .string(miner))
        // The coinbase earns gasUsed × (effectiveGasPrice − baseFee) (EIP-1559).
        let tip = try hex(r["effectiveGasPrice"]) &- (try hex(b["baseFeePerGas"]))
        #expect(tip == UInt256(1_000_000_000))
        #expect(try hex(try await call(node, "eth_getBalance", "[\"\(miner)\", \"latest\"]")) == UInt256(21_000) &* tip)
        let other = "0x" + String(repeating: "c1", count: 20)
        _ = try await call(node, "hardhat_setCoinbase", "[\"\(other)\"]")
        _ = try await call(node, "evm_mine")
        #expect(try await block(node, 2)["miner"] == .string(other))
        #expect(try await error(node, "anvil_setCoinbase", "[]")?.code == -32602)
    }

    @Test func blockGasLimitForHeadersAndThePool() async throws {
        let node = try NodeTestSupport.makeNode()
        #expect(try await call(node, "anvil_setBlockGasLimit", "[\"0x186a0\"]") == .bool(true))   // 100,000
        _ = try await call(node, "evm_mine")
        #expect(try await block(node, 1)["gasLimit"] == .string("0x186a0"))
        let big = try await error(node, "eth_sendTransaction",
                                  "[{\"from\": \"\(Self.dev0)\", \"to\": \"\(Self.target)\", \"gas\": \"0x30d40\"}]")
        #expect(big?.code == -32000)
        #expect(big?.message.contains("exceeds block gas limit") == true)
        #expect(try await call(node, "evm_setBlockGasLimit", "[30000000]") == .bool(true))
        _ = try await call(node, "evm_mine")
        #expect(try await block(node, 2)["gasLimit"] == .string("0x1c9c380"))
        let zero = try await error(node, "anvil_setBlockGasLimit", "[\"0x0\"]")
        #expect(zero?.code == -32602)
        #expect(zero?.message.contains("above 0") == true)
        #expect(try await error(node, "anvil_setBlockGasLimit", "[\"0x10000000000000000\"]")?.code == -32602)
    }

    // MARK: node

    @Test func resetGoesBackToGenesis() async throws {
        let node = try NodeTestSupport.makeNode()
        let genesis = try await block(node, 0)
        let before = try await call(node, "eth_getBalance", "[\"\(Self.dev0)\", \"latest\"]")
        _ = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0))
        _ = try await call(node, "anvil_setCoinbase", "[\"\(Self.target)\"]")
        _ = try await call(node, "evm_snapshot")
        _ = try await call(node, "anvil_mine", "[3]")
        _ = try await call(node, "evm_setAutomine", "[false]")
        #expect(try await call(node, "anvil_reset") == .null)
        #expect(try await blockNumber(node) == 0)
        #expect(try await block(node, 0)["hash"] == genesis["hash"])
        #expect(try await block(node, 1) == .null)
        #expect(try await call(node, "eth_getBalance", "[\"\(Self.dev0)\", \"latest\"]") == before)
        #expect(try await call(node, "eth_coinbase") == genesis["miner"])
        #expect(try await call(node, "evm_revert", "[\"0x1\"]") == .bool(false))      // snapshots are gone
        #expect(try await call(node, "anvil_getAutomine") == .bool(false))             // the mining mode is kept
        // The chain goes on from genesis; the same transaction is new again.
        _ = try await call(node, "evm_setAutomine", "[true]")
        _ = try await call(node, "hardhat_reset", "[{}]")
        let again = try await call(node, "eth_sendTransaction", transfer(from: Self.dev0))
        #expect(try await call(node, "eth_getTransactionReceipt", "[\(again.text)]")["blockNumber"] == .string("0x1"))
        let forking = try await error(node, "anvil_reset",
                                      "[{\"forking\": {\"jsonRpcUrl\": \"http://localhost:8545\", \"blockNumber\": 1}}]")
        #expect(forking?.code == -32602)
        #expect(forking?.message.contains("forking is not supported") == true)
        #expect(try await error(node, "anvil_reset", "[7]")?.code == -32602)
    }

    @Test func nodeInfoInAnvilsShape() async throws {
        let node = try NodeTestSupport.makeNode()
        let genesis = try await block(node, 0)
        let info = try await call(node, "anvil_nodeInfo")
        #expect(info["currentBlockNumber"] == .string("0x0"))
        #expect(info["currentBlockTimestamp"] == .number("1700000000"))
        #expect(info["currentBlockHash"] == genesis["hash"])
        #expect(info["transactionOrder"] == .string("fees"))
        #expect(info["environment"]?["chainId"] == .number("133718"))
        #expect(info["environment"]?["gasLimit"] == genesis["gasLimit"])
        // The next block's base fee: EIP-1559 from the genesis base fee after an empty block (−1/8).
        let g = try hex(genesis["baseFeePerGas"])
        #expect(try hex(info["environment"]?["baseFee"]) == g &- g / UInt256(8))
        #expect(info["environment"]?["gasPrice"] == (try await call(node, "eth_gasPrice")))
        #expect(info["forkConfig"]?["forkUrl"] == .null)
        #expect(try await call(node, "anvil_setLoggingEnabled", "[false]") == .null)
        #expect(try await call(node, "hardhat_setLoggingEnabled", "[true]") == .null)
        #expect(try await error(node, "anvil_setLoggingEnabled", "[\"on\"]")?.code == -32602)
    }

    @Test func metadataInAnvilsAndHardhatsShape() async throws {
        let node = try NodeTestSupport.makeNode()
        let genesis = try await block(node, 0)
        let m = try await call(node, "anvil_metadata")
        #expect(m["chainId"] == .number("133718"))
        #expect(m["latestBlockNumber"] == .number("0"))
        #expect(m["latestBlockHash"] == genesis["hash"])
        #expect(m["forkedNetwork"] == .null)
        #expect(m["snapshots"] == .object([]))
        #expect(m["clientVersion"] == (try await call(node, "web3_clientVersion")))
        let id = try #require(m["instanceId"]?.stringValue)
        #expect(id.count == 66)
        let h = try await call(node, "hardhat_metadata")
        #expect(h["instanceId"]?.stringValue == id && h["snapshots"] == nil)
        // A reset is another instance (anvil and Hardhat renew the id).
        _ = try await call(node, "anvil_reset")
        #expect(try await call(node, "anvil_metadata")["instanceId"]?.stringValue != id)
        #expect(try await call(node, "anvil_enableTraces") == .null)
    }

    @Test func revertRestoresEveryDevSetting() async throws {
        let node = try NodeTestSupport.makeNode()
        let miner = try await call(node, "eth_coinbase")
        let id = try await call(node, "evm_snapshot")
        _ = try await call(node, "anvil_setCoinbase", "[\"\(Self.target)\"]")
        _ = try await call(node, "anvil_setBlockGasLimit", "[\"0x186a0\"]")
        _ = try await call(node, "anvil_impersonateAccount", "[\"\(Self.whale1)\"]")
        _ = try await call(node, "anvil_setIntervalMining", "[3600]")
        _ = try await call(node, "evm_mine")
        #expect(try await call(node, "evm_revert", "[\(id.text)]") == .bool(true))
        #expect(try await blockNumber(node) == 0)                                          // block number restored
        #expect(try await call(node, "eth_coinbase") == miner)
        #expect(try await call(node, "anvil_getAutomine") == .bool(true))
        #expect(try await call(node, "anvil_getIntervalMining") == .null)
        _ = try await call(node, "evm_mine")
        #expect(try await block(node, 1)["gasLimit"] == (try await block(node, 0))["gasLimit"])
        #expect(try await error(node, "eth_sendTransaction", transfer(from: Self.whale1))?.code == -32000)
        #expect(try await call(node, "evm_revert", "[\(id.text)]") == .bool(false))  // an id works once
    }
}
