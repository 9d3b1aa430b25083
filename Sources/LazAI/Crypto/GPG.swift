import Foundation

/// OpenPGP (RFC 4880) symmetric decryption through the `gpg` executable (GnuPG 2.2), as Alith
/// encrypts data files: python-gnupg `encrypt(data, "", passphrase=password, symmetric=True,
/// armor=False)` (alith/data/crypto.py).
public enum GPG {
    /// Largest ciphertext accepted, in bytes (64 MiB, the file store's cap).
    public static let maxInputBytes = 64 << 20
    /// How long one `gpg` run may take, in seconds.
    public static let timeoutSeconds: Double = 30

    /// Where the `gpg` executable is looked for, in order (the first that exists is used).
    static let candidates = ["/usr/bin/gpg", "/usr/local/bin/gpg", "/opt/homebrew/bin/gpg", "/usr/bin/gpg2"]

    /// Decrypts a symmetrically encrypted OpenPGP message (binary or ASCII-armored).
    ///
    /// Runs `gpg --batch --yes --quiet --no-tty --pinentry-mode loopback --passphrase-file <f>
    /// --decrypt` in a private temporary GNUPGHOME (mode 0700; its agent is stopped and the
    /// directory removed afterwards); the passphrase goes in a 0600 file in that directory, never on
    /// the command line.
    /// - Parameters:
    ///   - data: the OpenPGP message, at most `maxInputBytes`.
    ///   - passphrase: the password (Alith: the hex of a wallet signature); one line.
    /// - Returns: the plaintext.
    /// - Throws: `LazAIError` when gpg is missing, times out (`timeoutSeconds`), the passphrase is
    ///   wrong ("bad passphrase"), or the data is not an OpenPGP message.
    public static func decryptSymmetric(_ data: [UInt8], passphrase: String) throws(LazAIError) -> [UInt8] {
        guard !data.isEmpty else { throw LazAIError("gpg: the encrypted file is empty") }
        guard data.count <= maxInputBytes else { throw LazAIError("gpg: the encrypted file is larger than \(maxInputBytes) bytes") }
        guard !passphrase.contains("\n"), !passphrase.contains("\r") else {
            throw LazAIError("gpg: the passphrase contains a line break")
        }
        let fm = FileManager.default
        guard let gpg = candidates.first(where: { fm.isExecutableFile(atPath: $0) }) else {
            throw LazAIError("gpg is not installed (looked for \(candidates.joined(separator: ", "))); install GnuPG to decrypt LazAI data files")
        }
        let home = (NSTemporaryDirectory() as NSString).appendingPathComponent("lazai-gpg-\(UUID().uuidString.prefix(12))")
        do {
            try fm.createDirectory(atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LazAIError("gpg: cannot create a temporary GNUPGHOME: \(error.localizedDescription)")
        }
        defer {
            stopAgent(home: home)
            try? fm.removeItem(atPath: home)
        }
        let passFile = (home as NSString).appendingPathComponent("passphrase")
        let inFile = (home as NSString).appendingPathComponent("in.gpg")
        let outFile = (home as NSString).appendingPathComponent("out")
        guard fm.createFile(atPath: passFile, contents: Data(passphrase.utf8), attributes: [.posixPermissions: 0o600]),
              fm.createFile(atPath: inFile, contents: Data(data), attributes: [.posixPermissions: 0o600]) else {
            throw LazAIError("gpg: cannot write temporary files in \(home)")
        }
        let result = run(gpg, ["--homedir", home, "--batch", "--yes", "--quiet", "--no-tty", "--no-symkey-cache",
                               "--pinentry-mode", "loopback", "--passphrase-file", passFile,
                               "--output", outFile, "--decrypt", inFile],
                         environment: ["GNUPGHOME": home, "PATH": "/usr/bin:/bin:/usr/local/bin"], timeout: timeoutSeconds)
        switch result {
        case .failedToStart(let why):
            throw LazAIError("gpg could not be started: \(why)")
        case .timedOut:
            throw LazAIError("gpg did not finish within \(Int(timeoutSeconds)) s")
        case .exited(let status, let stderr):
            let text = stderr.trimmingCharacters()
            if status != 0 {
                let lower = text.lowercased()
                if lower.contains("bad passphrase") || lower.contains("bad session key") || lower.contains("decryption failed: bad key") {
                    throw LazAIError("gpg: wrong password for the encrypted file (bad passphrase)")
                }
                if lower.contains("no valid openpgp data") || lower.contains("invalid packet") || lower.contains("unexpected data") {
                    throw LazAIError("gpg: the file is not an OpenPGP message")
                }
                let line = text.split(separator: "\n").last.map(String.init) ?? "exit status \(status)"
                throw LazAIError("gpg failed to decrypt: \(line)")
            }
            guard let out = fm.contents(atPath: outFile) else {
                throw LazAIError("gpg wrote no plaintext")
            }
            return [UInt8](out)
        }
    }

    enum RunResult {
        case exited(Int32, stderr: String)
        case timedOut
        case failedToStart(String)
    }

    /// Runs an executable with no stdin, collecting stderr; kills it after `timeout` seconds.
    static func run(_ path: String, _ arguments: [String], environment: [String: String], timeout: Double) -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errPipe = Pipe()
        process.standardError = errPipe
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            return .failedToStart(error.localizedDescription)
        }
        // stderr is small; read it on another thread so a chatty gpg cannot block on a full pipe
        let errBox = ErrBox()
        let reader = Thread {
            errBox.set(errPipe.fileHandleForReading.readDataToEndOfFile())
            errBox.finished.signal()
        }
        reader.start()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + 2)
            return .timedOut
        }
        _ = errBox.finished.wait(timeout: .now() + 2)
        return .exited(process.terminationStatus, stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    final class ErrBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored = Data()
        let finished = DispatchSemaphore(value: 0)
        func set(_ d: Data) { lock.lock(); stored = d; lock.unlock() }
        var data: Data { lock.lock(); defer { lock.unlock() }; return stored }
    }

    /// Stops the gpg-agent gpg started for `home` (it would otherwise linger until it notices its
    /// socket is gone).
    static func stopAgent(home: String) {
        let gpgconf = ["/usr/bin/gpgconf", "/usr/local/bin/gpgconf", "/opt/homebrew/bin/gpgconf"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let gpgconf else { return }
        _ = run(gpgconf, ["--homedir", home, "--kill", "gpg-agent"], environment: ["GNUPGHOME": home], timeout: 5)
    }
}
