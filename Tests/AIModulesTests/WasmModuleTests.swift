import Foundation
import Testing
import WAT
@testable import AIModules

/// WasmModule: the wasm ABI (alloc/call/memory, output = ptr << 32 | len, bit 31 = error), the
/// fuel, memory and output limits, and the env.log import.
@Suite struct WasmModuleTests {
    /// Writes `wat` as a module file and returns its manifest with `limits`.
    func module(_ wat: String, limits: PluginLimits = PluginLimits(fuel: 1_000_000), log: @escaping @Sendable (String) -> Void = { _ in })
        throws -> WasmModule {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wasm-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(try wat2wasm(wat)).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("m.wasm")))
        let m = PluginManifest(name: "t", version: "0", description: "", kind: .wasm, entry: "m.wasm", capabilities: [.precompile],
                               limits: limits, gasPerToken: 100, directory: dir)
        return try WasmModule(manifest: m, log: log)
    }

    /// Echoes its input back (the input is written at 1024; output = (1024 << 32) | len).
    static let echo = """
    (module (memory (export "memory") 1)
      (func (export "alloc") (param i32) (result i32) (i32.const 1024))
      (func (export "call") (param $p i32) (param $n i32) (result i64)
        (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32)) (i64.extend_i32_u (local.get $n)))))
    """

    @Test func echoesItsInput() throws {
        let m = try module(Self.echo)
        #expect(try m.call(Array("héllo".utf8)) == Array("héllo".utf8))
        #expect(try m.call([]) == [])
    }

    @Test func aLoopingModuleStopsAtItsFuelWithAClearError() throws {
        let m = try module("""
        (module (memory (export "memory") 1)
          (func (export "alloc") (param i32) (result i32) (i32.const 1024))
          (func (export "call") (param i32 i32) (result i64) (loop $l (br $l)) (i64.const 0)))
        """, limits: PluginLimits(fuel: 100_000))
        #expect { try m.call([1]) } throws: { ($0 as? PluginError)?.message.contains("fuel limit") == true }
        // the same module answers the same way again (a fresh instance per call)
        #expect { try m.call([1]) } throws: { ($0 as? PluginError)?.message.contains("fuel limit") == true }
    }

    @Test func memoryGrowthPastTheLimitIsRefused() throws {
        // grows by 100 pages (6.25 MiB) past a 1 MiB limit: memory.grow returns -1 → the module reports it
        let m = try module("""
        (module (memory (export "memory") 1)
          (func (export "alloc") (param i32) (result i32) (i32.const 1024))
          (func (export "call") (param i32 i32) (result i64)
            (if (i32.eq (memory.grow (i32.const 100)) (i32.const -1)) (then (unreachable)))
            (i64.const 0)))
        """, limits: PluginLimits(memoryMiB: 1, fuel: 100_000))
        #expect { try m.call([]) } throws: { ($0 as? PluginError)?.message.contains("trapped") == true }
    }

    @Test func allocAnsweringZeroMeansNoRoom() throws {
        // 0 is "no room" (ABI): the input is not written over the module's memory at address 0.
        let m = try module("""
        (module (memory (export "memory") 1)
          (func (export "alloc") (param i32) (result i32) (i32.const 0))
          (func (export "call") (param i32 i32) (result i64) (i64.const 0)))
        """)
        #expect { try m.call(Array("abc".utf8)) } throws: {
            ($0 as? PluginError)?.message == "t: the input (3 bytes) does not fit: alloc(3) gave no room in its memory"
        }
    }

    @Test func anErrorResultAndAnOversizedOutputAreReported() throws {
        let failing = try module("""
        (module (memory (export "memory") 1) (data (i32.const 16) "no model")
          (func (export "alloc") (param i32) (result i32) (i32.const 1024))
          (func (export "call") (param i32 i32) (result i64) (i64.const 0x0000001080000008)))
        """)
        #expect { try failing.call([]) } throws: { ($0 as? PluginError)?.message == "t: no model" }
        let big = try module(Self.echo, limits: PluginLimits(outputBytes: 4, fuel: 100_000))
        #expect { try big.call(Array("12345".utf8)) } throws: { ($0 as? PluginError)?.message.contains("limits.output_bytes") == true }
    }

    @Test func onlyEnvLogMayBeImportedAndItReachesTheLog() throws {
        #expect(throws: PluginError.self) {
            _ = try module("(module (import \"wasi\" \"fd_write\" (func (param i32))) (memory (export \"memory\") 1))")
        }
        final class Lines: @unchecked Sendable { var list: [String] = []; let lock = NSLock()
            func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() } }
        let lines = Lines()
        let m = try module("""
        (module (import "env" "log" (func $log (param i32 i32))) (memory (export "memory") 1) (data (i32.const 8) "hi")
          (func (export "alloc") (param i32) (result i32) (i32.const 1024))
          (func (export "call") (param i32 i32) (result i64) (call $log (i32.const 8) (i32.const 2)) (i64.const 0)))
        """, log: { lines.add($0) })
        #expect(try m.call([]) == [])
        #expect(lines.list == ["plugin t: hi"])
    }
}
