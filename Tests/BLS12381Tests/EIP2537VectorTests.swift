import Foundation
import Testing
@testable import BLS12381

/// EIP-2537's own test vectors (ethereum/EIPs assets/eip-2537, see Vectors/README.md).
@Suite("EIP-2537 vectors")
struct EIP2537VectorTests {
    struct Case { var name: String; var input: [UInt8]; var expected: [UInt8]?; var gas: Int64? }

    static func load(_ file: String) throws -> [Case] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")
        let data = try Data(contentsOf: dir.appendingPathComponent(file + ".json"))
        let list = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return list.map { d in
            Case(name: d["Name"] as? String ?? "?",
                 input: hexBytes(d["Input"] as? String ?? ""),
                 expected: (d["Expected"] as? String).map(hexBytes),
                 gas: (d["Gas"] as? Int).map(Int64.init))
        }
    }

    func run(_ file: String, _ f: ([UInt8]) -> [UInt8]?, gas: ((Int) -> Int64)? = nil) throws {
        let cases = try Self.load(file)
        #expect(!cases.isEmpty)
        for c in cases {
            let out = f(c.input)
            if let e = c.expected {
                #expect(out == e, "\(file): \(c.name)")
            } else {
                #expect(out == nil, "\(file): \(c.name) should fail")
            }
            if let g = c.gas, let gas { #expect(gas(c.input.count) == g, "\(file): \(c.name) gas") }
        }
    }

    @Test func g1Add() throws { try run("add_G1_bls", BLSPrecompiles.g1Add, gas: { _ in BLSPrecompiles.g1AddGas }) }
    @Test func g2Add() throws { try run("add_G2_bls", BLSPrecompiles.g2Add, gas: { _ in BLSPrecompiles.g2AddGas }) }
    @Test func g1Mul() throws { try run("mul_G1_bls", BLSPrecompiles.g1MSM, gas: BLSPrecompiles.g1MSMGas) }
    @Test func g2Mul() throws { try run("mul_G2_bls", BLSPrecompiles.g2MSM, gas: BLSPrecompiles.g2MSMGas) }
    @Test func g1MSM() throws { try run("msm_G1_bls_subset", BLSPrecompiles.g1MSM, gas: BLSPrecompiles.g1MSMGas) }
    @Test func failures() throws {
        try run("fail-add_G1_bls", BLSPrecompiles.g1Add)
        try run("fail-add_G2_bls", BLSPrecompiles.g2Add)
        try run("fail-msm_G1_bls", BLSPrecompiles.g1MSM)
        try run("fail-msm_G2_bls", BLSPrecompiles.g2MSM)
        try run("fail-mul_G1_bls", BLSPrecompiles.g1MSM)
        try run("fail-mul_G2_bls", BLSPrecompiles.g2MSM)
    }

    @Test func g1MSMGasTable() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")
        let data = try Data(contentsOf: dir.appendingPathComponent("msm_G1_bls_gas.json"))
        let list = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(list.count == 163)
        for d in list {
            let length = try #require(d["Length"] as? Int), gas = try #require(d["Gas"] as? Int)
            #expect(BLSPrecompiles.g1MSMGas(inputLength: length) == Int64(gas), "\(d["Name"] ?? "?")")
        }
    }
}
