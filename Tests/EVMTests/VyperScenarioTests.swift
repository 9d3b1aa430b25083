import Foundation
import Primitives
import Testing
@testable import EVM

/// Replays `Reference/vyper_scenario.json`: the conformance suite's Vyper contracts (ERC-20 Token,
/// CREATE2 Factory with EIP-1167 proxies and code copies, Reverter, Counter, Emitter) compiled by
/// `vyper_compile.py` (vyper 0.4.3, cancun) and run as a transaction sequence on py-evm 0.12.1b1
/// (PragueVM, signed legacy transactions) by `vyper_scenario.py`. (pyrevm's `message_call` does not
/// start a fresh transaction — warm sets and original storage carry over — so it cannot serve here.)
/// Each transaction runs here on the mock host under a minimal transaction level (the one Chain
/// implements: nonce increment, warm sender/target/coinbase/precompiles, intrinsic gas, refund cap
/// gasUsed/5, EIP-7623 floor), and gas used, status, output and created address must match exactly.
@Suite struct VyperScenarioTests {
    struct Scenario: Decodable { var coinbase: String; var accounts: [String]; var transactions: [Tx] }
    struct Tx: Decodable {
        var from: String; var to: String?; var data: String; var value: UInt64; var gas: UInt64; var nonce: UInt64
        var status: String; var output: String; var gasUsed: UInt64; var created: String?
    }

    @Test func replayMatchesPyrevm() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/vyper_scenario.json")
        let scenario = try JSONDecoder().decode(Scenario.self, from: Data(contentsOf: url))
        let host = MockHost()
        for a in scenario.accounts { host.setAccount(Address(hex: a)!, balance: UInt256(10).exp10(21)) }
        let coinbase = Address(hex: scenario.coinbase)!
        var block = testBlock()
        block.coinbase = coinbase
        #expect(scenario.transactions.count == 27)
        for (i, t) in scenario.transactions.enumerated() {
            let sender = Address(hex: t.from)!
            let data = hexBytes(t.data)
            let isCreate = t.to == nil
            host.setNonce(sender, t.nonce + 1)   // the transaction level increments first
            let to = t.to.map { Address(hex: $0)! }
            host.beginTransaction(warm: [sender, coinbase] + (to.map { [$0] } ?? []) + Precompiles.addresses(for: .prague))
            let intrinsic = GasSchedule.intrinsicGas(data: data, isCreate: isCreate)
            var evm = EVM(host: host, block: block, tx: TransactionContext(origin: sender, gasPrice: .zero), fork: .prague)
            let r = evm.execute(Message(kind: isCreate ? .create : .call, caller: sender, target: to ?? .zero,
                                        value: UInt256(t.value), input: data, gas: Int64(t.gas - intrinsic)))
            var used = t.gas - UInt64(r.gasLeft)
            used -= min(UInt64(max(r.gasRefund, 0)), used / GasSchedule.maxRefundQuotient)
            used = max(used, GasSchedule.floorDataGas(data: data))
            #expect(used == t.gasUsed, "tx \(i)")
            #expect((r.status == .success ? "success" : r.status == .revert ? "revert" : "\(r.status)") == t.status, "tx \(i)")
            #expect(Hex.encode(r.output) == "0x" + t.output, "tx \(i)")
            if let created = t.created {
                #expect(r.createdAddress == Address(hex: created)!, "tx \(i)")
            }
        }
    }
}
