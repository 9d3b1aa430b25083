/// The Plugins page's paths: `GET /plugins` (the modules) and the call form's post,
/// `POST /dashboard/plugins/call` (also answered at `/plugins/call` when the server passes that
/// path to the forms hook). Form fields (`application/x-www-form-urlencoded`): `token` (the page's
/// per-boot token), `module` (a module name), `capability` (precompile, score, inference, query,
/// training) and `input` (UTF-8 text, at most `maxInputBytes`). Answers:
/// - 403 and no call: a missing or wrong token (checked before anything else is read);
/// - 400 and no call: no module, capability or input field, or an input too long;
/// - 200: the Plugins page with the call's answer, or its error, on top (a failed call is still 200:
///   the page shows the module's error).
public enum PluginsRoutes {
    /// Where the page's call forms post (under `/dashboard/`, where the L2 server sends form posts).
    public static let callPath = "/dashboard/plugins/call"
    /// The same handler at the path AI-API.md names.
    public static let shortCallPath = "/plugins/call"
    /// Largest `input` of one form call, bytes.
    public static let maxInputBytes = 65_536

    /// Answers a call form's post (the token already checked).
    static func call(_ form: [String: String], source: some DashboardDataSource, token: DashboardToken) async -> DashboardResponse {
        guard let module = form["module"], !module.isEmpty else {
            return DashboardResponse(status: 400, html: Pages.pluginFormError("The form names no module."))
        }
        guard let capability = form["capability"], !capability.isEmpty else {
            return DashboardResponse(status: 400, html: Pages.pluginFormError("The form names no capability."))
        }
        guard let input = form["input"] else {
            return DashboardResponse(status: 400, html: Pages.pluginFormError("The form has no input field."))
        }
        guard input.utf8.count <= maxInputBytes else {
            return DashboardResponse(status: 400, html: Pages.pluginFormError("The input is \(input.utf8.count) bytes; the form takes at most \(maxInputBytes)."))
        }
        let result = await source.callPlugin(module: module, capability: capability, input: input)
        return DashboardResponse(status: 200, html: Pages.plugins(await source.plugins(), token: token, result: result))
    }
}

extension DashboardDataSource {
    /// Default: no AI modules. `GET /plugins`.
    public func plugins() async -> PluginsView { PluginsView(unavailable: "This devnet runs no AI modules.") }
    /// Default: no AI modules; the call fails saying so.
    public func callPlugin(module: String, capability: String, input: String) async -> PluginCallResult {
        PluginCallResult(module: module, capability: capability, input: input, error: "This devnet runs no AI modules.")
    }
}
