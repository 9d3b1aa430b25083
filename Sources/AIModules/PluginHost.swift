import Foundation

/// The devnet's AI modules at run time: every module of a `PluginDirectory`, loaded once, called by
/// name from any thread (the AI precompile, the LazAI nodes, the dashboard, `devnet plugins call`),
/// with per-module counters for the dashboard.
///
/// Thread-safe. A module that fails to load is kept with its error (status "failed") and every call
/// to it fails with that error; the others work.
public final class PluginHost: @unchecked Sendable {
    /// What the dashboard shows of one module.
    public struct Status: Sendable {
        public var manifest: PluginManifest
        /// "ready" (loaded, never called or last call fine), "running" (a process module's process is
        /// up), "error" (its last call failed), "failed" (it could not be loaded: `loadError`).
        public var state: String
        public var loadError: String?
        /// Calls made, and how many of them failed.
        public var calls: Int
        public var failures: Int
        /// Total and last call time, milliseconds.
        public var totalMilliseconds: Double
        public var lastMilliseconds: Double?
        /// The newest errors (at most 5), newest first, each with its Unix time in seconds.
        public var lastErrors: [(time: Double, message: String)]
        /// Process modules: how many times the process was started.
        public var starts: Int
    }

    enum Loaded {
        case wasm(WasmModule)
        case process(ProcessModule)
        case failed(PluginError)
    }

    struct Counters {
        var calls = 0, failures = 0
        var total = 0.0
        var last: Double?
        var lastWasFailure = false
        var errors: [(time: Double, message: String)] = []
    }

    /// The directory the modules came from (with the manifests that did not parse in `problems`).
    public let directory: PluginDirectory
    let modules: [String: Loaded]
    let lock = NSLock()
    var counters: [String: Counters] = [:]

    /// Loads every manifest of `directory` (wasm modules are parsed and validated now; process
    /// modules start on their first call).
    /// - Parameter log: receives module log lines (`env.log`, process stderr) and load failures.
    public init(directory: PluginDirectory, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.directory = directory
        var modules: [String: Loaded] = [:]
        for m in directory.manifests {
            do throws(PluginError) {
                switch m.kind {
                case .wasm: modules[m.name] = .wasm(try WasmModule(manifest: m, log: log))
                case .process: modules[m.name] = .process(try ProcessModule(manifest: m, log: log))
                }
            } catch {
                log("plugin \(m.name) not loaded: \(error)")
                modules[m.name] = .failed(error)
            }
        }
        self.modules = modules
    }

    /// The loaded manifests, sorted by name.
    public var manifests: [PluginManifest] { directory.manifests }

    /// The manifest named `name`.
    public func manifest(named name: String) -> PluginManifest? { directory.manifest(named: name) }

    /// The first module (by name) offering `capability`, if any.
    public func firstModule(offering capability: PluginCapability) -> PluginManifest? {
        directory.manifests.first { $0.capabilities.contains(capability) }
    }

    /// Calls module `name` with `input`, synchronously, and counts the call.
    /// - Returns: the module's output bytes.
    /// - Throws: `PluginError` for an unknown module, one that failed to load, one lacking
    ///   `capability`, or a failed call (the module's own message, a limit, a crash).
    public func call(_ name: String, capability: PluginCapability, input: [UInt8]) throws(PluginError) -> [UInt8] {
        guard let loaded = modules[name], let manifest = directory.manifest(named: name) else {
            let known = directory.manifests.map(\.name).joined(separator: ", ")
            if let skipped = directory.problem(forModule: name) {
                throw PluginError("no AI module named \"\(name)\": its manifest was skipped: \(skipped)")
            }
            throw PluginError("no AI module named \"\(name)\" in \(directory.path) (loaded: \(known.isEmpty ? "none" : known))")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let result: Result<[UInt8], PluginError>
        if case .failed(let e) = loaded {
            result = .failure(PluginError("\(name) could not be loaded: \(e)"))
        } else if !manifest.capabilities.contains(capability) {
            result = .failure(PluginError("\(name) does not offer `\(capability.rawValue)` (its capabilities: \(manifest.capabilities.map(\.rawValue).joined(separator: ", ")))"))
        } else {
            do throws(PluginError) {
                switch loaded {
                case .wasm(let w): result = .success(try w.call(input))
                case .process(let p): result = .success(try p.call(input, capability: capability))
                case .failed(let e): throw e
                }
            } catch {
                result = .failure(error)
            }
        }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        lock.lock()
        var c = counters[name] ?? Counters()
        c.calls += 1
        c.total += ms
        c.last = ms
        c.lastWasFailure = false
        if case .failure(let e) = result {
            c.lastWasFailure = true
            c.failures += 1
            c.errors.insert((Date().timeIntervalSince1970, e.description), at: 0)
            if c.errors.count > 5 { c.errors.removeLast() }
        }
        counters[name] = c
        lock.unlock()
        return try result.get()
    }

    /// `call` on a global queue, for async callers: a module may block up to its time limit, which
    /// must not hold a thread of the cooperative pool.
    public func callOffThePool(_ name: String, capability: PluginCapability, input: [UInt8]) async -> Result<[UInt8], PluginError> {
        await withCheckedContinuation { (done: CheckedContinuation<Result<[UInt8], PluginError>, Never>) in
            DispatchQueue.global().async {
                done.resume(returning: Result { () throws(PluginError) -> [UInt8] in try self.call(name, capability: capability, input: input) })
            }
        }
    }

    /// Every module's status, sorted by name.
    public func statuses() -> [Status] {
        lock.lock(); defer { lock.unlock() }
        return directory.manifests.map { m in
            let c = counters[m.name] ?? Counters()
            var state = "ready"
            var loadError: String?
            var starts = 0
            switch modules[m.name] {
            case .failed(let e)?: state = "failed"; loadError = e.description
            case .process(let p)?:
                starts = p.starts
                if p.isRunning { state = "running" }
            default: break
            }
            if state != "failed", c.lastWasFailure { state = "error" }
            return Status(manifest: m, state: state, loadError: loadError, calls: c.calls, failures: c.failures,
                          totalMilliseconds: c.total, lastMilliseconds: c.last, lastErrors: c.errors, starts: starts)
        }
    }

    /// Stops every process module (the devnet's shutdown).
    public func stop() {
        for case .process(let p) in modules.values { p.stop() }
    }
}
