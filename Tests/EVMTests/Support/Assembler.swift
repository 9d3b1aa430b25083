import Primitives
@testable import EVM

/// A tiny bytecode builder: `Asm().push(1).push(2).op(.add).bytes`.
struct Asm {
    var bytes: [UInt8] = []

    enum Op: UInt8 {
        case stop = 0x00, add = 0x01, mul = 0x02, sub = 0x03, div = 0x04, exp = 0x0a
        case lt = 0x10, eq = 0x14, iszero = 0x15, keccak256 = 0x20
        case address = 0x30, balance = 0x31, caller = 0x33, callvalue = 0x34, calldataload = 0x35
        case calldatasize = 0x36, calldatacopy = 0x37, codecopy = 0x39, extcodesize = 0x3b
        case returndatasize = 0x3d, returndatacopy = 0x3e, extcodehash = 0x3f, blockhash = 0x40
        case number = 0x43, selfbalance = 0x47
        case pop = 0x50, mload = 0x51, mstore = 0x52, mstore8 = 0x53, sload = 0x54, sstore = 0x55
        case jump = 0x56, jumpi = 0x57, pc = 0x58, msize = 0x59, gas = 0x5a, jumpdest = 0x5b
        case tload = 0x5c, tstore = 0x5d, mcopy = 0x5e, push0 = 0x5f
        case dup1 = 0x80, swap1 = 0x90
        case log0 = 0xa0, log1 = 0xa1, log2 = 0xa2
        case create = 0xf0, call = 0xf1, callcode = 0xf2, ret = 0xf3, delegatecall = 0xf4, create2 = 0xf5
        case staticcall = 0xfa, revert = 0xfd, invalid = 0xfe, selfdestruct = 0xff
    }

    func op(_ o: Op) -> Asm { var a = self; a.bytes.append(o.rawValue); return a }
    func raw(_ b: [UInt8]) -> Asm { var a = self; a.bytes += b; return a }

    /// PUSHn with the minimal width (PUSH1 for zero).
    func push(_ v: UInt256) -> Asm {
        var a = self
        let be = v.minimalBigEndianBytes
        let data = be.isEmpty ? [UInt8(0)] : be
        a.bytes.append(0x5f + UInt8(data.count))
        a.bytes += data
        return a
    }
    func push(_ v: Int) -> Asm { push(UInt256(v)) }
    func push(_ a: Address) -> Asm { push(a.word) }

    /// MSTORE `word` at `offset`.
    func mstore(_ offset: Int, _ word: UInt256) -> Asm { push(word).push(offset).op(.mstore) }
    /// RETURN(offset, size).
    func ret(_ offset: Int, _ size: Int) -> Asm { push(size).push(offset).op(.ret) }
    /// CALL-family with literal args (value only for CALL/CALLCODE).
    func call(_ op: Op, gas: UInt256, to: Address, value: Int = 0, argsOffset: Int = 0, argsSize: Int = 0,
              retOffset: Int = 0, retSize: Int = 0) -> Asm {
        var a = push(retSize).push(retOffset).push(argsSize).push(argsOffset)
        if op == .call || op == .callcode { a = a.push(value) }
        return a.push(to).push(gas).op(op)
    }
    /// Init code that deploys `code`: PUSH2 len PUSH1 15 PUSH1 0 CODECOPY PUSH2 len PUSH1 0 RETURN, then `code`.
    static func initCode(returning code: [UInt8]) -> [UInt8] {
        let hi = UInt8(code.count >> 8), lo = UInt8(code.count & 0xff)
        let prefix: [UInt8] = [0x61, hi, lo, 0x60, 15, 0x60, 0x00, 0x39, 0x61, hi, lo, 0x60, 0x00, 0xf3]
        return prefix + [0x00] + code   // one padding byte keeps the prefix at 15 bytes
    }
}

func hexBytes(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var chars = Array(s.hasPrefix("0x") ? s.dropFirst(2) : Substring(s))
    if chars.count % 2 == 1 { chars.insert("0", at: 0) }
    var i = 0
    while i < chars.count {
        out.append(UInt8(String(chars[i...i + 1]), radix: 16)!)
        i += 2
    }
    return out
}

let callerAddress = Address(hex: "0x0000000000000000000000000000000000002000")!
let contractAddress = Address(hex: "0x0000000000000000000000000000000000001000")!

func testBlock(number: UInt64 = 10) -> BlockContext {
    BlockContext(number: number, timestamp: 1000, coinbase: Address(hex: "0x00000000000000000000000000000000000c0b5e")!,
                 gasLimit: 30_000_000, baseFee: .zero, prevRandao: .zero, chainId: UInt256(1), blobBaseFee: .one)
}

/// Runs `code` at `contractAddress` called by `callerAddress` like a transaction would (both warm,
/// plus the precompiles and the coinbase, as pyrevm does), and returns the result and host.
func execute(_ code: [UInt8], input: [UInt8] = [], value: UInt256 = .zero, gas: Int64 = 1_000_000,
             fork: Hardfork = .prague, host: MockHost? = nil, contractBalance: UInt256 = .zero,
             storage: [UInt256: UInt256] = [:], isStatic: Bool = false) -> (ExecutionResult, MockHost) {
    let h = host ?? MockHost()
    if h.world.accounts[callerAddress] == nil { h.setAccount(callerAddress, balance: UInt256(10).exp10(18)) }
    if h.world.accounts[contractAddress] == nil {
        h.setAccount(contractAddress, nonce: 1, balance: contractBalance, code: code, storage: storage)
    }
    let block = testBlock()
    h.beginTransaction(warm: [callerAddress, contractAddress, block.coinbase] + Precompiles.addresses(for: fork))
    var evm = EVM(host: h, block: block, tx: TransactionContext(origin: callerAddress, gasPrice: .one), fork: fork)
    let r = evm.execute(Message(kind: isStatic ? .staticCall : .call, caller: callerAddress, target: contractAddress,
                                value: value, input: input, gas: gas, isStatic: isStatic))
    return (r, h)
}

extension UInt256 {
    func exp10(_ n: Int) -> UInt256 { var v = self; for _ in 0..<n { v = v &* UInt256(10) }; return v }
}
