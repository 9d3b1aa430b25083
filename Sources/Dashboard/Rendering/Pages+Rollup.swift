/// The Metis-layer pages: `/sequencers`, `/batches`, `/bridge`, and the answers to form posts.
/// As everywhere in `Pages`, every value from a chain or a request goes through `e` (HTML escape)
/// or `p` (path segment) before it is written.
extension Pages {
    /// Seconds between reloads of the Metis-layer pages (their windows count down).
    static let rollupRefreshSeconds = 5

    /// `GET /sequencers`: current epoch and leader, one row per sequencer with its buttons, and the
    /// latest epochs. `token` nil: no buttons (read-only).
    public static func sequencers(_ view: SequencersView, token: DashboardToken?) -> String {
        var body = "<h2>Sequencers</h2>"
        if let reason = view.unavailable {
            body += unavailable(reason)
            return document(title: "Sequencers", heading: "Sequencers", refreshSeconds: rollupRefreshSeconds, body: body)
        }
        body += "<div class=\"card\"><table class=\"fields\">"
        if let epoch = view.currentEpoch {
            var text = "\(epoch)"
            if let row = view.currentEpochRow {
                text += " · blocks \(row.startBlock)–\(row.endBlock)"
            }
            body += field("Current epoch", text)
        } else {
            body += field("Current epoch", "unknown")
        }
        if let row = view.currentEpochRow {
            let who = row.sequencer.map { "#\($0) " } ?? ""
            body += rawField("Leader", "\(e(who))<span class=\"mono\">\(e(row.signer))</span>")
        }
        if let length = view.epochLength { body += field("Epoch length", "\(length) blocks") }
        if let respans = view.respans { body += field("Re-spans", "\(respans)") }
        if let block = view.stalledBlock {
            let who = view.stalledLeader.map { "sequencer #\($0)" } ?? "its leader"
            body += rawField("L2", "<span class=\"badge fail\">stalled</span> block \(block) waits for \(e(who)) (stopped)")
        }
        body += "</table></div>"

        body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>#</th><th>Id</th><th>Address</th>"
        body += "<th class=\"num\">Stake (METIS)</th><th>Status</th><th>Behaviour</th><th class=\"num\">Blocks sealed</th>"
        body += "<th class=\"num\">Rejections</th><th class=\"num\">Slashed (METIS)</th>"
        if token != nil { body += "<th>Actions</th>" }
        body += "</tr></thead><tbody>"
        let leader = view.leader
        for s in view.sequencers {
            body += "<tr\(s.index == leader ? " class=\"leader\"" : "")><td>\(s.index)</td><td>\(s.id)</td>"
            body += "<td class=\"mono\">\(e(s.address))"
            if s.index == leader { body += "<br><span class=\"badge ok\">leader</span>" }
            if !s.active { body += "<br><span class=\"badge warn\">not active</span>" }
            body += "</td>"
            body += "<td class=\"num mono\" title=\"\(e(s.stakeWei)) wei\">\(e(Format.ether(wei: s.stakeWei, fractionDigits: 4)))</td>"
            body += "<td>\(badge(s.status))</td><td>\(badge(s.behaviour))</td>"
            body += "<td class=\"num\">\(s.blocksSealed)</td><td class=\"num\">\(s.rejections)</td>"
            body += "<td class=\"num mono\" title=\"\(e(s.slashedWei)) wei\">\(e(Format.ether(wei: s.slashedWei, fractionDigits: 4)))</td>"
            if let token { body += "<td>\(actionForm(s, token: token))</td>" }
            body += "</tr>"
        }
        body += "</tbody></table></div>"
        if token == nil { body += "<p class=\"muted\">Read-only: this page was rendered without a form token.</p>" }

        body += "<h3>Latest epochs</h3>"
        if view.epochs.isEmpty {
            body += "<p class=\"muted\">No epochs.</p>"
        } else {
            body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Epoch</th><th>Blocks</th><th>Leader</th><th>Chosen by</th></tr></thead><tbody>"
            for epoch in view.epochs.prefix(8) {
                body += "<tr><td>\(epoch.epoch)</td>"
                body += "<td><a href=\"/block/l2/\(epoch.startBlock)\">\(epoch.startBlock)</a>–\(epoch.endBlock)</td>"
                body += "<td>\(epoch.sequencer.map { "#\($0) " } ?? "")<span class=\"mono\">\(e(epoch.signer))</span></td>"
                body += "<td>\(e(epoch.origin.map(originText) ?? "—"))</td></tr>"
            }
            body += "</tbody></table></div>"
        }
        return document(title: "Sequencers", heading: "Sequencers", refreshSeconds: rollupRefreshSeconds, body: body)
    }

    /// The four buttons of one sequencer: one form, the pressed button names the action. A button
    /// that would change nothing (Stop on a stopped sequencer…) is disabled.
    static func actionForm(_ s: SequencerRow, token: DashboardToken) -> String {
        var f = "<form class=\"actions\" method=\"post\" action=\"\(DashboardRoutes.actionPath)\">"
        f += "<input type=\"hidden\" name=\"token\" value=\"\(e(token.value))\">"
        f += "<input type=\"hidden\" name=\"sequencer\" value=\"\(s.index)\">"
        let honest = s.behaviour == "honest"
        let buttons: [(SequencerAction, String, Bool)] = [
            (.stop, "Stop", s.isLive), (.start, "Start", !s.isLive),
            (.wrongStateRoot, "Seal a wrong state root", honest), (.honest, "Honest", !honest),
        ]
        for (action, label, enabled) in buttons {
            f += "<button type=\"submit\" name=\"action\" value=\"\(action.rawValue)\"\(enabled ? "" : " disabled")>\(e(label))</button>"
        }
        return f + "</form>"
    }

    static func originText(_ origin: String) -> String {
        switch origin {
        case "genesis": "genesis"
        case "draw": "stake-weighted draw"
        case "stall": "re-span after a stall"
        case "rejected": "re-span after a rejected block"
        default: origin
        }
    }

    /// `GET /batches`: the inbox batches and the state batches, newest first.
    public static func batches(_ view: BatchesView) -> String {
        var body = "<h2>Batches <span class=\"muted\">batcher → L1 inbox</span></h2>"
        if let reason = view.batchesUnavailable {
            body += unavailable(reason)
        } else if view.batches.isEmpty {
            body += "<p class=\"muted\">No batches yet.</p>"
        } else {
            body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Index</th><th>L2 blocks</th><th class=\"num\">Txs</th>"
            body += "<th>L1 tx</th><th>L1 block</th><th class=\"num\">Size (bytes)</th><th>Status</th></tr></thead><tbody>"
            for b in view.batches {
                body += "<tr><td>\(b.index)</td><td>\(l2Range(b.l2Start, b.l2End))</td>"
                body += "<td class=\"num\">\(b.transactionCount.map(String.init) ?? "—")</td>"
                body += "<td>\(txLink("l1", b.l1TxHash))</td><td>\(blockLink("l1", b.l1BlockNumber))</td>"
                if let size = b.calldataBytes {
                    let title = b.uncompressedBytes.map { " title=\"\(Format.grouped(UInt64(max(0, $0)))) bytes uncompressed\"" } ?? ""
                    body += "<td class=\"num\"\(title)>\(Format.grouped(UInt64(max(0, size))))</td>"
                } else {
                    body += "<td class=\"num\">—</td>"
                }
                body += "<td>\(badge(b.status))</td></tr>"
            }
            body += "</tbody></table></div>"
        }

        body += "<h2>State batches <span class=\"muted\">proposer → StateCommitmentChain</span></h2>"
        if let reason = view.stateBatchesUnavailable {
            body += unavailable(reason)
        } else if view.stateBatches.isEmpty {
            body += "<p class=\"muted\">No state batches yet.</p>"
        } else {
            body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Index</th><th class=\"num\">Elements</th><th>L2 blocks</th>"
            body += "<th>Root</th><th>L1 tx</th><th>L1 block</th><th>Status</th><th>Challenge window</th></tr></thead><tbody>"
            for s in view.stateBatches {
                body += "<tr><td>\(s.index)</td><td class=\"num\">\(s.elements)</td>"
                if let a = s.l2Start, let z = s.l2End { body += "<td>\(l2Range(a, z))</td>" } else { body += "<td>—</td>" }
                body += "<td class=\"mono\" title=\"\(e(s.root))\">\(e(Format.short(s.root)))</td>"
                body += "<td>\(txLink("l1", s.l1TxHash))</td><td>\(blockLink("l1", s.l1BlockNumber))</td>"
                body += "<td>\(badge(s.status))</td><td>\(e(Format.timeLeft(status: s.status, secondsLeft: s.secondsLeft)))</td></tr>"
            }
            body += "</tbody></table></div>"
        }
        return document(title: "Batches", heading: "Batches", refreshSeconds: rollupRefreshSeconds, body: body)
    }

    /// `GET /bridge`: deposits (L1 → L2) and withdrawals (L2 → L1), newest first.
    public static func bridge(_ view: BridgeView) -> String {
        var body = "<h2>Deposits <span class=\"muted\">L1 → L2</span></h2>"
        if let reason = view.depositsUnavailable {
            body += unavailable(reason)
        } else if view.deposits.isEmpty {
            body += "<p class=\"muted\">No deposits yet.</p>"
        } else {
            body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Queue #</th><th>Status</th><th class=\"num\">Amount</th>"
            body += "<th>From → To</th><th>L1 tx</th><th>L2 tx</th><th>Message</th></tr></thead><tbody>"
            for d in view.deposits {
                body += "<tr><td>\(d.number.map(String.init) ?? "—")</td><td>\(statusCell(d))</td>"
                body += "<td class=\"num mono\">\(amount(d.transfer))</td><td>\(parties(d))</td>"
                body += "<td>\(txLink("l1", d.l1TxHash))</td><td>\(txLink("l2", d.l2TxHash))</td>"
                body += "<td class=\"mono\" title=\"\(e(d.msgHash))\">\(e(Format.short(d.msgHash)))</td></tr>"
            }
            body += "</tbody></table></div>"
        }

        body += "<h2>Withdrawals <span class=\"muted\">L2 → L1</span></h2>"
        if let window = view.challengeWindow {
            body += "<p class=\"muted\">A withdrawal can be relayed on L1 once its state batch has been \(window) s on L1 (the challenge window).</p>"
        }
        if let reason = view.withdrawalsUnavailable {
            body += unavailable(reason)
        } else if view.withdrawals.isEmpty {
            body += "<p class=\"muted\">No withdrawals yet.</p>"
        } else {
            body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Nonce</th><th>Status</th><th>Challenge window</th>"
            body += "<th class=\"num\">Amount</th><th>From → To</th><th>L2 tx</th><th>State batch</th><th>L1 relay tx</th></tr></thead><tbody>"
            for w in view.withdrawals {
                body += "<tr><td>\(w.number.map(String.init) ?? "—")</td><td>\(statusCell(w))</td>"
                body += "<td>\(e(Format.timeLeft(status: w.status, secondsLeft: w.secondsLeft)))</td>"
                body += "<td class=\"num mono\">\(amount(w.transfer))</td><td>\(parties(w))</td>"
                body += "<td>\(txLink("l2", w.l2TxHash))</td><td>\(w.stateBatchIndex.map(String.init) ?? "—")</td>"
                body += "<td>\(txLink("l1", w.l1TxHash))</td></tr>"
            }
            body += "</tbody></table></div>"
        }
        return document(title: "Bridge", heading: "Bridge", refreshSeconds: rollupRefreshSeconds, body: body)
    }

    /// The page of a refused form post (400, 403…): the reason and a link back.
    public static func formError(status: Int, message: String) -> String {
        document(title: "Not done", heading: "Not done (HTTP \(status))", refreshSeconds: 0,
                 body: "<h2>Nothing was changed</h2><p>\(e(message))</p><p><a href=\"/sequencers\">← sequencers</a></p>")
    }

    /// The body of a 303 redirect, for clients that do not follow it.
    public static func redirect(to path: String) -> String {
        document(title: "Done", heading: "Done", refreshSeconds: 0,
                 body: "<p>Done. <a href=\"\(e(path))\">Back</a></p>")
    }

    // MARK: - Pieces

    static func unavailable(_ reason: String) -> String {
        "<div class=\"card unavailable\"><p>\(e(reason))</p></div>"
    }

    /// A status word in a coloured badge: green for done/healthy, amber for waiting, red for bad.
    static func badge(_ value: String) -> String {
        let tone: String
        switch value {
        case "live", "honest", "onL1", "finalized", "relayed", "ready": tone = "ok"
        case "stopped", "wrongStateRoot", "failed": tone = "fail"
        case "pending", "inWindow", "inChallengeWindow", "waitingForStateBatch", "sent": tone = "warn"
        default: tone = "plain"
        }
        return "<span class=\"badge \(tone)\">\(e(Format.status(value)))</span>"
    }

    static func statusCell(_ m: BridgeMessageRow) -> String {
        var s = badge(m.status)
        if let error = m.error { s += "<div class=\"error\">\(e(error))</div>" }
        return s
    }

    static func amount(_ t: BridgeTransfer?) -> String {
        guard let t else { return "<span class=\"muted\">message</span>" }
        if t.isETH { return "\(e(Format.ether(wei: t.amountWei))) ETH" }
        return "\(e(t.amountWei)) <span title=\"\(e(t.l2Token))\">\(e(Format.short(t.l2Token)))</span>"
    }

    static func parties(_ m: BridgeMessageRow) -> String {
        if let t = m.transfer {
            return "<span class=\"mono\" title=\"\(e(t.from))\">\(e(Format.short(t.from)))</span> → "
                + "<span class=\"mono\" title=\"\(e(t.to))\">\(e(Format.short(t.to)))</span>"
        }
        let from = m.sender ?? "?", to = m.target ?? "?"
        return "<span class=\"mono\" title=\"\(e(from))\">\(e(Format.short(from)))</span> → "
            + "<span class=\"mono\" title=\"\(e(to))\">\(e(Format.short(to)))</span>"
    }

    static func l2Range(_ start: UInt64, _ end: UInt64) -> String {
        if start == end { return "<a href=\"/block/l2/\(start)\">\(start)</a>" }
        return "<a href=\"/block/l2/\(start)\">\(start)</a>–<a href=\"/block/l2/\(end)\">\(end)</a>"
    }

    static func txLink(_ chain: String, _ hash: String?) -> String {
        guard let hash, !hash.isEmpty else { return "—" }
        return "<a class=\"mono\" href=\"/tx/\(p(chain))/\(p(hash))\" title=\"\(e(hash))\">\(e(Format.short(hash)))</a>"
    }

    static func blockLink(_ chain: String, _ number: UInt64?) -> String {
        guard let number else { return "<span class=\"muted\">pending</span>" }
        return "<a href=\"/block/\(p(chain))/\(number)\">\(number)</a>"
    }
}
