import Foundation
import Testing
@testable import AIModules

/// plugin.toml parsing (Plugins/README.md): every field, and each mistake reported with its line.
@Suite struct PluginManifestTests {
    static let good = """
    name = "echo-1"
    version = "1.2.3"
    description = "says it back"
    kind = "wasm"
    entry = "echo.wasm"
    capabilities = ["precompile", "score"]
    gas_per_token = 7

    [limits]
    fuel = 123456
    memory_mb = 3
    output_bytes = 99
    time_ms = 10
    """

    @Test func parsesEveryField() throws {
        let m = try PluginManifest.parse(Self.good, file: "p.toml", directory: "/x")
        #expect(m.name == "echo-1" && m.version == "1.2.3" && m.description == "says it back")
        #expect(m.kind == .wasm && m.entry == "echo.wasm" && m.entryPath == "/x/echo.wasm")
        #expect(m.capabilities == [.precompile, .score] && m.gasPerToken == 7)
        #expect(m.limits == PluginLimits(timeMilliseconds: 10, memoryMiB: 3, outputBytes: 99, fuel: 123_456))
    }

    @Test(arguments: [
        ("kind = \"wasm\"", "kind = \"docker\"", 4, "`kind` must be \"wasm\" or \"process\""),
        ("capabilities = [\"precompile\", \"score\"]", "capabilities = [\"telepathy\"]", 6, "unknown capability"),
        ("gas_per_token = 7", "gas_per_token = -1", 7, "`gas_per_token` must be"),
        ("fuel = 123456", "fuel = 5", 10, "`limits.fuel` must be"),
        ("name = \"echo-1\"", "name = \"Echo One\"", 1, "`name` must be"),
        ("output_bytes = 99", "colour = 1", 12, "unknown key `limits.colour`"),
    ])
    func reportsTheLineOfTheMistake(good: String, bad: String, line: Int, message: String) {
        let text = Self.good.replacingOccurrences(of: good, with: bad)
        do {
            _ = try PluginManifest.parse(text, file: "Plugins/x/plugin.toml", directory: "/x")
            Issue.record("accepted \(bad)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            #expect(error.description.hasPrefix("Plugins/x/plugin.toml:\(line): "))
        }
    }

    @Test func missingKeysAndSyntaxErrorsAreNamed() {
        #expect(throws: PluginError.self) { try PluginManifest.parse("name = \"a\"\n", file: "f", directory: "/") }
        do {
            _ = try PluginManifest.parse("name = \"a\"\nversion = \n", file: "f", directory: "/")
        } catch {
            #expect(error.line == 2 && error.message.contains("TOML syntax error"), "\(error)")
        }
        do {
            _ = try PluginManifest.parse("name = \"a\"\nversion = \"1\"\nkind = \"wasm\"\nentry = \"e\"\n", file: "f", directory: "/")
        } catch {
            #expect(error.message.contains("`capabilities` must list"), "\(error)")
        }
    }

    @Test func aBrokenManifestIsSkippedAndTheOthersLoad() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("plugins-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (dir, text) in [("a", Self.good.replacingOccurrences(of: "echo-1", with: "alpha")),
                            ("b", Self.good.replacingOccurrences(of: "kind = \"wasm\"", with: "kind = 3")),
                            ("c", Self.good.replacingOccurrences(of: "echo-1", with: "gamma"))] {
            let d = (root as NSString).appendingPathComponent(dir)
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
            try text.write(toFile: (d as NSString).appendingPathComponent("plugin.toml"), atomically: true, encoding: .utf8)
            if dir != "c" { try Data([0]).write(to: URL(fileURLWithPath: (d as NSString).appendingPathComponent("echo.wasm"))) }
        }
        let scan = PluginDirectory.scan(root)
        #expect(scan.manifests.map(\.name) == ["alpha"])
        #expect(scan.problems.count == 2)
        #expect(scan.problems.contains { $0.file?.hasSuffix("b/plugin.toml") == true && $0.line == 4 && $0.message.contains("`kind` must be a string") })
        #expect(scan.problems.contains { $0.file?.hasSuffix("c/plugin.toml") == true && $0.message.contains("entry echo.wasm does not exist") })
    }
}
