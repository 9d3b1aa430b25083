// evm-bench: the interpreter on ../shared/bench/cases.json, kept out of the tests.
//
//   swift run -c release evm-bench [path/to/cases.json] [--runs N]  > /tmp/ours.jsonl
//   python ../shared/bench/compare.py /tmp/ours.jsonl /tmp/revm.jsonl
//
// One JSON line per case: {"name", "runs", "medianSeconds", "mgasPerSecond", "gasUsed", "ok"}, the
// shape ../shared/bench/README.md asks for. Each run starts from a fresh state (deploy untimed);
// only the call is timed. gasUsed is the transaction's (intrinsic gas, refund cap, EIP-7623 floor).
// Numbers only mean something in release builds.
import EVM
import Foundation
import Primitives

struct Cases: Decodable { var cases: [Case] }
struct Case: Decodable {
    var name: String; var initcode: String; var calldata: String; var gasLimit: UInt64; var expectedOutput: String
}

func hexBytes(_ s: String) -> [UInt8] {
    let digits = Array((s.hasPrefix("0x") ? String(s.dropFirst(2)) : s).utf8)
    func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
    var out = [UInt8](repeating: 0, count: digits.count / 2)
    for i in 0..<out.count { out[i] = nibble(digits[2 * i]) << 4 | nibble(digits[2 * i + 1]) }
    return out
}

var args = Array(CommandLine.arguments.dropFirst())
var runs = 7
if let i = args.firstIndex(of: "--runs"), i + 1 < args.count {
    runs = Int(args[i + 1]) ?? 7
    args.removeSubrange(i...i + 1)
}
var path = args.first
if path == nil {
    // ../shared/bench/cases.json from the package root, or from further up (git worktrees)
    var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    while dir.path != "/" {
        let candidate = dir.appendingPathComponent("shared/bench/cases.json")
        if FileManager.default.fileExists(atPath: candidate.path) { path = candidate.path; break }
        dir = dir.deletingLastPathComponent()
    }
}
guard let path, let data = FileManager.default.contents(atPath: path),
      let cases = try? JSONDecoder().decode(Cases.self, from: data).cases else {
    FileHandle.standardError.write("usage: evm-bench [cases.json] [--runs N]\n".data(using: .utf8)!)
    exit(2)
}

let caller = Address(hex: "0x1111111111111111111111111111111111111111")!
let block = BlockContext(number: 1, timestamp: 1_700_000_000, coinbase: Address(hex: "0x00000000000000000000000000000000000c0b5e")!,
                         gasLimit: 30_000_000, baseFee: .zero, prevRandao: .zero, chainId: UInt256(1))
let fork = Hardfork.prague

for c in cases {
    var times: [Double] = []
    var ok = true
    var gasUsed: UInt64 = 0
    let input = hexBytes(c.calldata)
    for _ in 0..<runs {
        let host = BenchHost()
        host.accounts[caller] = BenchHost.Account(nonce: 1, balance: UInt256(w0: 0, w1: 1, w2: 0, w3: 0))
        host.beginTransaction(warm: [caller, block.coinbase] + Precompiles.addresses(for: fork))
        var evm = EVM(host: host, block: block, tx: TransactionContext(origin: caller, gasPrice: .zero), fork: fork)
        let deployed = evm.execute(Message(kind: .create, caller: caller, target: .zero, input: hexBytes(c.initcode), gas: 30_000_000))
        guard let contract = deployed.createdAddress else { ok = false; break }
        host.accounts[caller]?.nonce = 2
        host.beginTransaction(warm: [caller, contract, block.coinbase] + Precompiles.addresses(for: fork))
        let intrinsic = GasSchedule.intrinsicGas(data: input, isCreate: false)
        let message = Message(kind: .call, caller: caller, target: contract, input: input, gas: Int64(c.gasLimit - intrinsic))
        let start = DispatchTime.now().uptimeNanoseconds
        let r = evm.execute(message)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        var used = c.gasLimit - UInt64(r.gasLeft)
        used -= min(UInt64(max(r.gasRefund, 0)), used / GasSchedule.maxRefundQuotient)
        gasUsed = max(used, GasSchedule.floorDataGas(data: input))
        ok = ok && r.status == .success && Hex.encode(r.output) == c.expectedOutput
    }
    times.sort()
    let median = times.isEmpty ? 0 : times[times.count / 2]
    let line: [String: Any] = ["name": c.name, "runs": runs, "medianSeconds": median,
                               "mgasPerSecond": median > 0 ? Double(gasUsed) / median / 1e6 : 0,
                               "gasUsed": gasUsed, "ok": ok]
    let json = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}
