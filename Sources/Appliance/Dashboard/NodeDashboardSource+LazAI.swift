import Dashboard
import Node

/// The LazAI pages' data (`/datahub…`): read through the L2 node's JSON-RPC entry from the
/// `lazai_` methods `LazAIRPC` installs (LAZAI-API.md §3), like the Metis-layer pages read the
/// `devnet_` methods, so the dashboard depends only on their JSON shapes (QUANTITY numbers, EIP-55
/// addresses). Without LazAI (`--no-lazai`) the methods are not installed and the pages say so.
extension NodeDashboardSource {
    /// How many files, jobs, DATs and proposals the LazAI list pages show.
    static var dataHubListLimit: Int { 50 }
    static var lazaiService: String { "LazAI" }

    public func dataHub() async -> DataHubView {
        let info: JSON
        switch await fetch("lazai_getInfo", service: Self.lazaiService) {
        case .success(let v): info = v
        case .failure(let why): return DataHubView(unavailable: why.text)
        }
        var view = DataHubView()
        view.chainId = Self.uint(info["chainId"]) ?? 0
        if case .object(let contracts)? = info["contracts"] {
            view.contracts = contracts.map { NamedAddress(name: $0.0, address: $0.1.stringValue ?? "?") }
        }
        view.admin = info["admin"]?.stringValue ?? "?"
        view.nodeFeeWei = Self.wei(info["nodeFee"])
        view.publicKey = info["publicKey"]?.stringValue ?? ""
        view.fileStoreURL = info["fileStoreURL"]?.stringValue ?? ""
        view.registryName = info["registryName"]?.stringValue
        view.filesCount = Self.uint(info["filesCount"])
        view.jobsCount = Self.uint(info["jobsCount"])
        view.datsCount = Self.uint(info["datsCount"])
        view.proposalsCount = Self.uint(info["proposalsCount"])
        view.alithChainConfig = info["alith"]?["chainConfig"]?.stringValue
        if case .success(let nodes) = await fetch("lazai_nodes", service: Self.lazaiService) {
            view.nodes = (nodes.arrayValue ?? []).map(Self.nodeRow)
        }
        return view
    }

    public func dataHubNodes() async -> DataHubNodesView {
        switch await fetch("lazai_nodes", service: Self.lazaiService) {
        case .success(let nodes): return DataHubNodesView(nodes: (nodes.arrayValue ?? []).map(Self.nodeRow))
        case .failure(let why): return DataHubNodesView(unavailable: why.text)
        }
    }

    public func dataHubFiles() async -> DataHubFilesView {
        switch await fetch("lazai_files", [.object([("count", .int(Self.dataHubListLimit))])], service: Self.lazaiService) {
        case .success(let page):
            return DataHubFilesView(total: Self.uint(page["total"]) ?? 0,
                                    files: (page["files"]?.arrayValue ?? []).compactMap(Self.fileRow).reversed())
        case .failure(let why):
            return DataHubFilesView(unavailable: why.text)
        }
    }

    public func dataHubFile(id: UInt64) async -> DataHubFilesView {
        switch await fetch("lazai_getFile", [.string(Self.quantity(id))], service: Self.lazaiService) {
        case .success(let f): return DataHubFilesView(total: 1, files: Self.fileRow(f).map { [$0] } ?? [])
        case .failure(let why): return DataHubFilesView(unavailable: why.text)
        }
    }

    public func dataHubJobs() async -> DataHubJobsView {
        switch await fetch("lazai_jobs", [.object([("count", .int(Self.dataHubListLimit))])], service: Self.lazaiService) {
        case .success(let page):
            return DataHubJobsView(total: Self.uint(page["total"]) ?? 0,
                                   jobs: (page["jobs"]?.arrayValue ?? []).compactMap(Self.jobRow).reversed())
        case .failure(let why):
            return DataHubJobsView(unavailable: why.text)
        }
    }

    public func dats() async -> DATsView {
        switch await fetch("lazai_dats", [.object([("count", .int(Self.dataHubListLimit))])], service: Self.lazaiService) {
        case .success(let page):
            return DATsView(total: Self.uint(page["total"]) ?? 0, dats: (page["dats"]?.arrayValue ?? []).compactMap(Self.datRow).reversed())
        case .failure(let why):
            return DATsView(unavailable: why.text)
        }
    }

    public func dat(id: UInt64) async -> DATsView {
        switch await fetch("lazai_getDAT", [.string(Self.quantity(id))], service: Self.lazaiService) {
        case .success(let d): return DATsView(total: 1, dats: Self.datRow(d).map { [$0] } ?? [])
        case .failure(let why): return DATsView(unavailable: why.text)
        }
    }

    public func idao() async -> IDAOView {
        let page: JSON
        switch await fetch("lazai_proposals", [.object([("count", .int(Self.dataHubListLimit))])], service: Self.lazaiService) {
        case .success(let v): page = v
        case .failure(let why): return IDAOView(unavailable: why.text)
        }
        var view = IDAOView()
        let d = page["idao"]
        view.address = d?["address"]?.stringValue ?? ""
        view.name = d?["name"]?.stringValue
        view.description = d?["description"]?.stringValue
        view.classId = Self.uint(d?["classId"])
        view.votingPeriod = Self.uint(d?["votingPeriod"])
        view.quorum = d?["quorum"].flatMap { $0 == .null ? nil : Self.wei($0) }
        view.balanceWei = d?["balance"].flatMap { $0 == .null ? nil : Self.wei($0) }
        view.total = Self.uint(page["total"]) ?? 0
        view.proposals = (page["proposals"]?.arrayValue ?? []).compactMap(Self.proposalRow).reversed()
        return view
    }

    // MARK: - JSON → rows

    /// `0x` + hex of `v`.
    static func quantity(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    /// A decimal string for a QUANTITY that may be absent (nil then).
    static func decimal(_ v: JSON?) -> String? {
        guard let v, v != .null else { return nil }
        return wei(v)
    }

    static func nodeRow(_ n: JSON) -> DataHubNodeRow {
        let registries = ["verifiedComputing", "query", "inference", "training"]
        let regs = registries.map { r in DataHubRegistration(registry: r, status: n[r]?["status"]?.stringValue) }
        var runtime: [(String, String)] = []
        if case .object(let fields)? = n["runtime"] {
            for (k, v) in fields where !["address", "index", "url", "publicKey"].contains(k) {
                switch v {
                case .string(let s): runtime.append((k, s))
                case .number(let s): runtime.append((k, s))
                case .bool(let b): runtime.append((k, b ? "yes" : "no"))
                case .null: continue
                default: runtime.append((k, v.text))
                }
            }
        }
        return DataHubNodeRow(address: n["address"]?.stringValue ?? "?", url: n["url"]?.stringValue ?? "",
                              publicKey: n["publicKey"]?.stringValue ?? "", inProcess: n["inProcess"] == .bool(true),
                              index: int(n["index"]), registrations: regs,
                              earnedWei: wei(n["verifiedComputing"]?["amount"]),
                              pendingJobs: uint(n["verifiedComputing"]?["jobsCount"]) ?? 0, runtime: runtime)
    }

    static func jobRow(_ j: JSON) -> DataHubJobRow? {
        guard let id = uint(j["id"]) else { return nil }
        return DataHubJobRow(id: id, fileId: uint(j["fileId"]) ?? 0, bidWei: wei(j["bidAmount"]), status: j["status"]?.stringValue ?? "?",
                             node: j["node"]?.stringValue ?? "?", owner: j["owner"]?.stringValue ?? "?",
                             addedTimestamp: uint(j["addedTimestamp"]) ?? 0,
                             submittedTx: j["submittedTx"]?.stringValue, completedTx: j["completedTx"]?.stringValue)
    }

    static func fileRow(_ f: JSON) -> DataHubFileRow? {
        guard let id = uint(f["id"]) else { return nil }
        let proofs: [DataHubProofRow] = (f["proofs"]?.arrayValue ?? []).compactMap { p in
            guard let index = uint(p["index"]) else { return nil }
            return DataHubProofRow(index: index, score: decimal(p["score"]), proofUrl: p["proofUrl"]?.stringValue,
                                   signer: p["signer"]?.stringValue, txHash: p["txHash"]?.stringValue ?? "")
        }
        let permissions: [DataHubPermissionRow] = (f["permissions"]?.arrayValue ?? []).map { p in
            DataHubPermissionRow(account: p["account"]?.stringValue ?? "?", key: p["key"]?.stringValue, txHash: p["txHash"]?.stringValue ?? "")
        }
        return DataHubFileRow(id: id, owner: f["owner"]?.stringValue ?? "?", url: f["url"]?.stringValue ?? "",
                              hash: f["hash"]?.stringValue ?? "", proofIndex: uint(f["proofIndex"]) ?? 0,
                              rewardAmount: wei(f["rewardAmount"]), rewarded: f["rewarded"] == .bool(true),
                              datTokenId: uint(f["datTokenId"]), addedTx: f["addedTx"]?.stringValue,
                              jobs: (f["jobs"]?.arrayValue ?? []).compactMap(jobRow), proofs: proofs,
                              permissions: permissions, rewardTx: f["rewardTx"]?.stringValue)
    }

    static func datRow(_ d: JSON) -> DATRow? {
        guard let id = uint(d["id"]) else { return nil }
        let o = d["origin"]
        let usage: [DATUsageRow] = (d["usage"]?.arrayValue ?? []).map { u in
            DATUsageRow(metric: u["metric"]?.stringValue ?? u["metricType"]?.stringValue ?? "?", amount: wei(u["amount"]),
                        actor: u["actor"]?.stringValue, txHash: u["txHash"]?.stringValue ?? "")
        }
        let claims: [DATClaimRow] = (d["revenue"]?["claims"]?.arrayValue ?? []).map { c in
            DATClaimRow(amountWei: wei(c["amount"]), to: c["to"]?.stringValue, txHash: c["txHash"]?.stringValue ?? "")
        }
        var verified: Bool?
        if case .bool(let b)? = d["verified"] { verified = b }
        return DATRow(id: id, owner: d["owner"]?.stringValue, classId: uint(d["classId"]), value: decimal(d["value"]),
                      shareRatio: decimal(d["shareRatio"]), expireAt: uint(d["expireAt"]), uri: d["uri"]?.stringValue,
                      verified: verified, usedValue: decimal(d["usedValue"]), fileId: uint(o?["fileId"]),
                      mintTx: o?["mintTx"]?.stringValue, mintBlock: uint(o?["mintBlock"]), rewardTx: o?["rewardTx"]?.stringValue,
                      claimedWei: wei(d["revenue"]?["claimed"]), pendingWei: decimal(d["revenue"]?["pending"]),
                      usage: usage, claims: claims)
    }

    static func proposalRow(_ p: JSON) -> ProposalRow? {
        guard let id = uint(p["id"]) else { return nil }
        let votes: [ProposalVoteRow] = (p["votes"]?.arrayValue ?? []).map { v in
            var support: Bool?
            if case .bool(let b)? = v["support"] { support = b }
            return ProposalVoteRow(voter: v["voter"]?.stringValue ?? "?", support: support, weight: wei(v["weight"]),
                                   txHash: v["txHash"]?.stringValue ?? "")
        }
        return ProposalRow(id: id, proposer: p["proposer"]?.stringValue, target: p["target"]?.stringValue,
                           valueWei: wei(p["value"]), calldata: p["calldata"]?.stringValue ?? "0x",
                           description: p["description"]?.stringValue, deadline: uint(p["deadline"]),
                           forVotes: wei(p["forVotes"]), againstVotes: wei(p["againstVotes"]),
                           state: p["state"]?.stringValue ?? "?", votes: votes,
                           createdTx: p["createdTx"]?.stringValue, executedTx: p["executedTx"]?.stringValue)
    }
}
