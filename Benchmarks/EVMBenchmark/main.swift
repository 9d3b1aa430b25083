// evm-bench: the same measurement as `devnet bench evm` (library EVMBench), without the rest of devnet.
//
//   swift build -c release --product evm-bench
//   .build/release/evm-bench [path/to/cases.json] [--runs N]  > /tmp/ours.jsonl
//   python ../shared/bench/compare.py /tmp/ours.jsonl /tmp/revm.jsonl
//
// One JSON line per case (../shared/bench/README.md). Numbers only mean something in release builds.
import EVMBench
import Foundation

var args = Array(CommandLine.arguments.dropFirst())
var runs = 7
if let i = args.firstIndex(of: "--runs"), i + 1 < args.count {
    runs = Int(args[i + 1]) ?? 7
    args.removeSubrange(i...i + 1)
}
guard let path = args.first ?? EVMBenchmark.defaultCasesPath() else {
    FileHandle.standardError.write("usage: evm-bench [cases.json] [--runs N]\n".data(using: .utf8)!)
    exit(2)
}
do {
    for c in try EVMBenchmark.loadCases(path: path) {
        print(EVMBenchmark.run(c, runs: runs).jsonLine)
    }
} catch {
    FileHandle.standardError.write("evm-bench: \(error)\n".data(using: .utf8)!)
    exit(2)
}
