import Primitives

/// Reads an `n`-byte big-endian immediate (1…32) at `p` into a word.
@inline(__always)
func readImmediate(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt256 {
    if n == 32 { return UInt256(bigEndian: UnsafeRawPointer(p)) }
    var limbs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var end = n            // exclusive index of the least significant byte still to read
    var k = 0
    while end > 0 {
        let len = Swift.min(8, end)
        var v: UInt64 = 0
        var i = end - len
        while i < end { v = v << 8 | UInt64(p[i]); i += 1 }
        switch k {
        case 0: limbs.0 = v
        case 1: limbs.1 = v
        case 2: limbs.2 = v
        default: limbs.3 = v
        }
        k += 1
        end -= len
    }
    return UInt256(w0: limbs.0, w1: limbs.1, w2: limbs.2, w3: limbs.3)
}

/// Words covering `size` bytes.
@inline(__always) func words(_ size: Int) -> Int64 { Int64((size + 31) >> 5) }

extension Machine {
    /// Runs one frame's code: the untraced loop, or with `tracer` set the traced copy of it.
    func run(_ m: Message, code: Bytecode) -> FrameResult {
        if tracer != nil { return runTraced(m, code: code) }
        return runUntraced(m, code: code)
    }

    /// The loop with the tracing calls compiled out (`tracing` is the constant false).
    @inline(never)
    func runUntraced(_ m: Message, code: Bytecode) -> FrameResult { interpret(m, code: code, tracing: false) }

    /// The loop reporting to `tracer`.
    @inline(never)
    func runTraced(_ m: Message, code: Bytecode) -> FrameResult { interpret(m, code: code, tracing: true) }

    /// The interpreter loop for one frame (Yellow Paper §9.4; EELS `prague/vm/interpreter.py`).
    /// `m.gas` is the frame's gas; `m.input` its call data; `code` the code that runs. Inlined into
    /// `runUntraced` and `runTraced` with a constant `tracing`, so the untraced copy has no tracing
    /// code (a generic hook parameter would not be specialised while `Machine<H>` itself is not).
    @inline(__always)
    func interpret(_ m: Message, code: Bytecode, tracing: Bool) -> FrameResult {
        let stack = acquireStack()
        defer { releaseStack(stack) }
        var mem = Memory()
        defer { mem.free() }
        var gas = m.gas
        var refund: Int64 = 0
        var sp = 0
        var pc = 0
        var returnData: [UInt8] = []
        var output: [UInt8] = []
        var status = ExecutionStatus.success
        let analysis = code.analysis
        let p = analysis.padded
        let codeCount = analysis.count
        let traits = self.traits
        let host = self.host

        loop: while true {
            let op = p[pc]
            if tracing {
                traceStep(pc: pc, op: op, gas: gas, stack: stack, sp: sp, memory: mem.base, memorySize: mem.size,
                          depth: m.depth + 1, refund: refund, returnData: returnData, address: m.target)
            }
            let t = traits[Int(op)]
            if t.gas < 0 { status = .invalidOpcode; break loop }
            if sp < Int(t.required) { status = .stackUnderflow; break loop }
            if sp > Int(t.maxHeight) { status = .stackOverflow; break loop }
            gas -= Int64(t.gas)
            if gas < 0 { status = .outOfGas; break loop }

            switch op {
            case 0x00: // STOP
                break loop
            case 0x01: stack[sp - 2] = stack[sp - 1] &+ stack[sp - 2]; sp -= 1
            case 0x02: stack[sp - 2] = stack[sp - 1] &* stack[sp - 2]; sp -= 1
            case 0x03: stack[sp - 2] = stack[sp - 1] &- stack[sp - 2]; sp -= 1
            case 0x04: stack[sp - 2] = stack[sp - 1] / stack[sp - 2]; sp -= 1
            case 0x05: stack[sp - 2] = UInt256.sdiv(stack[sp - 1], stack[sp - 2]); sp -= 1
            case 0x06: stack[sp - 2] = stack[sp - 1] % stack[sp - 2]; sp -= 1
            case 0x07: stack[sp - 2] = UInt256.smod(stack[sp - 1], stack[sp - 2]); sp -= 1
            case 0x08: stack[sp - 3] = UInt256.addmod(stack[sp - 1], stack[sp - 2], stack[sp - 3]); sp -= 2
            case 0x09: stack[sp - 3] = UInt256.mulmod(stack[sp - 1], stack[sp - 2], stack[sp - 3]); sp -= 2
            case 0x0a: // EXP: 10 + 50 per byte of the exponent (EIP-160)
                let e = stack[sp - 2]
                gas -= Gas.expByte * Int64(e.byteWidthUsed)
                if gas < 0 { status = .outOfGas; break loop }
                stack[sp - 2] = UInt256.exp(stack[sp - 1], e); sp -= 1
            case 0x0b: stack[sp - 2] = UInt256.signExtend(byteIndex: stack[sp - 1], value: stack[sp - 2]); sp -= 1
            case 0x10: stack[sp - 2] = stack[sp - 1] < stack[sp - 2] ? .one : .zero; sp -= 1
            case 0x11: stack[sp - 2] = stack[sp - 1] > stack[sp - 2] ? .one : .zero; sp -= 1
            case 0x12: stack[sp - 2] = UInt256.slt(stack[sp - 1], stack[sp - 2]) ? .one : .zero; sp -= 1
            case 0x13: stack[sp - 2] = UInt256.sgt(stack[sp - 1], stack[sp - 2]) ? .one : .zero; sp -= 1
            case 0x14: stack[sp - 2] = stack[sp - 1] == stack[sp - 2] ? .one : .zero; sp -= 1
            case 0x15: stack[sp - 1] = stack[sp - 1].isZero ? .one : .zero
            case 0x16: stack[sp - 2] = stack[sp - 1] & stack[sp - 2]; sp -= 1
            case 0x17: stack[sp - 2] = stack[sp - 1] | stack[sp - 2]; sp -= 1
            case 0x18: stack[sp - 2] = stack[sp - 1] ^ stack[sp - 2]; sp -= 1
            case 0x19: stack[sp - 1] = ~stack[sp - 1]
            case 0x1a: stack[sp - 2] = UInt256.byte(index: stack[sp - 1], of: stack[sp - 2]); sp -= 1
            case 0x1b: // SHL (EIP-145)
                let s = stack[sp - 1]
                stack[sp - 2] = (s.uint64 ?? 256) >= 256 ? .zero : stack[sp - 2] << Int(s.w0); sp -= 1
            case 0x1c: // SHR
                let s = stack[sp - 1]
                stack[sp - 2] = (s.uint64 ?? 256) >= 256 ? .zero : stack[sp - 2] >> Int(s.w0); sp -= 1
            case 0x1d: stack[sp - 2] = UInt256.sar(stack[sp - 2], by: stack[sp - 1]); sp -= 1
            case 0x1e: // CLZ (EIP-7939, Osaka)
                stack[sp - 1] = UInt256(UInt64(256 - stack[sp - 1].bitWidthUsed))
            case 0x20: // KECCAK256
                guard let r = mem.region(stack[sp - 1], stack[sp - 2], &gas) else { status = .outOfGas; break loop }
                gas -= Gas.keccakWord * words(r.size)
                if gas < 0 { status = .outOfGas; break loop }
                let h = Keccak256.hash(UnsafeRawBufferPointer(start: r.size == 0 ? nil : mem.base! + r.offset, count: r.size))
                stack[sp - 2] = h.word; sp -= 1
            case 0x30: stack[sp] = m.target.word; sp += 1
            case 0x31: // BALANCE
                let a = Address(stack[sp - 1])
                gas -= host.warmAccount(a) ? Gas.coldAccountAccess : Gas.warmAccess
                if gas < 0 { status = .outOfGas; break loop }
                stack[sp - 1] = host.balance(a)
            case 0x32: stack[sp] = tx.origin.word; sp += 1
            case 0x33: stack[sp] = m.caller.word; sp += 1
            case 0x34: stack[sp] = m.value; sp += 1
            case 0x35: // CALLDATALOAD
                stack[sp - 1] = m.input.withUnsafeBytes { loadWord($0, stack[sp - 1]) }
            case 0x36: stack[sp] = UInt256(UInt64(m.input.count)); sp += 1
            case 0x37, 0x39: // CALLDATACOPY, CODECOPY
                guard let r = mem.region(stack[sp - 1], stack[sp - 3], &gas) else { status = .outOfGas; break loop }
                gas -= Gas.copyWord * words(r.size)
                if gas < 0 { status = .outOfGas; break loop }
                if op == 0x37 {
                    m.input.withUnsafeBytes { mem.copy(to: r.offset, from: $0, srcOffset: stack[sp - 2], size: r.size) }
                } else {
                    mem.copy(to: r.offset, from: UnsafeRawBufferPointer(start: p, count: codeCount),
                             srcOffset: stack[sp - 2], size: r.size)
                }
                sp -= 3
            case 0x38: stack[sp] = UInt256(UInt64(codeCount)); sp += 1
            case 0x3a: stack[sp] = tx.gasPrice; sp += 1
            case 0x3b: // EXTCODESIZE
                let a = Address(stack[sp - 1])
                gas -= host.warmAccount(a) ? Gas.coldAccountAccess : Gas.warmAccess
                if gas < 0 { status = .outOfGas; break loop }
                stack[sp - 1] = UInt256(UInt64(host.code(a).count))
            case 0x3c: // EXTCODECOPY
                let a = Address(stack[sp - 1])
                guard let r = mem.region(stack[sp - 2], stack[sp - 4], &gas) else { status = .outOfGas; break loop }
                gas -= Gas.copyWord * words(r.size) + (host.warmAccount(a) ? Gas.coldAccountAccess : Gas.warmAccess)
                if gas < 0 { status = .outOfGas; break loop }
                if r.size > 0 {
                    let ext = host.code(a)
                    mem.copy(to: r.offset, from: UnsafeRawBufferPointer(start: ext.analysis.padded, count: ext.count),
                             srcOffset: stack[sp - 3], size: r.size)
                }
                sp -= 4
            case 0x3d: stack[sp] = UInt256(UInt64(returnData.count)); sp += 1
            case 0x3e: // RETURNDATACOPY (EIP-211)
                let src = stack[sp - 2], size = stack[sp - 3]
                guard let so = src.uint64, let sz = size.uint64,
                      so.addingReportingOverflow(sz).overflow == false,
                      so + sz <= UInt64(returnData.count) else { status = .invalidMemoryAccess; break loop }
                guard let r = mem.region(stack[sp - 1], size, &gas) else { status = .outOfGas; break loop }
                gas -= Gas.copyWord * words(r.size)
                if gas < 0 { status = .outOfGas; break loop }
                if r.size > 0 {
                    returnData.withUnsafeBytes { (mem.base! + r.offset).copyMemory(from: $0.baseAddress! + Int(so), byteCount: r.size) }
                }
                sp -= 3
            case 0x3f: // EXTCODEHASH (EIP-1052): 0 for absent or EIP-161-empty accounts
                let a = Address(stack[sp - 1])
                gas -= host.warmAccount(a) ? Gas.coldAccountAccess : Gas.warmAccess
                if gas < 0 { status = .outOfGas; break loop }
                stack[sp - 1] = host.isEmpty(a) ? .zero : host.codeHash(a).word
            case 0x40: // BLOCKHASH: the 256 most recent complete blocks
                let n = stack[sp - 1]
                if let k = n.uint64, k < block.number, block.number - k <= 256 {
                    stack[sp - 1] = host.blockHash(k).word
                } else {
                    stack[sp - 1] = .zero
                }
            case 0x41: stack[sp] = block.coinbase.word; sp += 1
            case 0x42: stack[sp] = UInt256(block.timestamp); sp += 1
            case 0x43: stack[sp] = UInt256(block.number); sp += 1
            case 0x44: stack[sp] = block.prevRandao.word; sp += 1
            case 0x45: stack[sp] = UInt256(block.gasLimit); sp += 1
            case 0x46: stack[sp] = block.chainId; sp += 1
            case 0x47: stack[sp] = host.balance(m.target); sp += 1
            case 0x48: stack[sp] = block.baseFee; sp += 1
            case 0x49: // BLOBHASH (EIP-4844)
                let i = stack[sp - 1]
                if let k = i.uint64, k < UInt64(tx.blobHashes.count) {
                    stack[sp - 1] = tx.blobHashes[Int(k)].word
                } else {
                    stack[sp - 1] = .zero
                }
            case 0x4a: stack[sp] = block.blobBaseFee; sp += 1
            case 0x50: sp -= 1
            case 0x51: // MLOAD
                guard let r = mem.region(stack[sp - 1], UInt256(32), &gas) else { status = .outOfGas; break loop }
                stack[sp - 1] = UInt256(bigEndian: UnsafeRawPointer(mem.base! + r.offset))
            case 0x52: // MSTORE
                guard let r = mem.region(stack[sp - 1], UInt256(32), &gas) else { status = .outOfGas; break loop }
                stack[sp - 2].storeBigEndian(to: mem.base! + r.offset)
                sp -= 2
            case 0x53: // MSTORE8
                guard let r = mem.region(stack[sp - 1], .one, &gas) else { status = .outOfGas; break loop }
                mem.base!.storeBytes(of: UInt8(truncatingIfNeeded: stack[sp - 2].w0), toByteOffset: r.offset, as: UInt8.self)
                sp -= 2
            case 0x54: // SLOAD (EIP-2929)
                let key = stack[sp - 1]
                gas -= host.warmStorage(m.target, key) ? Gas.coldSload : Gas.warmAccess
                if gas < 0 { status = .outOfGas; break loop }
                stack[sp - 1] = host.storage(m.target, key)
            case 0x55: // SSTORE
                let s = sstore(m, key: stack[sp - 1], value: stack[sp - 2], gas: &gas, refund: &refund)
                if s != .success { status = s; break loop }
                sp -= 2
            case 0x56: // JUMP
                let d = stack[sp - 1]
                sp -= 1
                guard let dest = d.int, analysis.isJumpDestination(dest) else { status = .badJumpDestination; break loop }
                pc = dest
                continue loop
            case 0x57: // JUMPI
                let d = stack[sp - 1], cond = stack[sp - 2]
                sp -= 2
                if !cond.isZero {
                    guard let dest = d.int, analysis.isJumpDestination(dest) else { status = .badJumpDestination; break loop }
                    pc = dest
                    continue loop
                }
            case 0x58: stack[sp] = UInt256(UInt64(pc)); sp += 1
            case 0x59: stack[sp] = UInt256(UInt64(mem.size)); sp += 1
            case 0x5a: stack[sp] = UInt256(UInt64(gas)); sp += 1
            case 0x5b: break // JUMPDEST
            case 0x5c: stack[sp - 1] = host.transientStorage(m.target, stack[sp - 1])
            case 0x5d: // TSTORE (EIP-1153)
                if m.isStatic { status = .staticViolation; break loop }
                host.setTransientStorage(m.target, stack[sp - 1], stack[sp - 2])
                sp -= 2
            case 0x5e: // MCOPY (EIP-5656)
                let size = stack[sp - 3]
                guard let d = mem.region(stack[sp - 1], size, &gas),
                      let s = mem.region(stack[sp - 2], size, &gas) else { status = .outOfGas; break loop }
                gas -= Gas.copyWord * words(d.size)
                if gas < 0 { status = .outOfGas; break loop }
                if d.size > 0 { (mem.base! + d.offset).copyMemory(from: mem.base! + s.offset, byteCount: d.size) }
                sp -= 3
            case 0x5f: stack[sp] = .zero; sp += 1
            case 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
                 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
                 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
                 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f: // PUSH1…PUSH32
                let n = Int(op) - 0x5f
                stack[sp] = readImmediate(p + pc + 1, n)
                sp += 1
                pc += n + 1
                continue loop
            case 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
                 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f: // DUP1…DUP16
                stack[sp] = stack[sp - Int(op - 0x7f)]
                sp += 1
            case 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
                 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f: // SWAP1…SWAP16
                let other = sp - 1 - Int(op - 0x8f)
                let top = stack[sp - 1]
                stack[sp - 1] = stack[other]
                stack[other] = top
            case 0xa0, 0xa1, 0xa2, 0xa3, 0xa4: // LOG0…LOG4
                let s = log(m, topics: Int(op - 0xa0), top: stack + sp - 1, mem: &mem, gas: &gas)
                if s != .success { status = s; break loop }
                sp -= 2 + Int(op - 0xa0)
            case 0xf0, 0xf5: // CREATE, CREATE2
                let n = op == 0xf0 ? 3 : 4
                let s = create(m, isCreate2: op == 0xf5, base: stack + sp - n, mem: &mem, gas: &gas,
                               refund: &refund, returnData: &returnData)
                if tracing { traceOpCost(staticGas: t.gas, depth: m.depth + 1) }
                if s != .success { status = s; break loop }
                sp -= n - 1
            case 0xf1, 0xf2, 0xf4, 0xfa: // CALL, CALLCODE, DELEGATECALL, STATICCALL
                let n = (op == 0xf1 || op == 0xf2) ? 7 : 6
                let s = call(m, op: op, base: stack + sp - n, mem: &mem, gas: &gas, refund: &refund,
                             returnData: &returnData)
                if tracing { traceOpCost(staticGas: t.gas, depth: m.depth + 1) }
                if s != .success { status = s; break loop }
                sp -= n - 1
            case 0xf3, 0xfd: // RETURN, REVERT
                guard let r = mem.region(stack[sp - 1], stack[sp - 2], &gas) else { status = .outOfGas; break loop }
                output = mem.bytes(r.offset, r.size)
                if op == 0xfd { status = .revert }
                break loop
            case 0xff: // SELFDESTRUCT
                let s = selfDestruct(m, beneficiary: Address(stack[sp - 1]), gas: &gas)
                if s != .success { status = s }
                break loop
            default:
                status = .invalidOpcode
                break loop
            }
            pc += 1
        }
        if tracing { traceFrameEnd(depth: m.depth + 1, gasLeft: gas, refund: refund, status: status) }

        switch status {
        case .success: return FrameResult(status: .success, gasLeft: gas, refund: refund, output: output)
        case .revert: return FrameResult(status: .revert, gasLeft: gas, refund: 0, output: output)
        default: return .failure(status)
        }
    }

    /// CALLDATALOAD: 32 bytes of `data` at `offset`, zero-padded.
    @inline(__always)
    func loadWord(_ data: UnsafeRawBufferPointer, _ offset: UInt256) -> UInt256 {
        guard let o = offset.uint64, o < UInt64(data.count) else { return .zero }
        let start = Int(o)
        if start + 32 <= data.count { return UInt256(bigEndian: data.baseAddress! + start) }
        var buf: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buf) { b in
            b.baseAddress!.copyMemory(from: data.baseAddress! + start, byteCount: data.count - start)
            return UInt256(bigEndian: UnsafeRawPointer(b.baseAddress!))
        }
    }
}
