import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import Node

/// A small RFC 6455 client over a real TCP socket, for the WebSocket tests: the opening handshake,
/// masked client frames (any size, any opcode, so limits can be crossed on purpose) and reading the
/// server's frames (continuations joined, pings answered). Blocking socket calls run on a private
/// dispatch queue, never on the Swift concurrency pool the server's actors need.
final class WSTestClient: @unchecked Sendable {
    struct Closed: Error, CustomStringConvertible {
        let code: UInt16?
        var description: String { "connection closed (code \(code.map(String.init) ?? "none"))" }
    }
    struct Timeout: Error {}
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    private let fd: Int32
    private let queue = DispatchQueue(label: "ws-test-client")
    private var pending: [UInt8] = []

    /// Connects to 127.0.0.1:`port` and upgrades `path`; throws unless the answer is 101.
    /// `receiveBuffer`: SO_RCVBUF in bytes (small: a client that falls behind quickly).
    static func connect(port: Int, path: String = "/", receiveBuffer: Int? = nil) async throws -> WSTestClient {
        let c = try WSTestClient(port: port, receiveBuffer: receiveBuffer)
        try await c.run { try c.handshake(path: path) }
        return c
    }

    private init(port: Int, receiveBuffer: Int?) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket() failed") }
        if var size = receiveBuffer.map(Int32.init) {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { Glibc.close(fd); throw Failure("connect() failed: errno \(errno)") }
    }

    deinit { Glibc.close(fd) }

    private func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { cont in
            queue.async { cont.resume(with: Result { try body() }) }
        }
    }

    // MARK: blocking primitives (on `queue`)

    private func writeAll(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { throw Closed(code: nil) }
            off += n
        }
    }

    /// Reads at least one more byte into `pending`, waiting at most `deadline`.
    private func fill(until deadline: Date) throws {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
        let r = poll(&p, 1, ms)
        if r == 0 { throw Timeout() }
        var buf = [UInt8](repeating: 0, count: 65536)
        let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { throw Closed(code: nil) }
        pending.append(contentsOf: buf[0..<n])
    }

    private func take(_ count: Int, _ deadline: Date) throws -> [UInt8] {
        while pending.count < count { try fill(until: deadline) }
        let out = Array(pending[0..<count])
        pending.removeFirst(count)
        return out
    }

    private func handshake(path: String) throws {
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let req = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try writeAll(Array(req.utf8))
        let deadline = Date().addingTimeInterval(10)
        while true {
            if let r = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: pending[0..<r.lowerBound], as: UTF8.self)
                pending.removeFirst(r.upperBound)
                guard head.hasPrefix("HTTP/1.1 101") else { throw Failure("upgrade refused: \(head)") }
                return
            }
            try fill(until: deadline)
        }
    }

    /// One frame as sent by a client (always masked, RFC 6455 §5.3).
    static func frame(opcode: UInt8, payload: [UInt8], fin: Bool = true) -> [UInt8] {
        var out: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        let n = payload.count
        if n < 126 {
            out.append(0x80 | UInt8(n))
        } else if n <= 0xFFFF {
            out.append(0x80 | 126)
            out += [UInt8(n >> 8), UInt8(n & 0xFF)]
        } else {
            out.append(0x80 | 127)
            for i in (0..<8).reversed() { out.append(UInt8((UInt64(n) >> (8 * UInt64(i))) & 0xFF)) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        out += mask
        for (i, b) in payload.enumerated() { out.append(b ^ mask[i & 3]) }
        return out
    }

    /// Reads one whole message (text or binary payload); pings are answered, close frames throw `Closed`.
    private func readMessage(timeout: Double) throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        var message: [UInt8] = []
        while true {
            let h = try take(2, deadline)
            let fin = h[0] & 0x80 != 0
            let opcode = h[0] & 0x0F
            var len = UInt64(h[1] & 0x7F)
            if len == 126 { let b = try take(2, deadline); len = UInt64(b[0]) << 8 | UInt64(b[1]) }
            if len == 127 { len = try take(8, deadline).reduce(0) { $0 << 8 | UInt64($1) } }
            var mask: [UInt8]? = nil
            if h[1] & 0x80 != 0 { mask = try take(4, deadline) }
            var payload = try take(Int(len), deadline)
            if let mask { for i in payload.indices { payload[i] ^= mask[i & 3] } }
            switch opcode {
            case 0x8:
                let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
                throw Closed(code: code)
            case 0x9:
                try writeAll(Self.frame(opcode: 0xA, payload: payload))
                continue
            case 0xA:
                continue
            default:
                message += payload
                if fin { return message }
            }
        }
    }

    // MARK: async API

    /// Sends one text message in one frame.
    func send(_ text: String) async throws {
        try await sendFrame(opcode: 0x1, payload: Array(text.utf8))
    }

    /// Sends one raw frame.
    func sendFrame(opcode: UInt8, payload: [UInt8], fin: Bool = true) async throws {
        let bytes = Self.frame(opcode: opcode, payload: payload, fin: fin)
        try await run { try self.writeAll(bytes) }
    }

    /// The next message, parsed as JSON.
    func receive(timeout: Double = 10) async throws -> JSON {
        let bytes = try await run { try self.readMessage(timeout: timeout) }
        return try JSON.parse(bytes)
    }

    /// Sends a request and returns the next message that is not a subscription notification
    /// (notifications met on the way are kept in `notifications`).
    func request(_ text: String, timeout: Double = 10) async throws -> JSON {
        try await send(text)
        while true {
            let m = try await receive(timeout: timeout)
            if m["method"] == .string("eth_subscription") { notifications.append(m); continue }
            return m
        }
    }

    /// Notifications received while waiting for an answer, oldest first.
    var notifications: [JSON] = []

    /// The next notification (from `notifications` first).
    func nextNotification(timeout: Double = 10) async throws -> JSON {
        if !notifications.isEmpty { return notifications.removeFirst() }
        let m = try await receive(timeout: timeout)
        guard m["method"] == .string("eth_subscription") else { throw Failure("expected a notification, got \(m.serializedString)") }
        return m
    }

    /// Sends a close frame (1000).
    func close() async throws {
        try await sendFrame(opcode: 0x8, payload: [0x03, 0xE8])
    }
}

extension JSON {
    var serializedString: String { String(decoding: serialized(), as: UTF8.self) }
}
