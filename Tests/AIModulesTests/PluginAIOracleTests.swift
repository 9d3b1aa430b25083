import EVM
import Foundation
import Testing
@testable import AIModules

/// PluginAIOracle: the live answerer of 0x…0999 asks its module only when the call can pay for the
/// prompt and one token of answer (AIPrecompile.minimumGas), and turns module failures into answers.
@Suite("PluginAIOracle")
struct PluginAIOracleTests {
    /// A host over a directory holding one process module that answers "yes".
    func host() throws -> PluginHost {
        let m = try processManifest("""
        #!/bin/sh
        while read line; do
          id=$(echo "$line" | sed 's/.*"id": *\\([0-9]*\\).*/\\1/')
          echo "{\\"id\\": $id, \\"output\\": \\"yes\\"}"
        done
        """, name: "yes")
        let dir = PluginDirectory(path: (m.directory as NSString).deletingLastPathComponent, manifests: [m], problems: [])
        return PluginHost(directory: dir)
    }

    @Test func belowTheMinimumTheModuleIsNotAsked() throws {
        let host = try host()
        defer { host.stop() }
        let oracle = PluginAIOracle(host: host, moduleName: "yes")
        // "a b" = 2 tokens: the module is asked from 100 × (2 + 1) = 300 gas on.
        let short = oracle.answer(prompt: Array("a b".utf8), gas: 299)
        #expect(short.outOfGas && short.output.isEmpty && short.gasPerToken == 100 && short.module == "yes")
        #expect(host.statuses().first?.calls == 0)
        let ok = oracle.answer(prompt: Array("a b".utf8), gas: 300)
        #expect(!ok.outOfGas && !ok.failed && ok.output == Array("yes".utf8))
        #expect(host.statuses().first?.calls == 1)
    }

    @Test func failuresAreAnswersWithTheReason() throws {
        let host = try host()
        defer { host.stop() }
        let missing = PluginAIOracle(host: host, moduleName: "nope").answer(prompt: Array("x".utf8), gas: 1_000_000)
        #expect(missing.failed && String(decoding: missing.output, as: UTF8.self).contains("no AI module named \"nope\""))
        let none = PluginAIOracle(host: host, moduleName: nil).answer(prompt: Array("x".utf8), gas: 1_000_000)
        #expect(none.failed && String(decoding: none.output, as: UTF8.self).contains("[plugins] precompile"))
    }
}
