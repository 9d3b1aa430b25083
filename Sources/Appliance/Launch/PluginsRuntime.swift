import AIModules
import Foundation
import LazAI

/// The devnet's AI modules at run time (`[plugins]`, AI-API.md): the scanned directory, one
/// `PluginHost`, the AI precompile's oracle, LazAI's scorer, and what the banner says about them.
public struct PluginsRuntime: Sendable {
    /// The settings it was made from.
    public let config: PluginsConfig
    /// The modules (an empty host when plugins are disabled or the directory does not exist).
    public let host: PluginHost
    /// Whether `config.dir` exists (false: 0 modules, the banner says so).
    public let directoryExists: Bool
    /// The module the AI precompile calls, nil when none is configured or plugins are disabled.
    /// A named module that is missing or lacks `precompile` is kept (its calls fail saying so) and
    /// listed in `warnings`.
    public let precompileModule: String?
    /// The module LazAI nodes score with, nil: the built-in scorer (none configured, disabled, or
    /// the named module is missing or lacks `score` — then `warnings` says so).
    public let scorerModule: String?
    /// The module answering LazAI chat requests, nil: the built-in responder (none configured,
    /// disabled, or the named module is missing or lacks `inference` — then `warnings` says so).
    public let inferenceModule: String?
    /// Problems worth telling at start: a configured module missing or lacking its capability.
    public let warnings: [String]

    /// Scans `config.dir` (when enabled) and loads every module.
    /// - Parameter log: module log lines (`env.log`, process stderr, load failures).
    public init(config: PluginsConfig, log: @escaping @Sendable (String) -> Void) {
        self.config = config
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: config.dir, isDirectory: &isDir) && isDir.boolValue
        directoryExists = exists
        var directory = PluginDirectory.scan(config.enabled ? config.dir : "")
        directory.path = config.dir   // disabled: nothing scanned, no modules
        host = PluginHost(directory: directory, log: log)
        var warnings: [String] = []
        func check(_ name: String, _ capability: PluginCapability, setting: String, fallback: String) -> Bool {
            guard let m = directory.manifest(named: name) else {
                let skipped = directory.problem(forModule: name) != nil
                warnings.append("plugins.\(setting) = \"\(name)\": no such module in \(config.dir)"
                                + (skipped ? " (its plugin.toml was skipped, see above)" : "") + "; \(fallback)")
                return false
            }
            guard m.capabilities.contains(capability) else {
                warnings.append("plugins.\(setting) = \"\(name)\" does not offer \"\(capability.rawValue)\" (its capabilities: "
                                + m.capabilities.map(\.rawValue).joined(separator: ", ") + "); \(fallback)")
                return false
            }
            return true
        }
        var precompile: String?
        var scorer: String?
        if config.enabled {
            if !config.precompile.isEmpty {
                precompile = config.precompile
                _ = check(config.precompile, .precompile, setting: "precompile", fallback: "calls to 0x…0999 fail (modules are loaded at start: restart the devnet once it is there)")
            }
            if !config.scorer.isEmpty,
               check(config.scorer, .score, setting: "scorer", fallback: "LazAI nodes score with the built-in scorer") {
                scorer = config.scorer
            }
        }
        var inference: String?
        if config.enabled, !config.inference.isEmpty,
           check(config.inference, .inference, setting: "inference", fallback: "LazAI nodes answer chat requests with the built-in responder") {
            inference = config.inference
        }
        precompileModule = precompile
        scorerModule = scorer
        inferenceModule = inference
        self.warnings = warnings
    }

    /// The AI precompile's live answerer, for `Blockchain.aiOracle` of the L2 (always set; with no
    /// module every call fails with a message saying how to name one).
    public var oracle: PluginAIOracle {
        PluginAIOracle(host: host, moduleName: precompileModule,
                       whyNone: config.enabled
                           ? "no AI module serves the precompile at 0x…0999: plugins.precompile is empty; name one in devnet.toml ([plugins] precompile = \"NAME\")"
                           : "AI modules are off on this devnet (--no-plugins or plugins.enabled = false), so the precompile at 0x…0999 has no module")
    }

    /// LazAI's scorer: `scorerModule` called with capability `score`, its answer parsed as decimal
    /// text 1…10000 (surrounding whitespace allowed); nil when LazAI should use its built-in scorer.
    /// The closure throws `PluginError` for a failed call or an answer that is not such a number.
    public var scorer: (@Sendable ([UInt8]) throws -> UInt64)? {
        guard let name = scorerModule else { return nil }
        let host = self.host
        return { bytes in try Self.score(host: host, module: name, bytes) }
    }

    /// LazAI's chat responder: `inferenceModule` called with capability `inference` on the prompt's
    /// UTF-8 bytes, its answer read as UTF-8; nil when LazAI should use its built-in responder.
    public var responder: LazAIServices.Responder? {
        guard let name = inferenceModule else { return nil }
        let host = self.host
        return LazAIServices.Responder(model: name) { prompt in
            String(decoding: try host.call(name, capability: .inference, input: Array(prompt.utf8)), as: UTF8.self)
        }
    }

    /// One scoring call (see `scorer`).
    /// - Throws: `PluginError`: the module's failure, or "NAME answered "…", not a score 1…10000".
    public static func score(host: PluginHost, module name: String, _ bytes: [UInt8]) throws(PluginError) -> UInt64 {
        let out = try host.call(name, capability: .score, input: bytes)
        let text = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = UInt64(text), (1...10_000).contains(v) else {
            let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
            throw PluginError("\(name) answered \"\(shown)\", not a score from 1 to 10000 (decimal text)")
        }
        return v
    }

    /// The banner's lines after "AI modules:", each ending in a newline: the directory and the
    /// modules loaded, each skipped manifest with file:line, the precompile's and the scorer's module,
    /// the warnings.
    public var bannerLines: String {
        let pad = "                   "
        guard config.enabled else {
            return "off (--no-plugins or plugins.enabled = false): no modules; 0x…0999 answers \"no AI module\" failures, LazAI scores with its built-in scorer\n"
        }
        let manifests = host.manifests
        var s: String
        if !directoryExists {
            s = "0 modules: \(config.dir) does not exist (plugins.dir or --plugins-dir)\n"
        } else {
            let failed = Set(host.statuses().filter { $0.state == "failed" }.map(\.manifest.name))
            let loaded = manifests.filter { !failed.contains($0.name) }
            s = "\(loaded.count) module\(loaded.count == 1 ? "" : "s") from \(config.dir)"
            s += loaded.isEmpty ? "\n" : ": " + loaded.map { "\($0.name) \($0.version) (\($0.kind.rawValue))" }.joined(separator: ", ") + "\n"
        }
        for failed in host.statuses() where failed.state == "failed" {
            s += pad + "not loaded: \(failed.manifest.name): \(failed.loadError ?? "?")\n"
        }
        for problem in host.directory.problems {
            s += pad + "skipped: \(problem)\n"
        }
        s += pad + "precompile 0x…0999: " + (precompileModule ?? "none (plugins.precompile = \"\")") + "\n"
        s += pad + "LazAI scorer: " + (scorerModule.map { "\($0) (capability score)" } ?? "built-in (LazAIScorer)") + "\n"
        s += pad + "LazAI inference: " + (inferenceModule.map { "\($0) (capability inference)" } ?? "built-in (LazAIResponder)") + "\n"
        for w in warnings { s += pad + "warning: \(w)\n" }
        s += pad + "see /plugins on the dashboard; devnet plugins list|check|call\n"
        return s
    }
}
