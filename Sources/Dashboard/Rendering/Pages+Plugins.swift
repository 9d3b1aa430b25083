/// The Plugins page (`/plugins`): the AI modules of `Plugins/` and a form to call each. Module
/// names, descriptions, errors, inputs and outputs come from files and users: every one goes
/// through `e` (HTML escape).
extension Pages {
    /// `GET /plugins` (and the answer of a call form's post, `result` on top): every module with
    /// kind, capabilities, status, calls, latency and its last errors; the skipped manifests; which
    /// module serves the AI precompile and LazAI's scoring; one call form per module (with `token`;
    /// nil renders no forms).
    public static func plugins(_ view: PluginsView, token: DashboardToken?, result: PluginCallResult?) -> String {
        var body = ""
        if let result { body += callResult(result) }
        body += "<h2>AI modules</h2>"
        if let reason = view.unavailable {
            return document(title: "Plugins", heading: "Plugins", refreshSeconds: 0, body: body + unavailable(reason))
        }
        body += "<div class=\"card\"><table class=\"fields\">"
        body += field("Directory", view.directory + (view.directoryExists ? "" : " (does not exist: 0 modules)"), mono: true)
        body += field("Modules", "\(view.modules.count) loaded, \(view.skipped.count) skipped")
        body += rawField("Precompile 0x…0999", view.precompileModule.map { "<b>\(e($0))</b> (capability precompile)" }
            ?? "<span class=\"muted\">none: calls fail (name one with [plugins] precompile in devnet.toml)</span>")
        body += rawField("LazAI scorer", view.scorerModule.map { "<b>\(e($0))</b> (capability score)" }
            ?? "<span class=\"muted\">built-in (LazAIScorer)</span>")
        body += rawField("LazAI inference", view.inferenceModule.map { "<b>\(e($0))</b> (capability inference)" }
            ?? "<span class=\"muted\">built-in (LazAIResponder)</span>")
        body += "</table>"
        for w in view.warnings { body += "<div class=\"error\">warning: \(e(w))</div>" }
        body += "</div>"

        body += "<h3>Modules <span class=\"muted\"><a href=\"/plugins\">reload</a></span></h3>"
        if view.modules.isEmpty {
            body += "<p class=\"muted\">No modules.</p>"
        } else {
            body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Name</th><th>Version</th><th>Kind</th><th>Capabilities</th>"
            body += "<th>Status</th><th class=\"num\">Calls</th><th class=\"num\">Failures</th><th class=\"num\">Mean ms</th>"
            body += "<th class=\"num\">Last ms</th><th class=\"num\">Starts</th><th>Used for</th></tr></thead><tbody>"
            for m in view.modules {
                body += "<tr><td><b>\(e(m.name))</b></td><td>\(e(m.version))</td><td>\(e(m.kind))</td>"
                body += "<td>\(e(m.capabilities.joined(separator: ", ")))</td><td>\(pluginBadge(m.state))</td>"
                body += "<td class=\"num\">\(m.calls)</td><td class=\"num\">\(m.failures)</td>"
                body += "<td class=\"num\">\(milliseconds(m.meanMilliseconds))</td><td class=\"num\">\(milliseconds(m.lastMilliseconds))</td>"
                body += "<td class=\"num\">\(m.starts.map(String.init) ?? "—")</td><td>\(e(m.roles.joined(separator: ", ")))</td></tr>"
            }
            body += "</tbody></table></div>"
        }

        body += "<h3>Recent AI precompile answers <span class=\"muted\">recorded with their blocks (AI witnesses)</span></h3>"
        if view.witnesses.isEmpty {
            body += "<p class=\"muted\">No transaction in the newest blocks called 0x…0999.</p>"
        } else {
            body += "<div class=\"card\"><table class=\"grid\"><thead><tr><th>Block</th><th>Transaction</th><th>Module</th>"
            body += "<th>Prompt</th><th>Answer</th></tr></thead><tbody>"
            for w in view.witnesses {
                body += "<tr><td>\(blockLink("l2", w.blockNumber))</td><td>\(txLink("l2", w.transactionHash))</td>"
                body += "<td>\(e(w.module)) \(e(w.version))</td><td class=\"mono\">\(e(Format.clip(w.input)))</td>"
                body += w.failed ? "<td class=\"error\">\(e(Format.clip(w.output)))</td></tr>" : "<td class=\"mono\">\(e(Format.clip(w.output)))</td></tr>"
            }
            body += "</tbody></table></div>"
        }

        if !view.skipped.isEmpty {
            body += "<h3>Skipped manifests</h3><div class=\"card\">"
            for s in view.skipped { body += "<div class=\"mono error\">\(e(s))</div>" }
            body += "</div>"
        }

        for m in view.modules {
            body += "<h3 id=\"\(p(m.name))\">\(e(m.name)) <span class=\"muted\">\(e(m.description))</span></h3><div class=\"card\">"
            if let error = m.loadError { body += "<div class=\"error\">not loaded: \(e(error))</div>" }
            if !m.lastErrors.isEmpty {
                body += "<table class=\"fields\">"
                for err in m.lastErrors {
                    body += "<tr><th>\(e(timeText(err.time)))</th><td class=\"error\">\(e(err.message))</td></tr>"
                }
                body += "</table>"
            }
            if let token { body += callForm(m, token: token) }
            body += "</div>"
        }
        if token == nil { body += "<p class=\"muted\">Read-only: this page was rendered without a form token.</p>" }
        return document(title: "Plugins", heading: "Plugins", refreshSeconds: 0, body: body)
    }

    static func callForm(_ m: PluginRow, token: DashboardToken) -> String {
        var f = "<form class=\"call\" method=\"post\" action=\"\(PluginsRoutes.callPath)\">"
        f += "<input type=\"hidden\" name=\"token\" value=\"\(e(token.value))\">"
        f += "<input type=\"hidden\" name=\"module\" value=\"\(e(m.name))\">"
        f += "<label>Capability <select name=\"capability\">"
        for c in m.capabilities { f += "<option value=\"\(e(c))\">\(e(c))</option>" }
        f += "</select></label>"
        f += "<textarea name=\"input\" rows=\"3\" placeholder=\"input (UTF-8 text)\"></textarea>"
        f += "<button type=\"submit\">Call \(e(m.name))</button></form>"
        return f
    }

    static func callResult(_ r: PluginCallResult) -> String {
        var s = "<h2>Call of \(e(r.module)) <span class=\"muted\">capability \(e(r.capability)) · \(milliseconds(r.milliseconds)) ms</span></h2>"
        s += "<div class=\"card\"><table class=\"fields\">"
        s += rawField("Input", "<div class=\"data mono\">\(e(r.input))</div>")
        if let output = r.output {
            s += rawField("Answer", "<div class=\"data mono answer\">\(e(output))</div>")
        }
        if let error = r.error {
            s += rawField("Error", "<div class=\"data error\">\(e(error))</div>")
        }
        return s + "</table></div>"
    }

    /// A status word for a module: ready/running green, error amber, failed red.
    static func pluginBadge(_ state: String) -> String {
        let tone = switch state {
        case "ready", "running": "ok"
        case "error": "warn"
        case "failed": "fail"
        default: "plain"
        }
        return "<span class=\"badge \(tone)\">\(e(state))</span>"
    }

    /// Milliseconds with two decimals ("12.35"), "—" for none.
    static func milliseconds(_ ms: Double?) -> String {
        guard let ms, ms.isFinite, ms >= 0 else { return "—" }
        let hundredths = UInt64((ms * 100).rounded())
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// The error's time as `Format.utc` gives it.
    static func timeText(_ unix: Double) -> String {
        Format.utc(unix.isFinite && unix > 0 ? UInt64(unix) : 0) + " UTC"
    }

    /// A refused plugin call form (400): the reason and a link back.
    static func pluginFormError(_ message: String) -> String {
        document(title: "Not done", heading: "Not done (HTTP 400)", refreshSeconds: 0,
                 body: "<h2>No call was made</h2><p>\(e(message))</p><p><a href=\"/plugins\">← plugins</a></p>")
    }
}
