/// Where the dashboard gets its data. `Appliance` implements it over the running chains; tests use
/// a fixed value. Chains are named by their slug (`"l2"`, `"l1"`).
public protocol DashboardDataSource: Sendable {
    /// The home page's data.
    func home() async -> HomeView
    /// A block by number or hash (`0x` + 64 hex digits), or `nil` when the chain or the block is unknown.
    func block(chain: String, id: BlockIdentifier) async -> BlockPageView?
    /// A mined transaction and its receipt by hash, or `nil` when unknown.
    func transaction(chain: String, hash: String) async -> TransactionPageView?
    /// The chain slugs the URLs may name (`["l2", "l1"]`).
    func chainSlugs() async -> [String]
    /// The sequencer set, its epochs and the current leader (`GET /sequencers`).
    func sequencers() async -> SequencersView
    /// The batcher's inbox batches and the proposer's state batches (`GET /batches`).
    func batches() async -> BatchesView
    /// Deposits and withdrawals (`GET /bridge`).
    func bridge() async -> BridgeView
    /// Carries out a dashboard button's action on the sequencer with index `sequencer`.
    /// Returns nil when done, else a one-line reason it was not (shown to the user).
    func perform(_ action: SequencerAction, sequencer: Int) async -> String?
    /// The LazAI pages' data (`GET /datahub…`; defaults and docs in DataHubRoutes.swift).
    func dataHub() async -> DataHubView
    func dataHubFiles() async -> DataHubFilesView
    func dataHubFile(id: UInt64) async -> DataHubFilesView
    func dataHubJobs() async -> DataHubJobsView
    func dataHubNodes() async -> DataHubNodesView
    func dats() async -> DATsView
    func dat(id: UInt64) async -> DATsView
    func idao() async -> IDAOView
    /// The AI modules (`GET /plugins`; defaults in PluginsRoutes.swift).
    func plugins() async -> PluginsView
    /// Calls module `module` with `capability` (its raw name) on the UTF-8 bytes of `input`, for the
    /// Plugins page's form. Never throws: a failure is the result's `error`.
    func callPlugin(module: String, capability: String, input: String) async -> PluginCallResult
}

extension DashboardDataSource {
    /// Default: the slugs of the home page's chains.
    public func chainSlugs() async -> [String] { await home().chains.map(\.slug) }
    /// Default: no sequencer set.
    public func sequencers() async -> SequencersView {
        SequencersView(unavailable: "This devnet has no sequencer set.")
    }
    /// Default: no batcher or proposer.
    public func batches() async -> BatchesView {
        BatchesView(batchesUnavailable: "This devnet has no batcher.", stateBatchesUnavailable: "This devnet has no proposer.")
    }
    /// Default: no relayer.
    public func bridge() async -> BridgeView {
        BridgeView(depositsUnavailable: "This devnet has no relayer.", withdrawalsUnavailable: "This devnet has no relayer.")
    }
    /// Default: nothing can be done.
    public func perform(_ action: SequencerAction, sequencer: Int) async -> String? {
        "This devnet has no sequencer set."
    }
}

/// How a block is named in a URL.
public enum BlockIdentifier: Sendable, Equatable {
    case number(UInt64)
    /// Block hash, `0x` + 64 lowercase hex digits.
    case hash(String)

    /// Parses a decimal number, a `0x` hex number of at most 16 digits, or a `0x` + 64-digit hash.
    /// Returns `nil` for anything else.
    public init?(_ text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("0x") {
            let body = lower.dropFirst(2)
            guard !body.isEmpty, body.allSatisfy(\.isHexDigit) else { return nil }
            if body.count == 64 {
                self = .hash(lower)
            } else if body.count <= 16, let n = UInt64(body, radix: 16) {
                self = .number(n)
            } else {
                return nil
            }
        } else if let n = UInt64(text) {
            self = .number(n)
        } else {
            return nil
        }
    }
}

/// An HTML response: status code and a complete document.
public struct DashboardResponse: Sendable, Equatable {
    /// HTTP status: 200, 303 (after a form post), 400, 403, 404 or 405.
    public var status: Int
    /// `text/html; charset=utf-8` body.
    public var html: String
    /// The `Location` of a 303 redirect (a path on this server, e.g. `/sequencers`); nil otherwise.
    public var location: String? = nil
}

/// Maps request paths to pages: `/`, `/sequencers`, `/batches`, `/bridge`,
/// `/block/<chain>/<number-or-hash>`, `/tx/<chain>/<hash>`, the LazAI pages `/datahub…`
/// (`DataHubRoutes`) and the AI modules' `/plugins` (`PluginsRoutes`).
public enum DashboardRoutes {
    /// The path the sequencer buttons post to (`DashboardSite.post`).
    public static let actionPath = "/dashboard/action"

    /// Renders the page for `path` (query string ignored). Unknown paths, chains, blocks and
    /// transactions give a 404 page naming what was not found. `token` is the form token the
    /// sequencer page embeds in its buttons; nil renders that page without buttons.
    public static func respond(path: String, source: some DashboardDataSource,
                               token: DashboardToken? = nil) async -> DashboardResponse {
        let clean = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let parts = clean.split(separator: "/").map(String.init)
        switch parts.count {
        case 0:
            return DashboardResponse(status: 200, html: Pages.home(await source.home()))
        case _ where parts[0] == "datahub":
            return await DataHubRoutes.respond(Array(parts.dropFirst()), source: source)
        case 1 where parts[0] == "sequencers":
            return DashboardResponse(status: 200, html: Pages.sequencers(await source.sequencers(), token: token))
        case 1 where parts[0] == "batches":
            return DashboardResponse(status: 200, html: Pages.batches(await source.batches()))
        case 1 where parts[0] == "plugins":
            return DashboardResponse(status: 200, html: Pages.plugins(await source.plugins(), token: token, result: nil))
        case 1 where parts[0] == "bridge":
            return DashboardResponse(status: 200, html: Pages.bridge(await source.bridge()))
        case 3 where parts[0] == "block" || parts[0] == "tx":
            let slugs = await source.chainSlugs()
            guard slugs.contains(parts[1]) else {
                return notFound("Unknown chain “\(parts[1])”: use \(slugs.map { "“\($0)”" }.joined(separator: " or ")).")
            }
            return await respondOnChain(parts, source: source)
        default:
            return notFound("No page at \(clean).")
        }
    }

    /// Block and transaction pages of a known chain.
    static func respondOnChain(_ parts: [String], source: some DashboardDataSource) async -> DashboardResponse {
        switch parts[0] {
        case "block":
            guard let id = BlockIdentifier(parts[2]) else {
                return notFound("“\(parts[2])” is not a block number or a block hash.")
            }
            guard let view = await source.block(chain: parts[1], id: id) else {
                return notFound("No block \(parts[2]) on chain “\(parts[1])”.")
            }
            return DashboardResponse(status: 200, html: Pages.block(view))
        default:
            let hash = parts[2].lowercased()
            guard hash.hasPrefix("0x"), hash.count == 66, hash.dropFirst(2).allSatisfy(\.isHexDigit) else {
                return notFound("“\(parts[2])” is not a transaction hash (0x + 64 hex digits).")
            }
            guard let view = await source.transaction(chain: parts[1], hash: hash) else {
                return notFound("No mined transaction \(hash) on chain “\(parts[1])”.")
            }
            return DashboardResponse(status: 200, html: Pages.transaction(view))
        }
    }

    static func notFound(_ message: String) -> DashboardResponse {
        DashboardResponse(status: 404, html: Pages.notFound(message))
    }
}
