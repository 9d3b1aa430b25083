/// The per-boot secret that the dashboard's forms carry (a synchroniser token against cross-site
/// request forgery, OWASP CSRF Prevention Cheat Sheet): 32 random bytes from the system's
/// cryptographically secure generator (`SystemRandomNumberGenerator`: getrandom(2) on Linux,
/// arc4random on Darwin), written as 64 lowercase hex digits. A new one is made at every start,
/// so a page from an earlier run cannot act on this one.
public struct DashboardToken: Sendable, Equatable {
    /// 64 lowercase hex digits.
    public let value: String

    /// A fresh random token.
    public init() {
        var rng = SystemRandomNumberGenerator()
        var hex = ""
        let digits = Array("0123456789abcdef")
        for _ in 0..<4 {
            var word = rng.next() as UInt64
            for _ in 0..<16 {
                hex.append(digits[Int(word & 0xF)])
                word >>= 4
            }
        }
        value = hex
    }

    /// A fixed token (tests).
    public init(value: String) {
        self.value = value
    }

    /// True when `candidate` equals the token. Compares every byte whatever the first difference
    /// (constant time for equal lengths), so the answer time does not reveal a matching prefix.
    public func matches(_ candidate: String?) -> Bool {
        guard let candidate else { return false }
        let a = Array(value.utf8), b = Array(candidate.utf8)
        guard a.count == b.count, !a.isEmpty else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}

/// `application/x-www-form-urlencoded` bodies (WHATWG URL Standard §5.1, what an HTML form posts).
public enum FormBody {
    /// Decodes `name=value&…` pairs: `+` is a space, `%XX` a byte, the bytes UTF-8 (invalid
    /// sequences become U+FFFD). A name given twice keeps its first value. A bad `%` escape is kept
    /// as written.
    public static func decode(_ body: [UInt8]) -> [String: String] {
        var out: [String: String] = [:]
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = unescape(parts[0])
            let value = parts.count > 1 ? unescape(parts[1]) : ""
            if out[name] == nil { out[name] = value }
        }
        return out
    }

    static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if c == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
                      let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
                continue
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The dashboard as one HTTP site: its pages (`get`) and its form posts (`post`), with the form
/// token of this run.
///
/// Plugin calls: `POST /dashboard/plugins/call` (`PluginsRoutes`), same token.
/// Form post: `POST /dashboard/action`, body `application/x-www-form-urlencoded` with
/// `token` (the page's token), `sequencer` (index, decimal) and `action` (`stop`, `start`,
/// `wrongStateRoot`, `honest`). Answers:
/// - 403 and nothing done: missing or wrong token (checked before anything else is read);
/// - 400: a missing or malformed `sequencer` or `action`, or the data source refused the action
///   (its reason is on the page);
/// - 303 `Location: /sequencers` once the action is done (post/redirect/get).
public struct DashboardSite<Source: DashboardDataSource>: Sendable {
    public let source: Source
    public let token: DashboardToken

    public init(source: Source, token: DashboardToken = DashboardToken()) {
        self.source = source
        self.token = token
    }

    /// `GET`/`HEAD` of `path`: the page, or a 404 page.
    public func get(path: String) async -> DashboardResponse {
        await DashboardRoutes.respond(path: path, source: source, token: token)
    }

    /// `POST` of `path` with `body`; nil when `path` is not under `/dashboard/` or the body is not a
    /// form (`Content-Type` other than `application/x-www-form-urlencoded`; none counts as a form):
    /// the caller answers the request as JSON-RPC then. `contentType` is the request's header.
    public func post(path: String, contentType: String?, body: [UInt8]) async -> DashboardResponse? {
        let isPluginCall = path == PluginsRoutes.callPath || path == PluginsRoutes.shortCallPath
        guard path == "/dashboard" || path.hasPrefix("/dashboard/") || isPluginCall else { return nil }
        guard path == DashboardRoutes.actionPath || isPluginCall else {
            return DashboardResponse(status: 404, html: Pages.notFound("No form handler at \(path)."))
        }
        let type = contentType?.split(separator: ";").first.map { $0.trimmingSpaces.lowercased() }
        // Only forms are the dashboard's: a JSON-RPC request (application/json) to this path is
        // left to JSON-RPC, as on every other path.
        guard type == nil || type == "application/x-www-form-urlencoded" else { return nil }
        let form = FormBody.decode(body)
        guard token.matches(form["token"]) else {
            return DashboardResponse(status: 403, html: Pages.formError(status: 403,
                message: "The form token is missing or wrong (the devnet makes a new one at each start): reload the page and try again."))
        }
        if isPluginCall { return await PluginsRoutes.call(form, source: source, token: token) }
        guard let action = form["action"].flatMap(SequencerAction.init(rawValue:)) else {
            return DashboardResponse(status: 400, html: Pages.formError(status: 400,
                message: "Unknown action; use one of \(SequencerAction.allCases.map(\.rawValue).joined(separator: ", "))."))
        }
        guard let text = form["sequencer"], let index = Int(text), index >= 0 else {
            return DashboardResponse(status: 400, html: Pages.formError(status: 400,
                message: "The sequencer index must be a non-negative decimal number."))
        }
        if let reason = await source.perform(action, sequencer: index) {
            return DashboardResponse(status: 400, html: Pages.formError(status: 400, message: reason))
        }
        return DashboardResponse(status: 303, html: Pages.redirect(to: "/sequencers"), location: "/sequencers")
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
