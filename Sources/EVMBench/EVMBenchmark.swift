import EVM
import Foundation
import Primitives

/// One workload of `../shared/bench/cases.json` (format: `../shared/bench/README.md`).
public struct BenchCase: Decodable, Sendable {
    /// Case name ("arith_loop").
    public var name: String
    /// Contract creation code, "0x"-hex.
    public var initcode: String
    /// Call data of the timed call, "0x"-hex.
    public var calldata: String
    /// Gas limit of the timed call transaction, in gas.
    public var gasLimit: UInt64
    /// The return data the call must produce, "0x"-hex.
    public var expectedOutput: String
    /// revm's gas used for the call transaction (intrinsic gas included), when the file gives it.
    public var gasUsed: UInt64?
}

/// One case's measurement: the JSON line `../shared/bench/README.md` asks for.
public struct BenchResult: Sendable, Equatable {
    public var name: String
    /// Timed runs.
    public var runs: Int
    /// Median wall time of the call alone, in seconds.
    public var medianSeconds: Double
    /// gasUsed / medianSeconds / 10⁶.
    public var mgasPerSecond: Double
    /// The call transaction's gas used: intrinsic gas + execution − capped refund (EIP-3529), at
    /// least the EIP-7623 floor.
    public var gasUsed: UInt64
    /// Every run succeeded and returned `expectedOutput`.
    public var ok: Bool

    public init(name: String, runs: Int, medianSeconds: Double, mgasPerSecond: Double, gasUsed: UInt64, ok: Bool) {
        self.name = name
        self.runs = runs
        self.medianSeconds = medianSeconds
        self.mgasPerSecond = mgasPerSecond
        self.gasUsed = gasUsed
        self.ok = ok
    }

    /// `{"name":…,"runs":…,"medianSeconds":…,"mgasPerSecond":…,"gasUsed":…,"ok":…}`, keys in that order.
    public var jsonLine: String {
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "{\"name\":\"\(escaped)\",\"runs\":\(runs),\"medianSeconds\":\(medianSeconds),"
            + "\"mgasPerSecond\":\(mgasPerSecond),\"gasUsed\":\(gasUsed),\"ok\":\(ok)}"
    }
}

/// A cases file that cannot be used.
public struct BenchError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The EVM benchmark behind `devnet bench evm` (and `evm-bench`): per case, deploy the contract
/// (untimed) into a fresh in-memory state, then time only the call, `runs` times, each run from a
/// fresh state. Prague rules, block gas limit 30,000,000, gas price 0.
public enum EVMBenchmark {
    /// Reads a cases file (`{"cases": [BenchCase…]}`).
    /// - Throws: `BenchError` when the file cannot be read or decoded, or a hex field is malformed.
    public static func loadCases(path: String) throws -> [BenchCase] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError(description: "cannot read \(path)")
        }
        struct File: Decodable { var cases: [BenchCase] }
        let cases: [BenchCase]
        do { cases = try JSONDecoder().decode(File.self, from: data).cases } catch {
            throw BenchError(description: "\(path): not a cases file: \(error)")
        }
        for c in cases {
            for (field, hex) in [("initcode", c.initcode), ("calldata", c.calldata), ("expectedOutput", c.expectedOutput)] {
                guard (try? Hex.decode(hex)) != nil else { throw BenchError(description: "\(path): \(c.name).\(field) is not 0x-hex") }
            }
        }
        return cases
    }

    /// `shared/bench/cases.json` in the nearest ancestor of `start` that has it (from the package root
    /// this is `../shared/bench/cases.json`; it also works from a worktree nested deeper), or nil.
    public static func findDefaultCases(from start: URL) -> String? {
        var dir = start.standardizedFileURL
        while true {
            let candidate = dir.appendingPathComponent("shared/bench/cases.json")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    /// The default cases file: looked for above the running executable (…/<package>/.build/…/devnet),
    /// then above the current directory.
    public static func defaultCasesPath() -> String? {
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        return findDefaultCases(from: exe)
            ?? findDefaultCases(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    static let caller = Address(hex: "0x1111111111111111111111111111111111111111")!
    static let block = BlockContext(number: 1, timestamp: 1_700_000_000,
                                    coinbase: Address(hex: "0x00000000000000000000000000000000000c0b5e")!,
                                    gasLimit: 30_000_000, baseFee: .zero, prevRandao: .zero, chainId: UInt256(1))
    static let fork = Hardfork.prague

    /// Measures one case over `runs` (at least 1) timed calls.
    public static func run(_ c: BenchCase, runs: Int = 7) -> BenchResult {
        let runs = max(1, runs)
        var times: [Double] = []
        var ok = true
        var gasUsed: UInt64 = 0
        let input = (try? Hex.decode(c.calldata)) ?? []
        let initcode = (try? Hex.decode(c.initcode)) ?? []
        let expected = (try? Hex.decode(c.expectedOutput)) ?? []
        let intrinsic = GasSchedule.intrinsicGas(data: input, isCreate: false)
        guard c.gasLimit >= intrinsic else {
            return BenchResult(name: c.name, runs: 0, medianSeconds: 0, mgasPerSecond: 0, gasUsed: 0, ok: false)
        }
        for _ in 0..<runs {
            let host = BenchHost()
            host.accounts[caller] = BenchHost.Account(nonce: 1, balance: UInt256(w0: 0, w1: 1, w2: 0, w3: 0))
            host.beginTransaction(warm: [caller, block.coinbase] + Precompiles.addresses(for: fork))
            var evm = EVM(host: host, block: block, tx: TransactionContext(origin: caller, gasPrice: .zero), fork: fork)
            let deployed = evm.execute(Message(kind: .create, caller: caller, target: .zero, input: initcode, gas: 30_000_000))
            guard let contract = deployed.createdAddress else { ok = false; break }
            host.accounts[caller]?.nonce = 2
            host.beginTransaction(warm: [caller, contract, block.coinbase] + Precompiles.addresses(for: fork))
            let message = Message(kind: .call, caller: caller, target: contract, input: input,
                                  gas: Int64(clamping: c.gasLimit - intrinsic))
            let start = DispatchTime.now().uptimeNanoseconds
            let r = evm.execute(message)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            var used = c.gasLimit - UInt64(max(0, r.gasLeft))
            used -= min(UInt64(max(r.gasRefund, 0)), used / GasSchedule.maxRefundQuotient)
            gasUsed = max(used, GasSchedule.floorDataGas(data: input))
            ok = ok && r.status == .success && r.output == expected
        }
        times.sort()
        let median = times.isEmpty ? 0 : times[times.count / 2]
        return BenchResult(name: c.name, runs: times.count, medianSeconds: median,
                           mgasPerSecond: median > 0 ? Double(gasUsed) / median / 1e6 : 0,
                           gasUsed: gasUsed, ok: ok)
    }
}
