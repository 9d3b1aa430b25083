import Chain
import DevnetCrypto
import Node
import Primitives
import Synchronization
import Testing
@testable import Rollup

/// A scripted chain for the relayer's bookkeeping: it answers the JSON-RPC methods the relayer
/// uses from a list of blocks and logs, and "mines" each raw transaction it receives at once by
/// calling `onSend`, which may add logs (e.g. the messenger's RelayedMessage). No EVM: the
/// contracts' side is played by the test.
final class ScriptedChain: RPCHandler, @unchecked Sendable {
    struct State {
        var head: UInt64 = 0
        var timestamps: [UInt64: UInt64] = [0: 1_000]
        var stateRoots: [UInt64: Hash] = [:]
        var logs: [RollupLog] = []
        var receipts: [Hash: JSON] = [:]
        var sent: [Transaction] = []
        var successful: Set<Hash> = []
        var window: UInt64 = 30
        var estimateRevert: String?
        var storageValue = "0x1"
    }
    let state = Mutex(State())
    let onSend: @Sendable (Transaction, Hash, ScriptedChain) -> Void

    init(onSend: @escaping @Sendable (Transaction, Hash, ScriptedChain) -> Void = { _, _, _ in }) {
        self.onSend = onSend
    }

    /// Appends a block (timestamp, state root) and returns its number.
    @discardableResult
    func mine(timestamp: UInt64? = nil, stateRoot: Hash? = nil, logs: [(Address, [Hash], [UInt8])] = [], tx: Hash? = nil) -> UInt64 {
        state.withLock { s in
            s.head += 1
            let n = s.head
            s.timestamps[n] = timestamp ?? (s.timestamps[n - 1]! + 1)
            s.stateRoots[n] = stateRoot ?? Keccak256.hash(Array("state\(n)".utf8))
            for (i, l) in logs.enumerated() {
                s.logs.append(RollupLog(address: l.0, topics: l.1, data: l.2, blockNumber: n,
                                       transactionHash: tx ?? Keccak256.hash(Array("tx\(n)".utf8)), logIndex: UInt64(i)))
            }
            return n
        }
    }

    static func logJSON(_ e: RollupLog) -> JSON {
        .object([("address", .string(e.address.hex)), ("topics", .array(e.topics.map { .string($0.hex) })),
                 ("data", .string(Hex.encode(e.data))), ("blockNumber", .string(Hex.quantity(e.blockNumber))),
                 ("transactionHash", .string(e.transactionHash.hex)), ("logIndex", .string(Hex.quantity(e.logIndex)))])
    }

    func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        guard case .array(let p) = params else { throw .invalidParams("array expected") }
        switch method {
        case "eth_blockNumber":
            return .string(Hex.quantity(state.withLock { $0.head }))
        case "eth_getBlockByNumber":
            let s = state.withLock { $0 }
            let tag = p[0].stringValue!
            let n = tag == "latest" ? s.head : (try! Hex.parseQuantity(tag)).low64
            guard n <= s.head else { return .null }
            return .object([("number", .string(Hex.quantity(n))), ("timestamp", .string(Hex.quantity(s.timestamps[n]!))),
                            ("baseFeePerGas", .string("0x3b9aca00")),
                            ("stateRoot", .string((s.stateRoots[n] ?? .zero).hex))])
        case "eth_getLogs":
            let f = p[0]
            let address = Address(hex: f["address"]!.stringValue!)!
            let from = (try! Hex.parseQuantity(f["fromBlock"]!.stringValue!)).low64
            let toTag = f["toBlock"]!.stringValue!
            let s = state.withLock { $0 }
            let to = toTag == "latest" ? s.head : (try! Hex.parseQuantity(toTag)).low64
            var topic0: Hash?
            if case .array(let ts)? = f["topics"], let t = ts.first?.stringValue { topic0 = Hash(hex: t) }
            return .array(s.logs.filter {
                $0.address == address && $0.blockNumber >= from && $0.blockNumber <= to && (topic0 == nil || $0.topics.first == topic0)
            }.map(Self.logJSON))
        case "eth_call":
            let data = try! Hex.decode(p[0]["data"]!.stringValue!)
            let s = state.withLock { $0 }
            if Array(data.prefix(4)) == ABI.selector("successfulMessages(bytes32)") {
                let h = Hash(data[4..<36])
                return .string(Hex.encode(ABI.word(s.successful.contains(h) ? .one : .zero)))
            }
            if Array(data.prefix(4)) == ABI.selector("FRAUD_PROOF_WINDOW()") {
                return .string(Hex.encode(ABI.word(UInt256(s.window))))
            }
            throw RPCError(code: 3, message: "execution reverted")
        case "eth_estimateGas":
            if let why = state.withLock({ $0.estimateRevert }) { throw RPCError(code: 3, message: "execution reverted: \(why)") }
            return .string("0x186a0")
        case "eth_getTransactionCount":
            return .string(Hex.quantity(UInt64(state.withLock { $0.sent.count })))
        case "eth_sendRawTransaction":
            let raw = try! Hex.decode(p[0].stringValue!)
            let tx = try! Transaction.decode(raw: raw)
            let hash = Keccak256.hash(raw)
            state.withLock { $0.sent.append(tx) }
            onSend(tx, hash, self)
            return .string(hash.hex)
        case "eth_getTransactionReceipt":
            let h = Hash(hex: p[0].stringValue!)!
            return state.withLock { $0.receipts[h] } ?? .null
        case "eth_getProof":
            let slot = p[1]
            guard case .array(let keys) = slot, let key = keys.first else { throw .invalidParams("keys") }
            let value = state.withLock { $0.storageValue }
            return .object([("accountProof", .array([.string("0xaa01"), .string("0xaa02")])),
                            ("storageProof", .array([.object([("key", key), ("value", .string(value)),
                                                              ("proof", .array([.string("0xbb01")]))])]))])
        default:
            throw .methodNotFound(method)
        }
    }

    /// Mines `tx` in a new block with the messenger's RelayedMessage(keccak(relay calldata)) and a receipt.
    func mineRelay(_ tx: Transaction, _ hash: Hash, messenger: Address, msgHash: Hash, ok: Bool = true) {
        let topic = ok ? RollupEvents.relayedMessage : RollupEvents.failedRelayedMessage
        let n = mine(logs: [(messenger, [topic, msgHash], [])], tx: hash)
        state.withLock { s in
            if ok { s.successful.insert(msgHash) }
            s.receipts[hash] = .object([
                ("status", .string("0x1")), ("blockNumber", .string(Hex.quantity(n))),
                ("logs", .array([Self.logJSON(RollupLog(address: messenger, topics: [topic, msgHash], data: [], blockNumber: n,
                                                       transactionHash: hash, logIndex: 0))])),
            ])
        }
    }
}

@Suite struct RelayerBookkeepingTests {
    static let addresses = RelayerAddresses()
    static let key = try! HDWallet.derive(seed: HDWallet.seed(mnemonic: ChainConfig.devMnemonic), path: "m/44'/60'/0'/1/3")

    static func deposit(_ i: UInt64) -> CrossDomainMessage {
        CrossDomainMessage(target: Address(hex: "0x4200000000000000000000000000000000000010")!,
                           sender: Address(hex: "0x3980c9ed79d2c191a89e02fa3529c60ed6e9c04b")!,
                           message: Array("deposit \(i)".utf8), nonce: UInt256(i))
    }

    /// Adds CTC TransactionEnqueued logs for queue indexes `range` to `l1`, one block each.
    static func enqueue(_ l1: ScriptedChain, _ range: Range<UInt64>) {
        for i in range {
            let m = deposit(i)
            let data = ABI.encode([.uint64(200_000), .bytes(m.relayCalldata), .uint64(1_000 + i)], types: [.uint(256), .bytes, .uint(256)])
            l1.mine(logs: [(addresses.canonicalTransactionChain,
                            [RollupEvents.transactionEnqueued, Hash(addresses.l1CrossDomainMessenger.word),
                             Hash(addresses.l2CrossDomainMessenger.word), Hash(UInt256(i))], data)])
        }
    }

    static func makeL2() -> ScriptedChain {
        ScriptedChain { tx, hash, chain in
            chain.mineRelay(tx, hash, messenger: addresses.l2CrossDomainMessenger, msgHash: Keccak256.hash(tx.data))
        }
    }

    @Test func relaysDepositsInQueueOrderOnce() async throws {
        let l1 = ScriptedChain(), l2 = Self.makeL2()
        Self.enqueue(l1, 0..<3)
        let relayer = Relayer(l1: RollupClient(node: l1, chainId: 31337), l2: RollupClient(node: l2, chainId: 133718), key: Self.key)
        try await relayer.step()
        let sent = l2.state.withLock { $0.sent }
        #expect(sent.map(\.data) == (0..<3).map { Self.deposit($0).relayCalldata })
        #expect(sent.allSatisfy { $0.to == Self.addresses.l2CrossDomainMessenger && $0.chainId == 133718 })
        #expect(sent.map(\.nonce) == [0, 1, 2])
        #expect(try sent[0].sender() == Self.key.address)
        // The enqueue asked for 200,000 L2 gas: the relay gives at least that plus 100,000.
        #expect(sent.allSatisfy { $0.gasLimit >= 300_000 })
        try await relayer.step()
        let deposits = await relayer.deposits
        #expect(deposits.map(\.status) == [.relayed, .relayed, .relayed])
        #expect(deposits.allSatisfy { $0.l2TxHash != nil && $0.l2BlockNumber != nil })
        // More rounds send nothing more; a new enqueue is sent alone.
        try await relayer.step()
        Self.enqueue(l1, 3..<4)
        try await relayer.step()
        #expect(l2.state.withLock { $0.sent.count } == 4)
    }

    @Test func restartRelaysNothingTwice() async throws {
        let l1 = ScriptedChain(), l2 = Self.makeL2()
        Self.enqueue(l1, 0..<2)
        let first = Relayer(l1: RollupClient(node: l1, chainId: 31337), l2: RollupClient(node: l2, chainId: 133718), key: Self.key)
        try await first.step()
        #expect(l2.state.withLock { $0.sent.count } == 2)
        // A new relayer (a restart) finds both relayed from the L2 messenger's events.
        let second = Relayer(l1: RollupClient(node: l1, chainId: 31337), l2: RollupClient(node: l2, chainId: 133718), key: Self.key)
        try await second.step()
        #expect(l2.state.withLock { $0.sent.count } == 2)
        let deposits = await second.deposits
        #expect(deposits.map(\.status) == [.relayed, .relayed])
        let firstTx = await first.deposits.map(\.l2TxHash)
        #expect(deposits.map(\.l2TxHash) == firstTx)
    }

    @Test func skipsWhatTheMessengerReportsDone() async throws {
        // No events on L2, but successfulMessages(hash) is true: nothing is sent.
        let l1 = ScriptedChain(), l2 = ScriptedChain()
        Self.enqueue(l1, 0..<2)
        l2.state.withLock { $0.successful = [Self.deposit(0).hash, Self.deposit(1).hash] }
        let relayer = Relayer(l1: RollupClient(node: l1, chainId: 31337), l2: RollupClient(node: l2, chainId: 133718), key: Self.key)
        try await relayer.step()
        #expect(l2.state.withLock { $0.sent.count } == 0)
        #expect(await relayer.deposits.map(\.status) == [.relayed, .relayed])
    }

    @Test func failedTargetCallIsNotRetried() async throws {
        let l1 = ScriptedChain()
        let l2 = ScriptedChain { tx, hash, chain in
            chain.mineRelay(tx, hash, messenger: Self.addresses.l2CrossDomainMessenger, msgHash: Keccak256.hash(tx.data), ok: false)
        }
        Self.enqueue(l1, 0..<1)
        let relayer = Relayer(l1: RollupClient(node: l1, chainId: 31337), l2: RollupClient(node: l2, chainId: 133718), key: Self.key)
        try await relayer.step()
        try await relayer.step()
        try await relayer.step()
        #expect(l2.state.withLock { $0.sent.count } == 1)
        #expect(await relayer.deposits.map(\.status) == [.failed])
    }

    // MARK: withdrawals

    static let withdrawal = CrossDomainMessage(target: Address(hex: "0x3980c9ed79d2c191a89e02fa3529c60ed6e9c04b")!,
                                               sender: Address(hex: "0x4200000000000000000000000000000000000010")!,
                                               message: Array("withdraw".utf8), nonce: UInt256(0))

    final class Clock: @unchecked Sendable {
        let t = Mutex<Double>(0)
    }

    /// An L2 with blocks 1…4 (SentMessage in block 2) and an L1 whose block 1 (timestamp 5,000)
    /// appends a batch of blocks 1…3 with `root`.
    static func withdrawalSetup(root: Hash? = nil) -> (ScriptedChain, ScriptedChain, Relayer, Clock, Hash) {
        let l1 = ScriptedChain { tx, hash, chain in
            // The L1 messenger: relayMessage(…, proof) with the 4-argument message inside.
            let args = try! ABI.decode("(address,address,bytes,uint256)", from: Array(tx.data.dropFirst(4)))
            let m = CrossDomainMessage(target: args[0].addressValue!, sender: args[1].addressValue!,
                                       message: args[2].bytesValue!, nonce: args[3].word!)
            chain.mineRelay(tx, hash, messenger: addresses.l1CrossDomainMessenger, msgHash: m.hash)
        }
        let l2 = ScriptedChain()
        l2.mine()
        let data = ABI.encode([.address(withdrawal.sender), .bytes(withdrawal.message), .uint(withdrawal.nonce), .uint64(100_000)],
                              types: [.address, .bytes, .uint(256), .uint(256)])
        let sentTx = Keccak256.hash(Array("withdraw tx".utf8))
        l2.mine(logs: [(addresses.l2CrossDomainMessenger, [RollupEvents.sentMessage, Hash(withdrawal.target.word)], data)], tx: sentTx)
        l2.mine()
        l2.mine()
        let roots = l2.state.withLock { s in (1...3).map { s.stateRoots[$0]! } }
        let header = ABI.encode([.bytes32(root ?? (StateBatchMerkle.root(roots))), .uint64(3), .uint64(0),
                                 .bytes(ABI.encode([.uint64(5_000), .address(key.address)], types: [.uint(256), .address]))],
                                types: [.fixedBytes(32), .uint(256), .uint(256), .bytes])
        l1.mine(timestamp: 5_000, logs: [(addresses.stateCommitmentChain, [RollupEvents.stateBatchAppended, Hash(UInt256(0))], header)])
        let clock = Clock()
        clock.t.withLock { $0 = 5_010 }
        let relayer = Relayer(l1: RollupClient(node: l1, chainId: 31337), l2: RollupClient(node: l2, chainId: 133718),
                              key: key, now: { clock.t.withLock { $0 } })
        return (l1, l2, relayer, clock, sentTx)
    }

    @Test func withdrawalWaitsForTheWindowThenRelaysWithAProof() async throws {
        let (l1, _, relayer, clock, sentTx) = Self.withdrawalSetup()
        try await relayer.step()
        var list = await relayer.withdrawalsJSON()
        guard case .array(let items) = list else { Issue.record("not an array"); return }
        #expect(items.count == 1)
        #expect(items[0]["status"] == .string("inChallengeWindow"))
        #expect(items[0]["secondsLeft"] == .number("20"))
        #expect(items[0]["stateBatchIndex"] == .string("0x0"))
        #expect(l1.state.withLock { $0.sent.count } == 0)

        // The proof is served inside the window already (users may try, and fail, to finalize early).
        let answer = try await RelayerRPC(relayer: relayer).call(method: "devnet_getWithdrawalProof",
                                                                 params: .array([.string(sentTx.hex)]))
        #expect(answer["status"] == .string("inChallengeWindow"))
        #expect(answer["proof"]?["stateRootProof"]?["index"] == .string("0x1"))

        clock.t.withLock { $0 = 5_030 }
        try await relayer.step()
        let sent = l1.state.withLock { $0.sent }
        #expect(sent.count == 1)
        #expect(sent[0].to == Self.addresses.l1CrossDomainMessenger)
        #expect(Hex.encode(sent[0].data) == answer["calldata"]?.stringValue)
        // The proof inside the calldata: element 1 (block 2) of the 3-root batch, with 2 siblings
        // that lead to the batch root, and the eth_getProof node lists.
        let v = try ABI.decode("(address,address,bytes,uint256,\(WithdrawalProof.abiType))", from: Array(sent[0].data.dropFirst(4)))
        let proof = try #require(v[4].items)
        let inclusion = try #require(proof[2].items)
        let siblings = try #require(inclusion[1].items).map { Hash($0.bytesValue!) }
        #expect(inclusion[0].word == UInt256(1))
        let header = try #require(proof[1].items)
        #expect(StateBatchMerkle.verify(leaf: Hash(proof[0].bytesValue!), index: 1, siblings: siblings, root: Hash(header[1].bytesValue!)))
        #expect(proof[3].items == [.bytes([0xaa, 0x01]), .bytes([0xaa, 0x02])])
        #expect(proof[4].items == [.bytes([0xbb, 0x01])])

        try await relayer.step()
        list = await relayer.withdrawalsJSON()
        #expect(list.arrayItems?.first?["status"] == .string("relayed"))
        #expect(list.arrayItems?.first?["l1TxHash"] == .string(Keccak256.hash(sent[0].encoded()).hex))
        try await relayer.step()
        #expect(l1.state.withLock { $0.sent.count } == 1)
    }

    @Test func batchThatDoesNotMatchTheL2IsNotUsed() async throws {
        let (l1, _, relayer, clock, sentTx) = Self.withdrawalSetup(root: Keccak256.hash(Array("wrong".utf8)))
        clock.t.withLock { $0 = 6_000 }
        try await relayer.step()
        #expect(l1.state.withLock { $0.sent.count } == 0)
        #expect(await relayer.withdrawalsJSON().arrayItems?.first?["status"] == .string("waitingForStateBatch"))
        await #expect(throws: RPCError.self) {
            try await RelayerRPC(relayer: relayer).call(method: "devnet_getWithdrawalProof", params: .array([.string(sentTx.hex)]))
        }
    }

    @Test func someoneElsesRelayIsSeen() async throws {
        let (l1, _, relayer, clock, _) = Self.withdrawalSetup()
        try await relayer.step()
        // The user finalizes first: the L1 messenger's RelayedMessage appears.
        let userTx = Keccak256.hash(Array("user".utf8))
        l1.mine(logs: [(Self.addresses.l1CrossDomainMessenger, [RollupEvents.relayedMessage, Self.withdrawal.hash], [])], tx: userTx)
        clock.t.withLock { $0 = 6_000 }
        try await relayer.step()
        #expect(l1.state.withLock { $0.sent.count } == 0)
        let item = await relayer.withdrawalsJSON().arrayItems?.first
        #expect(item?["status"] == .string("relayed"))
        #expect(item?["l1TxHash"] == .string(userTx.hex))
    }

    @Test func proofRequestErrors() async throws {
        let l1 = ScriptedChain(), l2 = ScriptedChain()
        let rpc = RelayerRPC(relayer: Relayer(l1: RollupClient(node: l1, chainId: 31337), l2: RollupClient(node: l2, chainId: 133718), key: Self.key))
        await #expect(throws: RPCError.invalidParams("invalid argument 0: expected a 32-byte transaction hash")) {
            try await rpc.call(method: "devnet_getWithdrawalProof", params: .array([.string("0x12")]))
        }
        await #expect(throws: RPCError.self) {
            try await rpc.call(method: "devnet_getWithdrawalProof", params: .array([.string(Hash.zero.hex)]))
        }
        #expect(rpc.methods == ["devnet_deposits": 0, "devnet_withdrawals": 0, "devnet_getWithdrawalProof": 1])
    }
}

extension JSON {
    var arrayItems: [JSON]? { if case .array(let a) = self { a } else { nil } }
}
