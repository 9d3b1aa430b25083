import Primitives

/// The AI precompile at 0x0000000000000000000000000000000000000999 (Hyperion; the Metis SDK's
/// `inference` precompile): UTF-8 prompt in, UTF-8 text out.
///
/// Gas: `gasPerToken × (tokens(prompt) + tokens(output))`, where a token is a maximal run of bytes
/// other than ASCII whitespace (space, \t, \n, \v, \f, \r) — words, as the text splits on spaces —
/// and `gasPerToken` is the serving module's price (plugin.toml `gas_per_token`, default 100 as in
/// the Metis SDK). A call with less gas fails out of gas (all its gas is consumed) — before the
/// module is asked when it has less than `minimumGas` (the prompt plus one token); a module error
/// fails the call the same way (precompile failure). The precompile is active only when the block
/// context carries an oracle (`BlockContext.ai`); otherwise 0x…0999 is an ordinary empty account.
public enum AIPrecompile {
    /// 0x0000000000000000000000000000000000000999.
    public static let address = Address([UInt8](repeating: 0, count: 18) + [0x09, 0x99])
    /// The number `Precompiles` dispatch uses for it.
    static let number = 0x999

    /// Tokens of `text` for pricing: maximal runs of non-ASCII-whitespace bytes.
    public static func tokens(_ text: [UInt8]) -> Int {
        var n = 0
        var inToken = false
        for b in text {
            let space = b == 0x20 || (b >= 0x09 && b <= 0x0d)
            if !space && !inToken { n += 1 }
            inToken = !space
        }
        return n
    }

    /// Solidity's `Error(string)` revert data for `message`: selector 0x08c379a0, offset 32, length,
    /// the UTF-8 bytes zero-padded to a multiple of 32.
    public static func errorData(_ message: String) -> [UInt8] {
        let text = Array(message.utf8)
        var out: [UInt8] = [0x08, 0xc3, 0x79, 0xa0]
        out += [UInt8](repeating: 0, count: 31) + [0x20]
        var length = [UInt8](repeating: 0, count: 32)
        var n = text.count
        for i in stride(from: 31, through: 24, by: -1) { length[i] = UInt8(n & 0xff); n >>= 8 }
        out += length + text + [UInt8](repeating: 0, count: (32 - text.count % 32) % 32)
        return out
    }

    /// The least gas with which the module is asked at all: `gasPerToken × (tokens(prompt) + 1)`
    /// (the prompt and one token of answer), saturating. Below it the call fails out of gas before
    /// the module runs, so a call forwarding little gas cannot make the chain wait for a module.
    public static func minimumGas(prompt: [UInt8], gasPerToken: UInt64) -> Int64 {
        let t = UInt64(tokens(prompt) + 1)
        let (g, o) = t.multipliedReportingOverflow(by: gasPerToken)
        return o || g > UInt64(Int64.max) ? Int64.max : Int64(g)
    }

    /// The gas of one call: `gasPerToken × (tokens(prompt) + tokens(output))`, saturating at Int64.max.
    public static func gas(prompt: [UInt8], output: [UInt8], gasPerToken: UInt64) -> Int64 {
        let t = UInt64(tokens(prompt) + tokens(output))
        let (g, o) = t.multipliedReportingOverflow(by: gasPerToken)
        return o || g > UInt64(Int64.max) ? Int64.max : Int64(g)
    }
}

/// One answer of an AI module to the precompile, as recorded in a block's AI witness.
public struct AIAnswer: Sendable, Equatable {
    /// The serving module's name and version (plugin.toml), e.g. "sentiment", "0.1.0".
    public var module: String
    public var version: String
    /// The UTF-8 output on success; the error message's UTF-8 bytes when `failed`.
    public var output: [UInt8]
    /// True when the module failed (the precompile call then fails, consuming its gas).
    public var failed: Bool
    /// The module's price, gas per token.
    public var gasPerToken: UInt64
    /// True when the module was not asked: the call had less than `AIPrecompile.minimumGas` (it
    /// fails out of gas). `output` is then empty.
    public var outOfGas: Bool

    public init(module: String, version: String, output: [UInt8], failed: Bool, gasPerToken: UInt64, outOfGas: Bool = false) {
        self.module = module
        self.version = version
        self.output = output
        self.failed = failed
        self.gasPerToken = gasPerToken
        self.outOfGas = outOfGas
    }
}

/// Who answers the AI precompile during one execution: a live module (mining, eth_call,
/// eth_estimateGas), a recorder around one (mining: every answer becomes a witness of the block),
/// or the block's witnesses (re-execution: other sequencers, debug_trace*, after a restart).
///
/// Called on the chain's executing thread, once per CALL to 0x…0999 that reaches the precompile.
public protocol AIPrecompileOracle: AnyObject, Sendable {
    /// The answer to `prompt` (the call's input bytes). Never throws: failures are answers with
    /// `failed = true` and the reason as output.
    func answer(prompt: [UInt8]) -> AIAnswer

    /// The answer to a call with `gas` gas: what the EVM asks. A live oracle answers `outOfGas`
    /// without asking its module when `gas < AIPrecompile.minimumGas(prompt:gasPerToken:)`; the
    /// default asks `answer(prompt:)` whatever the gas.
    func answer(prompt: [UInt8], gas: Int64) -> AIAnswer
}

extension AIPrecompileOracle {
    public func answer(prompt: [UInt8], gas: Int64) -> AIAnswer { answer(prompt: prompt) }
}
