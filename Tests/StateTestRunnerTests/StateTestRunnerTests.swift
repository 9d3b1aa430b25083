import EVM
import Foundation
import Primitives
import StateTestRunner
import Testing

@Suite("StateTestRunner on execution-spec-tests fixtures")
struct StateTestRunnerTests {
    /// `../shared/fixtures/state_tests` found from this file: up to the package root, then the nearest
    /// ancestor holding `shared/fixtures` (works from a worktree nested under …/wt/<name>).
    static var stateTests: URL {
        let manager = FileManager.default
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !manager.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        var ancestor = dir.deletingLastPathComponent()
        while true {
            let candidate = ancestor.appendingPathComponent("shared/fixtures/state_tests")
            if manager.fileExists(atPath: candidate.path) { return candidate }
            let parent = ancestor.deletingLastPathComponent()
            if parent.path == ancestor.path { return candidate }
            ancestor = parent
        }
    }

    static let passingFiles = [
        "cancun/eip1153_tstore/test_basic_tload_works.json",
        "cancun/eip1153_tstore/test_tload_after_sstore.json",
        "cancun/eip5656_mcopy/test_mcopy_memory_expansion.json",
    ]

    @Test("fixed fixture files pass for Cancun, Prague and Osaka", arguments: passingFiles)
    func fixturePasses(_ relative: String) throws {
        let path = Self.stateTests.appendingPathComponent(relative).path
        let results = try StateTestRunner().runFile(path)
        #expect(!results.isEmpty)
        for r in results {
            #expect(r.failure == nil, "\(r.name) [\(r.fork) #\(r.index)]: \(r.failure ?? "")")
        }
        // Every fork of the file was run (the fixtures hold Cancun, Prague and Osaka cases).
        #expect(Set(results.map(\.fork)) == ["Cancun", "Prague", "Osaka"])
    }

    /// The EIP-7702, EIP-4844 and EIP-7623 fixture folders (types 3 and 4 through txbytes). Every
    /// case passes except those that need a precompile this branch may not have: the KZG point
    /// evaluation (test_point_evaluation_precompile.py) and the precompiles called through a
    /// delegation in test_call_to_precompile_in_pointer_context (BLS12-381, P256VERIFY, Osaka MODEXP).
    @Test("type-3/4 fixture folders pass, apart from missing precompiles",
          arguments: [("prague/eip7702_set_code_tx", 779), ("cancun/eip4844_blobs", 990),
                      ("prague/eip7623_increase_calldata_cost", 300)])
    func blobAndSetCodeFolders(_ folder: String, cases: Int) throws {
        let runner = StateTestRunner()
        let files = try StateTestRunner.collectFiles([Self.stateTests.appendingPathComponent(folder).path])
        let results = runner.run(files: files)
        #expect(results.count == cases)
        for r in results where !r.passed {
            let needsPrecompile = r.name.contains("test_point_evaluation_precompile.py")
                || r.name.contains("test_call_to_precompile_in_pointer_context")
            #expect(needsPrecompile, "\(r.name) [\(r.fork) #\(r.index)]: \(r.failure ?? "")")
        }
    }

    /// The same folders without `txbytes`: the runner then builds each transaction from the case's
    /// fields (`blobVersionedHashes`, `maxFeePerBlobGas`, `authorizationList` with chainId, address,
    /// nonce, yParity/v, r, s) and must reach the same post-states.
    @Test("type-3/4 cases pass from their JSON fields alone",
          arguments: ["prague/eip7702_set_code_tx", "cancun/eip4844_blobs"])
    func blobAndSetCodeFromFields(_ folder: String) throws {
        let files = try StateTestRunner.collectFiles([Self.stateTests.appendingPathComponent(folder).path])
        var count = 0
        for file in files {
            let data = try #require(FileManager.default.contents(atPath: file))
            var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for (name, value) in json {
                var body = try #require(value as? [String: Any])
                var post = try #require(body["post"] as? [String: Any])
                for (fork, entries) in post {
                    var list = try #require(entries as? [[String: Any]])
                    for i in list.indices { list[i]["txbytes"] = nil }
                    post[fork] = list
                }
                body["post"] = post
                json[name] = body
            }
            let stripped = try JSONSerialization.data(withJSONObject: json)
            let results = try StateTestRunner().run(json: stripped, file: file)
            count += results.count
            for r in results where !r.passed {
                let needsPrecompile = r.name.contains("test_point_evaluation_precompile.py")
                    || r.name.contains("test_call_to_precompile_in_pointer_context")
                #expect(needsPrecompile, "\(r.name) [\(r.fork) #\(r.index)]: \(r.failure ?? "")")
            }
        }
        #expect(count == (folder.hasPrefix("prague") ? 779 : 990))
    }

    @Test("--fork and --run filters select only matching cases")
    func filters() throws {
        let path = Self.stateTests.appendingPathComponent(Self.passingFiles[0]).path
        let results = try StateTestRunner(forks: [.prague], namePattern: "fork_Prague").runFile(path)
        #expect(results.count == 1)
        #expect(results.allSatisfy { $0.fork == "Prague" && $0.passed })
    }

    @Test("an altered expected hash is reported as a state root mismatch")
    func alteredHash() throws {
        let path = Self.stateTests.appendingPathComponent(Self.passingFiles[0]).path
        let data = try #require(FileManager.default.contents(atPath: path))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let wrong = "0x" + String(repeating: "11", count: 32)
        var original: [String] = []
        for (name, value) in json {
            var body = try #require(value as? [String: Any])
            var post = try #require(body["post"] as? [String: Any])
            for (fork, entries) in post {
                var list = try #require(entries as? [[String: Any]])
                for i in list.indices {
                    original.append(try #require(list[i]["hash"] as? String))
                    list[i]["hash"] = wrong
                }
                post[fork] = list
            }
            body["post"] = post
            json[name] = body
        }
        let altered = try JSONSerialization.data(withJSONObject: json)
        let results = try StateTestRunner().run(json: altered, file: "altered.json")
        #expect(results.count == original.count)
        for r in results {
            let why = try #require(r.failure)
            #expect(why.hasPrefix("state root mismatch: got 0x"))
            #expect(why.hasSuffix("want " + wrong))
            // The "got" root is the fixture's real post-state root.
            let got = String(why.dropFirst("state root mismatch: got ".count).prefix(66))
            #expect(original.contains(got))
        }
    }

    @Test("malformed JSON is a clear error naming the file")
    func malformed() {
        #expect {
            try StateTestRunner().run(json: Data("{bad".utf8), file: "broken.json")
        } throws: { error in
            "\(error)".hasPrefix("broken.json: invalid JSON")
        }
        let results = StateTestRunner().run(files: ["/nonexistent/x.json"])
        #expect(results.count == 1 && results[0].failure?.contains("/nonexistent/x.json") == true)
    }

    @Test("EIP-4844 blob base fee: fake_exponential(1, excess, 3338477)")
    func blobBaseFee() {
        // 0 excess → the minimum 1 wei; values from EIP-4844's fake_exponential.
        #expect(StateTestRunner.blobBaseFee(excessBlobGas: .zero, updateFraction: 3_338_477) == UInt256(1))
        // e^(3338477 * 10 / 3338477) = e^10 ≈ 22026 (fake_exponential floors to 22026).
        #expect(StateTestRunner.blobBaseFee(excessBlobGas: UInt256(33_384_770), updateFraction: 3_338_477) == UInt256(22026))
    }

    @Test("logs hash of no logs is keccak(rlp([])) = 0x1dcc4de8…")
    func emptyLogsHash() {
        #expect(StateTestRunner.logsHash([]).hex == "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347")
    }
}
