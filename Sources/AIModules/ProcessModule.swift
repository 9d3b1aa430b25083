import Foundation

/// A process module (Plugins/README.md, "process protocol"): an executable started on demand that
/// reads one JSON request per line on stdin and writes one JSON answer per line on stdout.
///
/// Request:  `{"id": 7, "capability": "precompile", "input": "<UTF-8 text>"}` (binary input as
/// `"input_hex": "0x…"` when it is not valid UTF-8).
/// Answer:   `{"id": 7, "output": "<text>"}` or `{"id": 7, "error": "<message>"}`.
///
/// The process is started on the first call and kept for the next ones. A call that takes longer
/// than `limits.time_ms` kills the process (SIGKILL) and fails; a process that exits or writes
/// something that is not an answer fails the call and is started again on the next one.
/// Calls are serialized (one in flight per module).
public final class ProcessModule: @unchecked Sendable {
    public let manifest: PluginManifest
    let log: @Sendable (String) -> Void

    /// Checks that the entry is an executable file (the process starts on the first call).
    /// - Throws: `PluginError` naming the entry when it is missing or not executable.
    public init(manifest: PluginManifest, log: @escaping @Sendable (String) -> Void = { _ in }) throws(PluginError) {
        self.manifest = manifest
        self.log = log
        guard FileManager.default.isExecutableFile(atPath: manifest.entryPath) else {
            throw PluginError(file: manifest.entryPath, "not an executable file (chmod +x, with a #! line for scripts)")
        }
    }

    /// How many times the process has been started (1 after the first call; more after crashes or kills).
    public var starts: Int { 0 }

    /// Whether the process is running now.
    public var isRunning: Bool { false }

    /// Sends one request and waits for its answer.
    /// - Parameters:
    ///   - input: the input bytes.
    ///   - capability: what is asked (sent as `capability`).
    /// - Returns: the answer's output as UTF-8 bytes (at most `limits.outputBytes`).
    /// - Throws: `PluginError` when the module answers an error, exceeds its time limit (the process
    ///   is killed), exits or crashes (restarted on the next call), or answers garbage or too much.
    public func call(_ input: [UInt8], capability: PluginCapability) throws(PluginError) -> [UInt8] {
        throw PluginError("\(manifest.name): process modules are not run yet")
    }

    /// Stops the process if it runs (the devnet's shutdown).
    public func stop() {}
}
