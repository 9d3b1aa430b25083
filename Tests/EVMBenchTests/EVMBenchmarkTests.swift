import EVMBench
import Foundation
import Testing

/// `devnet bench evm`'s measurement on `../shared/bench/cases.json`: every case must return its
/// `expectedOutput` and use revm's `gasUsed` (the file's figures, computed by revm and checked
/// against py-evm by the fixture's authors).
@Suite struct EVMBenchmarkTests {
    static var casesPath: String? {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        return EVMBenchmark.findDefaultCases(from: dir)
    }

    @Test func everyCaseOkWithRevmGas() throws {
        let path = try #require(Self.casesPath)
        let cases = try EVMBenchmark.loadCases(path: path)
        #expect(cases.map(\.name) == ["arith_loop", "keccak_chain", "storage_churn", "token_transfers", "memory_sort", "call_chain"])
        for c in cases {
            let r = EVMBenchmark.run(c, runs: 1)
            #expect(r.ok, "\(c.name)")
            #expect(r.gasUsed == c.gasUsed, "\(c.name)")
            #expect(r.runs == 1 && r.medianSeconds > 0)
        }
    }

    @Test func jsonLineHasTheReadmeShape() throws {
        let r = BenchResult(name: "x\"y", runs: 3, medianSeconds: 0.5, mgasPerSecond: 2, gasUsed: 1_000_000, ok: true)
        let line = r.jsonLine
        #expect(line.hasPrefix("{\"name\":\"x\\\"y\",\"runs\":3,\"medianSeconds\":0.5,"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["name", "runs", "medianSeconds", "mgasPerSecond", "gasUsed", "ok"])
        #expect(object["gasUsed"] as? Int == 1_000_000)
        #expect(object["ok"] as? Bool == true)
    }

    @Test func badCasesFileIsAnError() {
        #expect(throws: BenchError.self) { try EVMBenchmark.loadCases(path: "/nonexistent/cases.json") }
    }
}
