import ServiceLifecycle

/// A long-running part of the Metis layer (sequencer set, batcher, proposer, relayer) run by the
/// launcher next to the RPC servers, in the same `ServiceGroup`: `body` is cancelled on Ctrl-C /
/// SIGTERM (graceful shutdown). When `body` returns or throws, the error is reported through
/// `report` and the devnet keeps running.
public struct RollupService: Service {
    /// Shown in the report, e.g. "batcher".
    public let name: String
    let body: @Sendable () async throws -> Void
    let report: @Sendable (String) -> Void

    /// - Parameters:
    ///   - name: what the service is, for the report.
    ///   - report: receives "rollup <name> stopped: <error>\n" when `body` throws (not on cancellation).
    ///   - body: the service's loop; it should return promptly when its task is cancelled.
    public init(name: String, report: @escaping @Sendable (String) -> Void, body: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.report = report
        self.body = body
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await body() }
        } catch is CancellationError {
        } catch {
            if !Task.isCancelled { report("rollup \(name) stopped: \(error)\n") }
        }
    }
}
