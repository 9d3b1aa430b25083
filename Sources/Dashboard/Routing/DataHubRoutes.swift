/// The LazAI pages' paths (everything under `/datahub`; `/lazai/…` belongs to the nodes' HTTP API):
/// `/datahub` (overview), `/datahub/files`, `/datahub/files/<id>`, `/datahub/jobs`,
/// `/datahub/nodes`, `/datahub/dats`, `/datahub/dats/<id>`, `/datahub/idao`. Ids are decimal or
/// `0x` hex; a malformed or unknown id gives a 404 page naming it.
public enum DataHubRoutes {
    /// The page for the path parts after "datahub".
    static func respond(_ parts: [String], source: some DashboardDataSource) async -> DashboardResponse {
        switch (parts.count, parts.first ?? "") {
        case (0, _):
            return ok(Pages.dataHub(await source.dataHub()))
        case (1, "files"):
            return ok(Pages.dataHubFiles(await source.dataHubFiles()))
        case (2, "files"):
            guard let id = number(parts[1]) else { return DashboardRoutes.notFound("“\(parts[1])” is not a file id.") }
            let view = await source.dataHubFile(id: id)
            if view.unavailable == nil, view.files.first?.id != id { return DashboardRoutes.notFound("No file \(id) in the DataRegistry.") }
            return ok(Pages.dataHubFile(view))
        case (1, "jobs"):
            return ok(Pages.dataHubJobs(await source.dataHubJobs()))
        case (1, "nodes"):
            return ok(Pages.dataHubNodes(await source.dataHubNodes()))
        case (1, "dats"):
            return ok(Pages.dats(await source.dats()))
        case (2, "dats"):
            guard let id = number(parts[1]) else { return DashboardRoutes.notFound("“\(parts[1])” is not a token id.") }
            let view = await source.dat(id: id)
            if view.unavailable == nil, view.dats.first?.id != id { return DashboardRoutes.notFound("No DAT \(id).") }
            return ok(Pages.dat(view))
        case (1, "idao"):
            return ok(Pages.idao(await source.idao()))
        default:
            return DashboardRoutes.notFound("No page at /datahub/\(parts.joined(separator: "/")).")
        }
    }

    static func ok(_ html: String) -> DashboardResponse { DashboardResponse(status: 200, html: html) }

    /// A decimal or `0x` hex id (at most 64 bits).
    static func number(_ text: String) -> UInt64? {
        if text.lowercased().hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) }
        return UInt64(text)
    }
}

extension DashboardDataSource {
    /// The sentence the LazAI pages show when the source has no LazAI.
    static var noLazAI: String { "LazAI is not running on this devnet." }
    /// Default: no LazAI. `GET /datahub`: contracts, admin, node fee, counts and nodes.
    public func dataHub() async -> DataHubView { DataHubView(unavailable: Self.noLazAI) }
    /// Default: no LazAI. `GET /datahub/files`: the latest files.
    public func dataHubFiles() async -> DataHubFilesView { DataHubFilesView(unavailable: Self.noLazAI) }
    /// Default: no LazAI. `GET /datahub/files/<id>`: the file with its jobs, proofs and
    /// permissions as the only element of `files` (empty when there is no such file).
    public func dataHubFile(id: UInt64) async -> DataHubFilesView { DataHubFilesView(unavailable: Self.noLazAI) }
    /// Default: no LazAI. `GET /datahub/jobs`: the latest proof jobs.
    public func dataHubJobs() async -> DataHubJobsView { DataHubJobsView(unavailable: Self.noLazAI) }
    /// Default: no LazAI. `GET /datahub/nodes`: every registered and in-process node.
    public func dataHubNodes() async -> DataHubNodesView { DataHubNodesView(unavailable: Self.noLazAI) }
    /// Default: no LazAI. `GET /datahub/dats`: the latest DATs.
    public func dats() async -> DATsView { DATsView(unavailable: Self.noLazAI) }
    /// Default: no LazAI. `GET /datahub/dats/<id>`: the token with its origin, usage and revenue as
    /// the only element of `dats` (empty when there is no such token).
    public func dat(id: UInt64) async -> DATsView { DATsView(unavailable: Self.noLazAI) }
    /// Default: no LazAI. `GET /datahub/idao`: the iDAO and its proposals.
    public func idao() async -> IDAOView { IDAOView(unavailable: Self.noLazAI) }
}
