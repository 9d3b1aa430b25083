import EVM
import Primitives

/// One answer of the AI precompile (0x…0999) used by a mined block, stored with the block so that
/// re-executing it — by the other sequencers, by debug_trace*, after a restart — gives the same bytes
/// even when the module would now answer differently (issue 8, "AI witness").
public struct AIWitness: Sendable, Equatable {
    /// Index of the transaction that made the call, in the block.
    public var transactionIndex: Int
    /// The serving module's name and version (plugin.toml).
    public var module: String
    public var version: String
    /// keccak256 of `input` (32 bytes).
    public var inputHash: Hash
    /// The call's input (the UTF-8 prompt).
    public var input: [UInt8]
    /// The answer (UTF-8 text), or the error message when `failed`.
    public var output: [UInt8]
    /// Whether the module failed (the call then reverted).
    public var failed: Bool
    /// The module's price when it answered, gas per token.
    public var gasPerToken: UInt64
    /// The call had too little gas to ask the module (`AIPrecompile.minimumGas`); it failed out of
    /// gas and `output` is empty.
    public var outOfGas: Bool

    public init(transactionIndex: Int, module: String, version: String, input: [UInt8], output: [UInt8],
                failed: Bool, gasPerToken: UInt64, outOfGas: Bool = false) {
        self.transactionIndex = transactionIndex
        self.module = module
        self.version = version
        self.inputHash = Keccak256.hash(input)
        self.input = input
        self.output = output
        self.failed = failed
        self.gasPerToken = gasPerToken
        self.outOfGas = outOfGas
    }

    /// The witness of `answer` to `prompt`, asked by transaction `transactionIndex`.
    init(transactionIndex: Int, prompt: [UInt8], answer a: AIAnswer) {
        self.init(transactionIndex: transactionIndex, module: a.module, version: a.version, input: prompt, output: a.output,
                  failed: a.failed, gasPerToken: a.gasPerToken, outOfGas: a.outOfGas)
    }

    /// The answer this witness replays.
    public var answer: AIAnswer {
        AIAnswer(module: module, version: version, output: output, failed: failed, gasPerToken: gasPerToken, outOfGas: outOfGas)
    }
}

/// Mining: asks the live oracle and records every answer as a witness of the block being built.
/// Used on the chain's owner thread only.
final class AIWitnessRecorder: AIPrecompileOracle, @unchecked Sendable {
    let live: any AIPrecompileOracle
    /// The index of the transaction executing now (set by the block builder before each one).
    var transactionIndex = 0
    private(set) var witnesses: [AIWitness] = []

    init(live: any AIPrecompileOracle) { self.live = live }

    func answer(prompt: [UInt8]) -> AIAnswer { answer(prompt: prompt, gas: .max) }

    func answer(prompt: [UInt8], gas: Int64) -> AIAnswer {
        let a = live.answer(prompt: prompt, gas: gas)
        witnesses.append(AIWitness(transactionIndex: transactionIndex, prompt: prompt, answer: a))
        return a
    }
}

/// Re-execution: answers from a mined block's witnesses, never from a module. Each witness of the
/// current transaction is used once, in order, matched by input hash; a call with no matching
/// witness fails with a message naming the block, the transaction and the input hash.
final class AIWitnessReplayer: AIPrecompileOracle, @unchecked Sendable {
    let witnesses: [AIWitness]
    let blockNumber: UInt64
    var used: [Bool]
    /// The index of the transaction executing now (set by the re-executor before each one).
    var transactionIndex = 0

    init(witnesses: [AIWitness], blockNumber: UInt64) {
        self.witnesses = witnesses
        self.blockNumber = blockNumber
        self.used = Array(repeating: false, count: witnesses.count)
    }

    // The witness decides (out of gas included): `answer(prompt:gas:)` is the protocol's default.
    func answer(prompt: [UInt8]) -> AIAnswer {
        let hash = Keccak256.hash(prompt)
        for (i, w) in witnesses.enumerated() where !used[i] && w.transactionIndex == transactionIndex && w.inputHash == hash {
            used[i] = true
            return w.answer
        }
        return AIAnswer(module: "", version: "",
                        output: Array("block \(blockNumber) has no AI witness for transaction \(transactionIndex) with input hash \(hash)".utf8),
                        failed: true, gasPerToken: 0)
    }
}

/// eth_estimateGas: the live oracle, asked once per distinct input for one estimate, so the binary
/// search sees one answer per prompt (a module whose answers change per call gets one estimate).
/// Used on the chain's owner thread only.
final class AIMemoOracle: AIPrecompileOracle, @unchecked Sendable {
    let live: any AIPrecompileOracle
    private var answers: [Hash: AIAnswer] = [:]

    init(live: any AIPrecompileOracle) { self.live = live }

    func answer(prompt: [UInt8]) -> AIAnswer { answer(prompt: prompt, gas: .max) }

    func answer(prompt: [UInt8], gas: Int64) -> AIAnswer {
        let hash = Keccak256.hash(prompt)
        if let a = answers[hash], gas >= AIPrecompile.minimumGas(prompt: prompt, gasPerToken: a.gasPerToken) { return a }
        let a = live.answer(prompt: prompt, gas: gas)
        if !a.outOfGas { answers[hash] = a }
        return a
    }
}

extension Block {
    /// The hash of the transaction that asked for witness `w` (nil for an index outside the block).
    public func transactionHash(of w: AIWitness) -> Hash? {
        w.transactionIndex < transactionHashes.count ? transactionHashes[w.transactionIndex] : nil
    }
}
