// View models of the Plugins page (`/plugins`, AI-API.md "Dashboard"). Fields are in display form;
// names, descriptions, errors, inputs and outputs come from plugin.toml files, modules and users,
// so the page escapes all of them.

/// One recent error of a module.
public struct PluginErrorRow: Sendable, Equatable {
    /// Unix time of the failed call, seconds.
    public var time: Double
    public var message: String

    public init(time: Double, message: String) {
        self.time = time
        self.message = message
    }
}

/// One loaded module (`PluginHost.Status`).
public struct PluginRow: Sendable, Equatable {
    public var name: String
    public var version: String
    public var description: String
    /// "wasm" or "process".
    public var kind: String
    /// "precompile", "score", "inference", "query", "training".
    public var capabilities: [String]
    /// "ready", "running", "error" or "failed".
    public var state: String
    /// Why it could not be loaded (state "failed").
    public var loadError: String?
    public var calls: Int
    public var failures: Int
    /// Mean and last call time, milliseconds; nil before the first call.
    public var meanMilliseconds: Double?
    public var lastMilliseconds: Double?
    /// Process modules: times the process was started; nil for wasm modules.
    public var starts: Int?
    /// Newest first, at most 5.
    public var lastErrors: [PluginErrorRow]
    /// What the devnet uses it for, e.g. "AI precompile 0x…0999", "LazAI scorer".
    public var roles: [String]

    public init(name: String, version: String, description: String = "", kind: String, capabilities: [String],
                state: String, loadError: String? = nil, calls: Int = 0, failures: Int = 0,
                meanMilliseconds: Double? = nil, lastMilliseconds: Double? = nil, starts: Int? = nil,
                lastErrors: [PluginErrorRow] = [], roles: [String] = []) {
        self.name = name
        self.version = version
        self.description = description
        self.kind = kind
        self.capabilities = capabilities
        self.state = state
        self.loadError = loadError
        self.calls = calls
        self.failures = failures
        self.meanMilliseconds = meanMilliseconds
        self.lastMilliseconds = lastMilliseconds
        self.starts = starts
        self.lastErrors = lastErrors
        self.roles = roles
    }
}

/// `GET /plugins`: every module, the manifests skipped, which modules serve the precompile and scoring.
public struct PluginsView: Sendable, Equatable {
    /// Why there is nothing to show (plugins disabled, no host); nil otherwise.
    public var unavailable: String?
    /// The modules' directory as configured (`[plugins] dir`).
    public var directory: String
    /// False when the directory does not exist.
    public var directoryExists: Bool
    public var modules: [PluginRow]
    /// Each skipped plugin.toml, "file:line: reason".
    public var skipped: [String]
    /// The module serving 0x…0999, nil: none.
    public var precompileModule: String?
    /// The module LazAI nodes score with, nil: the built-in scorer.
    public var scorerModule: String?
    /// The module answering LazAI chat requests, nil: the built-in responder.
    public var inferenceModule: String? = nil
    /// Configuration problems (a named module missing or lacking the capability).
    public var warnings: [String]
    /// The AI precompile's newest answers recorded in L2 blocks (AI witnesses), newest first.
    public var witnesses: [AIWitnessRow] = []

    public init(unavailable: String? = nil, directory: String = "", directoryExists: Bool = true, modules: [PluginRow] = [],
                skipped: [String] = [], precompileModule: String? = nil, scorerModule: String? = nil, warnings: [String] = []) {
        self.unavailable = unavailable
        self.directory = directory
        self.directoryExists = directoryExists
        self.modules = modules
        self.skipped = skipped
        self.precompileModule = precompileModule
        self.scorerModule = scorerModule
        self.warnings = warnings
    }
}

/// One AI witness: an answer of the AI precompile a mined L2 transaction used.
public struct AIWitnessRow: Sendable, Equatable {
    public var blockNumber: UInt64
    /// 0x-hex transaction hash.
    public var transactionHash: String
    public var module: String
    public var version: String
    /// The prompt and the answer (or the error) as UTF-8 text (invalid bytes replaced).
    public var input: String
    public var output: String
    public var failed: Bool

    public init(blockNumber: UInt64, transactionHash: String, module: String, version: String, input: String,
                output: String, failed: Bool) {
        self.blockNumber = blockNumber
        self.transactionHash = transactionHash
        self.module = module
        self.version = version
        self.input = input
        self.output = output
        self.failed = failed
    }
}

/// The answer to one call made from the page's form (`POST /dashboard/plugins/call`).
public struct PluginCallResult: Sendable, Equatable {
    public var module: String
    public var capability: String
    public var input: String
    /// The module's output as UTF-8 text (invalid sequences shown as U+FFFD); nil when the call failed.
    public var output: String?
    /// The failure (`PluginError` text); nil when the call answered.
    public var error: String?
    /// Call time, milliseconds.
    public var milliseconds: Double

    public init(module: String, capability: String, input: String, output: String? = nil, error: String? = nil, milliseconds: Double = 0) {
        self.module = module
        self.capability = capability
        self.input = input
        self.output = output
        self.error = error
        self.milliseconds = milliseconds
    }
}
