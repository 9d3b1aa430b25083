import Foundation
import Testing
@testable import Dashboard

// The Plugins page (AI-API.md "Dashboard"): names, descriptions, errors, inputs and outputs come from
// plugin.toml files, modules and users, so each hostile string (RollupPageTests / DataHubPageTests:
// OWASP XSS rule #1 escapes & < > " ') must appear only escaped.

func samplePlugins() -> PluginsView {
    PluginsView(
        directory: "Plugins",
        modules: [
            PluginRow(name: "sentiment", version: "0.1.0", description: hostile, kind: "wasm",
                      capabilities: ["precompile", "inference"], state: "ready", calls: 4, failures: 1,
                      meanMilliseconds: 2.5, lastMilliseconds: 1.236, starts: nil,
                      lastErrors: [PluginErrorRow(time: 1_700_000_000, message: hostileQuoted)],
                      roles: ["AI precompile 0x…0999"]),
            PluginRow(name: "echo", version: "2.0.0", kind: "process", capabilities: ["score"], state: "failed",
                      loadError: hostile, calls: 0, failures: 0, starts: 3),
        ],
        skipped: ["Plugins/bad/plugin.toml:4: `kind` must be \"wasm\" or \"process\", got " + hostile],
        precompileModule: "sentiment", scorerModule: nil, warnings: ["plugins.scorer = \"data-score\": " + hostile])
}

/// A source with two modules; `callPlugin` answers with the input echoed inside hostile markup.
struct PluginsSource: DashboardDataSource {
    func home() async -> HomeView { sampleHome() }
    func block(chain: String, id: BlockIdentifier) async -> BlockPageView? { nil }
    func transaction(chain: String, hash: String) async -> TransactionPageView? { nil }
    func plugins() async -> PluginsView { samplePlugins() }
    func callPlugin(module: String, capability: String, input: String) async -> PluginCallResult {
        if module == "echo" { return PluginCallResult(module: module, capability: capability, input: input, error: "echo: " + hostile) }
        return PluginCallResult(module: module, capability: capability, input: input, output: "<b>" + input + "</b>", milliseconds: 0.5)
    }
}

@Suite struct PluginsPageTests {
    let token = DashboardToken(value: String(repeating: "7f", count: 32))

    @Test func tableShowsEveryModuleWithItsCounters() {
        let html = Pages.plugins(samplePlugins(), token: token, result: nil)
        #expect(html.contains("<td><b>sentiment</b></td><td>0.1.0</td><td>wasm</td><td>precompile, inference</td>"))
        #expect(html.contains("<span class=\"badge ok\">ready</span>"))
        #expect(html.contains("<span class=\"badge fail\">failed</span>"))
        // 4 calls, 1 failure, mean 2.50 ms, last 1.236 → 1.24 ms; a wasm module has no process starts
        #expect(html.contains("<td class=\"num\">4</td><td class=\"num\">1</td><td class=\"num\">2.50</td><td class=\"num\">1.24</td><td class=\"num\">—</td>"))
        // the process module started 3 times, never called
        #expect(html.contains("<td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">3</td>"))
        #expect(html.contains("AI precompile 0x…0999"))
        #expect(html.contains("<b>sentiment</b> (capability precompile)"))
        #expect(html.contains("built-in (LazAIScorer)"))
        // 1700000000 = 2023-11-14 22:13:20 UTC
        #expect(html.contains("2023-11-14 22:13:20 UTC"))
        #expect(html.contains("2 loaded, 1 skipped"))
        #expect(html.contains("<a href=\"/plugins\" class=\"here\">Plugins</a>"))
    }

    @Test func everythingFromFilesAndModulesIsEscaped() {
        let html = Pages.plugins(samplePlugins(), token: token, result: nil)
        #expect(!html.contains(hostile))
        #expect(!html.contains(hostileQuoted))
        #expect(html.contains(hostileEscaped))
        #expect(html.contains(hostileQuotedEscaped))
        #expect(html.contains("Plugins/bad/plugin.toml:4: `kind` must be &quot;wasm&quot;"))
    }

    @Test func oneCallFormPerModuleCarryingTheToken() {
        let html = Pages.plugins(samplePlugins(), token: token, result: nil)
        #expect(html.components(separatedBy: "action=\"/dashboard/plugins/call\"").count == 3)
        #expect(html.components(separatedBy: "name=\"token\" value=\"\(token.value)\"").count == 3)
        #expect(html.contains("<option value=\"precompile\">precompile</option><option value=\"inference\">inference</option>"))
        let readOnly = Pages.plugins(samplePlugins(), token: nil, result: nil)
        #expect(!readOnly.contains("<form"))
    }

    @Test func unavailableSaysWhy() {
        let html = Pages.plugins(PluginsView(unavailable: "AI modules are off <here>"), token: token, result: nil)
        #expect(html.contains("AI modules are off &lt;here&gt;"))
        #expect(!html.contains("<form"))
    }

    @Test func postWithoutTheTokenIsRefusedBeforeTheCall() async {
        let site = DashboardSite(source: PluginsSource(), token: token)
        let r = await site.post(path: "/dashboard/plugins/call", contentType: "application/x-www-form-urlencoded",
                                body: Array("module=sentiment&capability=inference&input=hi&token=00".utf8))
        #expect(r?.status == 403)
        #expect(r?.html.contains("Call of") == false)
    }

    @Test func postShowsTheAnswerEscaped() async {
        let site = DashboardSite(source: PluginsSource(), token: token)
        // input "<i>great</i> & more" form-encoded (WHATWG application/x-www-form-urlencoded)
        let body = "token=\(token.value)&module=sentiment&capability=inference&input=%3Ci%3Egreat%3C%2Fi%3E+%26+more"
        for path in ["/dashboard/plugins/call", "/plugins/call"] {
            let r = await site.post(path: path, contentType: "application/x-www-form-urlencoded", body: Array(body.utf8))
            #expect(r?.status == 200)
            let html = r?.html ?? ""
            #expect(html.contains("Call of sentiment"))
            #expect(html.contains("&lt;b&gt;&lt;i&gt;great&lt;/i&gt; &amp; more&lt;/b&gt;"))
            #expect(!html.contains("<i>great</i>"))
        }
    }

    @Test func postShowsTheErrorEscaped() async {
        let site = DashboardSite(source: PluginsSource(), token: token)
        let body = "token=\(token.value)&module=echo&capability=score&input=x"
        let r = await site.post(path: "/dashboard/plugins/call", contentType: nil, body: Array(body.utf8))
        #expect(r?.status == 200)
        #expect(r?.html.contains("echo: " + hostileEscaped) == true)
    }

    @Test func postWithoutModuleIs400() async {
        let site = DashboardSite(source: PluginsSource(), token: token)
        let r = await site.post(path: "/dashboard/plugins/call", contentType: nil,
                                body: Array("token=\(token.value)&capability=score&input=x".utf8))
        #expect(r?.status == 400)
        #expect(r?.html.contains("names no module") == true)
    }

    @Test func defaultSourceHasNoModules() async {
        let r = await DashboardRoutes.respond(path: "/plugins", source: FixedSource(), token: token)
        #expect(r.status == 200)
        #expect(r.html.contains("This devnet runs no AI modules."))
    }

    @Test func millisecondsHaveTwoDecimals() {
        #expect(Pages.milliseconds(nil) == "—")
        #expect(Pages.milliseconds(0) == "0.00")
        #expect(Pages.milliseconds(12.346) == "12.35")   // 1234.6 hundredths round to 1235
        #expect(Pages.milliseconds(3.05) == "3.05")
    }
}
