import AIModules
import Foundation
import Testing
@testable import Appliance

/// devnet.toml `[plugins]` (AI-API.md): the sheet's defaults and keys, errors naming the key, the
/// command-line flags, and what the devnet makes of the settings at start (`PluginsRuntime`).
@Suite struct PluginsSettingsTests {
    @Test func defaultsAreTheSheets() {
        let p = DevnetConfig.defaults.plugins
        #expect(p == PluginsConfig(enabled: true, dir: "Plugins", precompile: "sentiment", scorer: "data-score", inference: ""))
        #expect(DevnetConfig.settings.filter { $0.section == "plugins" }.map(\.key) == ["enabled", "dir", "precompile", "scorer", "inference"])
    }

    @Test func sectionIsReadAndWrittenBack() throws {
        let c = try DevnetConfig.parse(toml: """
        [plugins]
        enabled = false
        dir = "/opt/modules"
        precompile = ""
        scorer = "my-scorer-2"
        inference = "chat-1"
        """, source: "t.toml")
        #expect(c.plugins == PluginsConfig(enabled: false, dir: "/opt/modules", precompile: "", scorer: "my-scorer-2", inference: "chat-1"))
        #expect(try DevnetConfig.parse(toml: c.tomlText(), source: "x.toml") == c)
    }

    @Test(arguments: [
        ("[plugins]\nenabled = \"yes\"", "`plugins.enabled` must be true or false"),
        ("[plugins]\ndir = 3", "`plugins.dir` must be a string"),
        ("[plugins]\ndir = \"\"", "plugins.dir is empty"),
        ("[plugins]\nprecompile = \"Sentiment Model\"", "plugins.precompile is \"Sentiment Model\", not a module name"),
        ("[plugins]\nscorer = \"a/b\"", "plugins.scorer is \"a/b\", not a module name"),
        ("[plugins]\ninference = \"A B\"", "plugins.inference is \"A B\", not a module name"),
        ("[plugins]\nmodel = \"x\"", "unknown key `plugins.model` (known keys in [plugins]: enabled, dir, precompile, scorer, inference)"),
    ])
    func badValuesNameTheKey(toml: String, message: String) {
        do {
            _ = try DevnetConfig.parse(toml: toml, source: "t.toml")
            Issue.record("accepted \(toml)")
        } catch {
            #expect(error.source == "t.toml")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func flagsOverrideTheFile() throws {
        var o = ConfigOverrides()
        o.pluginsDir = "/tmp/mods"
        o.noPlugins = true
        let c = try DevnetConfig.defaults.applying(o)
        #expect(c.plugins.dir == "/tmp/mods")
        #expect(!c.plugins.enabled)
        o.pluginsDir = ""
        #expect(throws: ConfigError.self) { try DevnetConfig.defaults.applying(o) }
    }

    // MARK: PluginsRuntime

    static var pluginsDir: String { packageRoot().appendingPathComponent("Plugins").path }

    @Test func repositoryPluginsServeThePrecompileAndScoring() throws {
        let rt = PluginsRuntime(config: PluginsConfig(dir: Self.pluginsDir), log: { _ in })
        #expect(rt.directoryExists)
        #expect(rt.precompileModule == "sentiment")
        #expect(rt.scorerModule == "data-score")
        #expect(rt.warnings.isEmpty)
        #expect(rt.oracle.moduleName == "sentiment")
        #expect(rt.bannerLines.contains("data-score 0.1.0 (wasm)"))
        #expect(rt.bannerLines.contains("precompile 0x…0999: sentiment"))
        #expect(rt.bannerLines.contains("LazAI scorer: data-score (capability score)"))
        let scorer = try #require(rt.scorer)
        // Plugins/data-score/data-score.c, worked by hand:
        // "the cat the dog": 15 bytes all printable, 4 words, 3 distinct → diversity 7500,
        // length 4·25 = 100, clean 10000 → (37500 + 300 + 20000 + 5) / 10 = 5780
        #expect(try scorer(Array("the cat the dog".utf8)) == 5780)
        // "aaaa\0": 1 word → diversity 10000, length 25, 4 of 5 printable → 8000 → (50000+75+16000+5)/10 = 6608
        #expect(try scorer(Array("aaaa".utf8) + [0]) == 6608)
        // "The THE the": 3 words, 1 distinct (case-insensitive) → 3333; 75; 10000 → 36890+5 → 3689
        #expect(try scorer(Array("The THE the".utf8)) == 3689)
        // empty file → 1; only control bytes → 0, raised to 1
        #expect(try scorer([]) == 1)
        #expect(try scorer([0, 1, 2, 3]) == 1)
        // 400 different words: diversity 10000, length 10000, clean 10000 → 10000
        let many = (0..<400).map { "w\($0)" }.joined(separator: " ")
        #expect(try scorer(Array(many.utf8)) == 10000)
    }

    @Test func anInferenceModuleAnswersLazAIChats() throws {
        let rt = PluginsRuntime(config: PluginsConfig(dir: Self.pluginsDir, inference: "sentiment"), log: { _ in })
        #expect(rt.inferenceModule == "sentiment")
        #expect(rt.bannerLines.contains("LazAI inference: sentiment (capability inference)"))
        let responder = try #require(rt.responder)
        #expect(responder.model == "sentiment")
        // sentiment.c's rule: "great" is in POSITIVE, nothing in NEGATIVE.
        #expect(try responder.reply("this devnet is great") == #"{"label":"positive","positive":1,"negative":0}"#)
        // the default: none (the built-in responder); a module without `inference`: a warning, none
        let plain = PluginsRuntime(config: PluginsConfig(dir: Self.pluginsDir), log: { _ in })
        #expect(plain.responder == nil && plain.bannerLines.contains("LazAI inference: built-in (LazAIResponder)"))
        let lacking = PluginsRuntime(config: PluginsConfig(dir: Self.pluginsDir, inference: "data-score"), log: { _ in })
        #expect(lacking.responder == nil)
        #expect(lacking.warnings.contains { $0.hasPrefix("plugins.inference = \"data-score\" does not offer \"inference\"") })
    }

    @Test func missingDirectoryGivesNoModulesAndSaysSo() {
        let rt = PluginsRuntime(config: PluginsConfig(dir: "/nonexistent/plugins-\(UInt32.random(in: 0...UInt32.max))"), log: { _ in })
        #expect(!rt.directoryExists)
        #expect(rt.host.manifests.isEmpty)
        #expect(rt.bannerLines.hasPrefix("0 modules: /nonexistent/plugins-"))
        #expect(rt.bannerLines.contains("does not exist"))
        #expect(rt.scorer == nil)
        #expect(rt.scorerModule == nil)
        // the configured precompile module is kept (its calls say it is missing) and warned about
        #expect(rt.precompileModule == "sentiment")
        #expect(rt.warnings.count == 2)
        #expect(rt.warnings[0].hasPrefix("plugins.precompile = \"sentiment\": no such module"))
        #expect(rt.warnings[1].contains("LazAI nodes score with the built-in scorer"))
        let answer = rt.oracle.answer(prompt: Array("hello".utf8))
        #expect(answer.failed)
        #expect(String(decoding: answer.output, as: UTF8.self).contains("no AI module named \"sentiment\""))
    }

    @Test func disabledLoadsNothingAndTheOracleHasNoModule() {
        let rt = PluginsRuntime(config: PluginsConfig(enabled: false, dir: Self.pluginsDir), log: { _ in })
        #expect(rt.host.manifests.isEmpty)
        #expect(rt.oracle.moduleName == nil)
        #expect(rt.scorer == nil)
        #expect(rt.bannerLines.hasPrefix("off (--no-plugins or plugins.enabled = false)"))
    }

    @Test func moduleLackingTheCapabilityIsAWarningNotACrash() {
        // sentiment offers precompile and inference, not score
        let rt = PluginsRuntime(config: PluginsConfig(dir: Self.pluginsDir, precompile: "data-score", scorer: "sentiment"), log: { _ in })
        #expect(rt.scorerModule == nil)
        #expect(rt.warnings.contains { $0.hasPrefix("plugins.precompile = \"data-score\" does not offer \"precompile\"") })
        #expect(rt.warnings.contains { $0.hasPrefix("plugins.scorer = \"sentiment\" does not offer \"score\"") })
        #expect(rt.bannerLines.contains("warning: plugins.scorer = \"sentiment\" does not offer \"score\""))
    }

    @Test func aScoreThatIsNotANumberFailsTheCall() throws {
        // a module offering `score` that answers sentiment's JSON instead of a number
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plugins-\(UUID().uuidString)")
        let module = dir.appendingPathComponent("json-scorer")
        try FileManager.default.createDirectory(at: module, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: Self.pluginsDir + "/sentiment/sentiment.wasm", toPath: module.appendingPathComponent("m.wasm").path)
        try """
        name = "json-scorer"
        version = "1.0.0"
        kind = "wasm"
        entry = "m.wasm"
        capabilities = ["score"]
        """.write(to: module.appendingPathComponent("plugin.toml"), atomically: true, encoding: .utf8)
        let rt = PluginsRuntime(config: PluginsConfig(dir: dir.path, precompile: "", scorer: "json-scorer"), log: { _ in })
        let scorer = try #require(rt.scorer)
        do {
            _ = try scorer(Array("good".utf8))
            Issue.record("a JSON answer was taken as a score")
        } catch {
            // sentiment's answer for "good": one positive word (Plugins/sentiment/sentiment.c)
            #expect("\(error)" == #"json-scorer answered "{"label":"positive","positive":1,"negative":0}", not a score from 1 to 10000 (decimal text)"#)
        }
        #expect(rt.precompileModule == nil)
        #expect(rt.bannerLines.contains("precompile 0x…0999: none"))
    }
}
