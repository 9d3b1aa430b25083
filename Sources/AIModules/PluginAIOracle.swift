import EVM
import Primitives

/// Answers the AI precompile (0x…0999) live with the module devnet.toml names (`[plugins]
/// precompile`), through a `PluginHost`. Mining wraps it in the chain's witness recorder; eth_call
/// and eth_estimateGas use it directly.
public final class PluginAIOracle: AIPrecompileOracle {
    /// The modules.
    public let host: PluginHost
    /// The module serving the precompile; nil: none is configured, and every call fails with a
    /// message saying how to name one.
    public let moduleName: String?

    /// Why there is no module, when `moduleName` is nil (the failure every call answers).
    public let whyNone: String

    public init(host: PluginHost, moduleName: String?,
                whyNone: String = "no AI module serves the precompile at 0x…0999: name one in devnet.toml ([plugins] precompile = \"NAME\")") {
        self.host = host
        self.moduleName = moduleName
        self.whyNone = whyNone
    }

    /// Calls the module with capability `precompile`. A failure (no module, a limit, a crash, the
    /// module's own error) is an answer with `failed = true` and the message as output.
    public func answer(prompt: [UInt8]) -> AIAnswer { answer(prompt: prompt, gas: .max) }

    /// `answer(prompt:)` unless `gas` is below `AIPrecompile.minimumGas` at the module's price:
    /// then an `outOfGas` answer, and the module is not asked.
    public func answer(prompt: [UInt8], gas: Int64) -> AIAnswer {
        guard let name = moduleName else {
            return AIAnswer(module: "", version: "", output: Array(whyNone.utf8), failed: true, gasPerToken: 100)
        }
        // A module missing from the host has no price: its call fails below, naming it.
        let manifest = host.manifest(named: name)
        let version = manifest?.version ?? ""
        let price = manifest?.gasPerToken ?? 100
        if manifest != nil, gas < AIPrecompile.minimumGas(prompt: prompt, gasPerToken: price) {
            return AIAnswer(module: name, version: version, output: [], failed: false, gasPerToken: price, outOfGas: true)
        }
        do throws(PluginError) {
            let out = try host.call(name, capability: .precompile, input: prompt)
            return AIAnswer(module: name, version: version, output: out, failed: false, gasPerToken: price)
        } catch {
            return AIAnswer(module: name, version: version, output: Array(error.description.utf8), failed: true, gasPerToken: price)
        }
    }
}
