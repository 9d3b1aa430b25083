import ArgumentParser
import EVM
import Foundation
import StateTestRunner

/// `devnet statetest [--fork NAME] [--run REGEX] [--trace] PATH…`: runs execution-spec-tests state-test
/// files or folders (format: `../shared/fixtures/README.md`) on all cores, printing one line per failing
/// case and a final `N passed, M failed`; exits 1 when any case failed. `--trace` runs the cases one
/// after another and writes EIP-3155 JSON lines to stderr (README: "Diffing a failing state test
/// against the spec").
public struct StateTestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "statetest",
        abstract: "Run Ethereum state tests (execution-spec-tests JSON) against this EVM.")

    @Option(name: .long, help: "Only this fork (Cancun, Prague or Osaka); default: all three.")
    public var fork: String?

    @Option(name: .customLong("run"), help: "Only cases whose name matches this regular expression.")
    public var pattern: String?

    @Flag(name: .long, help: "Write EIP-3155 JSON trace lines to stderr (cases then run one at a time).")
    public var trace = false

    @Argument(help: "State-test JSON files or folders (searched recursively for *.json).")
    public var paths: [String]

    public init() {}

    public func run() throws {
        var forks = Hardfork.allCases
        if let fork {
            guard let f = Hardfork(name: fork) else {
                throw ValidationError("unknown fork \(fork); supported: \(Hardfork.allCases.map(\.name).joined(separator: ", "))")
            }
            forks = [f]
        }
        if let pattern, (try? NSRegularExpression(pattern: pattern)) == nil {
            throw ValidationError("--run: invalid regular expression \(pattern)")
        }
        let files: [String]
        do { files = try StateTestRunner.collectFiles(paths) } catch {
            throw ValidationError("\(error)")
        }
        var runner = StateTestRunner(forks: forks, namePattern: pattern)
        let traceOut = TraceWriter()
        if trace { runner.trace = { traceOut.write($0) } }
        let results = runner.run(files: files)
        traceOut.flush()
        var passed = 0, failed = 0
        for r in results {
            if let why = r.failure {
                failed += 1
                print("FAIL \(r.file) \(r.name) [\(r.fork) #\(r.index)]: \(why)")
            } else {
                passed += 1
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Trace lines to stderr, buffered (a trace can have millions of lines), flushed at 64 KiB and at the end.
final class TraceWriter: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer: [UInt8] = []

    func write(_ line: String) {
        lock.lock()
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0a)
        let full = buffer.count >= 1 << 16
        lock.unlock()
        if full { flush() }
    }

    func flush() {
        lock.lock()
        defer { lock.unlock() }
        guard !buffer.isEmpty else { return }
        FileHandle.standardError.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
