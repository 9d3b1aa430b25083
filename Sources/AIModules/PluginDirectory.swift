import Foundation

/// The modules of a `Plugins/` directory: every `<dir>/<name>/plugin.toml` that parses, and one
/// problem per one that does not (that module is skipped; the others load).
public struct PluginDirectory: Sendable {
    public var path: String
    /// Loaded manifests, sorted by name.
    public var manifests: [PluginManifest]
    /// Modules skipped, each with its file, line and reason.
    public var problems: [PluginError]

    /// Scans `path`. A missing directory gives no modules and no problems.
    public static func scan(_ path: String) -> PluginDirectory {
        let fm = FileManager.default
        var manifests: [PluginManifest] = []
        var problems: [PluginError] = []
        let entries = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted()
        var names: [String: String] = [:]
        for entry in entries {
            let dir = (path as NSString).appendingPathComponent(entry)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { continue }
            let file = (dir as NSString).appendingPathComponent("plugin.toml")
            guard fm.fileExists(atPath: file) else { continue }
            guard let data = fm.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                problems.append(PluginError(file: file, "cannot read it as UTF-8 text"))
                continue
            }
            do {
                let m = try PluginManifest.parse(text, file: file, directory: dir)
                guard fm.fileExists(atPath: m.entryPath) else {
                    problems.append(PluginError(file: file, "entry \(m.entry) does not exist in \(dir)"))
                    continue
                }
                if let other = names[m.name] {
                    problems.append(PluginError(file: file, "name \"\(m.name)\" is already used by \(other)"))
                    continue
                }
                names[m.name] = file
                manifests.append(m)
            } catch {
                problems.append(error)
            }
        }
        return PluginDirectory(path: path, manifests: manifests.sorted { $0.name < $1.name }, problems: problems)
    }

    /// The manifest named `name`, if loaded.
    public func manifest(named name: String) -> PluginManifest? { manifests.first { $0.name == name } }

    /// Why `<path>/<name>/plugin.toml` was skipped, if it was (for "no module NAME" messages).
    public func problem(forModule name: String) -> PluginError? {
        problems.first { $0.file?.hasSuffix("/\(name)/plugin.toml") == true }
    }
}
