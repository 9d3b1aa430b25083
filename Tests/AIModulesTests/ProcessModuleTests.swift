import Foundation
import Testing
@testable import AIModules

/// Collects log lines from several threads.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ s: String) { lock.lock(); stored.append(s); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
    /// Waits up to 2 s for a line containing `text` (stderr is read on its own thread).
    func waitFor(_ text: String) -> Bool {
        for _ in 0..<200 {
            if lines.contains(where: { $0.contains(text) }) { return true }
            usleep(10_000)
        }
        return false
    }
}

/// Writes an executable script `name` into a fresh temporary module directory and returns its manifest.
func processManifest(_ script: String, name: String = "t", limits: PluginLimits = PluginLimits(timeMilliseconds: 3_000),
                     capabilities: [PluginCapability] = [.precompile, .inference], in dir: String? = nil) throws -> PluginManifest {
    let dir = dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("proc-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = (dir as NSString).appendingPathComponent("run")
    try Data(script.utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    return PluginManifest(name: name, version: "0", description: "", kind: .process, entry: "run", capabilities: capabilities,
                          limits: limits, gasPerToken: 100, directory: dir)
}

/// A Python module answering "echo: INPUT" (the request's own fields), "cwd" with its working
/// directory, "fail" with an error, "crash" by exiting with status 3 (after a stderr line).
let echoScript = """
#!/usr/bin/env python3
import json, os, sys
print("echo module ready", file=sys.stderr, flush=True)
for line in sys.stdin:
    req = json.loads(line)
    text = req.get("input")
    if text is None:
        out = {"id": req["id"], "output": "hex " + req["input_hex"] + " " + req["capability"]}
    elif text == "cwd":
        out = {"id": req["id"], "output": os.getcwd()}
    elif text == "fail":
        out = {"id": req["id"], "error": "no model for that"}
    elif text == "crash":
        print("about to crash", file=sys.stderr, flush=True)
        sys.exit(3)
    elif text == "noise":
        print("not json at all")
        print(json.dumps({"id": req["id"] + 1000, "output": "stale"}))
        print("[1, 2]")
        out = {"id": req["id"], "output": "after noise"}
    elif text == "big":
        out = {"id": req["id"], "output": "x" * 100}
    elif text == "endless":
        sys.stdout.write("y" * 200000)
        sys.stdout.flush()
        continue
    else:
        out = {"id": req["id"], "output": "echo: " + text + " (" + req["capability"] + ")"}
    print(json.dumps(out), flush=True)
"""

func elapsedMilliseconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

func message(_ body: () throws(PluginError) -> [UInt8]) -> String? {
    do throws(PluginError) {
        _ = try body()
        return nil
    } catch {
        return error.description
    }
}

@Suite struct ProcessModuleTests {
    @Test func startsOnDemandAndKeepsRunning() throws {
        let logs = LogLines()
        let p = try ProcessModule(manifest: try processManifest(echoScript), log: logs.add)
        defer { p.stop() }
        #expect(p.starts == 0 && !p.isRunning)
        #expect(try p.call(Array("héllo wörld".utf8), capability: .precompile) == Array("echo: héllo wörld (precompile)".utf8))
        #expect(try p.call(Array("again".utf8), capability: .inference) == Array("echo: again (inference)".utf8))
        #expect(p.starts == 1)
        #expect(p.isRunning)
        #expect(logs.waitFor("plugin t: echo module ready"))
    }

    @Test func runsInItsDirectoryAndSendsBinaryInputAsHex() throws {
        let m = try processManifest(echoScript)
        let p = try ProcessModule(manifest: m)
        defer { p.stop() }
        let cwd = String(decoding: try p.call(Array("cwd".utf8), capability: .precompile), as: UTF8.self)
        #expect(URL(fileURLWithPath: cwd).resolvingSymlinksInPath().path == URL(fileURLWithPath: m.directory).resolvingSymlinksInPath().path)
        #expect(try p.call([0xff, 0x00, 0x41], capability: .inference) == Array("hex 0xff0041 inference".utf8))
    }

    @Test func anErrorAnswerFailsTheCallAndTheProcessStays() throws {
        let p = try ProcessModule(manifest: try processManifest(echoScript))
        defer { p.stop() }
        #expect(message { () throws(PluginError) in try p.call(Array("fail".utf8), capability: .precompile) } == "t: no model for that")
        #expect(try p.call(Array("ok".utf8), capability: .precompile) == Array("echo: ok (precompile)".utf8))
        #expect(p.starts == 1)
    }

    @Test func aHangingProcessIsKilledWithinItsLimit() throws {
        // a shell whose child sleeps: the whole process group is killed
        let m = try processManifest("#!/bin/sh\nsleep 100\n", limits: PluginLimits(timeMilliseconds: 700))
        let p = try ProcessModule(manifest: m)
        defer { p.stop() }
        var text: String?
        let ms = elapsedMilliseconds { text = message { () throws(PluginError) in try p.call(Array("x".utf8), capability: .precompile) } }
        #expect(text == "t: no answer within limits.time_ms = 700 ms; the process was killed (it is started again on the next call)")
        #expect(ms >= 690 && ms < 700 + 1_000, "took \(ms) ms")
        #expect(!p.isRunning)
        // started again on the next call, and killed again
        let again = elapsedMilliseconds { text = message { () throws(PluginError) in try p.call(Array("x".utf8), capability: .precompile) } }
        #expect(text?.contains("no answer within") == true)
        #expect(again < 700 + 1_000)
        #expect(p.starts == 2)
    }

    @Test func aCrashFailsTheCallAndTheNextCallStartsItAgain() throws {
        let p = try ProcessModule(manifest: try processManifest(echoScript))
        defer { p.stop() }
        #expect(try p.call(Array("one".utf8), capability: .precompile) == Array("echo: one (precompile)".utf8))
        let text = message { () throws(PluginError) in try p.call(Array("crash".utf8), capability: .precompile) }
        #expect(text?.hasPrefix("t: the process exited (status 3) before answering (it is started again on the next call)") == true, "\(text ?? "")")
        #expect(text?.contains("about to crash") == true, "\(text ?? "")")
        #expect(try p.call(Array("two".utf8), capability: .precompile) == Array("echo: two (precompile)".utf8))
        #expect(p.starts == 2)
    }

    @Test func aProcessThatExitsBetweenCallsIsStartedAgain() throws {
        // answers once, then exits 0
        let m = try processManifest("""
        #!/usr/bin/env python3
        import json, sys
        req = json.loads(sys.stdin.readline())
        print(json.dumps({"id": req["id"], "output": "once"}), flush=True)
        """)
        let p = try ProcessModule(manifest: m)
        defer { p.stop() }
        #expect(try p.call([], capability: .precompile) == Array("once".utf8))
        usleep(200_000)
        #expect(try p.call([], capability: .precompile) == Array("once".utf8))
        #expect(p.starts == 2)
    }

    @Test func linesThatAreNotTheAnswerAreSkippedAndLogged() throws {
        let logs = LogLines()
        let p = try ProcessModule(manifest: try processManifest(echoScript), log: logs.add)
        defer { p.stop() }
        #expect(try p.call(Array("noise".utf8), capability: .precompile) == Array("after noise".utf8))
        #expect(logs.lines.contains { $0.contains("not a JSON object: not json at all") })
        #expect(logs.lines.contains { $0.contains("skipped an answer for id 1001 while waiting for id 1") })
        #expect(logs.lines.contains { $0.contains("not a JSON object: [1, 2]") })
    }

    @Test func theOutputLimitHolds() throws {
        let p = try ProcessModule(manifest: try processManifest(echoScript, limits: PluginLimits(timeMilliseconds: 3_000, outputBytes: 10)))
        defer { p.stop() }
        #expect(message { () throws(PluginError) in try p.call(Array("big".utf8), capability: .precompile) }
                == "t: answered 100 bytes, more than its limits.output_bytes (10)")
        // an endless line is cut off and the process stopped
        let text = message { () throws(PluginError) in try p.call(Array("endless".utf8), capability: .precompile) }
        #expect(text?.contains("longer than 4156 bytes") == true, "\(text ?? "")")
        #expect(!p.isRunning)
    }

    @Test func stopEndsTheProcessAndACallStartsItAgain() throws {
        let p = try ProcessModule(manifest: try processManifest(echoScript))
        _ = try p.call(Array("a".utf8), capability: .precompile)
        #expect(p.isRunning)
        p.stop()
        #expect(!p.isRunning)
        #expect(try p.call(Array("b".utf8), capability: .precompile) == Array("echo: b (precompile)".utf8))
        #expect(p.starts == 2)
        p.stop()
    }

    @Test func stopCutsAnInFlightCallShort() throws {
        let p = try ProcessModule(manifest: try processManifest("#!/bin/sh\nsleep 100\n", limits: PluginLimits(timeMilliseconds: 60_000)))
        let done = DispatchSemaphore(value: 0)
        let result = LogLines()
        Thread {
            result.add(message { () throws(PluginError) in try p.call([], capability: .precompile) } ?? "answered")
            done.signal()
        }.start()
        usleep(300_000)
        let ms = elapsedMilliseconds { p.stop() }
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(ms < 3_000)
        #expect(result.lines.first?.contains("the process exited (killed by signal 9)") == true, "\(result.lines)")
    }

    @Test func startReportsAModuleThatDiesAtOnce() throws {
        let bad = try ProcessModule(manifest: try processManifest("#!/bin/sh\necho 'no module named numpy' >&2\nexit 1\n"))
        var text: String?
        do throws(PluginError) { try bad.start(watchMilliseconds: 2_000) } catch { text = error.description }
        #expect(text == "t: the process exited (status 1) right after starting (it is started again on the next call); its last stderr: no module named numpy")
        #expect(!bad.isRunning)

        let good = try ProcessModule(manifest: try processManifest(echoScript))
        defer { good.stop() }
        try good.start(watchMilliseconds: 300)
        #expect(good.isRunning && good.starts == 1)
        try good.start()   // already running: nothing new
        #expect(try good.call(Array("x".utf8), capability: .precompile) == Array("echo: x (precompile)".utf8))
        #expect(good.starts == 1)
    }

    @Test func aLargeInputIsWrittenWhileTheAnswerIsAwaited() throws {
        // 1 MB: far more than a pipe holds, so the request is written as the module reads it
        let p = try ProcessModule(manifest: try processManifest("""
        #!/usr/bin/env python3
        import json, sys
        for line in sys.stdin:
            req = json.loads(line)
            print(json.dumps({"id": req["id"], "output": str(len(req["input"].encode()))}), flush=True)
        """))
        defer { p.stop() }
        let input = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(try p.call(input, capability: .precompile) == Array("1000000".utf8))
    }

    @Test func concurrentCallsAreSerialized() throws {
        // a counter: 40 calls from 8 threads get 40 different answers 1…40
        let p = try ProcessModule(manifest: try processManifest("""
        #!/usr/bin/env python3
        import json, sys
        n = 0
        for line in sys.stdin:
            n += 1
            print(json.dumps({"id": json.loads(line)["id"], "output": str(n)}), flush=True)
        """))
        defer { p.stop() }
        let answers = LogLines()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<5 {
                let out = (try? p.call([], capability: .precompile)).map { String(decoding: $0, as: UTF8.self) } ?? "failed"
                answers.add(out)
            }
        }
        #expect(Set(answers.lines) == Set((1...40).map(String.init)))
        #expect(p.starts == 1)
    }

    @Test func aMissingOrNonExecutableEntryIsRefused() throws {
        var m = try processManifest("#!/bin/sh\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: m.entryPath)
        #expect(throws: PluginError.self) { try ProcessModule(manifest: m) }
        m.entry = "nope"
        #expect(throws: PluginError.self) { try ProcessModule(manifest: m) }
    }

    @Test func anEntryThatCannotRunFailsTheCallClearly() throws {
        // executable but not a program: the shell's exec fails (status 126) and says why on stderr
        let m = try processManifest("not a script\n")
        let p = try ProcessModule(manifest: m)
        defer { p.stop() }
        let text = message { () throws(PluginError) in try p.call([], capability: .precompile) }
        #expect(text?.hasPrefix("t: the process exited (status") == true, "\(text ?? "")")
    }
}

/// PluginHost with process modules: failures are counted and isolated; a healthy module keeps working.
@Suite struct PluginHostProcessTests {
    func directory() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("host-\(UUID().uuidString)").path
        func add(_ name: String, _ script: String, time: Int, capabilities: String = "[\"precompile\"]") throws {
            let dir = (root as NSString).appendingPathComponent(name)
            _ = try processManifest(script, name: name, in: dir)
            try Data("""
            name = "\(name)"
            version = "1.0"
            kind = "process"
            entry = "run"
            capabilities = \(capabilities)
            [limits]
            time_ms = \(time)
            """.utf8).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("plugin.toml")))
        }
        try add("echo", echoScript, time: 3_000)
        try add("hanging", "#!/bin/sh\nsleep 100\n", time: 500)
        try add("scorer", echoScript, time: 3_000, capabilities: "[\"score\"]")
        return root
    }

    @Test func afterAFailureTheNextCallToAHealthyModuleWorks() throws {
        let host = PluginHost(directory: PluginDirectory.scan(try directory()))
        defer { host.stop() }
        #expect(host.manifests.map(\.name) == ["echo", "hanging", "scorer"])
        #expect(throws: PluginError.self) { try host.call("hanging", capability: .precompile, input: [0x61]) }
        #expect(try host.call("echo", capability: .precompile, input: Array("hi".utf8)) == Array("echo: hi (precompile)".utf8))
        #expect(throws: PluginError.self) { try host.call("echo", capability: .precompile, input: Array("crash".utf8)) }
        #expect(try host.call("echo", capability: .precompile, input: Array("back".utf8)) == Array("echo: back (precompile)".utf8))
        // a capability the module lacks is refused without starting it
        #expect(throws: PluginError.self) { try host.call("scorer", capability: .precompile, input: []) }
        #expect(try host.call("scorer", capability: .score, input: Array("x".utf8)) == Array("echo: x (score)".utf8))

        let s = Dictionary(uniqueKeysWithValues: host.statuses().map { ($0.manifest.name, $0) })
        #expect(s["echo"]?.calls == 3 && s["echo"]?.failures == 1 && s["echo"]?.starts == 2 && s["echo"]?.state == "running")
        #expect(s["hanging"]?.failures == 1 && s["hanging"]?.state == "error")
        #expect(s["hanging"]?.lastErrors.first?.message.contains("no answer within limits.time_ms = 500 ms") == true)
        #expect(s["scorer"]?.calls == 2 && s["scorer"]?.starts == 1)
        host.stop()
        #expect(host.statuses().allSatisfy { $0.state != "running" })
    }
}
