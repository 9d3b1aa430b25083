import AIModules
import ArgumentParser
import Foundation

/// `devnet plugins`: the AI modules in `Plugins/` (Plugins/README.md): `list`, `check`, `call`.
public struct PluginsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, check and call the AI modules in Plugins/.",
        subcommands: [PluginsListCommand.self, PluginsCheckCommand.self, PluginsCallCommand.self])

    public init() {}
}

/// `--dir`, shared by the subcommands.
public struct PluginsDirectoryOption: ParsableArguments {
    @Option(name: .customLong("dir"), help: "The modules' directory.")
    public var dir = "Plugins"

    public init() {}
}

/// `devnet plugins list`: one line per module (name, version, kind, capabilities, description),
/// then one line per skipped manifest with its file, line and reason.
public struct PluginsListCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "list", abstract: "List the modules and the manifests that do not load.")
    @OptionGroup public var options: PluginsDirectoryOption
    public init() {}

    public func run() throws {
        let d = PluginDirectory.scan(options.dir)
        if d.manifests.isEmpty && d.problems.isEmpty { print("no modules in \(options.dir)/ (each is \(options.dir)/<name>/plugin.toml)") }
        for m in d.manifests {
            print("\(m.name) \(m.version)  \(m.kind.rawValue)  [\(m.capabilities.map(\.rawValue).joined(separator: ", "))]  \(m.description)")
        }
        for p in d.problems { print("skipped: \(p)") }
    }
}

/// `devnet plugins check`: loads every module (wasm: parses and validates it); exits 1 when one does not load.
public struct PluginsCheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "check", abstract: "Load every module; report what does not.")
    @OptionGroup public var options: PluginsDirectoryOption
    public init() {}

    public func run() throws {
        let d = PluginDirectory.scan(options.dir)
        var failed = d.problems.count
        for p in d.problems { print("FAIL \(p)") }
        for m in d.manifests {
            switch m.kind {
            case .wasm:
                do {
                    _ = try WasmModule(manifest: m)
                    print("ok   \(m.name) \(m.version) (wasm, fuel \(m.limits.fuel), memory \(m.limits.memoryMiB) MiB)")
                } catch {
                    failed += 1
                    print("FAIL \(error)")
                }
            case .process:
                let ok = FileManager.default.isExecutableFile(atPath: m.entryPath)
                if !ok { failed += 1 }
                print(ok ? "ok   \(m.name) \(m.version) (process)" : "FAIL \(m.entryPath): not an executable file")
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

/// `devnet plugins call NAME INPUT`: runs one call and prints the output (UTF-8 text).
public struct PluginsCallCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "call", abstract: "Call a module with INPUT and print its answer.")
    @OptionGroup public var options: PluginsDirectoryOption
    @Argument(help: "The module's name (devnet plugins list).") public var name: String
    @Argument(help: "The input, as UTF-8 text.") public var input: String
    public init() {}

    public func run() throws {
        let d = PluginDirectory.scan(options.dir)
        guard let m = d.manifest(named: name) else {
            let known = d.manifests.map(\.name).joined(separator: ", ")
            throw ValidationError("no module \"\(name)\" in \(options.dir)/ (modules: \(known.isEmpty ? "none" : known))")
        }
        switch m.kind {
        case .wasm:
            do {
                let module = try WasmModule(manifest: m, log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
                let out = try module.call(Array(input.utf8))
                print(String(decoding: out, as: UTF8.self))
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        case .process:
            FileHandle.standardError.write(Data("error: process modules are not run yet (issue 8)\n".utf8))
            throw ExitCode(1)
        }
    }
}
