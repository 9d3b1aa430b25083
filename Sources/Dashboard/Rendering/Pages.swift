/// The dashboard's pages: pure functions from view models to complete HTML documents.
///
/// Every value that comes from a chain or a request is passed through `HTML.escape` (text and
/// attributes) or `HTML.pathSegment` (inside links) before it is written.
public enum Pages {
    /// `GET /`: both chains' heads, their latest blocks with transactions, and the dev accounts with
    /// their balances on every chain. Reloads itself every `view.refreshSeconds` seconds.
    public static func home(_ view: HomeView) -> String {
        var body = ""
        body += "<section class=\"chains\">"
        for chain in view.chains { body += chainCard(chain) }
        body += "</section>"

        body += "<section class=\"columns\">"
        for chain in view.chains {
            body += "<div class=\"column\"><h2>Latest blocks · \(e(chain.name))</h2>"
            if chain.latestBlocks.isEmpty { body += "<p class=\"muted\">No blocks yet.</p>" }
            for block in chain.latestBlocks { body += blockListing(block, slug: chain.slug) }
            body += "</div>"
        }
        body += "</section>"

        body += "<section><h2>Dev accounts</h2><table class=\"accounts\"><thead><tr><th>#</th><th>Address</th>"
        for chain in view.chains { body += "<th class=\"num\">\(e(chain.name)) (ETH)</th>" }
        body += "</tr></thead><tbody>"
        for (i, account) in view.accounts.enumerated() {
            body += "<tr><td>\(i)</td><td class=\"mono\">\(e(account.address))</td>"
            for wei in account.balancesWei {
                body += "<td class=\"num mono\" title=\"\(e(wei)) wei\">\(e(Format.ether(wei: wei, fractionDigits: 4)))</td>"
            }
            body += "</tr>"
        }
        body += "</tbody></table></section>"
        return document(title: view.title, heading: "\(view.title) · dashboard", refreshSeconds: view.refreshSeconds, body: body)
    }

    /// `GET /block/<chain>/<number-or-hash>`: every header field shown and the full transaction list.
    public static func block(_ view: BlockPageView) -> String {
        let b = view.block
        var body = "<p><a href=\"/\">← dashboard</a></p>"
        body += "<h2>\(e(view.chainName)) block \(b.number)</h2>"
        body += "<table class=\"fields\">"
        body += field("Number", "\(b.number)")
        body += field("Hash", b.hash, mono: true)
        body += rawField("Parent", b.number == 0 ? "<span class=\"mono\">\(e(b.parentHash))</span>"
            : "<a class=\"mono\" href=\"/block/\(p(view.chainSlug))/\(p(b.parentHash))\">\(e(b.parentHash))</a>")
        body += field("Time", "\(Format.blockTime(b.timestamp)) (\(b.timestamp))")
        body += field("Base fee", "\(Format.gwei(wei: b.baseFeeWei)) gwei")
        body += field("Gas used", "\(Format.grouped(b.gasUsed)) / \(Format.grouped(b.gasLimit))")
        body += field("Miner", b.miner, mono: true)
        body += field("State root", b.stateRoot, mono: true)
        body += field("Transactions", "\(b.transactions.count)")
        body += "</table>"
        body += "<h3>Transactions</h3><div class=\"card\">"
        body += transactionTable(b.transactions, slug: view.chainSlug, shorten: false)
        body += "</div>"
        return document(title: "\(view.chainName) block \(b.number)", heading: "Block \(b.number)", refreshSeconds: 0, body: body)
    }

    /// `GET /tx/<chain>/<hash>`: the transaction, its receipt and its logs, decoding ERC-20/721
    /// Transfer and Approval (and ApprovalForAll) by topic 0; other logs show raw topics and data.
    public static func transaction(_ view: TransactionPageView) -> String {
        let t = view.transaction
        let slug = view.chainSlug
        var body = "<p><a href=\"/\">← dashboard</a></p>"
        body += "<h2>\(e(view.chainName)) transaction</h2>"
        body += "<table class=\"fields\">"
        body += field("Hash", t.hash, mono: true)
        body += rawField("Status", view.success ? "<span class=\"ok\">Success (1)</span>" : "<span class=\"fail\">Reverted (0)</span>")
        body += rawField("Block", "<a href=\"/block/\(p(slug))/\(view.blockNumber)\">\(view.blockNumber)</a> · index \(view.index)")
        body += field("Block hash", view.blockHash, mono: true)
        body += field("From", t.from, mono: true)
        if let to = t.to {
            body += field("To", to, mono: true)
        } else {
            body += field("To", "(contract creation)")
        }
        if let created = view.contractAddress { body += field("Contract created", created, mono: true) }
        body += field("Value", "\(Format.ether(wei: t.valueWei, fractionDigits: 18)) ETH (\(t.valueWei) wei)")
        body += field("Nonce", "\(t.nonce)")
        body += field("Type", "\(t.type) (\(typeName(t.type)))")
        body += field("Gas used / limit", "\(Format.grouped(view.gasUsed)) / \(Format.grouped(view.gasLimit))")
        body += field("Cumulative gas used", Format.grouped(view.cumulativeGasUsed))
        body += field("Effective gas price", "\(Format.gwei(wei: view.effectiveGasPriceWei)) gwei")
        body += rawField("Input", "<div class=\"data mono\">\(e(view.input))</div>")
        body += "</table>"

        body += "<h3>Logs (\(view.logs.count))</h3>"
        if view.logs.isEmpty { body += "<p class=\"muted\">No logs.</p>" }
        for log in view.logs {
            body += "<div class=\"log\"><div class=\"loghead\">#\(log.logIndex) · <span class=\"mono\">\(e(log.address))</span></div>"
            if let event = LogDecoder.decode(log) {
                body += "<div class=\"event\"><b>\(e(event.signature))</b><table class=\"fields\">"
                for arg in event.arguments { body += field(arg.name, arg.value, mono: true) }
                body += "</table></div>"
            }
            body += "<table class=\"fields raw\">"
            for (i, topic) in log.topics.enumerated() { body += field("topic \(i)", topic, mono: true) }
            body += rawField("data", "<div class=\"data mono\">\(e(log.data))</div>")
            body += "</table></div>"
        }
        return document(title: "\(view.chainName) tx \(Format.short(t.hash))", heading: "Transaction", refreshSeconds: 0, body: body)
    }

    /// A 404 page naming what was not found.
    public static func notFound(_ message: String) -> String {
        document(title: "Not found", heading: "Not found", refreshSeconds: 0,
                 body: "<p>\(e(message))</p><p><a href=\"/\">← dashboard</a></p>")
    }

    // MARK: - Pieces

    static func chainCard(_ chain: ChainOverview) -> String {
        var s = "<div class=\"card\"><h2>\(e(chain.name)) <span class=\"muted\">chain \(chain.chainId)</span></h2>"
        s += "<div class=\"mono muted\">\(e(chain.rpcURL))</div>"
        if let head = chain.head {
            s += "<table class=\"fields\">"
            s += rawField("Head", "<a href=\"/block/\(p(chain.slug))/\(head.number)\">#\(head.number)</a>")
            s += field("Hash", head.hash, mono: true)
            s += field("Time", Format.blockTime(head.timestamp))
            s += field("Base fee", "\(Format.gwei(wei: head.baseFeeWei)) gwei")
            s += field("Gas limit", Format.grouped(head.gasLimit))
            s += "</table>"
        } else {
            s += "<p class=\"muted\">No blocks.</p>"
        }
        return s + "</div>"
    }

    static func blockListing(_ b: BlockSummary, slug: String) -> String {
        var s = "<div class=\"block\"><div class=\"blockhead\">"
        s += "<a href=\"/block/\(p(slug))/\(b.number)\">#\(b.number)</a> "
        s += "<span class=\"mono\" title=\"\(e(b.hash))\">\(e(Format.short(b.hash)))</span> "
        s += "<span class=\"muted\">\(Format.blockTime(b.timestamp)) · \(b.transactions.count) tx · gas \(Format.grouped(b.gasUsed))</span></div>"
        if !b.transactions.isEmpty { s += transactionTable(b.transactions, slug: slug, shorten: true) }
        return s + "</div>"
    }

    static func transactionTable(_ txs: [TransactionSummary], slug: String, shorten: Bool) -> String {
        if txs.isEmpty { return "<p class=\"muted\">No transactions.</p>" }
        func show(_ text: String) -> String { shorten ? Format.short(text) : text }
        var s = "<table class=\"txs\"><thead><tr><th>Hash</th><th>From</th><th>To</th><th class=\"num\">Value (ETH)</th></tr></thead><tbody>"
        for t in txs {
            s += "<tr><td><a class=\"mono\" href=\"/tx/\(p(slug))/\(p(t.hash))\" title=\"\(e(t.hash))\">\(e(show(t.hash)))</a>"
            s += t.success ? "</td>" : " <span class=\"fail\">reverted</span></td>"
            s += "<td class=\"mono\" title=\"\(e(t.from))\">\(e(show(t.from)))</td>"
            if let to = t.to {
                s += "<td class=\"mono\" title=\"\(e(to))\">\(e(show(to)))</td>"
            } else {
                s += "<td class=\"muted\">create</td>"
            }
            s += "<td class=\"num mono\">\(e(Format.ether(wei: t.valueWei)))</td></tr>"
        }
        return s + "</tbody></table>"
    }

    static func typeName(_ type: UInt8) -> String {
        switch type {
        case 0: "legacy"
        case 1: "EIP-2930"
        case 2: "EIP-1559"
        case 3: "EIP-4844"
        case 4: "EIP-7702"
        default: "unknown"
        }
    }

    static func field(_ name: String, _ value: String, mono: Bool = false) -> String {
        "<tr><th>\(e(name))</th><td\(mono ? " class=\"mono\"" : "")>\(e(value))</td></tr>"
    }

    /// A field whose value is already-built (escaped) HTML.
    static func rawField(_ name: String, _ html: String) -> String {
        "<tr><th>\(e(name))</th><td>\(html)</td></tr>"
    }

    static func e(_ s: String) -> String { HTML.escape(s) }
    static func p(_ s: String) -> String { HTML.pathSegment(s) }

    static func document(title: String, heading: String, refreshSeconds: Int, body: String) -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        if refreshSeconds > 0 { s += "<meta http-equiv=\"refresh\" content=\"\(refreshSeconds)\">" }
        s += "<title>\(e(title))</title><style>\(stylesheet)</style></head><body>"
        s += "<header><a class=\"brand\" href=\"/\">metis-devnet</a><nav>"
        for (path, name) in navigation {
            s += "<a href=\"\(path)\"\(name == heading ? " class=\"here\"" : "")>\(name)</a>"
        }
        s += "</nav>"
        // The nav already marks a page of its own; other pages name themselves here.
        if !navigation.contains(where: { $0.1 == heading }) { s += "<span class=\"muted\">\(e(heading))</span>" }
        s += "</header>"
        s += "<main>\(body)</main></body></html>\n"
        return s
    }

    /// The header's links: every page reaches every other.
    static let navigation = [("/", "Chains"), ("/sequencers", "Sequencers"), ("/batches", "Batches"), ("/bridge", "Bridge"), ("/datahub", "DataHub"), ("/plugins", "Plugins")]

    static let stylesheet = """
    *{box-sizing:border-box}\
    body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f4f6fa}\
    header{display:flex;gap:16px;align-items:baseline;padding:12px 24px;background:#111827;color:#fff}\
    header .brand{color:#6ee7d8;font-weight:700;font-size:18px;text-decoration:none}\
    header .muted{color:#9ca3af}\
    main{padding:16px 24px;max-width:1400px;margin:0 auto}\
    h2{font-size:17px;margin:8px 0}h3{font-size:15px;margin:16px 0 6px}\
    a{color:#0b6bcb;text-decoration:none}a:hover{text-decoration:underline}\
    .mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}\
    .muted{color:#6b7280;font-weight:normal}\
    .chains,.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px;margin-bottom:16px}\
    .card,.column,section>table,.log,table.fields{background:#fff;border:1px solid #e2e6ee;border-radius:8px}\
    .card,.column{padding:12px 16px;overflow-x:auto}\
    table.txs td.mono{word-break:break-all}\
    .block{border-top:1px solid #eef0f4;padding:6px 0}.block:first-of-type{border-top:none}\
    .blockhead{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\
    table{border-collapse:collapse;width:100%}\
    th,td{text-align:left;padding:4px 8px;vertical-align:top}\
    thead th{color:#6b7280;font-weight:600;border-bottom:1px solid #e2e6ee}\
    table.fields th{width:180px;color:#6b7280;font-weight:500}\
    table.fields td{word-break:break-all}\
    .card table.fields,.log table.fields{border:none}\
    table.txs{margin:4px 0 4px 12px;width:calc(100% - 12px);font-size:13px}.card>table.txs{margin:0;width:100%}\
    table.accounts tbody tr:nth-child(odd){background:#f8f9fc}\
    .num{text-align:right}\
    .data{max-height:160px;overflow:auto;word-break:break-all;white-space:pre-wrap}\
    .log{padding:8px 12px;margin:8px 0}.loghead{margin-bottom:4px}\
    .event{background:#f0fdf9;border-radius:6px;padding:6px 8px;margin:4px 0}.event table.fields{background:transparent}\
    .ok{color:#047857;font-weight:600}.fail{color:#b91c1c;font-weight:600}\
    header nav{display:flex;gap:14px}header nav a{color:#e5e7eb}header nav a:hover,header nav a.here{color:#6ee7d8}\
    header nav a.here{border-bottom:2px solid #6ee7d8}.card+h2,.card+h3{margin-top:24px}\
    table.grid{font-size:13px}table.grid td{white-space:nowrap}table.grid tbody tr:nth-child(odd){background:#f8f9fc}\
    table.grid tr.leader{background:#ecfdf5!important}\
    .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;background:#eef0f4;color:#374151}\
    .badge.ok{background:#d1fae5;color:#065f46}.badge.warn{background:#fef3c7;color:#92400e}.badge.fail{background:#fee2e2;color:#991b1b}\
    main>.card+.card{margin-top:12px}.unavailable{color:#92400e;background:#fffbeb;border-color:#fde68a}\
    form.actions{display:flex;flex-wrap:wrap;gap:4px 6px;margin:0;min-width:230px;max-width:240px}\
    form.actions button{font:inherit;font-size:12px;padding:2px 10px;border:1px solid #cbd5e1;border-radius:6px;background:#fff;cursor:pointer}\
    form.actions button:hover:not([disabled]){background:#eef2ff;border-color:#6366f1}\
    form.actions button[disabled]{color:#9ca3af;cursor:default;background:#f8fafc}\
    form.actions button[value=wrongStateRoot]:not([disabled]){border-color:#fca5a5;color:#991b1b}\
    .error{color:#b91c1c;font-size:12px;white-space:normal}\
    form.call{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:flex-start;margin:6px 0 0}\
    form.call textarea{flex:1 1 420px;font:12.5px ui-monospace,Menlo,Consolas,monospace;padding:4px 6px;border:1px solid #cbd5e1;border-radius:6px}\
    form.call select,form.call button{font:inherit;font-size:13px;padding:2px 8px;border:1px solid #cbd5e1;border-radius:6px;background:#fff}\
    form.call button{cursor:pointer}form.call button:hover{background:#eef2ff;border-color:#6366f1}\
    .answer{background:#f0fdf9;padding:4px 6px;border-radius:6px}
    """
}
