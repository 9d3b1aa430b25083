import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Node

/// The devnet's file store, standing in for IPFS in Alith's data-contribution flow
/// (LAZAI-API.md §3): `POST /lazai/files` stores the raw body and answers 201
/// `{"url","id","size","sha256"}`; `GET /lazai/files/<id>` answers the bytes.
///
/// A file's id is the lowercase hex SHA-256 of its bytes (64 characters), so the same content
/// gets the same id and URL. Files live in `directory` (one file per id, created on demand) or in
/// memory when `directory` is nil (--ephemeral).
public actor LazAIFileStore {
    /// Largest file accepted or fetched, in bytes (64 MiB).
    public static let maxFileBytes = 64 << 20

    /// One stored file.
    public struct Entry: Sendable, Equatable {
        /// Lowercase hex SHA-256 of the bytes (64 characters).
        public var id: String
        /// `<baseURL>/<id>`.
        public var url: String
        public var size: Int
    }

    /// Where files are kept; nil = memory.
    public let directory: String?
    /// `POST` target and URL prefix, e.g. "http://127.0.0.1:8545/lazai/files" (no trailing slash).
    public let baseURL: String
    private var memory: [String: [UInt8]] = [:]

    public init(directory: String?, baseURL: String) {
        self.directory = directory
        var b = baseURL
        while b.hasSuffix("/") { b.removeLast() }
        self.baseURL = b
    }

    /// Stores `bytes`; storing the same bytes again is a no-op with the same entry.
    /// - Throws: `LazAIError` for a file over `maxFileBytes` or a directory that cannot be written.
    public func put(_ bytes: [UInt8]) throws(LazAIError) -> Entry {
        guard bytes.count <= Self.maxFileBytes else { throw LazAIError("the file is larger than \(Self.maxFileBytes) bytes") }
        let id = LazAIHex.encode(Array(SHA256.hash(data: bytes)))
        if let directory {
            let fm = FileManager.default
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let path = (directory as NSString).appendingPathComponent(id)
                if !fm.fileExists(atPath: path) {
                    try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
                }
            } catch {
                throw LazAIError("cannot write the file store in \(directory): \(error.localizedDescription)")
            }
        } else {
            memory[id] = bytes
        }
        return Entry(id: id, url: baseURL + "/" + id, size: bytes.count)
    }

    /// The bytes of file `id`, or nil when there is none (or `id` is not 64 hex digits).
    public func get(_ id: String) -> [UInt8]? {
        let id = id.lowercased()
        guard Self.isID(id) else { return nil }
        if let directory {
            return FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(id)).map { [UInt8]($0) }
        }
        return memory[id]
    }

    /// Number of files stored.
    public func count() -> Int {
        if let directory {
            return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter(Self.isID).count
        }
        return memory.count
    }

    static func isID(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// The store's HTTP routes: `POST /lazai/files` and `GET /lazai/files/<id>`; nil for other paths.
    public func handle(_ request: HTTPRouteRequest) -> HTTPRouteResponse? {
        var path = request.path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        if path == "/lazai/files" {
            guard request.method == "POST" else {
                return LazAIHTTP.error(405, "POST the file's bytes to /lazai/files", type: "invalid_request_error")
            }
            guard !request.body.isEmpty else { return LazAIHTTP.error(400, "the request body (the file) is empty", type: "invalid_request_error") }
            do {
                let e = try put(request.body)
                return LazAIHTTP.json(201, .object([("url", .string(e.url)), ("id", .string(e.id)), ("size", .int(e.size)),
                                                    ("sha256", .string(e.id))]))
            } catch {
                return LazAIHTTP.error(500, error.message, type: "internal_error")
            }
        }
        guard path.hasPrefix("/lazai/files/") else { return nil }
        let id = String(path.dropFirst("/lazai/files/".count))
        guard request.method == "GET" else { return LazAIHTTP.error(405, "GET /lazai/files/<id> answers a file", type: "invalid_request_error") }
        guard let bytes = get(id) else { return LazAIHTTP.error(404, "no file \(id) in the devnet's file store", type: "not_found") }
        return HTTPRouteResponse(status: 200, contentType: "application/octet-stream", body: bytes)
    }

    /// The id a URL names in this store — `<baseURL>/<id>` or any loopback `http://…/lazai/files/<id>`
    /// — when the store has that file; else nil.
    public func localID(for url: String) -> String? {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return nil }
        let host = (u.host ?? "").lowercased()
        let ownHost = URL(string: baseURL)?.host?.lowercased()
        guard host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]" || host == ownHost else { return nil }
        guard u.path.hasPrefix("/lazai/files/") else { return nil }
        let id = String(u.path.dropFirst("/lazai/files/".count)).lowercased()
        return get(id) != nil ? id : nil
    }

    /// Fetches a job's file: from this store directly when `url` names one of its files, else
    /// `http(s)://` with URLSession, or `file://` from disk.
    /// - Throws: `LazAIError` for another scheme, an HTTP status other than 2xx, a timeout
    ///   (`timeout` seconds), or a file over `maxFileBytes`.
    public func fetch(_ url: String, timeout: Double = 30) async throws(LazAIError) -> [UInt8] {
        if let id = localID(for: url), let bytes = get(id) { return bytes }
        return try await LazAIFileFetcher.fetch(url, timeout: timeout, maxBytes: Self.maxFileBytes)
    }
}

/// Downloads a file over http(s) or reads a file:// URL, with a size cap and a timeout.
public enum LazAIFileFetcher {
    /// - Throws: `LazAIError` with the URL and the reason (bad URL, scheme, status, size, timeout).
    public static func fetch(_ url: String, timeout: Double = 30, maxBytes: Int = LazAIFileStore.maxFileBytes) async throws(LazAIError) -> [UInt8] {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased() else { throw LazAIError("not a URL: \(url)") }
        switch scheme {
        case "file":
            let path = u.path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
                throw LazAIError("no file at \(path)")
            }
            if let size = attributes[.size] as? NSNumber, size.intValue > maxBytes {
                throw LazAIError("\(url) is \(size.intValue) bytes, more than the \(maxBytes)-byte limit")
            }
            guard let data = FileManager.default.contents(atPath: path) else { throw LazAIError("cannot read \(path)") }
            return [UInt8](data)
        case "http", "https":
            var request = URLRequest(url: u)
            request.timeoutInterval = timeout
            let result: Result<(Data, URLResponse), any Error> = await withCheckedContinuation { continuation in
                let task = URLSession.shared.dataTask(with: request) { data, response, error in
                    if let error { continuation.resume(returning: .failure(error)) } else if let response {
                        continuation.resume(returning: .success((data ?? Data(), response)))
                    } else {
                        continuation.resume(returning: .failure(LazAIError("no HTTP response")))
                    }
                }
                task.resume()
            }
            switch result {
            case .failure(let error):
                throw LazAIError("cannot download \(url): \(error.localizedDescription)")
            case .success(let (data, response)):
                if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                    throw LazAIError("downloading \(url) answered HTTP \(http.statusCode)")
                }
                guard data.count <= maxBytes else { throw LazAIError("\(url) is more than the \(maxBytes)-byte limit") }
                return [UInt8](data)
            }
        default:
            throw LazAIError("cannot fetch \(url): only http://, https:// and file:// URLs (and the devnet's file store) are supported")
        }
    }
}

/// JSON answers in the shape of Alith's FastAPI nodes.
enum LazAIHTTP {
    static func json(_ status: Int, _ body: JSON) -> HTTPRouteResponse {
        HTTPRouteResponse(status: status, body: body.serialized())
    }

    /// `{"error":{"message":…,"type":…}}` (Alith validator.py / middleware.py).
    static func error(_ status: Int, _ message: String, type: String) -> HTTPRouteResponse {
        json(status, .object([("error", .object([("message", .string(message)), ("type", .string(type))]))]))
    }
}
