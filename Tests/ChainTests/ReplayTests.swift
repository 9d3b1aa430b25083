import EVM
import Primitives
import State
import Testing
@testable import Chain

/// Blockchain.replayTransaction / replayBlock / traceCall: re-execution on the block's pre-state.
@Suite("replay")
struct ReplayTests {
    /// Block 1 deploys Reference/contract.py; block 2 holds set(5) from dev 1 then set(6) from dev 2.
    /// Each set costs 27,213 gas (Reference/pyrevm_gas.py's set(42): one nonzero calldata byte, a cold
    /// SSTORE changing a nonzero slot, one LOG1).
    static func scene() throws -> (chain: Blockchain, set5: Hash, set6: Hash) {
        let chain = makeChain()
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: nil, data: TestContract.initcode, gas: 200_000).encoded())
        chain.automine = false
        let set5 = try chain.submit(raw: dynamicTx(Dev.key1, nonce: 0, to: TestContract.address, data: word(5), gas: 100_000).encoded())
        let set6 = try chain.submit(raw: dynamicTx(Dev.key2, nonce: 0, to: TestContract.address, data: word(6), gas: 100_000).encoded())
        chain.mine()
        return (chain, set5, set6)
    }

    @Test("a transaction replays on the state after the block's earlier transactions")
    func laterTransactionSeesEarlierOnes() throws {
        let (chain, _, set6) = try Self.scene()
        #expect(chain.head.transactions.count == 2)
        let tracer = CallTracer()
        let r = try chain.replayTransaction(hash: set6, tracer: tracer)
        #expect(r.transactionIndex == 1 && r.blockNumber == 2)
        #expect(r.succeeded && r.gasUsed == 27_213 && r.matchesReceipt)
        // Before: set(5) already ran; after: 6.
        #expect(r.before.storage(TestContract.address, .zero) == UInt256(5))
        #expect(r.after.storage(TestContract.address, .zero) == UInt256(6))
        // The top frame: dev 2 → contract with set(6)'s calldata, gas = the tx's 100,000 limit.
        let root = try #require(tracer.root)
        #expect(root.kind == .call && root.from == Dev.addr2 && root.to == TestContract.address)
        #expect(root.gas == 100_000 && root.gasUsed == 27_213 && root.input == word(6))
        // Its Set(6) log is the block's second log (index 1), after no sub-calls.
        #expect(root.logs == [CallLog(address: TestContract.address, topics: [TestContract.setTopic], data: word(6),
                                      index: 1, position: 0)])
    }

    @Test("replaying a whole block reproduces its receipts and state root, traced or not")
    func blockReproducesHeader() throws {
        let (chain, set5, set6) = try Self.scene()
        let traced = try chain.replayBlock(number: 2) { _ in StructLogger() }
        let plain = try chain.replayBlock(number: 2) { _ in nil }
        #expect(traced.map(\.transactionHash) == [set5, set6])
        #expect(traced.map(\.gasUsed) == [27_213, 27_213])
        #expect(traced.allSatisfy { $0.matchesReceipt })
        #expect(traced.last?.after.stateRoot == chain.head.header.stateRoot)
        #expect(plain.last?.after.stateRoot == chain.head.header.stateRoot)
        #expect(traced[1].before.stateRoot == traced[0].after.stateRoot)
        #expect(try chain.replayBlock(number: 0) { _ in nil }.isEmpty)
    }

    @Test("traceCall runs like eth_call and leaves the chain alone")
    func traceCallIsACall() throws {
        let (chain, _, _) = try Self.scene()
        let tracer = CallTracer()
        let r = try chain.traceCall(CallRequest(from: Dev.addr1, to: TestContract.address), at: 2, tracer: tracer)
        // get(): returns slot 0 = 6 after block 2; 23,137 gas as Reference/pyrevm_gas.py's get.
        #expect(r.succeeded && r.output == word(6) && r.gasUsed == 23_137)
        #expect(tracer.root?.output == word(6) && tracer.root?.gasUsed == 23_137)
        #expect(chain.headNumber == 2 && chain.state(at: 2)?.nonce(Dev.addr1) == 1)
    }

    @Test("errors: unknown transaction and block")
    func errors() throws {
        let chain = makeChain()
        #expect(throws: ReplayError.self) { try chain.replayTransaction(hash: Hash(word: UInt256(1)), tracer: nil) }
        #expect(throws: ReplayError.self) { try chain.replayBlock(number: 9) { _ in nil } }
        #expect(throws: CallError.self) { try chain.traceCall(CallRequest(), at: 9, tracer: nil) }
    }
}
