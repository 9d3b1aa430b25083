#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks that a TCP port can be bound before the servers start, so a busy port gives one clear
/// line instead of a stack of NIO errors.
public enum PortProbe {
    /// The outcome of a trial bind.
    public enum Result: Equatable, Sendable {
        case free
        case inUse
        /// Any other failure: the address is not local, not IPv4/IPv6 literal or `localhost`, …
        case failed(String)
    }

    /// Binds (without listening for clients) a TCP socket to `host:port` with SO_REUSEADDR, as the
    /// server will, then closes it. `host` is an IPv4 or IPv6 literal or `localhost`.
    public static func check(host: String, port: Int) -> Result {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_flags = AI_PASSIVE
        var info: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &info)
        guard rc == 0, let first = info else {
            return .failed(String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(info) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return .failed(String(cString: strerror(errno))) }
        defer { close(fd) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            let err = errno
            if err == EADDRINUSE { return .inUse }
            return .failed(String(cString: strerror(err)))
        }
        // A listening socket on the port with SO_REUSEADDR still conflicts only at listen().
        if listen(fd, 1) != 0 {
            let err = errno
            if err == EADDRINUSE { return .inUse }
            return .failed(String(cString: strerror(err)))
        }
        return .free
    }
}
