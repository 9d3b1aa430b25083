import EVM
import Primitives
import Testing
@testable import State

/// The real interpreter running on `WorldState`: SSTORE gas depends on the host's original values
/// and warm sets (EIP-2200, EIP-2929, EIP-3529 as in EELS cancun/vm/instructions/storage.py), and a
/// reverting frame leaves no trace.
@Suite("EVM on WorldState")
struct EVMIntegrationTests {
    let sender = Fixture.devAddresses[0]
    let target = Fixture.address("0x00000000000000000000000000000000000000c1")

    func run(_ s: WorldState, gas: Int64 = 100_000) -> ExecutionResult {
        let block = BlockContext(number: 1, timestamp: 1, coinbase: .zero, gasLimit: 30_000_000,
                                 baseFee: .zero, prevRandao: .zero, chainId: UInt256(31337))
        var evm = EVM(host: s, block: block, tx: TransactionContext(origin: sender, gasPrice: .zero), fork: .prague)
        return evm.execute(Message(kind: .call, caller: sender, target: target, gas: gas))
    }

    @Test("SSTORE 0→42→7 in one transaction: 22100 (cold set) + 100 (dirty slot)")
    func sstoreSetThenDirty() {
        let s = WorldState(genesis: [sender: Account(balance: Fixture.ether)])
        // PUSH1 0x2a PUSH1 0 SSTORE  PUSH1 7 PUSH1 0 SSTORE  STOP
        s.setCode(target, [0x60, 0x2a, 0x60, 0x00, 0x55, 0x60, 0x07, 0x60, 0x00, 0x55, 0x00])
        s.setNonce(target, 1)
        s.beginTransaction()
        let r = run(s)
        #expect(r.status == .success)
        #expect(100_000 - r.gasLeft == 3 + 3 + 22_100 + 3 + 3 + 100)
        #expect(s.storage(target, 0) == 7)
        #expect(s.originalStorage(target, 0) == .zero)
        s.finalizeTransaction(fork: .prague)
        s.beginTransaction()
        #expect(s.originalStorage(target, 0) == 7)
    }

    @Test("SSTORE clearing a slot set before the transaction: 5000 gas, 4800 refund (EIP-3529)")
    func sstoreClear() {
        let s = WorldState(genesis: [sender: Account(balance: Fixture.ether),
                                     target: Account(nonce: 1, code: [0x60, 0x00, 0x60, 0x00, 0x55, 0x00],
                                                     storage: [0: 1])])
        s.beginTransaction()
        let r = run(s)
        #expect(r.status == .success)
        #expect(100_000 - r.gasLeft == 3 + 3 + 5_000)
        #expect(r.gasRefund == 4_800)
        s.finalizeTransaction(fork: .prague)
        #expect(s.account(target)?.storage.isEmpty == true)
    }

    @Test("a reverting frame undoes its storage write, its log and its warm slot")
    func revertingFrame() {
        // PUSH1 0x2a PUSH1 0 SSTORE  PUSH1 0 PUSH1 0 LOG0  PUSH1 0 PUSH1 0 REVERT
        let code: [UInt8] = [0x60, 0x2a, 0x60, 0x00, 0x55, 0x60, 0x00, 0x60, 0x00, 0xa0, 0x60, 0x00, 0x60, 0x00, 0xfd]
        let s = WorldState(genesis: [sender: Account(balance: Fixture.ether),
                                     target: Account(nonce: 1, code: code)])
        let before = s.commitBlock()
        s.beginTransaction()
        let r = run(s)
        #expect(r.status == .revert)
        #expect(s.storage(target, 0) == .zero)
        #expect(s.logs.isEmpty)
        #expect(s.warmStorage(target, 0))   // cold again
        s.finalizeTransaction(fork: .prague)
        #expect(s.commitBlock() == before)
    }
}
