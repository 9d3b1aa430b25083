import Foundation
import Testing
@testable import AIModules

/// A module's process gets only stdin, stdout and stderr of the devnet's descriptors, and what it
/// leaves behind in its process group dies with it (a left-over child once kept the devnet's
/// listening sockets, and so its ports, after the devnet had stopped).
@Suite("process module isolation")
struct ProcessIsolationTests {
    @Test("the process inherits no descriptor above stderr")
    func onlyStandardDescriptors() throws {
        // An open descriptor of ours (like a listening socket): not close-on-exec.
        let fd = open("/dev/null", O_RDONLY)
        #expect(fd > 2)
        defer { close(fd) }
        let m = try processManifest("""
        #!/usr/bin/env python3
        import json, os, sys
        for line in sys.stdin:
            req = json.loads(line)
            fds = sorted(int(f) for f in os.listdir("/proc/self/fd"))
            print(json.dumps({"id": req["id"], "output": " ".join(map(str, fds))}), flush=True)
        """)
        let module = try ProcessModule(manifest: m)
        defer { module.stop() }
        let out = String(decoding: try module.call(Array("fds".utf8), capability: .inference), as: UTF8.self)
        // 0, 1, 2 and the descriptor listdir itself opened on /proc/self/fd (one more, above 2).
        let fds = out.split(separator: " ").compactMap { Int($0) }
        #expect(Array(fds.prefix(3)) == [0, 1, 2])
        #expect(fds.count == 4, "inherited descriptors: \(out)")
    }

    @Test("a child left behind by an exited process is killed with its group")
    func leftOverChildIsKilled() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("proc-\(UUID().uuidString)").path
        let pidFile = (dir as NSString).appendingPathComponent("child.pid")
        // Starts a long sleep that keeps stdout open, writes its pid, then exits without answering.
        let m = try processManifest("""
        #!/bin/sh
        read line
        sleep 30 &
        echo $! > child.pid
        exit 0
        """, limits: PluginLimits(timeMilliseconds: 1_000), in: dir)
        let module = try ProcessModule(manifest: m)
        defer { module.stop() }
        #expect(throws: PluginError.self) { _ = try module.call(Array("x".utf8), capability: .inference) }
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let child = try #require(pid_t(text))
        var gone = false
        for _ in 0..<200 where !gone {
            // kill(pid, 0) fails with ESRCH once it is gone; a zombie would still count as there, so
            // check /proc for a live (non-zombie) process.
            let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)
            gone = stat == nil || stat!.contains(") Z ")
            if !gone { usleep(10_000) }
        }
        #expect(gone, "the left-over child \(child) still runs")
    }
}
