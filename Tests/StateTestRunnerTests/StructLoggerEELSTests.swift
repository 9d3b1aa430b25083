import EVM
import Foundation
import Primitives
import StateTestRunner
import Testing

/// geth's struct logger (`StructLogger`, the default tracer of debug_traceTransaction) against the
/// executable spec's EIP-3155 traces of the same transactions (`Reference/README.md`: EELS
/// `ethereum-spec-evm statetest --json --nomemory`, ethereum-execution 2.20.0).
///
/// Compared per opcode: pc, op, gas, depth, stack — always; gasCost — except on the opcode that
/// halted its frame with an error (geth and EELS report a failing charge differently); refund — except
/// on SSTORE (EELS reports the counter after the SSTORE's own change, geth before it, as for every
/// other opcode).
@Suite("struct logger against EELS")
struct StructLoggerEELSTests {
    final class Loggers: @unchecked Sendable {
        private let lock = NSLock()
        private var made: [StructLogger] = []
        func make() -> any EVMTracer {
            let l = StructLogger()
            lock.lock(); made.append(l); lock.unlock()
            return l
        }
        var all: [StructLogger] { lock.lock(); defer { lock.unlock() }; return made }
    }

    static var referenceDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference")
    }

    /// EELS's opcode lines (those with a `pc`) of `NAME.eels.jsonl`.
    static func eelsSteps(_ name: String) throws -> [[String: Any]] {
        let text = try String(contentsOf: referenceDirectory.appendingPathComponent("\(name).eels.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").filter { $0.hasPrefix("{\"pc\"") }.map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    static func hexValue(_ v: Any?) -> Int64? {
        guard let s = v as? String else { return nil }
        let negative = s.hasPrefix("-")
        let digits = s.dropFirst(negative ? 3 : 2)
        guard let m = Int64(digits, radix: 16) else { return nil }
        return negative ? -m : m
    }

    @Test("struct logger entries carry EELS's values", arguments: [
        "structlog_tload_call", "tstore_revert", "mcopy_create2", "clz_call", "sstore_refunds",
        "callcode_gas_shortage", "keccak_oog",
    ])
    func matchesEELS(_ name: String) throws {
        let loggers = Loggers()
        var runner = StateTestRunner()
        runner.makeTracer = { loggers.make() }
        let results = try runner.runFile(Self.referenceDirectory.appendingPathComponent("\(name).json").path)
        #expect(results.count == 1 && results.allSatisfy { $0.passed })
        let logger = try #require(loggers.all.first)
        let ours = logger.entries
        let eels = try Self.eelsSteps(name)
        #expect(ours.count == eels.count)
        for (i, (o, e)) in zip(ours, eels).enumerated() {
            let failing = e["error"] != nil
            var same = o.pc == e["pc"] as? Int && Int(o.op) == e["op"] as? Int && o.depth == e["depth"] as? Int
                && Int64(o.gas) == Self.hexValue(e["gas"])
            let eelsStack = (e["stack"] as? [String])?.map { UInt256(hex: $0) } ?? []
            same = same && o.stack?.map { Optional($0) } == eelsStack
            if !failing, let c = Self.hexValue(e["gasCost"]) { same = same && Int64(o.gasCost) == c }
            if o.op != 0x55, let r = e["refund"] as? Int { same = same && Int(o.refund) == r }
            #expect(same, "\(name) step \(i + 1): ours \(o) EELS \(e)")
            if !same { return }
        }
    }

    @Test("opcode names and errors are geth's")
    func gethNamesAndErrors() throws {
        // geth core/vm/opcodes.go: 0x20 KECCAK256, 0x44 DIFFICULTY, 0xfe INVALID, undefined "opcode 0xc not defined".
        #expect(GethFormat.opName(0x20) == "KECCAK256")
        #expect(GethFormat.opName(0x44) == "DIFFICULTY")
        #expect(GethFormat.opName(0xfe) == "INVALID")
        #expect(GethFormat.opName(0x0c) == "opcode 0xc not defined")
        #expect(GethFormat.opName(0x5f) == "PUSH0" && GethFormat.opName(0x7f) == "PUSH32" && GethFormat.opName(0x9f) == "SWAP16")
        // geth core/vm/errors.go messages: SWAP4 needs 5 items; PUSH1 may run with at most 1023 items.
        #expect(GethFormat.errorMessage(.stackUnderflow, op: 0x93, stackCount: 2) == "stack underflow (2 <=> 5)")
        #expect(GethFormat.errorMessage(.stackOverflow, op: 0x60, stackCount: 1024) == "stack limit reached 1024 (1023)")
        #expect(GethFormat.errorMessage(.invalidOpcode, op: 0xfe, stackCount: 0) == "invalid opcode: INVALID")
        #expect(GethFormat.errorMessage(.outOfGas, op: 0x01, stackCount: 2) == "out of gas")
        #expect(GethFormat.errorMessage(.success, op: 0x00, stackCount: 0) == nil)
    }

    @Test("the failing opcode of a trace carries geth's error")
    func failingStepError() throws {
        // swap4_underflow: SWAP4 with too few items fails before running; geth puts the error on that
        // entry and reports the opcode's static 3 gas as its cost.
        let loggers = Loggers()
        var runner = StateTestRunner()
        runner.makeTracer = { loggers.make() }
        _ = try runner.runFile(Self.referenceDirectory.appendingPathComponent("swap4_underflow.json").path)
        let logger = try #require(loggers.all.first)
        let failing = try #require(logger.entries.first { $0.error != nil })
        #expect(failing.op == 0x93)
        // EELS: {"pc":6,"op":147,…,"stack":["0x0","0x1","0x2"],…,"error":"StackUnderflowError"}
        #expect(failing.pc == 6 && failing.stack?.count == 3)
        #expect(failing.error == "stack underflow (3 <=> 5)")
        #expect(failing.gasCost == 3)
        #expect(logger.failed)
    }
}
