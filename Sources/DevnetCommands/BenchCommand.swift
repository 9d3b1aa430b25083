import ArgumentParser
import EVMBench
import Foundation

/// `devnet bench`: benchmarks. Its one subcommand is `evm`.
public struct BenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (release builds only give meaningful numbers).",
        subcommands: [BenchEVMCommand.self])

    public init() {}
}

/// `devnet bench evm [CASES.json] [--runs N]`: the EVM benchmark of `../shared/bench` — per case the
/// contract is deployed untimed into a fresh state and only the call is timed, `runs` times, each
/// from a fresh state. Prints one JSON line per case, `{"name","runs","medianSeconds","mgasPerSecond",
/// "gasUsed","ok"}` (`../shared/bench/README.md`); exits 1 when a case is not ok.
public struct BenchEVMCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "evm",
        abstract: "Time the EVM on a cases file (default ../shared/bench/cases.json); one JSON line per case.")

    @Argument(help: "A cases file ({\"cases\": [{name, initcode, calldata, gasLimit, expectedOutput}]}).")
    public var cases: String?

    @Option(name: .long, help: "Timed runs per case (median reported).")
    public var runs = 7

    public init() {}

    public func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    public func run() throws {
        guard let path = cases ?? EVMBenchmark.defaultCasesPath() else {
            throw ValidationError("no cases file given and no shared/bench/cases.json found above the binary or the current directory")
        }
        let list: [BenchCase]
        do { list = try EVMBenchmark.loadCases(path: path) } catch { throw ValidationError("\(error)") }
        var allOK = true
        for c in list {
            let r = EVMBenchmark.run(c, runs: runs)
            print(r.jsonLine)
            allOK = allOK && r.ok
        }
        if !allOK { throw ExitCode(1) }
    }
}
