/// `[plugins]` in devnet.toml: the AI modules of `Plugins/` (AI-API.md, issue 8).
public struct PluginsConfig: Sendable, Equatable {
    /// Whether modules are loaded at all. `false`: none is, the AI precompile answers every call
    /// with a "no AI module …" failure and LazAI nodes score with the built-in scorer.
    public var enabled: Bool
    /// The modules' directory (`<dir>/<name>/plugin.toml`), relative to the current directory or
    /// absolute. A directory that does not exist gives no modules (the banner says so).
    public var dir: String
    /// The module serving the AI precompile at 0x…0999 (it must offer `precompile`); "" = none.
    public var precompile: String
    /// The module LazAI verified-computing nodes score data with (it must offer `score`);
    /// "" = LazAI's built-in scorer (`LazAIScorer`).
    public var scorer: String
    /// The module answering the LazAI nodes' chat requests, `/v1/chat/completions` (it must offer
    /// `inference`); "" = LazAI's built-in responder (`LazAIResponder`).
    public var inference: String

    public init(enabled: Bool = true, dir: String = "Plugins", precompile: String = "sentiment", scorer: String = "data-score",
                inference: String = "") {
        self.enabled = enabled
        self.dir = dir
        self.precompile = precompile
        self.scorer = scorer
        self.inference = inference
    }

    /// enabled, "Plugins", "sentiment", "data-score", inference "" (built-in).
    public static let defaults = PluginsConfig()

    /// A module name as plugin.toml allows it (`[a-z0-9-]`, 1…64 characters), or "" (none).
    static func isModuleName(_ s: String) -> Bool {
        s.isEmpty || (s.utf8.count <= 64 && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 })
    }
}
