import Foundation

/// Locates ../shared/fixtures relative to the package root (the directory holding Package.swift
/// above this file), so the tests run from any clone location. A git worktree one level deeper
/// (e.g. /work/wt/<name>) has no ../shared of its own, so further ancestors are tried too.
enum Fixtures {
    static let root: URL = {
        let fm = FileManager.default
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" && !fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        var base = dir.deletingLastPathComponent()
        while true {
            let candidate = base.appendingPathComponent("shared/fixtures")
            if fm.fileExists(atPath: candidate.path) || base.path == "/" { return candidate }
            base = base.deletingLastPathComponent()
        }
    }()

    static func json(_ relativePath: String) throws -> Any {
        let data = try Data(contentsOf: root.appendingPathComponent(relativePath))
        return try JSONSerialization.jsonObject(with: data)
    }

    /// ethereum/tests trie convention: "0x…" is hex, anything else is the string's UTF-8 bytes.
    static func bytes(_ s: String) -> [UInt8] {
        guard s.hasPrefix("0x") else { return Array(s.utf8) }
        return hex(String(s.dropFirst(2)))
    }

    static func hex(_ s: String) -> [UInt8] {
        let body = Array(s.hasPrefix("0x") ? s.utf8.dropFirst(2) : s.utf8.dropFirst(0))
        var out = [UInt8]()
        var i = 0
        while i + 1 < body.count {
            out.append(UInt8(String(decoding: body[i...i + 1], as: UTF8.self), radix: 16)!)
            i += 2
        }
        return out
    }
}
