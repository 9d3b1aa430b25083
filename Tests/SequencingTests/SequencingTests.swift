import Chain
import DevnetCrypto
import Foundation
import Primitives
import Rollup
import State
import Synchronization
import Testing
@testable import Sequencing

/// The package root (the directory holding Package.swift), found from this file.
func packageRoot(_ file: String = #filePath) -> URL {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url = url.deletingLastPathComponent()
    }
    return url
}

@Suite("leader draw")
struct DrawTests {
    /// Tests/Vectors/sequencer-draw.json, made by scripts/sequencer-draw-vectors.py with
    /// eth_utils.keccak (the script's docstring has the command line).
    @Test("the draw matches the Python vectors (keccak word and leader)")
    func vectors() throws {
        let url = packageRoot().appendingPathComponent("Tests/Vectors/sequencer-draw.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(RollupConfig.defaultSeed == Hash(hex: json["defaultSeed"] as! String)!)
        let cases = try #require(json["cases"] as? [[String: Any]])
        #expect(cases.count == 120)
        for c in cases {
            let seed = Hash(hex: c["seed"] as! String)!
            let k = UInt64(c["epoch"] as! Int)
            let attempt = (c["attempt"] as? Int).map(UInt64.init)
            let stakes = (c["stakes"] as! [String]).map { try! Hex.parseQuantity($0) }
            #expect(SequencerDraw.randomWord(seed: seed, epoch: k, attempt: attempt) == (try Hex.parseQuantity(c["word"] as! String)))
            #expect(SequencerDraw.leader(seed: seed, epoch: k, attempt: attempt, stakes: stakes) == c["leader"] as? Int)
        }
    }

    @Test("no stake, no leader")
    func noStake() {
        #expect(SequencerDraw.leader(seed: RollupConfig.defaultSeed, epoch: 1, stakes: [.zero, .zero]) == nil)
        #expect(SequencerDraw.leader(seed: RollupConfig.defaultSeed, epoch: 1, stakes: []) == nil)
    }
}

/// An L2 in process: MetisSequencerSet at its address (initialized in block 1 by dev 0 with
/// mpcAddress = SYSTEM_ADDRESS, epoch length 4), 3 sequencers (m/44'/60'/0'/2/i of the dev
/// mnemonic) staked 50,000 METIS each, a clock the test moves.
final class Scene {
    static let mnemonic = "test test test test test test test test test test test junk"
    static let e18 = UInt256(1_000_000_000_000_000_000 as UInt64)
    static let stake = UInt256(50_000) &* e18
    let chain: Blockchain
    let set: SequencerSet
    let devKeys: [PrivateKey]
    /// Seconds on the set's monotonic clock.
    final class Clock: Sendable {
        let seconds = Mutex(0.0)
    }
    let clock = Clock()
    var nonces: [Int: UInt64] = [:]

    init(stallTimeout: Double = 3, firstSigner: Int? = nil) throws {
        let seed = HDWallet.seed(mnemonic: Self.mnemonic)
        let keys = try (0..<3).map { try HDWallet.derive(seed: seed, path: "m/44'/60'/0'/2/\($0)") }
        devKeys = try HDWallet.devAccounts(mnemonic: Self.mnemonic, count: 4)
        var alloc = ChainConfig.devAlloc(devKeys.map(\.address))
        alloc[SequencerSet.metisSequencerSet] = Account(code: RollupContracts.metisSequencerSetRuntime)
        let config = try ChainConfig(chainId: 133718, alloc: alloc, genesisTimestamp: 1_700_000_000)
        chain = Blockchain(config: config)
        var now: UInt64 = 1_700_000_100
        chain.clock = { now += 1; return now }
        let clock = self.clock
        set = SequencerSet(config: .init(seed: RollupConfig.defaultSeed, stallTimeout: stallTimeout, keys: keys,
                                         initialStakes: [Self.stake, Self.stake, Self.stake]),
                           now: { clock.seconds.withLock { $0 } })
        let first = firstSigner ?? SequencerDraw.leader(seed: RollupConfig.defaultSeed, epoch: 1, stakes: [Self.stake, Self.stake, Self.stake])!
        try send(0, to: SequencerSet.metisSequencerSet, data: ABI.call("initialize(address,address,uint256,address)",
            [.address(devKeys[0].address), .address(SystemCall.systemAddress), .uint64(4), .address(keys[first].address)]),
            gas: 300_000)
        #expect(chain.headNumber == 1 && chain.receipt(transactionHash: chain.head.transactionHashes[0])?.status == true)
        chain.prelude = set
        chain.sealer = set
    }

    /// Sends a transaction from dev key `from`; returns its hash.
    @discardableResult
    func send(_ from: Int, to: Address = Address(hex: "0x00000000000000000000000000000000000000aa")!, data: [UInt8] = [],
              gas: UInt64 = 21_000) throws -> Hash {
        let n = nonces[from, default: 0]
        nonces[from] = n + 1
        let tx = Transaction(type: .dynamicFee, chainId: 133718, nonce: n, maxPriorityFeePerGas: UInt256(1_000_000_000),
                             maxFeePerGas: UInt256(10_000_000_000), gasLimit: gas, to: to,
                             value: data.isEmpty ? UInt256(1) : .zero, data: data)
        return try chain.submit(raw: try Transaction.sign(unsigned: tx, key: devKeys[from]).encoded())
    }

    func advance(_ seconds: Double) { clock.seconds.withLock { $0 += seconds } }

    /// A view call on the head state.
    func read(_ sig: String, _ args: [ABIValue], returns: String) throws -> [ABIValue] {
        let out = try chain.call(CallRequest(to: SequencerSet.metisSequencerSet, data: ABI.call(sig, args)), at: chain.headNumber)
        return try ABI.decode(returns, from: out.output)
    }

    func epoch(_ id: UInt64) throws -> (signer: Address, start: UInt64, end: UInt64) {
        let v = try read("epochs(uint256)", [.uint64(id)], returns: "(uint256,address,uint256,uint256)")
        return (v[1].addressValue!, v[2].word!.low64, v[3].word!.low64)
    }

    var currentEpoch: UInt64 { get throws { try read("currentEpochNumber()", [], returns: "(uint256)")[0].word!.low64 } }

    func leader(_ k: UInt64, attempt: UInt64? = nil, stakes: [UInt256]? = nil) -> Int {
        SequencerDraw.leader(seed: RollupConfig.defaultSeed, epoch: k, attempt: attempt,
                             stakes: stakes ?? [Self.stake, Self.stake, Self.stake])!
    }
}

@Suite("sequencer set")
struct SequencerSetTests {
    @Test("epochs rotate by the draw: each block's miner is its epoch's drawn leader, committed on L2 by the prelude")
    func rotation() throws {
        let s = try Scene()
        for _ in 0..<11 { try s.send(1) }   // blocks 2…12: epochs 1 (1–4), 2 (5–8), 3 (9–12)
        #expect(s.chain.headNumber == 12)
        for n in UInt64(2)...12 {
            let k = (n - 1) / 4 + 1
            #expect(s.chain.block(number: n)?.header.coinbase == s.set.address(s.leader(k)), "block \(n)")
        }
        #expect(try s.currentEpoch == 3)
        let e3 = try s.epoch(3)
        #expect(e3.signer == s.set.address(s.leader(3)) && e3.start == 9 && e3.end == 12)
        let records = s.set.epochRecords
        #expect(records[2]?.origin == .draw && records[2]?.firstBlock == 5 && records[3]?.leader == s.leader(3))
        // Seals recover to the miner.
        let head = s.chain.head
        let seal = try #require(s.set.seal(blockHash: head.hash, sealer: head.header.coinbase))
        let sig = Signature(r: UInt256(bigEndian: seal[0..<32]), s: UInt256(bigEndian: seal[32..<64]), yParity: seal[64] - 27)
        #expect(try Secp256k1.recoverAddress(hash: head.hash, signature: sig) == head.header.coinbase)
        // Every block was verified by the two other (live) sequencers.
        #expect(s.set.verifiers(ofBlock: head.header.number, hash: head.hash)?.count == 2)
        // Replay of a block opening an epoch reproduces its receipts (the prelude re-runs).
        #expect(try s.chain.replayBlock(number: 5) { _ in nil }.allSatisfy(\.matchesReceipt))
    }

    @Test("a stopped leader stalls the L2 until stall_timeout, then the set re-spans and the pending transactions are mined once")
    func stallAndRespan() throws {
        let s = try Scene()
        try s.send(1)                                     // block 2, epoch 1
        let leader = s.leader(1)
        s.set.setLive(leader, false)
        s.advance(1)
        let a = try s.send(1), b = try s.send(2)          // wait: no block 3
        #expect(s.chain.headNumber == 2 && s.chain.pending.count == 2)
        #expect(s.set.stalled?.block == 3 && s.set.stalled?.leader == leader)
        #expect(!s.set.tick())                           // 1 s of 3
        #expect(throws: MineError.self) { try s.chain.mineBlock() }
        s.advance(2.5)
        #expect(s.set.tick())
        #expect(s.chain.mineAll() == 1)
        let block = s.chain.head
        #expect(block.header.number == 3 && Set(block.transactionHashes) == [a, b] && s.chain.pending.isEmpty)
        // The new leader: the first eligible draw of epoch 1 with attempt 1, 2, …
        var attempt: UInt64 = 1
        while s.leader(1, attempt: attempt) == leader { attempt += 1 }
        let newLeader = s.leader(1, attempt: attempt)
        #expect(block.header.coinbase == s.set.address(newLeader))
        // recommitEpoch(1, 2, 3, 6, new): epoch 1 ends at 2.
        #expect(try s.currentEpoch == 2)
        #expect(try s.epoch(1).end == 2)
        let e2 = try s.epoch(2)
        #expect(e2.signer == s.set.address(newLeader) && e2.start == 3 && e2.end == 6)
        #expect(s.set.epochRecords[2]?.origin == .stall && s.set.epochRecords[2]?.attempt == attempt)
        // The new leader goes on sealing its epoch; the stopped one verifies nothing.
        try s.send(3)
        #expect(s.chain.head.header.coinbase == s.set.address(newLeader))
        #expect(s.set.verifiers(ofBlock: s.chain.headNumber, hash: s.chain.head.hash)?.contains(leader) == false)
    }

    @Test("a re-span leader that stops in turn is replaced after its own stall_timeout")
    func respanLeaderStops() throws {
        let s = try Scene()
        try s.send(1)
        let first = s.leader(1)
        s.set.setLive(first, false)
        let h = try s.send(1)
        s.advance(3)
        #expect(s.set.tick())
        var attempt: UInt64 = 1
        while s.leader(1, attempt: attempt) == first { attempt += 1 }
        let second = s.leader(1, attempt: attempt)
        s.set.setLive(second, false)                 // stops before it sealed anything
        #expect(s.chain.mineAll() == 0 && s.set.stalled?.leader == second)
        s.advance(2)
        #expect(!s.set.tick())
        s.advance(1)
        #expect(s.set.tick())
        #expect(s.chain.mineAll() == 1)
        let third = [0, 1, 2].first { $0 != first && $0 != second }!
        #expect(s.chain.head.header.coinbase == s.set.address(third) && s.chain.head.transactionHashes == [h])
    }

    @Test("a wrong state root is rejected, the block is sealed by another, a 10 % slash is asked for")
    func rejection() async throws {
        let s = try Scene()
        try s.send(1)
        let liar = s.leader(1)
        s.set.setBehaviour(liar, .wrongStateRoot)
        let h = try s.send(2)
        let block = s.chain.head
        #expect(block.header.number == 3 && block.transactionHashes == [h])
        #expect(block.header.coinbase != s.set.address(liar))
        let infos = s.set.sequencers
        #expect(infos[liar].rejections == 1 && infos[liar].blocksSealed == 1)   // block 2 only
        var iterator = s.set.slashes.makeAsyncIterator()
        let request = try #require(await iterator.next())
        #expect(request.index == liar && request.id == UInt64(liar + 1) && request.blockNumber == 3)
        #expect(request.amount == UInt256(5_000) &* Scene.e18)
        #expect(s.set.epochRecords[2]?.origin == .rejected)
        // The state is the honest block's: the chain replays.
        #expect(try s.chain.replayBlock(number: 3) { _ in nil }.allSatisfy(\.matchesReceipt))
    }

    @Test("transactions streamed through stops, starts and rejections are all mined, none twice")
    func noTransactionLost() throws {
        let s = try Scene(stallTimeout: 1)
        var sent: [Hash] = []
        for round in 0..<30 {
            sent.append(try s.send(round % 4))
            if round % 7 == 3, let stalled = s.set.stalled { s.set.setLive(stalled.leader, true) }
            if round % 5 == 1 { s.set.setLive(round % 3, false) }
            if round % 5 == 3 { s.set.setLive((round + 1) % 3, true) }
            if round == 12 { s.set.setBehaviour(0, .wrongStateRoot) }
            if round == 20 { s.set.setBehaviour(0, .honest) }
            s.advance(0.6)
            if s.set.tick() { s.chain.mineAll() }
        }
        for i in 0..<3 { s.set.setLive(i, true) }
        _ = s.set.tick()
        s.chain.mineAll()
        #expect(s.chain.pending.isEmpty && s.chain.queued.isEmpty)
        var mined: [Hash] = []
        for n in UInt64(2)...s.chain.headNumber { mined += s.chain.block(number: n)!.transactionHashes }
        #expect(mined.count == sent.count && Set(mined) == Set(sent))
        #expect(s.set.respanCount > 0)
    }
}
