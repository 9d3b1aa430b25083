import EVM
import Foundation
import Primitives
import Testing
@testable import Chain
import ChainStore

/// An AI module stand-in answering "<tag> N" for its N-th call.
final class TaggedOracle: AIPrecompileOracle, @unchecked Sendable {
    let tag: String
    var calls = 0
    init(_ tag: String) { self.tag = tag }
    func answer(prompt: [UInt8]) -> AIAnswer {
        calls += 1
        return AIAnswer(module: "m-\(tag)", version: "2.1", output: Array("\(tag) \(calls)".utf8), failed: false, gasPerToken: 700)
    }
}

/// Answers "fine" unless the call has less than `AIPrecompile.minimumGas` at 100 gas per token.
final class ThriftyOracle: AIPrecompileOracle, @unchecked Sendable {
    func answer(prompt: [UInt8]) -> AIAnswer {
        AIAnswer(module: "thrifty", version: "1", output: Array("fine".utf8), failed: false, gasPerToken: 100)
    }
    func answer(prompt: [UInt8], gas: Int64) -> AIAnswer {
        gas < AIPrecompile.minimumGas(prompt: prompt, gasPerToken: 100)
            ? AIAnswer(module: "thrifty", version: "1", output: [], failed: false, gasPerToken: 100, outOfGas: true)
            : answer(prompt: prompt)
    }
}

/// AI witnesses (issue 8) are committed with their block and read back after a restart.
@Suite("AI witnesses in the store")
struct AIWitnessStoreTests {
    static let ai = Address(hex: "0x0000000000000000000000000000000000000999")!

    @Test("a restart replays the recorded answer, not the module's new one")
    func witnessesSurviveARestart() throws {
        let path = temporaryDirectory() + "/chain.sqlite"
        var hash = Hash.zero
        var root = Hash.zero
        do {
            let chain = try openChain(try SQLiteChainStore(path: path))
            chain.aiOracle = TaggedOracle("before")
            hash = try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Self.ai, data: Array("one two".utf8), gas: 60_000).encoded())
            _ = try chain.submit(raw: dynamicTx(Dev.key0, nonce: 1, to: Self.ai, data: Array("three".utf8), gas: 60_000).encoded())
            root = chain.head.header.stateRoot
        }
        let chain = try openChain(try SQLiteChainStore(path: path))
        let oracle = TaggedOracle("after")
        chain.aiOracle = oracle
        #expect(chain.head.header.stateRoot == root)
        let block1 = try #require(chain.block(number: 1))
        #expect(block1.aiWitnesses == [AIWitness(transactionIndex: 0, module: "m-before", version: "2.1",
                                                 input: Array("one two".utf8), output: Array("before 1".utf8),
                                                 failed: false, gasPerToken: 700)])
        #expect(chain.block(number: 2)?.aiWitnesses.first?.output == Array("before 2".utf8))
        let r = try chain.replayTransaction(hash: hash, tracer: nil)
        #expect(r.output == Array("before 1".utf8) && r.matchesReceipt)
        // 700 gas per token × (2 + 2) tokens above 21,000 + 16 × 7 calldata bytes.
        #expect(r.gasUsed == 21_000 + 16 * 7 + 700 * 4)
        #expect(oracle.calls == 0)
    }

    @Test("an out-of-gas witness (the module not asked) survives a restart and replays out of gas")
    func outOfGasWitness() throws {
        let path = temporaryDirectory() + "/chain.sqlite"
        var hash = Hash.zero
        do {
            let chain = try openChain(try SQLiteChainStore(path: path))
            chain.aiOracle = ThriftyOracle()
            hash = try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Self.ai, data: Array("x".utf8), gas: 21_000 + 16 + 199).encoded())
        }
        let chain = try openChain(try SQLiteChainStore(path: path))
        chain.aiOracle = TaggedOracle("after")
        let w = try #require(chain.block(number: 1)?.aiWitnesses.first)
        #expect(w.outOfGas && !w.failed && w.module == "thrifty")
        let r = try chain.replayTransaction(hash: hash, tracer: nil)
        #expect(r.status == .outOfGas && r.matchesReceipt)
    }

    @Test("evm_revert deletes the witnesses of the removed blocks")
    func revertDeletesWitnesses() throws {
        let path = temporaryDirectory() + "/chain.sqlite"
        do {
            let chain = try openChain(try SQLiteChainStore(path: path))
            chain.aiOracle = TaggedOracle("x")
            let id = chain.takeSnapshot()
            _ = try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Self.ai, data: Array("a".utf8), gas: 60_000).encoded())
            #expect(chain.revert(toSnapshot: id))
            chain.automine = false
            chain.mine()
        }
        let chain = try openChain(try SQLiteChainStore(path: path))
        #expect(chain.headNumber == 1 && chain.block(number: 1)?.aiWitnesses.isEmpty == true)
    }
}
