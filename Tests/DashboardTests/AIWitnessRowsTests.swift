import Testing
@testable import Dashboard

/// The Plugins page's "Recent AI precompile answers": prompts and answers come from users and modules,
/// so they appear only escaped, long ones clipped, failures marked.
@Suite("Plugins page: AI witnesses")
struct AIWitnessRowsTests {
    @Test func witnessesAreListedEscapedWithLinks() {
        var view = samplePlugins()
        let hash = "0x" + String(repeating: "ab", count: 32)
        view.witnesses = [
            AIWitnessRow(blockNumber: 7, transactionHash: hash, module: "sentiment", version: "0.1.0",
                         input: "<script>alert(1)</script>", output: String(repeating: "x", count: 500), failed: false),
            AIWitnessRow(blockNumber: 6, transactionHash: hash, module: "hanging", version: "1",
                         input: "hi", output: "hanging: no answer within limits.time_ms", failed: true),
        ]
        let html = Pages.plugins(view, token: nil, result: nil)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert(1)"))
        #expect(html.contains("<a href=\"/block/l2/7\">7</a>"))
        #expect(html.contains("href=\"/tx/l2/\(hash)\""))
        #expect(html.contains(String(repeating: "x", count: 119) + "…") && !html.contains(String(repeating: "x", count: 121)))
        #expect(html.contains("<td class=\"error\">hanging: no answer within limits.time_ms</td>"))
    }

    @Test func noWitnessesSaysSo() {
        let html = Pages.plugins(samplePlugins(), token: nil, result: nil)
        #expect(html.contains("No transaction in the newest blocks called 0x…0999."))
    }
}
