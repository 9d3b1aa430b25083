import Primitives
import Testing
@testable import EVM

/// Gas and outputs cross-checked with pyrevm 0.3.7 (spec PRAGUE): the numbers below are printed by
/// `Tests/EVMTests/Reference/pyrevm_gas.py`, which runs the same bytecode with the same pre-state
/// (contract 0x…1000 with nonce 1 and storage slot 0 = 1, or balance 10 where a case needs one;
/// caller 0x…2000; caller, contract, coinbase and precompiles warm; gas 1,000,000).
/// frameGas = pyrevm gas_used + gas_refunded − 21000 intrinsic.
@Suite struct GasReferenceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var code: String
        var frameGas: Int64
        var refund: Int64 = 0
        var output: String = ""
        var status: ExecutionStatus = .success
        var contractBalance: Int = 0
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "arith", code: "6007600502600301" + "60020a" + "600052" + "60206000f3", frameGas: 95,
             output: "0000000000000000000000000000000000000000000000000000004000000000"),
        Case(name: "memory", code: "600161100052" + "6020610ff02050" + "59600052" + "00", frameGas: 480),
        Case(name: "sstore", code: "600060005560016000556005600155600154506002545000", frameGas: 29428, refund: 2800),
        Case(name: "call_value_new", code: "60006000600060006001" + "61dead" + "6000" + "f1" + "50" + "00",
             frameGas: 34323, contractBalance: 10),
        Case(name: "log2", code: "602a600052" + "6002600160206000a2" + "00", frameGas: 1405),
        Case(name: "create", code: "6460016000f3600052" + "60426005601b6000f550" + "6005601b6000f050" + "00",
             frameGas: 64465),
        // pyrevm: Revert { gas_used: 21018, output: 0x…2a }
        Case(name: "revert", code: "602a600052" + "60206000fd", frameGas: 18,
             output: "000000000000000000000000000000000000000000000000000000000000002a", status: .revert),
        Case(name: "transient_mcopy", code: "600760015d" + "60015c" + "5f52" + "602060006040" + "5e" + "00", frameGas: 238),
        Case(name: "selfdestruct", code: "61beefff", frameGas: 32603, contractBalance: 10),
        Case(name: "account_reads", code: "612000315061dead3b50303f5060004050" + "00", frameGas: 2839),
        Case(name: "precompiles", code: "62616263600052"
                + "602060006003601d600261fffffa50" + "602060206003601d600361fffffa50"
                + "602060406003601d600461fffffa50" + "60606000f3",
             frameGas: 1194,
             output: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
                + "000000000000000000000000478b89b1bdc501f66b04f6f0be4c7f96297a6409"
                + "0015ad0000000000000000000000000000000000000000000000000000000000"),
    ]

    @Test(arguments: cases)
    func matchesPyrevm(_ c: Case) {
        let storage: [UInt256: UInt256] = c.contractBalance == 0 ? [.zero: .one] : [:]
        let (r, _) = execute(hexBytes(c.code), contractBalance: UInt256(c.contractBalance), storage: storage)
        #expect(r.status == c.status)
        #expect(1_000_000 - r.gasLeft == c.frameGas)
        #expect(r.gasRefund == c.refund)
        #expect(Hex.encode(r.output) == "0x" + c.output)
    }

    /// pyrevm `deploy` of the same init code from 0x…2000 (nonce 0): address
    /// 0xb3e24d9623721fa939b2005b14b4bffe9e3fb2b2, frame gas 1024 (incl. 5 × 200 code deposit).
    @Test func createTransactionMatchesPyrevm() throws {
        let host = MockHost()
        host.setAccount(callerAddress, nonce: 1, balance: UInt256(10).exp10(18))   // Chain already incremented
        host.beginTransaction(warm: [callerAddress])
        var evm = EVM(host: host, block: testBlock(), tx: TransactionContext(origin: callerAddress, gasPrice: .one), fork: .prague)
        let r = evm.execute(Message(kind: .create, caller: callerAddress, target: .zero,
                                    input: hexBytes("6005600c60003960056000f3" + "60016000f3"), gas: 1_000_000))
        #expect(r.status == .success)
        #expect(1_000_000 - r.gasLeft == 1024)
        let created = try #require(r.createdAddress)
        #expect(created == Address(hex: "0xb3e24d9623721fa939b2005b14b4bffe9e3fb2b2")!)
        #expect(host.code(created).bytes == hexBytes("60016000f3"))
        #expect(host.nonce(created) == 1)
        #expect(host.nonce(callerAddress) == 1)   // the EVM did not touch the sender's nonce
    }
}
