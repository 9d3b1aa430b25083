import Foundation
import Primitives
import Testing
@testable import EVM

/// `../shared/bench/cases.json`: six Vyper workloads with revm's gas figure (checked against py-evm
/// by the fixture's authors) for one heavy call run as a transaction from a fresh state after the
/// deploy. Each must give the same gas used (intrinsic included) and the expected return data.
@Suite struct BenchCasesTests {
    struct Cases: Decodable { var cases: [Case] }
    struct Case: Decodable {
        var name: String; var initcode: String; var calldata: String; var gasLimit: UInt64
        var expectedOutput: String; var gasUsed: UInt64
    }

    /// ../shared relative to the package root; from a git worktree one level deeper (/work/wt/<name>)
    /// further ancestors are tried.
    static func sharedDirectory() -> URL? {
        let fm = FileManager.default
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" && !fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        var base = dir.deletingLastPathComponent()
        while base.path != "/" {
            let candidate = base.appendingPathComponent("shared")
            if fm.fileExists(atPath: candidate.appendingPathComponent("bench").path) { return candidate }
            base = base.deletingLastPathComponent()
        }
        return nil
    }

    @Test func benchCasesMatchRevm() throws {
        let url = try #require(Self.sharedDirectory()).appendingPathComponent("bench/cases.json")
        let cases = try JSONDecoder().decode(Cases.self, from: Data(contentsOf: url)).cases
        #expect(cases.count == 6)
        let deployer = Address(hex: "0x1111111111111111111111111111111111111111")!
        for c in cases {
            let host = MockHost()
            host.setAccount(deployer, nonce: 1, balance: UInt256(10).exp10(30))
            let block = testBlock()
            host.beginTransaction(warm: [deployer, block.coinbase] + Precompiles.addresses(for: .prague))
            var evm = EVM(host: host, block: block, tx: TransactionContext(origin: deployer, gasPrice: .zero), fork: .prague)
            let deployed = evm.execute(Message(kind: .create, caller: deployer, target: .zero,
                                               input: hexBytes(c.initcode), gas: 30_000_000))
            let contract = try #require(deployed.createdAddress, "\(c.name): deploy \(deployed.status)")
            let data = hexBytes(c.calldata)
            host.setNonce(deployer, 2)
            host.beginTransaction(warm: [deployer, contract, block.coinbase] + Precompiles.addresses(for: .prague))
            let intrinsic = GasSchedule.intrinsicGas(data: data, isCreate: false)
            let r = evm.execute(Message(kind: .call, caller: deployer, target: contract, input: data,
                                        gas: Int64(c.gasLimit - intrinsic)))
            var used = c.gasLimit - UInt64(r.gasLeft)
            used -= min(UInt64(max(r.gasRefund, 0)), used / GasSchedule.maxRefundQuotient)
            used = max(used, GasSchedule.floorDataGas(data: data))
            #expect(r.status == .success, "\(c.name)")
            #expect(used == c.gasUsed, "\(c.name)")
            #expect(Hex.encode(r.output) == c.expectedOutput, "\(c.name)")
        }
    }
}
