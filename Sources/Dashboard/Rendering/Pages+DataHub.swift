/// The LazAI pages (`/datahub…`). Everything on them comes from the chain — file URLs and hashes,
/// proof URLs, permission keys, DAT URIs, proposal descriptions, node URLs and keys — so every
/// string goes through `e` (HTML escape) or `p` (path segment); a URL becomes a link only when it
/// is http(s).
extension Pages {
    /// Seconds between reloads of the LazAI pages.
    static let dataHubRefreshSeconds = 5

    /// The LazAI sub-navigation, `here` marked.
    static func dataHubNav(_ here: String) -> String {
        let links = [("/datahub", "Overview"), ("/datahub/files", "Files"), ("/datahub/jobs", "Jobs"),
                     ("/datahub/nodes", "Nodes"), ("/datahub/dats", "DATs"), ("/datahub/idao", "iDAO")]
        var s = "<p class=\"subnav\">"
        s += links.map { path, name in "<a href=\"\(path)\"\(name == here ? " class=\"here\" style=\"font-weight:700;color:#111827\"" : "")>\(name)</a>" }.joined(separator: " · ")
        return s + "</p>"
    }

    static func dataHubDocument(_ title: String, here: String, body: String) -> String {
        document(title: title, heading: here == "Overview" ? "DataHub" : "DataHub · \(title)",
                 refreshSeconds: dataHubRefreshSeconds, body: dataHubNav(here) + body)
    }

    // MARK: /datahub

    /// `GET /datahub`: LazAI's contracts, admin, node fee, counts, nodes and how to point Alith here.
    public static func dataHub(_ view: DataHubView) -> String {
        var body = "<h2>LazAI DataHub</h2>"
        if let reason = view.unavailable { return dataHubDocument("DataHub", here: "Overview", body: body + unavailable(reason)) }
        body += "<div class=\"card\"><table class=\"fields\">"
        if let name = view.registryName { body += field("Registry", name) }
        body += field("Chain id", "\(view.chainId)")
        body += field("Admin", view.admin, mono: true)
        body += field("Node fee", "\(view.nodeFeeWei) wei (least payment per proof request)")
        body += rawField("Files", count(view.filesCount, "/datahub/files"))
        body += rawField("Proof jobs", count(view.jobsCount, "/datahub/jobs"))
        body += rawField("DATs", count(view.datsCount, "/datahub/dats"))
        body += rawField("iDAO proposals", count(view.proposalsCount, "/datahub/idao"))
        body += field("File store", "POST \(view.fileStoreURL)", mono: true)
        if let config = view.alithChainConfig {
            body += rawField("Alith", "<span class=\"mono\">LAZAI_LOCAL_CHAIN=1</span> (Alith's local addresses) — on another port: "
                + "<span class=\"mono\">\(e(config))</span>")
        }
        body += "</table></div>"

        body += "<h3>Contracts</h3><div class=\"card\"><table class=\"grid\"><thead><tr><th>Contract</th><th>Address</th></tr></thead><tbody>"
        for c in view.contracts { body += "<tr><td>\(e(c.name))</td><td class=\"mono\">\(e(c.address))</td></tr>" }
        body += "</tbody></table></div>"

        body += "<h3>Nodes</h3>" + nodesTable(view.nodes)
        body += "<h3>RSA public key <span class=\"muted\">DataRegistry.publicKey() — encrypt a file's password to it</span></h3>"
        body += "<div class=\"card\"><pre class=\"mono data\">\(e(view.publicKey))</pre></div>"
        return dataHubDocument("DataHub", here: "Overview", body: body)
    }

    static func count(_ n: UInt64?, _ path: String) -> String {
        guard let n else { return "<span class=\"muted\">unknown</span>" }
        return "<a href=\"\(path)\">\(Format.grouped(n))</a>"
    }

    // MARK: /datahub/nodes

    /// `GET /datahub/nodes`: every node with its registrations, earnings and run-time status.
    public static func dataHubNodes(_ view: DataHubNodesView) -> String {
        var body = "<h2>Nodes</h2>"
        if let reason = view.unavailable { return dataHubDocument("Nodes", here: "Nodes", body: body + unavailable(reason)) }
        body += nodesTable(view.nodes)
        for n in view.nodes where !n.publicKey.isEmpty {
            body += "<h3>Node <span class=\"mono\">\(e(n.address))</span> RSA key</h3><div class=\"card\"><pre class=\"mono data\">\(e(n.publicKey))</pre></div>"
        }
        return dataHubDocument("Nodes", here: "Nodes", body: body)
    }

    static func nodesTable(_ nodes: [DataHubNodeRow]) -> String {
        if nodes.isEmpty { return "<p class=\"muted\">No nodes.</p>" }
        var s = "<div class=\"card\"><table class=\"grid\"><thead><tr><th>#</th><th>Address</th><th>URL</th>"
        s += "<th>VerifiedComputing</th><th>Query</th><th>Inference</th><th>Training</th>"
        s += "<th class=\"num\">Earned (wei)</th><th class=\"num\">Open jobs</th><th>Run-time</th></tr></thead><tbody>"
        for n in nodes {
            s += "<tr><td>\(n.index.map { "\($0)" } ?? "—")\(n.inProcess ? " <span class=\"badge ok\">devnet</span>" : "")</td>"
            s += "<td class=\"mono\">\(e(n.address))</td><td class=\"mono\">\(link(n.url))</td>"
            for registry in ["verifiedComputing", "query", "inference", "training"] {
                let status = n.registrations.first { $0.registry == registry }?.status
                s += "<td>\(status.map(hubBadge) ?? "<span class=\"muted\">not registered</span>")</td>"
            }
            s += "<td class=\"num mono\">\(e(n.earnedWei))</td><td class=\"num\">\(n.pendingJobs)</td>"
            s += "<td>\(n.runtime.map { "\(e($0.0)): \(e($0.1))" }.joined(separator: "<br>"))</td></tr>"
        }
        return s + "</tbody></table></div>"
    }

    // MARK: /datahub/files

    /// `GET /datahub/files`: the latest files, newest first.
    public static func dataHubFiles(_ view: DataHubFilesView) -> String {
        var body = "<h2>Files <span class=\"muted\">DataRegistry</span></h2>"
        if let reason = view.unavailable { return dataHubDocument("Files", here: "Files", body: body + unavailable(reason)) }
        body += "<p class=\"muted\">\(Format.grouped(view.total)) registered\(view.total > UInt64(view.files.count) ? ", the latest \(view.files.count) shown" : "").</p>"
        if view.files.isEmpty { return dataHubDocument("Files", here: "Files", body: body + "<p class=\"muted\">No files yet.</p>") }
        body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Id</th><th>Owner</th><th>URL</th><th>Jobs</th>"
        body += "<th class=\"num\">Proofs</th><th>Reward</th><th>DAT</th></tr></thead><tbody>"
        for f in view.files {
            body += "<tr><td><a href=\"/datahub/files/\(f.id)\">\(f.id)</a></td>"
            body += "<td class=\"mono\" title=\"\(e(f.owner))\">\(e(Format.short(f.owner)))</td>"
            body += "<td class=\"mono\">\(e(f.url))</td>"
            body += "<td>\(f.jobs.isEmpty ? "<span class=\"muted\">none</span>" : f.jobs.map { hubBadge($0.status) }.joined(separator: " "))</td>"
            body += "<td class=\"num\">\(f.proofs.count)</td>"
            body += "<td>\(f.rewarded ? "\(e(f.rewardAmount)) <span class=\"muted\">(proof \(f.proofIndex))</span>" : "<span class=\"muted\">—</span>")</td>"
            body += "<td>\(f.datTokenId.map { "<a href=\"/datahub/dats/\($0)\">#\($0)</a>" } ?? "—")</td></tr>"
        }
        body += "</tbody></table></div>"
        return dataHubDocument("Files", here: "Files", body: body)
    }

    /// `GET /datahub/files/<id>`: one file with its jobs, proofs, permissions and reward.
    public static func dataHubFile(_ view: DataHubFilesView) -> String {
        if let reason = view.unavailable { return dataHubDocument("File", here: "Files", body: "<h2>File</h2>" + unavailable(reason)) }
        guard let f = view.files.first else { return dataHubDocument("File", here: "Files", body: "<p class=\"muted\">No such file.</p>") }
        var body = "<h2>File \(f.id)</h2><div class=\"card\"><table class=\"fields\">"
        body += field("Owner", f.owner, mono: true)
        body += rawField("URL", "<span class=\"mono\">\(link(f.url))</span>")
        body += field("Hash", f.hash, mono: true)
        body += rawField("Registered in", txLink("l2", f.addedTx))
        if f.rewarded {
            body += field("Reward", "\(f.rewardAmount) DAT value for proof \(f.proofIndex)")
            body += rawField("Reward tx", txLink("l2", f.rewardTx))
            body += rawField("DAT", f.datTokenId.map { "<a href=\"/datahub/dats/\($0)\">#\($0)</a>" } ?? "—")
        } else {
            body += field("Reward", "not requested yet")
        }
        body += "</table></div>"
        body += "<h3>Proof jobs</h3>" + jobsTable(f.jobs)
        body += "<h3>Proofs</h3>"
        if f.proofs.isEmpty {
            body += "<p class=\"muted\">No proofs yet.</p>"
        } else {
            body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>#</th><th class=\"num\">Score</th><th>Signer</th><th>Proof URL</th><th>Tx</th></tr></thead><tbody>"
            for proof in f.proofs {
                body += "<tr><td>\(proof.index)</td><td class=\"num\">\(e(proof.score ?? "—"))</td>"
                body += "<td class=\"mono\">\(e(proof.signer ?? "—"))</td><td class=\"mono\">\(link(proof.proofUrl ?? ""))</td>"
                body += "<td>\(txLink("l2", proof.txHash))</td></tr>"
            }
            body += "</tbody></table></div>"
        }
        body += "<h3>Permissions <span class=\"muted\">the file's password, RSA-encrypted per account</span></h3>"
        if f.permissions.isEmpty {
            body += "<p class=\"muted\">None.</p>"
        } else {
            body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Account</th><th>Key</th><th>Tx</th></tr></thead><tbody>"
            for perm in f.permissions {
                let key = perm.key ?? ""
                body += "<tr><td class=\"mono\">\(e(perm.account))</td><td class=\"mono\" title=\"\(e(key))\">\(e(Format.short(key)))</td>"
                body += "<td>\(txLink("l2", perm.txHash))</td></tr>"
            }
            body += "</tbody></table></div>"
        }
        return dataHubDocument("File \(f.id)", here: "Files", body: body)
    }

    // MARK: /datahub/jobs

    /// `GET /datahub/jobs`: the latest proof jobs, newest first.
    public static func dataHubJobs(_ view: DataHubJobsView) -> String {
        var body = "<h2>Proof jobs <span class=\"muted\">VerifiedComputing</span></h2>"
        if let reason = view.unavailable { return dataHubDocument("Jobs", here: "Jobs", body: body + unavailable(reason)) }
        body += "<p class=\"muted\">\(Format.grouped(view.total)) submitted\(view.total > UInt64(view.jobs.count) ? ", the latest \(view.jobs.count) shown" : "").</p>"
        body += jobsTable(view.jobs)
        return dataHubDocument("Jobs", here: "Jobs", body: body)
    }

    static func jobsTable(_ jobs: [DataHubJobRow]) -> String {
        if jobs.isEmpty { return "<p class=\"muted\">No jobs.</p>" }
        var s = "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Job</th><th>File</th><th>Status</th><th>Node</th>"
        s += "<th>Requester</th><th class=\"num\">Bid (wei)</th><th>Added</th><th>Submitted</th><th>Completed</th></tr></thead><tbody>"
        for j in jobs {
            s += "<tr><td>\(j.id)</td><td><a href=\"/datahub/files/\(j.fileId)\">\(j.fileId)</a></td><td>\(hubBadge(j.status))</td>"
            s += "<td class=\"mono\" title=\"\(e(j.node))\">\(e(Format.short(j.node)))</td>"
            s += "<td class=\"mono\" title=\"\(e(j.owner))\">\(e(Format.short(j.owner)))</td>"
            s += "<td class=\"num mono\">\(e(j.bidWei))</td><td>\(e(Format.utc(j.addedTimestamp)))</td>"
            s += "<td>\(txLink("l2", j.submittedTx))</td><td>\(txLink("l2", j.completedTx))</td></tr>"
        }
        return s + "</tbody></table></div>"
    }

    // MARK: /datahub/dats

    /// `GET /datahub/dats`: the latest Data Anchoring Tokens, newest first.
    public static func dats(_ view: DATsView) -> String {
        var body = "<h2>Data Anchoring Tokens</h2>"
        if let reason = view.unavailable { return dataHubDocument("DATs", here: "DATs", body: body + unavailable(reason)) }
        body += "<p class=\"muted\">\(Format.grouped(view.total)) minted\(view.total > UInt64(view.dats.count) ? ", the latest \(view.dats.count) shown" : "").</p>"
        if view.dats.isEmpty { return dataHubDocument("DATs", here: "DATs", body: body + "<p class=\"muted\">No tokens yet.</p>") }
        body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Id</th><th>Owner</th><th>Class</th><th class=\"num\">Value</th>"
        body += "<th class=\"num\">Used</th><th class=\"num\">Share</th><th>File</th><th>URI</th><th class=\"num\">Claimed (wei)</th><th class=\"num\">Pending (wei)</th></tr></thead><tbody>"
        for d in view.dats {
            body += "<tr><td><a href=\"/datahub/dats/\(d.id)\">\(d.id)</a></td>"
            body += "<td class=\"mono\" title=\"\(e(d.owner ?? ""))\">\(e(Format.short(d.owner ?? "—")))</td>"
            body += "<td>\(d.classId.map { "\($0)" } ?? "—")</td><td class=\"num\">\(e(d.value ?? "—"))</td>"
            body += "<td class=\"num\">\(e(d.usedValue ?? "—"))</td><td class=\"num\">\(e(d.shareRatio ?? "—"))</td>"
            body += "<td>\(d.fileId.map { "<a href=\"/datahub/files/\($0)\">\($0)</a>" } ?? "—")</td>"
            body += "<td class=\"mono\">\(e(d.uri ?? ""))</td>"
            body += "<td class=\"num mono\">\(e(d.claimedWei))</td><td class=\"num mono\">\(e(d.pendingWei ?? "—"))</td></tr>"
        }
        body += "</tbody></table></div>"
        return dataHubDocument("DATs", here: "DATs", body: body)
    }

    /// `GET /datahub/dats/<id>`: one token — what it was created from, what it was used for, what it earned.
    public static func dat(_ view: DATsView) -> String {
        if let reason = view.unavailable { return dataHubDocument("DAT", here: "DATs", body: "<h2>DAT</h2>" + unavailable(reason)) }
        guard let d = view.dats.first else { return dataHubDocument("DAT", here: "DATs", body: "<p class=\"muted\">No such token.</p>") }
        var body = "<h2>DAT #\(d.id)</h2><div class=\"card\"><table class=\"fields\">"
        body += field("Owner", d.owner ?? "unknown", mono: true)
        body += field("Class", d.classId.map { "\($0)" } ?? "unknown")
        body += field("Value", d.value ?? "unknown")
        body += field("Used", d.usedValue ?? "unknown")
        body += field("Share ratio", d.shareRatio ?? "unknown")
        body += field("Expires", d.expireAt.map { $0 == 0 ? "never" : Format.utc($0) + " UTC" } ?? "unknown")
        body += field("Verified", d.verified.map { $0 ? "yes" : "no" } ?? "unknown")
        body += rawField("URI", "<span class=\"mono\">\(link(d.uri ?? ""))</span>")
        body += "</table></div>"

        body += "<h3>Origin</h3><div class=\"card\"><table class=\"fields\">"
        body += rawField("File", d.fileId.map { "<a href=\"/datahub/files/\($0)\">file \($0)</a>" } ?? "<span class=\"muted\">not a data-contribution reward</span>")
        body += rawField("Reward tx", txLink("l2", d.rewardTx))
        body += rawField("Mint tx", txLink("l2", d.mintTx))
        body += rawField("Mint block", d.mintBlock.map { blockLink("l2", $0) } ?? "—")
        body += "</table></div>"

        body += "<h3>Usage</h3>"
        if d.usage.isEmpty {
            body += "<p class=\"muted\">Not used yet.</p>"
        } else {
            body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Metric</th><th class=\"num\">Amount</th><th>By</th><th>Tx</th></tr></thead><tbody>"
            for u in d.usage {
                body += "<tr><td class=\"mono\">\(e(u.metric))</td><td class=\"num\">\(e(u.amount))</td>"
                body += "<td class=\"mono\">\(e(u.actor ?? "—"))</td><td>\(txLink("l2", u.txHash))</td></tr>"
            }
            body += "</tbody></table></div>"
        }

        body += "<h3>Revenue</h3><div class=\"card\"><table class=\"fields\">"
        body += field("Claimed", "\(Format.ether(wei: d.claimedWei)) ETH (\(d.claimedWei) wei)")
        body += field("Pending", d.pendingWei.map { "\(Format.ether(wei: $0)) ETH (\($0) wei)" } ?? "unknown")
        body += "</table></div>"
        if !d.claims.isEmpty {
            body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th class=\"num\">Amount (wei)</th><th>To</th><th>Tx</th></tr></thead><tbody>"
            for c in d.claims {
                body += "<tr><td class=\"num mono\">\(e(c.amountWei))</td><td class=\"mono\">\(e(c.to ?? "—"))</td><td>\(txLink("l2", c.txHash))</td></tr>"
            }
            body += "</tbody></table></div>"
        }
        return dataHubDocument("DAT #\(d.id)", here: "DATs", body: body)
    }

    // MARK: /datahub/idao

    /// `GET /datahub/idao`: the iDAO's settings and its proposals with their votes and state.
    public static func idao(_ view: IDAOView) -> String {
        var body = "<h2>iDAO</h2>"
        if let reason = view.unavailable { return dataHubDocument("iDAO", here: "iDAO", body: body + unavailable(reason)) }
        body += "<div class=\"card\"><table class=\"fields\">"
        body += field("Name", view.name ?? "—")
        body += field("Description", view.description ?? "—")
        body += field("Address", view.address, mono: true)
        body += field("Voting class", view.classId.map { "DAT class \($0) (votes weigh the voter's class value)" } ?? "unknown")
        body += field("Voting period", view.votingPeriod.map { Format.duration(seconds: Int(min($0, UInt64(Int.max)))) } ?? "unknown")
        body += field("Quorum", view.quorum ?? "unknown")
        body += field("Balance", view.balanceWei.map { "\(Format.ether(wei: $0)) ETH" } ?? "unknown")
        body += "</table></div>"
        body += "<h3>Proposals <span class=\"muted\">\(Format.grouped(view.total))</span></h3>"
        if view.proposals.isEmpty { return dataHubDocument("iDAO", here: "iDAO", body: body + "<p class=\"muted\">No proposals yet.</p>") }
        for prop in view.proposals {
            body += "<div class=\"card\"><table class=\"fields\">"
            body += rawField("Proposal \(prop.id)", hubBadge(prop.state))
            body += field("Description", prop.description ?? "—")
            body += field("Proposer", prop.proposer ?? "—", mono: true)
            body += field("Call", "\(prop.target ?? "?") · \(Format.short(prop.calldata)) · \(prop.valueWei) wei", mono: true)
            body += field("Votes", "for \(prop.forVotes) · against \(prop.againstVotes)")
            body += field("Voting ends", prop.deadline.map { Format.utc($0) + " UTC" } ?? "unknown")
            body += rawField("Created", txLink("l2", prop.createdTx))
            if prop.executedTx != nil { body += rawField("Executed", txLink("l2", prop.executedTx)) }
            body += "</table>"
            if !prop.votes.isEmpty {
                body += "<table class=\"grid\"><thead><tr><th>Voter</th><th>Vote</th><th class=\"num\">Weight</th><th>Tx</th></tr></thead><tbody>"
                for v in prop.votes {
                    let vote = v.support.map { $0 ? "<span class=\"badge ok\">for</span>" : "<span class=\"badge fail\">against</span>" } ?? "?"
                    body += "<tr><td class=\"mono\">\(e(v.voter))</td><td>\(vote)</td><td class=\"num\">\(e(v.weight))</td><td>\(txLink("l2", v.txHash))</td></tr>"
                }
                body += "</tbody></table>"
            }
            body += "</div>"
        }
        return dataHubDocument("iDAO", here: "iDAO", body: body)
    }

    // MARK: - Pieces

    /// A status word of the LazAI pages in a coloured badge.
    static func hubBadge(_ value: String) -> String {
        let tone: String
        switch value {
        case "active", "completed", "succeeded", "executed": tone = "ok"
        case "submitted": tone = "warn"
        case "canceled", "removed", "defeated": tone = "fail"
        default: tone = "plain"
        }
        return "<span class=\"badge \(tone)\">\(e(value))</span>"
    }

    /// A URL from the chain: a link when it is http(s), else plain text; escaped either way.
    static func link(_ url: String) -> String {
        if url.isEmpty { return "—" }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return e(url) }
        return "<a href=\"\(e(url))\" rel=\"noopener noreferrer\">\(e(url))</a>"
    }
}
