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

/// `devnet plugins check`: loads every module (wasm: parses and validates it; process: starts it
/// and watches it for half a second, then stops it); exits 1 when one does not load.
public struct PluginsCheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "check", abstract: "Load every module (start each process module); report what does not.")
    @OptionGroup public var options: PluginsDirectoryOption
    public init() {}

    public func run() throws {
        let d = PluginDirectory.scan(options.dir)
        var failed = d.problems.count
        for p in d.problems { print("FAIL \(p)") }
        let host = PluginHost(directory: d)
        defer { host.stop() }
        for status in host.statuses() {
            let m = status.manifest
            if let e = status.loadError {
                failed += 1
                print("FAIL \(e)")
                continue
            }
            switch m.kind {
            case .wasm:
                print("ok   \(m.name) \(m.version) (wasm, fuel \(m.limits.fuel), memory \(m.limits.memoryMiB) MiB)")
            case .process:
                do {
                    let module = try ProcessModule(manifest: m, log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
                    defer { module.stop() }
                    try module.start(watchMilliseconds: 500)
                    print("ok   \(m.name) \(m.version) (process, started, time limit \(m.limits.timeMilliseconds) ms)")
                } catch {
                    failed += 1
                    print("FAIL \(error)")
                }
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

/// `devnet plugins call NAME INPUT...`: calls the module once per INPUT (in order, on one loaded
/// module, so a process module keeps running between them) and prints each output (UTF-8 text) on
/// its own line. A failed call prints `error: MESSAGE` on stderr and the next INPUT is still tried;
/// the exit code is 1 when any call failed.
public struct PluginsCallCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "call", abstract: "Call a module with each INPUT and print its answers.")
    @OptionGroup public var options: PluginsDirectoryOption
    @Option(help: "What to ask (precompile, score, inference, query, training); default: the module's first capability.")
    public var capability: String?
    @Option(name: .customLong("file"), help: "Read one more input from this file (raw bytes, after the INPUT arguments).")
    public var files: [String] = []
    @Argument(help: "The module's name (devnet plugins list).") public var name: String
    @Argument(help: "The inputs, as UTF-8 text (one call each).") public var inputs: [String] = []
    public init() {}

    public func validate() throws {
        if inputs.isEmpty && files.isEmpty { throw ValidationError("give at least one INPUT (or --file PATH)") }
        if let c = capability, PluginCapability(rawValue: c) == nil {
            throw ValidationError("unknown capability \"\(c)\" (known: \(PluginCapability.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    public func run() throws {
        let d = PluginDirectory.scan(options.dir)
        guard let m = d.manifest(named: name) else {
            let known = d.manifests.map(\.name).joined(separator: ", ")
            if let skipped = d.problem(forModule: name) {
                throw ValidationError("no module \"\(name)\": its manifest was skipped: \(skipped)")
            }
            throw ValidationError("no module \"\(name)\" in \(options.dir)/ (modules: \(known.isEmpty ? "none" : known))")
        }
        let cap = capability.flatMap(PluginCapability.init(rawValue:)) ?? m.capabilities[0]
        var payloads = inputs.map { Array($0.utf8) }
        for f in files {
            guard let data = FileManager.default.contents(atPath: f) else { throw ValidationError("cannot read \(f)") }
            payloads.append(Array(data))
        }
        let host = PluginHost(directory: d, log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
        defer { host.stop() }
        var failed = false
        for input in payloads {
            do {
                let out = try host.call(name, capability: cap, input: input)
                // unbuffered, so answers and errors (stderr) come out in call order
                FileHandle.standardOutput.write(Data(out + [0x0a]))
            } catch {
                failed = true
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }
}
