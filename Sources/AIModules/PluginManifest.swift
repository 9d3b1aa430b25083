import Foundation
import TOMLKit

/// What a module can be asked to do (`capabilities` in plugin.toml).
public enum PluginCapability: String, Sendable, CaseIterable {
    /// Serves the AI precompile at 0x…0999 (UTF-8 prompt in, UTF-8 text out).
    case precompile
    /// Scores a data file for a LazAI verified-computing node (bytes in, a score 1…10000 out as text).
    case score
    /// Answers chat/inference requests.
    case inference
    /// Answers queries over a document.
    case query
    /// Training jobs.
    case training
}

/// How a module runs (`kind` in plugin.toml).
public enum PluginKind: String, Sendable {
    /// A WebAssembly module run in process by WasmKit (Plugins/README.md, "wasm ABI").
    case wasm
    /// An executable speaking line-delimited JSON over stdin/stdout.
    case process
}

/// Resource limits of one module (`[limits]` in plugin.toml).
public struct PluginLimits: Sendable, Equatable {
    /// Wall-clock limit of one call, milliseconds (process modules; wasm modules are bounded by `fuel`).
    public var timeMilliseconds: Int
    /// Largest linear memory (wasm) in MiB.
    public var memoryMiB: Int
    /// Largest output of one call, bytes.
    public var outputBytes: Int
    /// WasmKit fuel of one call (≈ one unit per executed WebAssembly operator): a deterministic bound,
    /// the same on every machine, so a block that used the module re-executes identically.
    public var fuel: UInt64

    public init(timeMilliseconds: Int = 5_000, memoryMiB: Int = 64, outputBytes: Int = 65_536, fuel: UInt64 = 200_000_000) {
        self.timeMilliseconds = timeMilliseconds
        self.memoryMiB = memoryMiB
        self.outputBytes = outputBytes
        self.fuel = fuel
    }
}

/// One module's `Plugins/<name>/plugin.toml` (Plugins/README.md has a complete example).
public struct PluginManifest: Sendable, Equatable {
    /// Unique name, `[a-z0-9-]`, 1…64 characters; `devnet plugins call NAME` uses it.
    public var name: String
    /// Version text, e.g. "0.1.0"; recorded with every answer a block uses.
    public var version: String
    public var description: String
    public var kind: PluginKind
    /// The module file (wasm) or executable (process), relative to the manifest's directory.
    public var entry: String
    public var capabilities: [PluginCapability]
    public var limits: PluginLimits
    /// Gas per token (whitespace-separated word of input + output) when serving the precompile;
    /// the Metis SDK's AI precompile charges 100.
    public var gasPerToken: UInt64
    /// The directory holding plugin.toml.
    public var directory: String

    /// The entry's full path.
    public var entryPath: String { (directory as NSString).appendingPathComponent(entry) }

    /// Keys plugin.toml may hold at top level and in `[limits]`.
    public static let topKeys = ["name", "version", "description", "kind", "entry", "capabilities", "gas_per_token", "limits"]
    public static let limitKeys = ["time_ms", "memory_mb", "output_bytes", "fuel"]

    /// Parses plugin.toml text.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - file: its path, for messages.
    ///   - directory: where `entry` is looked up.
    /// - Throws: `PluginError` naming the file, the line and what is wrong.
    public static func parse(_ text: String, file: String, directory: String) throws(PluginError) -> PluginManifest {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw PluginError(file: file, line: error.source.begin.line, "TOML syntax error: \(error.description)")
        } catch {
            throw PluginError(file: file, line: nil, "TOML syntax error: \(error)")
        }
        func line(of key: String) -> Int? {
            for (i, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let t = l.drop { $0 == " " || $0 == "\t" }
                if t.hasPrefix(key), t.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" }).first == "=" { return i + 1 }
            }
            return nil
        }
        func fail(_ key: String?, _ message: String) -> PluginError {
            PluginError(file: file, line: key.flatMap(line(of:)), message)
        }
        for key in table.keys where !topKeys.contains(key) {
            throw fail(key, "unknown key `\(key)` (known: \(topKeys.joined(separator: ", ")))")
        }
        func string(_ key: String, required: Bool = true) throws(PluginError) -> String? {
            guard let v = table[key] else {
                if required { throw fail(nil, "missing `\(key)`") }
                return nil
            }
            guard let s = v.string else { throw fail(key, "`\(key)` must be a string, got \(v.type)") }
            return s
        }
        let name = try string("name")!
        guard (1...64).contains(name.count), name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
            throw fail("name", "`name` must be 1-64 characters of a-z, 0-9 and -, got \"\(name)\"")
        }
        let version = try string("version")!
        let description = try string("description", required: false) ?? ""
        let kindText = try string("kind")!
        guard let kind = PluginKind(rawValue: kindText) else { throw fail("kind", "`kind` must be \"wasm\" or \"process\", got \"\(kindText)\"") }
        let entry = try string("entry")!
        guard !entry.isEmpty else { throw fail("entry", "`entry` is empty") }
        guard !entry.hasPrefix("/"), !entry.split(separator: "/").contains("..") else {
            throw fail("entry", "`entry` must be a path inside the module's directory (no leading / and no ..), got \"\(entry)\"; for a system interpreter use a #! line in a script here")
        }
        var capabilities: [PluginCapability] = []
        if let v = table["capabilities"] {
            guard let array = v.array else { throw fail("capabilities", "`capabilities` must be an array of strings") }
            for item in array {
                guard let s = item.string, let c = PluginCapability(rawValue: s) else {
                    throw fail("capabilities", "unknown capability \(item.debugDescription) (known: \(PluginCapability.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                capabilities.append(c)
            }
        }
        guard !capabilities.isEmpty else { throw fail(table["capabilities"] == nil ? nil : "capabilities", "`capabilities` must list at least one of \(PluginCapability.allCases.map(\.rawValue).joined(separator: ", "))") }
        var gasPerToken: UInt64 = 100
        if let v = table["gas_per_token"] {
            guard let i = v.int, i >= 1 else {
                throw fail("gas_per_token", "`gas_per_token` must be a whole number ≥ 1 (a free precompile would let any call make the chain wait for the module)")
            }
            gasPerToken = UInt64(i)
        }
        var limits = PluginLimits()
        if let v = table["limits"] {
            guard let t = v.table else { throw fail("limits", "`limits` must be a table ([limits])") }
            for key in t.keys where !limitKeys.contains(key) {
                throw fail(key, "unknown key `limits.\(key)` (known: \(limitKeys.joined(separator: ", ")))")
            }
            func int(_ key: String, _ range: ClosedRange<Int>) throws(PluginError) -> Int? {
                guard let v = t[key] else { return nil }
                guard let i = v.int, range.contains(i) else { throw fail(key, "`limits.\(key)` must be a whole number in \(range.lowerBound)…\(range.upperBound)") }
                return i
            }
            if let i = try int("time_ms", 1...600_000) { limits.timeMilliseconds = i }
            if let i = try int("memory_mb", 1...4_096) { limits.memoryMiB = i }
            if let i = try int("output_bytes", 1...(64 << 20)) { limits.outputBytes = i }
            if let i = try int("fuel", 1_000...Int.max) { limits.fuel = UInt64(i) }
        }
        return PluginManifest(name: name, version: version, description: description, kind: kind, entry: entry,
                              capabilities: capabilities, limits: limits, gasPerToken: gasPerToken, directory: directory)
    }
}

/// A module that cannot be loaded or whose call failed: where, and what, in one line.
public struct PluginError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The manifest or module file, when the problem is in one.
    public var file: String?
    /// 1-based line in `file`, when known.
    public var line: Int?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// "Plugins/x/plugin.toml:4: `kind` must be …" (file and line when known).
    public var description: String {
        guard let file else { return message }
        return line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}
