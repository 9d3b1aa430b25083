// evm-bench: a micro benchmark of the interpreter, kept out of the tests.
// Run: swift run -c release evm-bench   (numbers only mean something in release builds)
import EVM
import Foundation
import Primitives

/// A minimal dictionary-backed host (no journal: the benchmark never reverts).
final class BenchHost: EVMHost {
    var codes: [Address: Bytecode] = [:]
    var slots: [UInt256: UInt256] = [:]
    func accountExists(_ a: Address) -> Bool { codes[a] != nil }
    func isEmpty(_ a: Address) -> Bool { codes[a] == nil }
    func balance(_ a: Address) -> UInt256 { .zero }
    func nonce(_ a: Address) -> UInt64 { 1 }
    func code(_ a: Address) -> Bytecode { codes[a] ?? .empty }
    func codeHash(_ a: Address) -> Hash { codes[a]?.hash ?? .zero }
    func storage(_ a: Address, _ key: UInt256) -> UInt256 { slots[key] ?? .zero }
    func originalStorage(_ a: Address, _ key: UInt256) -> UInt256 { .zero }
    func transientStorage(_ a: Address, _ key: UInt256) -> UInt256 { .zero }
    func blockHash(_ number: UInt64) -> Hash { .zero }
    func warmAccount(_ a: Address) -> Bool { false }
    func warmStorage(_ a: Address, _ key: UInt256) -> Bool { false }
    func setStorage(_ a: Address, _ key: UInt256, _ value: UInt256) { slots[key] = value }
    func setTransientStorage(_ a: Address, _ key: UInt256, _ value: UInt256) {}
    func setNonce(_ a: Address, _ nonce: UInt64) {}
    func addBalance(_ a: Address, _ amount: UInt256) {}
    func subtractBalance(_ a: Address, _ amount: UInt256) {}
    func setCode(_ a: Address, _ code: [UInt8]) { codes[a] = Bytecode(code) }
    func markCreated(_ a: Address) {}
    func wasCreatedInTransaction(_ a: Address) -> Bool { false }
    func selfDestruct(_ a: Address, beneficiary: Address) {}
    func emitLog(_ log: Log) {}
    func checkpoint() -> Int { 0 }
    func revert(to checkpoint: Int) {}
    func commit(_ checkpoint: Int) {}
}

func hex(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var i = s.startIndex
    while i < s.endIndex {
        let j = s.index(i, offsetBy: 2)
        out.append(UInt8(s[i..<j], radix: 16)!)
        i = j
    }
    return out
}

let programs: [(String, String)] = [
    // PUSH3 1_000_000; loop: JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH1 4 JUMPI; STOP — 26 gas per iteration
    ("countdown loop", "620f4240" + "5b600190038060045700"),
    // acc = 1; loop: acc = (acc * K + 7) ^ counter — MUL/ADD/XOR on full 256-bit words
    ("arith loop", "6001620f4240" + "5b" + "90" + "7f" + String(repeating: "a5", count: 32) + "02" + "600701" + "8118"
        + "90" + "600190038060065700"),
    // loop: MSTORE(counter & 0x3ff, counter) then KECCAK256(0, 64)
    ("memory+keccak loop", "620186a0" + "5b" + "80806103ff1652" + "6040600020" + "50" + "600190038060045700"),
]

let address = Address(hex: "0x0000000000000000000000000000000000001000")!
let block = BlockContext(number: 1, timestamp: 1, coinbase: .zero, gasLimit: 30_000_000, baseFee: .zero,
                         prevRandao: .zero, chainId: UInt256(1))
for (name, code) in programs {
    let host = BenchHost()
    host.codes[address] = Bytecode(hex(code))
    var evm = EVM(host: host, block: block, tx: TransactionContext(origin: .zero, gasPrice: .zero), fork: .prague)
    let gas: Int64 = 10_000_000_000
    var best = Double.infinity
    var used: Int64 = 0
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        let r = evm.execute(Message(kind: .call, caller: .zero, target: address, gas: gas))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        precondition(r.status == .success, "\(name): \(r.status)")
        used = gas - r.gasLeft
        best = min(best, seconds)
    }
    print("\(name): \(used) gas in \(String(format: "%.3f", best * 1000)) ms = \(String(format: "%.0f", Double(used) / best / 1e6)) Mgas/s")
}
