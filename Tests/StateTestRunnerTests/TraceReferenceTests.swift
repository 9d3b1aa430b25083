import EVM
import Foundation
import StateTestRunner
import Testing

/// `devnet statetest --trace` output against the executable spec's EIP-3155 traces of the same cases
/// (`Reference/README.md`: EELS `ethereum-spec-evm statetest --json --nomemory`, ethereum-execution
/// 2.20.0). Every key EELS prints must have EELS's value, line by line.
@Suite("EIP-3155 traces against EELS")
struct TraceReferenceTests {
    static var referenceDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference")
    }

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
    }

    static func objects(_ lines: [String]) throws -> [[String: Any]] {
        try lines.filter { $0.hasPrefix("{") }.map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// A JSON value as sorted-key JSON text, for comparing values parsed from two sources.
    static func canonical(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]), as: UTF8.self)
    }

    @Test("our trace lines carry EELS's values", arguments: [
        "mcopy_create2", "callcode_gas_shortage", "swap4_underflow", "tstore_revert", "clz_call", "sstore_refunds",
        "create_oog", "keccak_oog",
    ])
    func matchesEELS(_ name: String) throws {
        let dir = Self.referenceDirectory
        let eelsText = try String(contentsOf: dir.appendingPathComponent("\(name).eels.jsonl"), encoding: .utf8)
        let eels = try Self.objects(eelsText.split(separator: "\n").map(String.init))
        let collected = Lines()
        let runner = StateTestRunner(trace: { collected.append($0) })
        let results = try runner.runFile(dir.appendingPathComponent("\(name).json").path)
        #expect(results.count == 1)
        #expect(results.allSatisfy { $0.passed })
        let ours = try Self.objects(collected.all)
        #expect(ours.count == eels.count)
        for (i, (o, e)) in zip(ours, eels).enumerated() {
            for (key, want) in e {
                let got = o[key]
                let same = try got.map { try Self.canonical($0) == Self.canonical(want) } ?? false
                #expect(same, "line \(i + 1) key \(key): ours \(String(describing: got)) EELS \(want)")
                if !same { return }
            }
        }
        // Our summary line adds the EIP-3155 fields EELS leaves out.
        let summary = try #require(ours.last)
        #expect(summary["pass"] as? Bool == true)
        #expect(summary["fork"] as? String != nil)
    }

    @Test("the summary line is valid JSON and names a failing case's reason")
    func summaryOfFailingCase() throws {
        // The sstore case with a wrong expected state root: it must fail and say so in the summary.
        let url = Self.referenceDirectory.appendingPathComponent("sstore_refunds.json")
        var cases = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let name = try #require(cases.keys.first)
        var body = try #require(cases[name] as? [String: Any])
        var post = try #require(body["post"] as? [String: [[String: Any]]])
        let fork = try #require(post.keys.first)
        post[fork]![0]["hash"] = "0x" + String(repeating: "11", count: 32)
        body["post"] = post
        cases[name] = body
        let data = try JSONSerialization.data(withJSONObject: cases)
        let collected = Lines()
        let results = try StateTestRunner(trace: { collected.append($0) }).run(json: data, file: "edited")
        #expect(results.count == 1 && results[0].failure?.hasPrefix("state root mismatch") == true)
        let summary = try #require(try Self.objects(collected.all).last)
        #expect(summary["pass"] as? Bool == false)
        #expect((summary["error"] as? String)?.hasPrefix("state root mismatch") == true)
        #expect(summary["name"] as? String == name)
    }
}
