import CSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process module (Plugins/README.md, "process protocol"): an executable started on demand that
/// reads one JSON request per line on stdin and writes one JSON answer per line on stdout.
///
/// Request:  `{"id": 7, "capability": "precompile", "input": "<UTF-8 text>"}` (binary input as
/// `"input_hex": "0x…"` when it is not valid UTF-8).
/// Answer:   `{"id": 7, "output": "<text>"}` or `{"id": 7, "error": "<message>"}`.
///
/// The process is started on the first call (working directory: the module's directory; its own
/// process group; environment: the devnet's plus `PYTHONUNBUFFERED=1`) and kept for the next ones.
/// A call that takes longer than `limits.time_ms` (wall clock, the start included) kills the
/// process group (SIGKILL) and fails; a process that exits or closes its stdout fails the call and
/// is started again on the next one. Lines on stdout that are not JSON objects or carry another id
/// are skipped with a log line. Every stderr line goes to `log`, prefixed "plugin NAME: ".
/// Calls are serialized (one in flight per module).
///
/// The devnet ignores SIGPIPE from the first start on (a write to a process that just died must
/// fail with EPIPE, not kill the devnet); the module's process gets the default disposition back.
public final class ProcessModule: @unchecked Sendable {
    public let manifest: PluginManifest
    let log: @Sendable (String) -> Void

    /// One call at a time (and `stop()` waits for it).
    private let callLock = NSLock()
    /// Guards `current`, `startCount`, `nextID` and reaping.
    private let stateLock = NSLock()
    private var current: Running?
    private var startCount = 0
    private var nextID = 0

    /// A started process and our ends of its pipes.
    final class Running: @unchecked Sendable {
        let pid: pid_t
        /// Our end of its stdin (non-blocking) and of its stdout (non-blocking); -1 once closed.
        var stdinFD: Int32
        var stdoutFD: Int32
        /// Bytes read from stdout not yet forming a whole line.
        var buffer: [UInt8] = []
        /// The wait status once reaped (`nil` while running); `Int32.min` when another part of the
        /// program reaped it first (status unknown).
        var status: Int32?
        let stderrTail: StderrTail

        init(pid: pid_t, stdinFD: Int32, stdoutFD: Int32, stderrTail: StderrTail) {
            self.pid = pid
            self.stdinFD = stdinFD
            self.stdoutFD = stdoutFD
            self.stderrTail = stderrTail
        }
    }

    /// The last few stderr lines of a process (for error messages), filled by its reader thread.
    final class StderrTail: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ line: String) {
            lock.lock(); defer { lock.unlock() }
            lines.append(line)
            if lines.count > 3 { lines.removeFirst() }
        }
        private var ended = false
        func end() { lock.lock(); ended = true; lock.unlock() }
        /// The last lines, once stderr has ended (waiting up to `seconds` for it: a process that
        /// just exited may still have lines in the pipe).
        func text(waitingUpTo seconds: Double) -> String {
            let until = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
            while true {
                lock.lock()
                let done = ended
                let text = lines.joined(separator: " | ")
                lock.unlock()
                if done || DispatchTime.now().uptimeNanoseconds >= until { return text }
                usleep(2_000)
            }
        }
    }

    /// Checks that the entry is an executable file (the process starts on the first call).
    /// - Throws: `PluginError` naming the entry when it is missing or not executable.
    public init(manifest: PluginManifest, log: @escaping @Sendable (String) -> Void = { _ in }) throws(PluginError) {
        self.manifest = manifest
        self.log = log
        guard FileManager.default.isExecutableFile(atPath: manifest.entryPath) else {
            throw PluginError(file: manifest.entryPath, "not an executable file (chmod +x, with a #! line for scripts)")
        }
    }

    deinit {
        if let r = current { terminate(r, graceful: false) }
    }

    /// How many times the process has been started (1 after the first call; more after crashes or kills).
    public var starts: Int {
        stateLock.lock(); defer { stateLock.unlock() }
        return startCount
    }

    /// Whether the process is running now (started and not exited).
    public var isRunning: Bool {
        stateLock.lock()
        let r = current
        stateLock.unlock()
        guard let r else { return false }
        return !reap(r, waitSeconds: 0)
    }

    /// Starts the process now if it is not running (`devnet plugins check`), then watches it for
    /// `watchMilliseconds`: a module that dies at once (a missing library, a syntax error) fails here.
    /// - Throws: `PluginError` when it cannot be started or exits within the watch (with its status
    ///   and last stderr lines).
    public func start(watchMilliseconds: Int = 0) throws(PluginError) {
        callLock.lock(); defer { callLock.unlock() }
        let r = try running()
        if reap(r, waitSeconds: Double(watchMilliseconds) / 1000) {
            dropIfCurrent(r)
            throw exitError(r, "right after starting")
        }
    }

    /// Sends one request and waits for its answer.
    /// - Parameters:
    ///   - input: the input bytes (sent as `input` when valid UTF-8, else as `input_hex`).
    ///   - capability: what is asked (sent as `capability`).
    /// - Returns: the answer's output as UTF-8 bytes (at most `limits.outputBytes`).
    /// - Throws: `PluginError` when the module answers an error, exceeds its time limit (the process
    ///   is killed), exits or crashes (restarted on the next call), or answers garbage or too much.
    public func call(_ input: [UInt8], capability: PluginCapability) throws(PluginError) -> [UInt8] {
        callLock.lock(); defer { callLock.unlock() }
        let name = manifest.name
        let limits = manifest.limits
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(limits.timeMilliseconds) * 1_000_000
        let r = try running()
        stateLock.lock()
        nextID += 1
        let id = nextID
        stateLock.unlock()

        var request: [String: Any] = ["id": id, "capability": capability.rawValue]
        if let text = String(validating: input, as: UTF8.self) {
            request["input"] = text
        } else {
            let digits = Array("0123456789abcdef".utf8)
            var hex: [UInt8] = [0x30, 0x78]
            hex.reserveCapacity(2 + input.count * 2)
            for b in input { hex.append(digits[Int(b >> 4)]); hex.append(digits[Int(b & 15)]) }
            request["input_hex"] = String(decoding: hex, as: UTF8.self)
        }
        guard var pending = try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys]).map({ $0 }) else {
            throw PluginError("\(name): cannot encode the request")
        }
        pending.append(0x0a)

        // Escaped JSON may take up to 6 bytes per output byte ("\u001f"), plus the envelope.
        let lineLimit = limits.outputBytes * 6 + 4096
        while true {
            // A whole line already buffered?
            if let nl = r.buffer.firstIndex(of: 0x0a) {
                let line = Array(r.buffer[..<nl])
                r.buffer.removeSubrange(...nl)
                switch parse(line, id: id) {
                case .skip: continue
                case .output(let out):
                    guard out.count <= limits.outputBytes else {
                        throw PluginError("\(name): answered \(out.count) bytes, more than its limits.output_bytes (\(limits.outputBytes))")
                    }
                    return out
                case .error(let message):
                    throw PluginError("\(name): \(message)")
                }
            }
            if r.buffer.count > lineLimit {
                kill(r)
                throw PluginError("\(name): answered a line longer than \(lineLimit) bytes without ending it, more than its limits.output_bytes (\(limits.outputBytes)) allows; the process was stopped (it is started again on the next call)")
            }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else {
                kill(r)
                throw PluginError("\(name): no answer within limits.time_ms = \(limits.timeMilliseconds) ms; the process was killed (it is started again on the next call)")
            }
            let waitMs = Int32(min((deadline - now + 999_999) / 1_000_000, 60_000))
            var fds = [pollfd(fd: r.stdoutFD, events: Int16(POLLIN), revents: 0)]
            if !pending.isEmpty, r.stdinFD >= 0 { fds.append(pollfd(fd: r.stdinFD, events: Int16(POLLOUT), revents: 0)) }
            let n = poll(&fds, nfds_t(fds.count), waitMs)
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                kill(r)
                throw PluginError("\(name): poll failed: \(String(cString: strerror(e)))")
            }
            if fds.count > 1, fds[1].revents != 0 {
                let written = pending.withUnsafeBytes { write(r.stdinFD, $0.baseAddress, $0.count) }
                if written > 0 {
                    pending.removeFirst(written)
                } else if written < 0, errno != EAGAIN, errno != EINTR {
                    // EPIPE: it closed stdin or died; its stdout tells which (an answer may still come).
                    pending.removeAll()
                    if errno != EPIPE { kill(r); throw exitError(r, "while reading its input") }
                }
            }
            if fds[0].revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 65_536)
                let got = chunk.withUnsafeMutableBytes { read(r.stdoutFD, $0.baseAddress, $0.count) }
                if got > 0 {
                    r.buffer.append(contentsOf: chunk[..<got])
                } else if got == 0 || (errno != EAGAIN && errno != EINTR) {
                    // End of stdout: it exited (or closed it). Whatever was buffered is not an answer.
                    if !reap(r, waitSeconds: 0.2) { kill(r) }
                    dropIfCurrent(r)
                    throw exitError(r, "before answering")
                }
            }
        }
    }

    /// Stops the process if it runs (the devnet's shutdown): an in-flight call is cut short (it
    /// fails as if the process crashed), then stdin is closed and the process gets 0.5 s to exit
    /// before SIGKILL.
    public func stop() {
        if !callLock.try() {
            stateLock.lock()   // under the lock: nobody reaps it meanwhile, so the pid is still its own
            if let r = current, r.status == nil { signalProcess(-r.pid, SIGKILL) }
            stateLock.unlock()
            callLock.lock()
        }
        defer { callLock.unlock() }
        stateLock.lock()
        let r = current
        current = nil
        stateLock.unlock()
        if let r { terminate(r, graceful: true) }
    }

    // MARK: - Answers

    enum Parsed {
        case skip
        case output([UInt8])
        case error(String)
    }

    /// Reads one stdout line: the answer to `id`, or something to skip (logged).
    func parse(_ line: [UInt8], id: Int) -> Parsed {
        let name = manifest.name
        let trimmed = line.last == 0x0d ? Array(line.dropLast()) : line
        if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .skip }
        guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed)), let dict = object as? [String: Any] else {
            log("plugin \(name): skipped a stdout line that is not a JSON object: \(String(decoding: trimmed.prefix(200), as: UTF8.self))")
            return .skip
        }
        guard let n = dict["id"] as? NSNumber, !(dict["id"] is String) else {
            log("plugin \(name): skipped an answer whose id is \(dict["id"].map { "\"\($0)\" (not a number)" } ?? "missing"); "
                + "an answer carries its request's numeric id (waiting for \(id))")
            return .skip
        }
        guard n.intValue == id, n.doubleValue == Double(id) else {
            log("plugin \(name): skipped an answer for id \(n) while waiting for id \(id)")
            return .skip
        }
        if let message = dict["error"] as? String { return .error(message) }
        if let text = dict["output"] as? String { return .output(Array(text.utf8)) }
        if let hex = dict["output_hex"] as? String, let bytes = Self.bytes(hex: hex) { return .output(bytes) }
        return .error("answered id \(id) without a string `output` or `error` (Plugins/README.md, process protocol)")
    }

    static func bytes(hex: String) -> [UInt8]? {
        var digits = Substring(hex)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = digits.startIndex
        while i < digits.endIndex {
            let j = digits.index(i, offsetBy: 2)
            guard let b = UInt8(digits[i..<j], radix: 16) else { return nil }
            out.append(b)
            i = j
        }
        return out
    }

    // MARK: - The process

    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// The running process, started when there is none or the last one exited.
    private func running() throws(PluginError) -> Running {
        stateLock.lock()
        let existing = current
        stateLock.unlock()
        if let r = existing {
            if !reap(r, waitSeconds: 0) { return r }
            log("plugin \(manifest.name): the process had exited (\(statusText(r))); starting it again")
            terminate(r, graceful: false)
            dropIfCurrent(r)
        }
        let r = try spawn()
        stateLock.lock()
        current = r
        startCount += 1
        stateLock.unlock()
        return r
    }

    private func spawn() throws(PluginError) -> Running {
        _ = Self.ignoreSIGPIPE
        let name = manifest.name
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : (cwd as NSString).appendingPathComponent(p) }
        let directory = absolute(manifest.directory)
        let entry = absolute(manifest.entryPath)

        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&inPipe) == 0 else { throw PluginError("\(name): cannot make a pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&outPipe) == 0 else {
            close(inPipe[0]); close(inPipe[1])
            throw PluginError("\(name): cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        guard pipe(&errPipe) == 0 else {
            for fd in inPipe + outPipe { close(fd) }
            throw PluginError("\(name): cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for fd in inPipe + outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        // Nothing else of the devnet's (its listening sockets, client connections, databases) goes
        // to the module: a left-over child would otherwise keep the devnet's ports bound.
        if cspawn_addclosefrom(&actions, 3) != 0 { Self.closeOnExecAll() }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attr, &mask)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // The working directory is set by a /bin/sh that then execs the entry (same pid): glibc's
        // posix_spawn_file_actions_addchdir_np is not visible to Swift.
        let argv = ["/bin/sh", "-c", "cd -- \"$1\" && exec \"$2\"", "plugin-\(name)", directory, entry]
        var env = ProcessInfo.processInfo.environment
        env["PYTHONUNBUFFERED"] = "1"
        let envp = env.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let rc = withCStrings(argv) { cargv in
            withCStrings(envp) { cenv in
                posix_spawn(&pid, "/bin/sh", &actions, &attr, cargv, cenv)
            }
        }
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard rc == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw PluginError("\(name): cannot start \(entry): \(String(cString: strerror(rc)))")
        }
        _ = fcntl(inPipe[1], F_SETFL, fcntl(inPipe[1], F_GETFL) | O_NONBLOCK)
        _ = fcntl(outPipe[0], F_SETFL, fcntl(outPipe[0], F_GETFL) | O_NONBLOCK)

        let tail = StderrTail()
        let errFD = errPipe[0]
        let log = self.log
        let thread = Thread {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            func emit(_ line: ArraySlice<UInt8>) {
                var l = line
                if l.last == 0x0d { l = l.dropLast() }
                let text = String(decoding: l.prefix(4096), as: UTF8.self)
                tail.add(text)
                log("plugin \(name): \(text)")
            }
            while true {
                let got = chunk.withUnsafeMutableBytes { read(errFD, $0.baseAddress, $0.count) }
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { break }
                pending.append(contentsOf: chunk[..<got])
                while let nl = pending.firstIndex(of: 0x0a) {
                    emit(pending[..<nl])
                    pending.removeSubrange(...nl)
                }
                if pending.count > 65_536 { emit(pending[...]); pending.removeAll() }
            }
            if !pending.isEmpty { emit(pending[...]) }
            close(errFD)
            tail.end()
        }
        thread.name = "plugin-\(name)-stderr"
        thread.start()
        return Running(pid: pid, stdinFD: inPipe[1], stdoutFD: outPipe[0], stderrTail: tail)
    }

    /// Reaps `r` if it has exited, waiting up to `waitSeconds`. Returns whether it has exited.
    @discardableResult
    private func reap(_ r: Running, waitSeconds: Double) -> Bool {
        let until = DispatchTime.now().uptimeNanoseconds + UInt64(waitSeconds * 1e9)
        while true {
            stateLock.lock()
            if r.status != nil { stateLock.unlock(); return true }
            var status: Int32 = 0
            let got = waitpid(r.pid, &status, WNOHANG)
            if got == r.pid {
                r.status = status
                // Whatever it left in its group (a script's `sleep &`, a worker) goes with it. The
                // group's id cannot be handed to a new process while members of the group live.
                signalProcess(-r.pid, SIGKILL)
            }
            else if got < 0, errno == ECHILD { r.status = Int32.min }
            let done = r.status != nil
            stateLock.unlock()
            if done { return true }
            if DispatchTime.now().uptimeNanoseconds >= until { return false }
            usleep(2_000)
        }
    }

    /// Marks every open descriptor above stderr close-on-exec (where the C library has no
    /// close-from spawn action).
    static func closeOnExecAll() {
        guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for name in fds {
            guard let fd = Int32(name), fd > 2 else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// SIGKILLs the process group, reaps it, closes our pipe ends and forgets it.
    private func kill(_ r: Running) {
        terminate(r, graceful: false)
        dropIfCurrent(r)
    }

    private func terminate(_ r: Running, graceful: Bool) {
        if r.stdinFD >= 0 { close(r.stdinFD); r.stdinFD = -1 }
        let exited = graceful ? reap(r, waitSeconds: 0.5) : reap(r, waitSeconds: 0)
        if !exited {
            // The group too: a script's children (a `sleep`, a worker) die with it. Never signal a
            // reaped pid (it may belong to another process by now).
            signalProcess(-r.pid, SIGKILL)
            signalProcess(r.pid, SIGKILL)
            reap(r, waitSeconds: 5)
        }
        if r.stdoutFD >= 0 { close(r.stdoutFD); r.stdoutFD = -1 }
    }

    private func dropIfCurrent(_ r: Running) {
        stateLock.lock()
        if current === r { current = nil }
        stateLock.unlock()
        if r.stdinFD >= 0 { close(r.stdinFD); r.stdinFD = -1 }
        if r.stdoutFD >= 0 { close(r.stdoutFD); r.stdoutFD = -1 }
    }

    private func statusText(_ r: Running) -> String {
        guard let s = r.status, s != Int32.min else { return "status unknown" }
        if s & 0x7f == 0 { return "status \((s >> 8) & 0xff)" }
        return "killed by signal \(s & 0x7f)"
    }

    private func exitError(_ r: Running, _ when: String) -> PluginError {
        var message = "\(manifest.name): the process exited (\(statusText(r))) \(when) (it is started again on the next call)"
        let tail = r.stderrTail.text(waitingUpTo: 0.3)
        if !tail.isEmpty { message += "; its last stderr: \(tail)" }
        return PluginError(message)
    }
}

/// `kill(2)`, named apart from `ProcessModule.kill(_:)`.
@inline(__always) private func signalProcess(_ pid: pid_t, _ signal: Int32) {
    _ = kill(pid, signal)
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return body(pointers)
}
