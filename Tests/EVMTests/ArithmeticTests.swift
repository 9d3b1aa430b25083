import Foundation
import Primitives
import Testing
@testable import EVM

/// Arithmetic and bitwise opcodes against `Reference/arith_vectors.json`, produced by pyrevm 0.3.7
/// with `Reference/arith_vectors.py` (operands in go-ethereum's testcase style). Each vector runs
/// through the interpreter: a contract loads the operands from calldata and returns the result.
@Suite struct ArithmeticTests {
    struct Vector: Decodable { var op: String; var args: [String]; var result: String }

    static let opcodes: [String: UInt8] = [
        "ADD": 0x01, "MUL": 0x02, "SUB": 0x03, "DIV": 0x04, "SDIV": 0x05, "MOD": 0x06, "SMOD": 0x07,
        "ADDMOD": 0x08, "MULMOD": 0x09, "EXP": 0x0a, "SIGNEXTEND": 0x0b, "LT": 0x10, "GT": 0x11, "SLT": 0x12,
        "SGT": 0x13, "EQ": 0x14, "ISZERO": 0x15, "AND": 0x16, "OR": 0x17, "XOR": 0x18, "NOT": 0x19,
        "BYTE": 0x1a, "SHL": 0x1b, "SHR": 0x1c, "SAR": 0x1d,
    ]

    static func vectors() throws -> [Vector] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Reference/arith_vectors.json")
        return try JSONDecoder().decode([Vector].self, from: Data(contentsOf: url))
    }

    @Test func allVectorsMatchPyrevm() throws {
        let vectors = try Self.vectors()
        #expect(vectors.count == 3688)
        var failures = 0
        for v in vectors {
            let op = try #require(Self.opcodes[v.op])
            var code: [UInt8] = []
            for i in (0..<v.args.count).reversed() { code += [0x60, UInt8(32 * i), 0x35] }
            code += [op, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3]
            var input: [UInt8] = []
            for a in v.args { input += UInt256(hex: a)!.bigEndianBytes }
            let (r, _) = execute(code, input: input)
            if r.status != .success || Hex.encode(r.output) != v.result {
                failures += 1
                if failures < 10 { Issue.record("\(v.op)(\(v.args)) = \(Hex.encode(r.output)), want \(v.result)") }
            }
        }
        #expect(failures == 0)
    }

    /// EIP-7939 CLZ exists from Osaka: CLZ(1) = 255, CLZ(0) = 256; undefined in Prague.
    @Test func clzOnlyInOsaka() {
        let code = Asm().push(1).raw([0x1e]).push(0).op(.mstore).push(0).raw([0x1e]).push(32).op(.mstore).ret(0, 64).bytes
        let (osaka, _) = execute(code, fork: .osaka)
        #expect(osaka.status == .success)
        #expect(osaka.output == UInt256(255).bigEndianBytes + UInt256(256).bigEndianBytes)
        let (prague, _) = execute(code, fork: .prague)
        #expect(prague.status == .invalidOpcode)
        #expect(prague.gasLeft == 0)
    }
}
