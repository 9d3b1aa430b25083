import AIModules
import Chain
import Dashboard
import Foundation
import Node

/// The Plugins page's data (`/plugins`) from the devnet's `PluginsRuntime`: `PluginHost.statuses()`
/// as rows, the directory's skipped manifests, the precompile's and the scorer's module.
extension NodeDashboardSource {
    public func plugins() async -> PluginsView {
        guard let runtime = pluginsRuntime else { return PluginsView(unavailable: "This devnet runs no AI modules.") }
        var view = Self.pluginsView(runtime)
        if let node = l2Node { view.witnesses = await Self.recentWitnesses(node) }
        return view
    }

    /// The newest AI witnesses (at most `limit`) of the newest `blocks` L2 blocks, newest first.
    static func recentWitnesses(_ node: ChainNode, blocks: UInt64 = 128, limit: Int = 20) async -> [AIWitnessRow] {
        await node.read { chain in
            var rows: [AIWitnessRow] = []
            var n = chain.headNumber
            let stop = n >= blocks ? n - blocks : 0
            while n > stop, rows.count < limit {
                if let block = chain.block(number: n) {
                    for w in block.aiWitnesses.reversed() where rows.count < limit {
                        rows.append(AIWitnessRow(blockNumber: n,
                                                 transactionHash: block.transactionHash(of: w)?.hex ?? "",
                                                 module: w.module, version: w.version,
                                                 input: String(decoding: w.input, as: UTF8.self),
                                                 output: String(decoding: w.output, as: UTF8.self), failed: w.failed))
                    }
                }
                n -= 1
            }
            return rows
        }
    }

    /// The view of `runtime` now (what `plugins()` answers).
    public static func pluginsView(_ runtime: PluginsRuntime) -> PluginsView {
        guard runtime.config.enabled else {
            return PluginsView(unavailable: "AI modules are off (--no-plugins or [plugins] enabled = false in devnet.toml): no module is loaded, "
                               + "the AI precompile answers \"no AI module\" failures and LazAI scores with its built-in scorer.",
                               directory: runtime.config.dir)
        }
        let rows = runtime.host.statuses().map { s -> PluginRow in
            var roles: [String] = []
            if s.manifest.name == runtime.precompileModule { roles.append("AI precompile 0x…0999") }
            if s.manifest.name == runtime.scorerModule { roles.append("LazAI scorer") }
            if s.manifest.name == runtime.inferenceModule { roles.append("LazAI inference") }
            return PluginRow(name: s.manifest.name, version: s.manifest.version, description: s.manifest.description,
                             kind: s.manifest.kind.rawValue, capabilities: s.manifest.capabilities.map(\.rawValue),
                             state: s.state, loadError: s.loadError, calls: s.calls, failures: s.failures,
                             meanMilliseconds: s.calls > 0 ? s.totalMilliseconds / Double(s.calls) : nil,
                             lastMilliseconds: s.lastMilliseconds,
                             starts: s.manifest.kind == .process ? s.starts : nil,
                             lastErrors: s.lastErrors.map { PluginErrorRow(time: $0.time, message: $0.message) },
                             roles: roles)
        }
        var view = PluginsView(directory: runtime.config.dir, directoryExists: runtime.directoryExists, modules: rows,
                               skipped: runtime.host.directory.problems.map(\.description),
                               precompileModule: runtime.precompileModule, scorerModule: runtime.scorerModule,
                               warnings: runtime.warnings)
        view.inferenceModule = runtime.inferenceModule
        return view
    }

    public func callPlugin(module: String, capability: String, input: String) async -> PluginCallResult {
        guard let runtime = pluginsRuntime, runtime.config.enabled else {
            return PluginCallResult(module: module, capability: capability, input: input, error: "AI modules are off on this devnet.")
        }
        return await Self.call(runtime.host, module: module, capability: capability, input: input)
    }

    /// One call through `host`, off the cooperative pool (`PluginHost.callOffThePool`).
    static func call(_ host: PluginHost, module: String, capability: String, input: String) async -> PluginCallResult {
        guard let cap = PluginCapability(rawValue: capability) else {
            return PluginCallResult(module: module, capability: capability, input: input,
                                    error: "unknown capability \"\(capability)\" (one of \(PluginCapability.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        var result = PluginCallResult(module: module, capability: capability, input: input)
        switch await host.callOffThePool(module, capability: cap, input: Array(input.utf8)) {
        case .success(let out): result.output = String(decoding: out, as: UTF8.self)
        case .failure(let error): result.error = error.description
        }
        result.milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        return result
    }
}
