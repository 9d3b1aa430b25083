import Primitives
import Testing
@testable import EVM

/// The SSTORE test table of EIP-3529 ("Test Cases"), which assumes the slot is already warm:
/// code, gas used, refund, original value of slot 0. The gas numbers (+2100 when the slot starts
/// cold) were also checked with pyrevm 0.3.7.
@Suite struct SStoreTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var code: String; var used: Int64; var refund: Int64; var original: Int
        var testDescription: String { "\(code) original \(original)" }
    }

    static let eip3529: [Row] = [
        Row(code: "60006000556000600055", used: 212, refund: 0, original: 0),
        Row(code: "60006000556001600055", used: 20112, refund: 0, original: 0),
        Row(code: "60016000556000600055", used: 20112, refund: 19900, original: 0),
        Row(code: "60016000556002600055", used: 20112, refund: 0, original: 0),
        Row(code: "60016000556001600055", used: 20112, refund: 0, original: 0),
        Row(code: "60006000556000600055", used: 3012, refund: 4800, original: 1),
        Row(code: "60006000556001600055", used: 3012, refund: 2800, original: 1),
        Row(code: "60006000556002600055", used: 3012, refund: 0, original: 1),
        Row(code: "60026000556000600055", used: 3012, refund: 4800, original: 1),
        Row(code: "60026000556003600055", used: 3012, refund: 0, original: 1),
        Row(code: "60026000556001600055", used: 3012, refund: 2800, original: 1),
        Row(code: "60026000556002600055", used: 3012, refund: 0, original: 1),
        Row(code: "60016000556000600055", used: 3012, refund: 4800, original: 1),
        Row(code: "60016000556002600055", used: 3012, refund: 0, original: 1),
        Row(code: "60016000556001600055", used: 212, refund: 0, original: 1),
        Row(code: "600160005560006000556001600055", used: 40118, refund: 19900, original: 0),
        Row(code: "600060005560016000556000600055", used: 5918, refund: 7600, original: 1),
    ]

    @Test(arguments: eip3529)
    func eip3529Table(_ row: Row) {
        let storage: [UInt256: UInt256] = row.original == 0 ? [:] : [.zero: UInt256(row.original)]
        // warm: pre-warm slot 0 through a host prepared like `execute` does
        let host = MockHost()
        host.setAccount(callerAddress, balance: UInt256(10).exp10(18))
        host.setAccount(contractAddress, nonce: 1, code: hexBytes(row.code), storage: storage)
        host.beginTransaction(warm: [callerAddress, contractAddress])
        _ = host.warmStorage(contractAddress, .zero)
        var evm = EVM(host: host, block: testBlock(), tx: TransactionContext(origin: callerAddress, gasPrice: .one), fork: .prague)
        let r = evm.execute(Message(kind: .call, caller: callerAddress, target: contractAddress, gas: 100_000))
        #expect(r.status == .success)
        #expect(100_000 - r.gasLeft == row.used)
        #expect(r.gasRefund == row.refund)
    }

    @Test(arguments: eip3529)
    func coldSlotCostsColdSloadMore(_ row: Row) {
        let storage: [UInt256: UInt256] = row.original == 0 ? [:] : [.zero: UInt256(row.original)]
        let (r, _) = execute(hexBytes(row.code), gas: 100_000, storage: storage)
        #expect(100_000 - r.gasLeft == row.used + 2100)
    }

    /// EIP-2200: SSTORE fails when no more than the 2300 stipend is left.
    @Test func sentryRejectsStipendGas() {
        let code = hexBytes("6001600055")   // 6 gas of pushes, then SSTORE
        let (r, host) = execute(code, gas: 2306)
        #expect(r.status == .outOfGas)
        #expect(r.gasLeft == 0)
        #expect(host.storage(contractAddress, .zero) == .zero)
        let (ok, _) = execute(code, gas: 6 + 2100 + 20000)
        #expect(ok.status == .success)
        #expect(ok.gasLeft == 0)
    }
}
