#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a JSON-RPC request over HTTP failed.
struct HTTPRPCError: Error, CustomStringConvertible {
    let description: String
}

/// A minimal HTTP/1.1 JSON-RPC client for the devnet's own command-line tools: one POST per
/// connection (`Connection: close`) to an `http://host:port[/path]` URL, blocking. No TLS, no
/// redirects: it talks to a local node.
struct HTTPRPC {
    let host: String
    let port: UInt16
    let path: String
    /// Seconds to wait for the connection and for each read.
    let timeout: Int

    /// Parses `http://host[:port][/path]`.
    /// - Throws: `HTTPRPCError` for another scheme or a malformed URL.
    init(url: String, timeout: Int = 30) throws(HTTPRPCError) {
        guard url.hasPrefix("http://") else {
            throw HTTPRPCError(description: "only http:// URLs are supported (got \(url))")
        }
        var rest = Substring(url.dropFirst(7))
        var path = "/"
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        var host = String(rest)
        var port: UInt16 = 80
        if let colon = rest.lastIndex(of: ":") {
            guard let p = UInt16(rest[rest.index(after: colon)...]) else {
                throw HTTPRPCError(description: "bad port in \(url)")
            }
            port = p
            host = String(rest[..<colon])
        }
        guard !host.isEmpty else { throw HTTPRPCError(description: "no host in \(url)") }
        self.host = host
        self.port = port
        self.path = path
        self.timeout = timeout
    }

    /// POSTs `body` and returns the response body.
    /// - Throws: `HTTPRPCError` when the host cannot be reached or the answer is not HTTP 200.
    func post(_ body: [UInt8]) throws(HTTPRPCError) -> [UInt8] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw HTTPRPCError(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        var fd: Int32 = -1
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let a = node {
            let s = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if s >= 0 {
                var tv = timeval(tv_sec: timeout, tv_usec: 0)
                setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                if connect(s, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { fd = s; break }
                close(s)
            }
            node = a.pointee.ai_next
        }
        guard fd >= 0 else { throw HTTPRPCError(description: "cannot connect to \(host):\(port) (is the devnet running?)") }
        defer { close(fd) }
        let head = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let request = Array(head.utf8) + body
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw HTTPRPCError(description: "cannot send to \(host):\(port)") }
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 { throw HTTPRPCError(description: "no answer from \(host):\(port) within \(timeout) s") }
            if n == 0 { break }
            response.append(contentsOf: buffer[0..<n])
            if response.count > 512 << 20 { throw HTTPRPCError(description: "answer larger than 512 MiB") }
        }
        return try Self.body(of: response)
    }

    /// The body of a complete HTTP/1.1 response (Content-Length, chunked, or until close).
    static func body(of response: [UInt8]) throws(HTTPRPCError) -> [UInt8] {
        let separator: [UInt8] = [13, 10, 13, 10]
        var end = -1
        if response.count >= 4 {
            for i in 0...(response.count - 4) where response[i..<(i + 4)].elementsEqual(separator) { end = i; break }
        }
        guard end >= 0 else { throw HTTPRPCError(description: "not an HTTP response") }
        let head = String(decoding: response[0..<end], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let status = lines.first.map(String.init) ?? ""
        let parts = status.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.") else { throw HTTPRPCError(description: "not an HTTP response") }
        guard parts[1] == "200" else { throw HTTPRPCError(description: "the node answered \(status)") }
        var chunked = false
        var length: Int?
        for line in lines.dropFirst() {
            let kv = line.split(separator: ":", maxSplits: 1)
            guard kv.count == 2 else { continue }
            let key = kv[0].lowercased(), value = kv[1].trimmingCharacters(in: " \t")
            if key == "content-length" { length = Int(value) }
            if key == "transfer-encoding", value.lowercased().contains("chunked") { chunked = true }
        }
        var body = Array(response[(end + 4)...])
        if chunked {
            var out: [UInt8] = []
            var i = 0
            while i < body.count {
                var j = i
                while j + 1 < body.count, !(body[j] == 13 && body[j + 1] == 10) { j += 1 }
                let sizeText = String(decoding: body[i..<j], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: " "), radix: 16) else {
                    throw HTTPRPCError(description: "bad chunked encoding")
                }
                if size == 0 { break }
                let start = j + 2
                guard start + size <= body.count else { throw HTTPRPCError(description: "truncated chunked body") }
                out += body[start..<(start + size)]
                i = start + size + 2
            }
            body = out
        } else if let length {
            guard body.count >= length else { throw HTTPRPCError(description: "truncated HTTP body") }
            body = Array(body.prefix(length))
        }
        return body
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
