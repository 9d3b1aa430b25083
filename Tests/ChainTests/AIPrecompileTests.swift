import EVM
import Foundation
import Primitives
import State
import Testing
@testable import Chain

/// An AI module stand-in whose answers change on every call ("answer 1", "answer 2", …), or that fails.
final class CountingOracle: AIPrecompileOracle, @unchecked Sendable {
    var calls = 0
    var fails = false
    func answer(prompt: [UInt8]) -> AIAnswer {
        calls += 1
        if fails { return AIAnswer(module: "counter", version: "1.0", output: Array("it broke".utf8), failed: true, gasPerToken: 100) }
        return AIAnswer(module: "counter", version: "1.0", output: Array("answer \(calls)".utf8), failed: false, gasPerToken: 100)
    }
}

/// A module stand-in with PluginAIOracle's gas rule: below `AIPrecompile.minimumGas` it is not asked.
final class PricedOracle: AIPrecompileOracle, @unchecked Sendable {
    var calls = 0
    func answer(prompt: [UInt8]) -> AIAnswer {
        calls += 1
        return AIAnswer(module: "priced", version: "1", output: Array("ok".utf8), failed: false, gasPerToken: 100)
    }
    func answer(prompt: [UInt8], gas: Int64) -> AIAnswer {
        if gas < AIPrecompile.minimumGas(prompt: prompt, gasPerToken: 100) {
            return AIAnswer(module: "priced", version: "1", output: [], failed: false, gasPerToken: 100, outOfGas: true)
        }
        return answer(prompt: prompt)
    }
}

/// The AI precompile at 0x…0999 (issue 8): gas per token, witnesses recorded with the block, and
/// re-execution answering from them.
@Suite("AI precompile")
struct AIPrecompileTests {
    static let caller = Address(hex: "0x00000000000000000000000000000000000000c1")!
    /// Forwards its calldata to 0x…0999 with all gas; stores the first output word in slot 0, the
    /// output length in slot 1, the call's success flag in slot 2.
    static let callerCode = try! Hex.decode("0x3660006000376000600036600060006109995af16002553d600060003e6000516000553d60015500")

    static func chain(_ oracle: CountingOracle?) -> Blockchain {
        let chain = makeChain(extraAlloc: [caller: Account(code: callerCode)])
        chain.aiOracle = oracle
        return chain
    }

    /// Gas of a transaction to 0x…0999 with calldata `prompt` answered by `output`: 21,000 + 16 per
    /// nonzero calldata byte (EIP-2028) + 100 × (words of prompt + words of output).
    static func directGas(prompt: String, output: String) -> UInt64 {
        21_000 + 16 * UInt64(prompt.utf8.count) + 100 * UInt64(prompt.split(separator: " ").count + output.split(separator: " ").count)
    }

    @Test("tokens are runs of non-whitespace bytes; gas is price × (prompt + output tokens)")
    func pricing() {
        #expect(AIPrecompile.tokens(Array("".utf8)) == 0)
        #expect(AIPrecompile.tokens(Array("  hello \t world\n".utf8)) == 2)
        #expect(AIPrecompile.tokens(Array("héllo, 世界!".utf8)) == 2)
        #expect(AIPrecompile.gas(prompt: Array("a b c".utf8), output: Array("d".utf8), gasPerToken: 100) == 400)
        #expect(AIPrecompile.gas(prompt: Array("a".utf8), output: [], gasPerToken: .max) == Int64.max)
        // Error(string) encoding as Solidity's: selector, offset 32, length, padded bytes.
        let data = AIPrecompile.errorData("hi")
        #expect(data.count == 4 + 96 && Array(data[0..<4]) == [0x08, 0xc3, 0x79, 0xa0])
        #expect(data[35] == 0x20 && data[67] == 2 && data[68] == 0x68 && data[69] == 0x69 && data[70] == 0)
    }

    @Test("a mined call is charged per token and its answer is recorded with the block")
    func minedCallRecordsAWitness() throws {
        let oracle = CountingOracle()
        let chain = Self.chain(oracle)
        let hash = try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: AIPrecompile.address,
                                                    data: Array("hello world".utf8), gas: 100_000).encoded())
        let receipt = try #require(chain.receipt(transactionHash: hash))
        #expect(receipt.status && receipt.gasUsed == Self.directGas(prompt: "hello world", output: "answer 1"))
        let w = try #require(chain.head.aiWitnesses.first)
        #expect(chain.head.aiWitnesses.count == 1)
        #expect(w.transactionIndex == 0 && w.module == "counter" && w.version == "1.0" && !w.failed)
        #expect(w.input == Array("hello world".utf8) && w.output == Array("answer 1".utf8))
        #expect(w.inputHash == Keccak256.hash(Array("hello world".utf8)))
    }

    @Test("re-execution and tracing answer from the witness, not the module")
    func replayUsesTheWitness() throws {
        let oracle = CountingOracle()
        let chain = Self.chain(oracle)
        let hash = try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Self.caller, data: Array("hi".utf8), gas: 200_000).encoded())
        let mined = try #require(chain.receipt(transactionHash: hash))
        #expect(mined.status)
        let slot0 = chain.state(at: chain.headNumber)!.storage(Self.caller, .zero)
        #expect(slot0 == UInt256(bigEndian: Array("answer 1".utf8) + [UInt8](repeating: 0, count: 24)))
        #expect(chain.state(at: chain.headNumber)!.storage(Self.caller, UInt256(1)) == UInt256(8))
        #expect(chain.state(at: chain.headNumber)!.storage(Self.caller, UInt256(2)) == UInt256(1))
        // The module now answers "answer 2", "answer 3"…; replay still sees "answer 1".
        let tracer = CallTracer()
        let r = try chain.replayTransaction(hash: hash, tracer: tracer)
        #expect(r.matchesReceipt && r.gasUsed == mined.gasUsed)
        #expect(r.after.storage(Self.caller, .zero) == slot0)
        let block = try chain.replayBlock(number: chain.headNumber) { _ in nil }
        #expect(block.last?.after.stateRoot == chain.head.header.stateRoot)
        #expect(oracle.calls == 1)
        // The trace shows the AI call as a frame with its input and output.
        let frame = try #require(tracer.root?.calls.first)
        #expect(frame.to == AIPrecompile.address && frame.input == Array("hi".utf8) && frame.output == Array("answer 1".utf8))
        #expect(frame.gasUsed == 300)
    }

    @Test("eth_call asks the module live; eth_estimateGas asks once per prompt")
    func callsAreLive() throws {
        let oracle = CountingOracle()
        let chain = Self.chain(oracle)
        let request = CallRequest(from: Dev.addr0, to: AIPrecompile.address, data: Array("hello world".utf8))
        #expect(try chain.call(request, at: chain.headNumber).output == Array("answer 1".utf8))
        #expect(try chain.call(request, at: chain.headNumber).output == Array("answer 2".utf8))
        let before = oracle.calls
        let estimate = try chain.estimateGas(request, at: chain.headNumber)
        #expect(oracle.calls == before + 1)
        #expect(estimate == Self.directGas(prompt: "hello world", output: "answer 3"))
    }

    @Test("a failing module reverts the call with its reason and consumes the gas; replay agrees")
    func moduleFailure() throws {
        let oracle = CountingOracle()
        oracle.fails = true
        let chain = Self.chain(oracle)
        let hash = try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: AIPrecompile.address, data: Array("x".utf8), gas: 60_000).encoded())
        let receipt = try #require(chain.receipt(transactionHash: hash))
        #expect(!receipt.status && receipt.gasUsed == 60_000)
        #expect(chain.head.aiWitnesses.first?.failed == true)
        let r = try chain.replayTransaction(hash: hash, tracer: nil)
        #expect(r.status == .revert && r.matchesReceipt)
        #expect(r.output == AIPrecompile.errorData("AI precompile: it broke"))
        // Too little gas for the answer's tokens: out of gas.
        oracle.fails = false
        let short = try chain.submit(raw: dynamicTx(Dev.key0, nonce: 1, to: AIPrecompile.address, data: Array("x".utf8),
                                                     gas: 21_000 + 16 + 100).encoded())
        let shortReceipt = try #require(chain.receipt(transactionHash: short))
        #expect(!shortReceipt.status && shortReceipt.gasUsed == 21_000 + 16 + 100)
    }

    @Test("a call with less than the prompt's tokens plus one fails out of gas without asking the module")
    func tooLittleGasDoesNotAskTheModule() throws {
        let oracle = PricedOracle()
        let chain = makeChain()
        chain.aiOracle = oracle
        #expect(AIPrecompile.minimumGas(prompt: Array("a b".utf8), gasPerToken: 100) == 300)
        // 21,000 + 16 × 3 intrinsic leaves the precompile 299 gas: one short of 100 × (2 + 1).
        let short = try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: AIPrecompile.address, data: Array("a b".utf8),
                                                     gas: 21_000 + 48 + 299).encoded())
        let receipt = try #require(chain.receipt(transactionHash: short))
        #expect(!receipt.status && receipt.gasUsed == 21_000 + 48 + 299)
        #expect(oracle.calls == 0)
        let w = try #require(chain.head.aiWitnesses.first)
        #expect(w.outOfGas && !w.failed && w.output.isEmpty)
        let r = try chain.replayTransaction(hash: short, tracer: nil)
        #expect(r.status == .outOfGas && r.matchesReceipt)
        // With 300 it is asked ("ok": 100 × (2 + 1) = 300 gas used by the precompile).
        let enough = try chain.submit(raw: dynamicTx(Dev.key0, nonce: 1, to: AIPrecompile.address, data: Array("a b".utf8),
                                                      gas: 21_000 + 48 + 300).encoded())
        #expect(chain.receipt(transactionHash: enough)?.status == true && oracle.calls == 1)
    }

    @Test("eth_createAccessList leaves 0x…0999 out where it is a precompile (it is warm already)")
    func accessListLeavesTheAIPrecompileOut() throws {
        let chain = Self.chain(CountingOracle())
        let r = try chain.createAccessList(CallRequest(from: Dev.addr0, to: Self.caller, data: Array("hi".utf8)), at: chain.headNumber)
        #expect(!r.accessList.contains { $0.address == AIPrecompile.address })
        let plain = Self.chain(nil)
        let p = try plain.createAccessList(CallRequest(from: Dev.addr0, to: Self.caller, data: Array("hi".utf8)), at: plain.headNumber)
        #expect(p.accessList.contains { $0.address == AIPrecompile.address })
    }

    @Test("without an oracle 0x…0999 is an ordinary empty account")
    func inactiveWithoutOracle() throws {
        let chain = Self.chain(nil)
        let hash = try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: AIPrecompile.address, data: Array("hello".utf8), gas: 50_000).encoded())
        let receipt = try #require(chain.receipt(transactionHash: hash))
        // EIP-7623's floor (21,000 + 10 × 4 × 5 nonzero bytes) is above 21,000 + 16 × 5.
        #expect(receipt.status && receipt.gasUsed == 21_200)
        #expect(chain.head.aiWitnesses.isEmpty)
    }
}
