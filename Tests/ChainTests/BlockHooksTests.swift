import EVM
import Primitives
import State
import Synchronization
import Testing
@testable import Chain

/// A prelude that stores the block number in slot 0 of Reference/contract.py's contract (its
/// `set(n)`: calldata = the 32-byte word, which also emits a Set(n) log — dropped for a system call).
final class NumberPrelude: BlockPrelude {
    func systemCalls(number: UInt64, timestamp: UInt64, coinbase: Address, view: ChainStateView) -> [SystemCall] {
        // The view reads the parent state: slot 0 holds the previous block's number (or 7, the
        // contract's initial value), which the contract returns for empty calldata.
        guard let out = view.call(to: TestContract.address, data: []), out.count == 32 else { return [] }
        let previous = UInt256(bigEndian: out[...])
        return [SystemCall(target: TestContract.address, data: word(number)),
                SystemCall(target: TestContract.address, data: (previous &+ UInt256(1000)).bigEndianBytes)]
    }
}

/// A sealer with two fixed sealers; sealer A can be stopped or made to lie about the state root.
final class TestSealer: BlockSealer {
    struct State {
        var aLive = true
        var aLies = false
        var rejected: [(Block, Hash)] = []
        var appended: [Block] = []
        var verified = 0
        var useB = false
    }
    static let a = Address(hex: "0x00000000000000000000000000000000000a11ce")!
    static let b = Address(hex: "0x0000000000000000000000000000000000000b0b")!
    let state = Mutex(State())

    func sealer(forBlock number: UInt64, view: ChainStateView) -> Address? {
        state.withLock { s in s.useB ? Self.b : (s.aLive ? Self.a : nil) }
    }
    func stallReason(forBlock number: UInt64) -> String { "leader A of block \(number) is stopped; stall_timeout = 3 s" }
    func sealedStateRoot(computed: Hash, number: UInt64, sealer: Address) -> Hash {
        state.withLock { s in sealer == Self.a && s.aLies ? Hash([UInt8](repeating: 0x11, count: 32)) : computed }
    }
    func wantsVerification(sealer: Address) -> Bool { true }
    func verify(_ block: Block, reexecutedStateRoot: Hash) -> Bool {
        state.withLock { $0.verified += 1 }
        return block.header.stateRoot == reexecutedStateRoot
    }
    func rejected(_ block: Block, reexecutedStateRoot: Hash) {
        state.withLock { s in
            s.rejected.append((block, reexecutedStateRoot))
            s.useB = true   // re-span to B
        }
    }
    func appended(_ block: Block) { state.withLock { $0.appended.append(block) } }
}

/// The chain hooks of the sequencer set (sheet §3): the prelude's system calls in mining and replay,
/// the sealer's coinbase, stall and rejection.
@Suite("block hooks")
struct BlockHooksTests {
    /// Block 1 deploys Reference/contract.py's contract (slot 0 = 7) without hooks.
    static func deployed(automine: Bool = true) throws -> Blockchain {
        let chain = makeChain()
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: nil, data: TestContract.initcode, gas: 200_000).encoded())
        chain.automine = automine
        return chain
    }

    @Test("system calls open the block: from SYSTEM_ADDRESS, no nonce, no fee, logs dropped, before the first transaction")
    func preludeRunsFirst() throws {
        let chain = try Self.deployed()
        chain.prelude = NumberPrelude()
        #expect(chain.state(at: 1)?.storage(TestContract.address, .zero) == UInt256(7))
        // Block 2: a transaction reads slot 0 (empty calldata returns it) after the prelude wrote
        // 2 then (7 + 1000) = 1007.
        let h = try chain.submit(raw: dynamicTx(Dev.key1, nonce: 0, to: TestContract.address, gas: 100_000).encoded())
        #expect(chain.headNumber == 2)
        let after = try #require(chain.state(at: 2))
        #expect(after.storage(TestContract.address, .zero) == UInt256(1007))
        // SYSTEM_ADDRESS: no account made, no nonce; the system calls' Set logs are not in the block.
        #expect(after.nonce(SystemCall.systemAddress) == 0 && after.balance(SystemCall.systemAddress) == .zero)
        let receipt = try #require(chain.receipt(transactionHash: h))
        #expect(receipt.logs.isEmpty && chain.head.header.logsBloom == .zero)
        // Gas used counts the transaction only (21,000 + a cold SLOAD path), not the 2 system calls.
        #expect(chain.head.header.gasUsed == receipt.gasUsed)
        // Replay starts after the prelude: the transaction's `before` state has 1007, and the
        // replayed receipt matches.
        let r = try chain.replayTransaction(hash: h, tracer: nil)
        #expect(r.matchesReceipt && r.before.storage(TestContract.address, .zero) == UInt256(1007))
        #expect(r.output == UInt256(1007).bigEndianBytes)
        // A third block: the prelude reads the parent's 1007 → 3, then 2007.
        chain.mine()
        #expect(chain.state(at: 3)?.storage(TestContract.address, .zero) == UInt256(2007))
    }

    @Test("the sealer's address is the coinbase; re-execution reproduces the root; appended is told")
    func sealerSealsAndVerifies() throws {
        let chain = try Self.deployed()
        let sealer = TestSealer()
        chain.prelude = NumberPrelude()
        chain.sealer = sealer
        try chain.submit(raw: dynamicTx(Dev.key1, nonce: 0, to: Dev.sink, value: Dev.ether).encoded())
        #expect(chain.headNumber == 2 && chain.head.header.coinbase == TestSealer.a)
        // The tip (1 gwei × 21,000) goes to the sealer.
        #expect(chain.state(at: 2)?.balance(TestSealer.a) == UInt256(21_000) &* Dev.gwei)
        sealer.state.withLock { s in
            #expect(s.verified == 1 && s.appended.map(\.hash) == [chain.head.hash] && s.rejected.isEmpty)
        }
    }

    @Test("no live sealer: no block, the transaction stays pending, evm_mine's reason; later it is mined once")
    func stoppedLeaderStalls() throws {
        let chain = try Self.deployed()
        let sealer = TestSealer()
        chain.sealer = sealer
        sealer.state.withLock { $0.aLive = false }
        let h = try chain.submit(raw: dynamicTx(Dev.key1, nonce: 0, to: Dev.sink, value: Dev.ether).encoded())
        #expect(chain.headNumber == 1 && chain.pending.map(\.hash) == [h])
        #expect(chain.mine() == nil)
        #expect(throws: MineError.noSealer("leader A of block 2 is stopped; stall_timeout = 3 s")) { try chain.mineBlock() }
        // evm_setNextBlockTimestamp stays for the block that will be mined.
        chain.nextBlockTimestamp = 1_800_000_000
        #expect(chain.mine() == nil && chain.nextBlockTimestamp == 1_800_000_000)
        sealer.state.withLock { $0.aLive = true }
        #expect(chain.mineAll() == 1)
        #expect(chain.headNumber == 2 && chain.head.transactionHashes == [h] && chain.pending.isEmpty)
        #expect(chain.head.header.timestamp == 1_800_000_000)
    }

    @Test("a wrong state root is rejected: the block is dropped, the pool and state restored, another sealer seals it")
    func wrongRootRejected() throws {
        let chain = try Self.deployed()
        let sealer = TestSealer()
        chain.prelude = NumberPrelude()
        chain.sealer = sealer
        sealer.state.withLock { $0.aLies = true }
        let balanceBefore = try #require(chain.state(at: 1)).balance(Dev.sink)
        let h = try chain.submit(raw: dynamicTx(Dev.key1, nonce: 0, to: Dev.sink, value: Dev.ether).encoded())
        // One call: A's block rejected, B's appended, with the transaction exactly once.
        #expect(chain.headNumber == 2 && chain.head.header.coinbase == TestSealer.b)
        #expect(chain.head.transactionHashes == [h] && chain.pending.isEmpty)
        #expect(chain.state(at: 2)?.balance(Dev.sink) == balanceBefore &+ Dev.ether)
        #expect(chain.state(at: 2)?.storage(TestContract.address, .zero) == UInt256(1007))
        try sealer.state.withLock { s in
            #expect(s.rejected.count == 1 && s.appended.count == 1)
            let (bad, root) = try #require(s.rejected.first)
            #expect(bad.header.coinbase == TestSealer.a && bad.header.stateRoot == Hash([UInt8](repeating: 0x11, count: 32)))
            #expect(bad.transactionHashes == [h])
            // The re-executed root of A's block differs from B's only by the coinbase's tip.
            #expect(root != bad.header.stateRoot)
        }
        // The head block replays exactly (prelude included) and the sender's nonce moved once.
        #expect(try chain.replayBlock(number: 2) { _ in nil }.allSatisfy(\.matchesReceipt))
        #expect(chain.pendingNonce(of: Dev.addr1) == 1)
        #expect(chain.transaction(hash: h)?.block.header.number == 2)
    }
}
