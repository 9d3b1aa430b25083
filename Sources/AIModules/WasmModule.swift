import Foundation
@_spi(Fuzzing) import WasmKit   // Store.resourceLimiter (memory limit) is SPI in WasmKit 0.4.2

/// A wasm module (Plugins/README.md, "wasm ABI") run in process by WasmKit, one fresh instance per
/// call, bounded by fuel (deterministic), a memory limit and an output limit.
///
/// ABI: the module exports `memory`, `alloc(len: i32) -> i32` (where the host writes the input)
/// and `call(ptr: i32, len: i32) -> i64` = (output pointer << 32) | output length; a length with
/// bit 31 set means an error whose UTF-8 message is the (length & 0x7fffffff) bytes at the pointer.
/// The only import a module may have is `env.log(ptr: i32, len: i32)` (text to the devnet's log).
public final class WasmModule: @unchecked Sendable {
    public let manifest: PluginManifest
    let module: Module
    let log: @Sendable (String) -> Void
    private let lock = NSLock()

    /// Reads and validates the module file.
    /// - Throws: `PluginError` for an unreadable or invalid module, or one with imports other than `env.log`.
    public init(manifest: PluginManifest, log: @escaping @Sendable (String) -> Void = { _ in }) throws(PluginError) {
        self.manifest = manifest
        self.log = log
        guard let data = FileManager.default.contents(atPath: manifest.entryPath) else {
            throw PluginError(file: manifest.entryPath, "cannot read the module")
        }
        do {
            module = try parseWasm(bytes: Array(data))
        } catch {
            // WasmKit's errors print as `Message(text: "…")` with an offset: keep the words and the offset.
            var text = "\(error)"
            if let r = text.range(of: "text: \""), let end = text[r.upperBound...].range(of: "\")") {
                text = String(text[r.upperBound..<end.lowerBound]) + String(text[end.upperBound...]).replacingOccurrences(of: "\"", with: "")
            }
            throw PluginError(file: manifest.entryPath, "not a valid WebAssembly module: \(text)")
        }
        for i in module.imports where !(i.module == "env" && i.name == "log") {
            throw PluginError(file: manifest.entryPath, "imports \(i.module).\(i.name); a wasm module may import only env.log")
        }
    }

    final class MemoryLimit: ResourceLimiter, @unchecked Sendable {
        let bytes: Int
        init(bytes: Int) { self.bytes = bytes }
        func limitMemoryGrowth(to desired: Int) throws -> Bool { desired <= bytes }
        func limitTableGrowth(to desired: Int) throws -> Bool { desired <= 100_000 }
    }

    /// Runs `call` on `input`.
    /// - Returns: the output bytes (at most `limits.outputBytes`).
    /// - Throws: `PluginError` when the module runs out of fuel, outgrows its memory, traps,
    ///   returns an error, or answers more than the output limit.
    public func call(_ input: [UInt8]) throws(PluginError) -> [UInt8] {
        lock.lock(); defer { lock.unlock() }
        let name = manifest.name
        let limits = manifest.limits
        let engine = Engine(configuration: EngineConfiguration(fuelMetering: true))
        let store = Store(engine: engine)
        store.resourceLimiter = MemoryLimit(bytes: limits.memoryMiB << 20)
        store.fuel = Fuel(remaining: limits.fuel)
        let log = self.log
        do {
            var imports: Imports = [:]
            if module.imports.contains(where: { $0.module == "env" && $0.name == "log" }) {
                imports = ["env": ["log": Function(store: store, parameters: [.i32, .i32]) { caller, args in
                    guard let memory = caller.instance?.exports[memory: "memory"] else { return [] }
                    let ptr = UInt(args[0].i32), count = min(Int(args[1].i32), 4096)
                    guard Int(ptr) + count <= memory.data.count else { return [] }
                    let text = memory.withUnsafeMutableBufferPointer(offset: ptr, count: count) {
                        String(decoding: $0.bindMemory(to: UInt8.self), as: UTF8.self)
                    }
                    log("plugin \(name): \(text)")
                    return []
                }]]
            }
            let instance = try module.instantiate(store: store, imports: imports)
            guard let memory = instance.exports[memory: "memory"] else { throw PluginError("\(name): the module exports no `memory`") }
            guard let alloc = instance.exports[function: "alloc"], let call = instance.exports[function: "call"] else {
                throw PluginError("\(name): the module must export `alloc` and `call` (Plugins/README.md, wasm ABI)")
            }
            let ptr = try alloc([.i32(UInt32(input.count))])
            // 0 is the ABI's "no room" (a module's allocator never hands out address 0); an empty
            // input is written nowhere, so any pointer does for it.
            guard let p = ptr.first?.i32, p != 0 || input.isEmpty, Int(p) + input.count <= memory.data.count else {
                throw PluginError("\(name): the input (\(input.count) bytes) does not fit: alloc(\(input.count)) gave no room in its memory")
            }
            if !input.isEmpty {
                memory.withUnsafeMutableBufferPointer(offset: UInt(p), count: input.count) { buf in
                    input.withUnsafeBytes { buf.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                }
            }
            let result = try call([.i32(p), .i32(UInt32(input.count))])
            guard let packed = result.first?.i64 else { throw PluginError("\(name): `call` must return an i64") }
            let outPtr = UInt(packed >> 32)
            let rawLen = UInt32(truncatingIfNeeded: packed)
            let isError = rawLen & 0x8000_0000 != 0
            let outLen = Int(rawLen & 0x7fff_ffff)
            guard outLen <= limits.outputBytes else {
                throw PluginError("\(name): answered \(outLen) bytes, more than its limits.output_bytes (\(limits.outputBytes))")
            }
            guard Int(outPtr) + outLen <= memory.data.count else { throw PluginError("\(name): the output lies outside its memory") }
            let out = outLen == 0 ? [] : memory.withUnsafeMutableBufferPointer(offset: outPtr, count: outLen) { Array($0.bindMemory(to: UInt8.self)) }
            if isError { throw PluginError("\(name): \(String(decoding: out, as: UTF8.self))") }
            return out
        } catch let error as PluginError {
            throw error
        } catch {
            let text = "\(error)"
            if text.contains("out of fuel") {
                throw PluginError("\(name): stopped after its fuel limit (limits.fuel = \(limits.fuel) WebAssembly operators): it ran too long or loops forever")
            }
            if text.lowercased().contains("memory") && text.lowercased().contains("grow") || text.contains("limit") {
                throw PluginError("\(name): stopped: its memory would outgrow limits.memory_mb = \(limits.memoryMiB) MiB (\(text.split(separator: "\n").first ?? ""))")
            }
            throw PluginError("\(name): the module trapped: \(text.split(separator: "\n").first ?? "")")
        }
    }
}
