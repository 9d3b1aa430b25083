import ArgumentParser
import EVM
import Foundation
import StateTestRunner

/// `devnet statetest [--fork NAME] [--run REGEX] PATH…`: runs execution-spec-tests state-test files
/// or folders (format: `../shared/fixtures/README.md`), printing one line per failing case and a final
/// `N passed, M failed`; exits 1 when any case failed.
public struct StateTestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "statetest",
        abstract: "Run Ethereum state tests (execution-spec-tests JSON) against this EVM.")

    @Option(name: .long, help: "Only this fork (Cancun, Prague or Osaka); default: all three.")
    public var fork: String?

    @Option(name: .customLong("run"), help: "Only cases whose name matches this regular expression.")
    public var pattern: String?

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
        let runner = StateTestRunner(forks: forks, namePattern: pattern)
        let results = runner.run(files: files)
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
