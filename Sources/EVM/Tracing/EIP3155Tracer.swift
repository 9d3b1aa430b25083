import Primitives

/// An `EVMTracer` that writes EIP-3155 JSON lines, one per executed opcode, in the form the
/// executable spec prints them (EELS `ethereum_spec_tools/evm_tools/t8n/evm_trace/eip3155.py`,
/// `ethereum-spec-evm statetest --json --nomemory`), so the two can be diffed line by line:
///
///     {"pc":0,"op":96,"gas":"0x5f5e100","gasCost":"0x3","memSize":0,"stack":[],"returnData":"0x","depth":1,"refund":0,"opName":"PUSH1"}
///
/// - `gas`: gas left before the opcode; `gasCost`: what the opcode charged (for CALL-family opcodes
///   including the gas handed to the callee, without the stipend; for a failing opcode the charge
///   that failed); hex strings.
/// - `stack`: bottom first, minimal hex; `returnData`: the frame's return-data buffer; `memSize`
///   in bytes; `depth` from 1; `refund`: the refund counters of this frame and its callers, in gas
///   (for SSTORE after its own refund change, as EELS reports it).
/// - `error` on the opcode that halted its frame: EELS exception names (`OutOfGasError`, `Revert`,
///   `StackUnderflowError`, `InvalidJumpDestError`, `WriteInStaticContext`, …); an undefined opcode
///   is reported as `opName` `InvalidOpcode` with `gasCost` 0.
/// - after the top-level message: `{"output":"<hex without 0x>","gasUsed":"0x…"[,"error":"…"]}`, with
///   `gasUsed` = the message's gas minus the gas left (execution only: no intrinsic gas, no refund).
///
/// Lines are written in execution order; a CALL's line is held back until its `gasCost` is known,
/// with the callee's lines queued behind it. Not thread-safe: one tracer per running EVM.
public final class EIP3155Tracer: EVMTracer {
    /// Receives each line, without the newline.
    let write: (String) -> Void

    struct Line {
        var pc: Int
        var op: UInt8
        var gas: Int64
        /// nil: unknown (an out-of-gas charge too large to apply), not printed — as EELS omits
        /// charges above 2^64.
        var gasCost: Int64? = 0
        var memSize: Int
        var stack: String
        var returnData: String
        var depth: Int
        var refund: Int64
        var opName: String
        var error: String? = nil
        /// gasCost and refund are final.
        var done = false
        /// gasCost came from `opCost` (not from the gas difference).
        var costSet = false
        /// For opcodes with a dynamic charge: EELS's whole charge (static + dynamic + memory), which
        /// it reports even when the charge fails; nil when not computed or astronomically large.
        var fullCharge: Int64? = nil
    }

    /// Lines not yet written; `pending[head...]` are live.
    var pending: [Line] = []
    var head = 0
    /// Per depth (index = depth): the index in `pending` of the depth's last open line.
    var open: [Int?] = [nil]
    /// Per depth: the callers' refund counters summed when the frame started.
    var refundBase: [Int64] = [0]
    /// Per depth: the frame's own refund counter at its last step.
    var lastRefund: [Int64] = [0]
    /// Per depth: a frame is running at that depth.
    var active: [Bool] = [false]

    /// - Parameter write: called once per JSON line (no trailing newline), in order.
    public init(write: @escaping (String) -> Void) {
        self.write = write
    }

    public func step(_ s: TraceStep) {
        let d = s.depth
        while open.count <= d { open.append(nil); refundBase.append(0); lastRefund.append(0); active.append(false) }
        if !active[d] {
            active[d] = true
            refundBase[d] = d > 1 ? refundBase[d - 1] + lastRefund[d - 1] : 0
            open[d] = nil
        }
        if let i = open[d] { finish(i, gasAfter: s.gas, refundAfter: refundBase[d] + s.refund) }
        lastRefund[d] = s.refund
        var stack = "["
        for (k, w) in s.stack.enumerated() {
            if k > 0 { stack += "," }
            stack += "\""
            stack += Self.hex(w)
            stack += "\""
        }
        stack += "]"
        var line = Line(pc: s.pc, op: s.op, gas: s.gas, memSize: s.memorySize, stack: stack,
                        returnData: Self.hex(bytes: s.returnData, prefix: true), depth: d,
                        refund: refundBase[d] + s.refund, opName: Self.names[Int(s.op)])
        line.fullCharge = Self.fullCharge(op: s.op, stack: s.stack, memorySize: s.memorySize)
        pending.append(line)
        open[d] = pending.count - 1
        flush()
    }

    public func opCost(_ gas: Int64, depth: Int) {
        guard depth < open.count, let i = open[depth] else { return }
        pending[i].gasCost = gas
        pending[i].costSet = true
    }

    public func frameEnd(depth: Int, gasLeft: Int64, refund: Int64, status: ExecutionStatus) {
        guard depth < open.count else { return }
        if let i = open[depth] {
            finish(i, gasAfter: gasLeft, refundAfter: refundBase[depth] + refund)
            switch status {
            case .success: break
            case .outOfGas where pending[i].fullCharge != nil && !pending[i].costSet,
                 .invalidMemoryAccess where pending[i].fullCharge != nil:
                // We stop at the first part of the charge that does not fit; EELS charges the opcode
                // in one step and reports that whole amount.
                pending[i].gasCost = pending[i].fullCharge
                pending[i].error = Self.errorName(status)
            case .outOfGas where gasLeft >= 0 && pending[i].op != 0x55 && !pending[i].costSet:
                // The failing charge was never subtracted (an absurd memory offset or size): its
                // size is unknown here, and huge in EELS, which then omits gasCost.
                pending[i].gasCost = nil
                pending[i].error = Self.errorName(status)
            case .stackUnderflow where pending[i].op >= 0x80 && pending[i].op <= 0x9f:
                // EELS's DUP and SWAP charge their 3 gas before looking at the stack.
                pending[i].gasCost = 3
                pending[i].error = Self.errorName(status)
            case .stackOverflow:
                // EELS charges the opcode before pushing onto the full stack.
                pending[i].gasCost = Self.pushingOpcodeGas(pending[i].op)
                pending[i].error = Self.errorName(status)
            case .invalidOpcode:
                pending[i].opName = "InvalidOpcode"
                pending[i].gasCost = 0
                pending[i].error = Self.errorName(status)
            default:
                pending[i].error = Self.errorName(status)
            }
        }
        open[depth] = nil
        active[depth] = false
        flush()
    }

    public func messageEnd(_ result: ExecutionResult, messageGas: Int64) {
        for i in head..<pending.count where !pending[i].done { pending[i].done = true }
        flush()
        pending.removeAll(keepingCapacity: true)
        head = 0
        for d in open.indices { open[d] = nil; active[d] = false; lastRefund[d] = 0; refundBase[d] = 0 }
        // EELS returns before its end-of-transaction event when the creation address collides.
        if result.status == .createCollision { return }
        var line = "{\"output\":\"" + Self.hex(bytes: result.output, prefix: false)
        line += "\",\"gasUsed\":\"" + Self.hex(messageGas - result.gasLeft) + "\""
        if !result.status.isSuccess { line += ",\"error\":\"" + Self.errorName(result.status) + "\"" }
        line += "}"
        write(line)
    }

    /// Closes line `i`: its gasCost (unless `opCost` gave it) is the gas the opcode took.
    func finish(_ i: Int, gasAfter: Int64, refundAfter: Int64) {
        if !pending[i].costSet { pending[i].gasCost = pending[i].gas - gasAfter }

        if pending[i].op == 0x55 { pending[i].refund = refundAfter }  // EELS charges SSTORE after its refund change
        pending[i].done = true
    }

    /// Writes the finished lines at the front of the queue.
    func flush() {
        while head < pending.count && pending[head].done {
            write(Self.json(pending[head]))
            head += 1
        }
        if head == pending.count {
            pending.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 4096 {
            pending.removeFirst(head)
            for d in open.indices { if let i = open[d] { open[d] = i - head } }
            head = 0
        }
    }

    static func json(_ l: Line) -> String {
        var s = "{\"pc\":\(l.pc),\"op\":\(l.op),\"gas\":\"\(hex(l.gas))\""
        if let c = l.gasCost { s += ",\"gasCost\":\"\(hex(c))\"" }
        s += ",\"memSize\":\(l.memSize),\"stack\":\(l.stack),\"returnData\":\"\(l.returnData)\""
        s += ",\"depth\":\(l.depth),\"refund\":\(l.refund),\"opName\":\"\(l.opName)\""
        if let e = l.error { s += ",\"error\":\"\(e)\"" }
        s += "}"
        return s
    }

    /// EELS's exception class name for a halting status (`ethereum/forks/*/vm/exceptions.py`).
    public static func errorName(_ status: ExecutionStatus) -> String {
        switch status {
        case .success: ""
        case .revert: "Revert"
        case .outOfGas, .codeSizeLimit: "OutOfGasError"
        case .invalidOpcode: "InvalidOpcode"
        case .stackUnderflow: "StackUnderflowError"
        case .stackOverflow: "StackOverflowError"
        case .badJumpDestination: "InvalidJumpDestError"
        case .staticViolation: "WriteInStaticContext"
        case .invalidMemoryAccess: "OutOfBoundsRead"
        case .callDepth: "StackDepthLimitError"
        case .insufficientBalance: "InsufficientFunds"
        case .createCollision: "AddressCollision"
        case .invalidCode: "InvalidContractPrefix"
        case .initcodeSizeLimit: "OutOfGasError"
        case .nonceOverflow: "NonceOverflow"
        case .precompileFailure: "InvalidParameter"
        }
    }

    /// EELS's single charge for opcodes whose gas has a dynamic part it charges together with the
    /// static part (EELS `prague/vm/instructions/*.py`): KECCAK256, the copies, MLOAD/MSTORE/MSTORE8,
    /// LOGn, EXP, RETURN/REVERT, CREATE/CREATE2. nil for other opcodes, on stack underflow, and when
    /// an offset or size is too large for the charge to be meaningful here.
    static func fullCharge(op: UInt8, stack: UnsafeBufferPointer<UInt256>, memorySize: Int) -> Int64? {
        let n = stack.count
        func arg(_ k: Int) -> UInt256? { k < n ? stack[n - 1 - k] : nil }
        func small(_ w: UInt256?) -> Int64? {
            guard let w, let v = w.uint64, v <= 0xFFFF_FFFF else { return nil }
            return Int64(v)
        }
        func words(_ size: Int64) -> Int64 { (size + 31) / 32 }
        func cost(_ w: Int64) -> Int64 { 3 * w + w * w / 512 }
        /// Memory expansion for `offset ..< offset + size` (none for size 0).
        func expansion(_ offset: UInt256?, _ size: UInt256?) -> Int64? {
            guard let size else { return nil }
            if size.isZero { return 0 }
            guard let o = small(offset), let s = small(size) else { return nil }
            let newWords = words(o + s), oldWords = Int64(memorySize / 32)
            return newWords > oldWords ? cost(newWords) - cost(oldWords) : 0
        }
        switch op {
        case 0x20: // KECCAK256: 30 + 6/word + memory
            guard let m = expansion(arg(0), arg(1)), let s = small(arg(1)) else { return nil }
            return 30 + 6 * words(s) + m
        case 0x37, 0x39, 0x3e: // CALLDATACOPY, CODECOPY, RETURNDATACOPY: 3 + 3/word + memory
            guard let m = expansion(arg(0), arg(2)), let s = small(arg(2)) else { return nil }
            return 3 + 3 * words(s) + m
        case 0x5e: // MCOPY: 3 + 3/word + memory over both ranges
            guard let size = arg(2), let d = arg(0), let src = arg(1) else { return nil }
            guard let m = expansion(d > src ? d : src, size), let s = small(size) else { return nil }
            return 3 + 3 * words(s) + m
        case 0x51, 0x52: // MLOAD, MSTORE
            guard let m = expansion(arg(0), UInt256(32)) else { return nil }
            return 3 + m
        case 0x53: // MSTORE8
            guard let m = expansion(arg(0), .one) else { return nil }
            return 3 + m
        case 0xa0...0xa4: // LOGn: 375 + 375/topic + 8/byte + memory
            guard let m = expansion(arg(0), arg(1)), let s = small(arg(1)) else { return nil }
            return 375 * (Int64(op - 0xa0) + 1) + 8 * s + m
        case 0x0a: // EXP: 10 + 50 per exponent byte
            guard let e = arg(1) else { return nil }
            return 10 + 50 * Int64(e.byteWidthUsed)
        case 0xf3, 0xfd: // RETURN, REVERT: memory only
            return expansion(arg(0), arg(1))
        case 0xf0, 0xf5: // CREATE, CREATE2: 32000 + 2/word (+6/word for CREATE2) + memory
            guard let m = expansion(arg(1), arg(2)), let s = small(arg(2)) else { return nil }
            return 32000 + (op == 0xf5 ? 8 : 2) * words(s) + m
        default:
            return nil
        }
    }

    /// Static gas of the opcodes that grow the stack (the only ones that can overflow it).
    static func pushingOpcodeGas(_ op: UInt8) -> Int64 {
        switch op {
        case 0x47: 5                                  // SELFBALANCE
        case 0x60...0x8f: 3                           // PUSH1…PUSH32, DUP1…DUP16
        default: 2                                    // ADDRESS, CALLER, …, PC, MSIZE, GAS, PUSH0
        }
    }

    static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// "0x" and the minimal lowercase hex of `w` ("0x0" for zero), as Python's `hex()`.
    static func hex(_ w: UInt256) -> String {
        let limbs = [w.w3, w.w2, w.w1, w.w0]
        var out: [UInt8] = [0x30, 0x78]
        var started = false
        for limb in limbs {
            var shift = 60
            while shift >= 0 {
                let nibble = Int((limb >> UInt64(shift)) & 0xf)
                if nibble != 0 || started { out.append(digits[nibble]); started = true }
                shift -= 4
            }
        }
        if !started { out.append(0x30) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Python `hex()` of a signed integer ("-0x…" when negative).
    static func hex(_ v: Int64) -> String {
        v < 0 ? "-0x" + String(v.magnitude, radix: 16) : "0x" + String(v, radix: 16)
    }

    /// Lowercase hex of `bytes`, "0x"-prefixed when `prefix`.
    static func hex(bytes: [UInt8], prefix: Bool) -> String {
        var out: [UInt8] = prefix ? [0x30, 0x78] : []
        out.reserveCapacity(out.count + 2 * bytes.count)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xf)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Opcode names as EELS spells them (`ethereum/forks/osaka/vm/instructions/__init__.py` `Ops`);
    /// opcodes without a name are reported as "InvalidOpcode" when they fail.
    static let names: [String] = {
        var n = [String](repeating: "InvalidOpcode", count: 256)
        let fixed: [(Int, String)] = [
            (0x00, "STOP"), (0x01, "ADD"), (0x02, "MUL"), (0x03, "SUB"), (0x04, "DIV"), (0x05, "SDIV"),
            (0x06, "MOD"), (0x07, "SMOD"), (0x08, "ADDMOD"), (0x09, "MULMOD"), (0x0a, "EXP"),
            (0x0b, "SIGNEXTEND"), (0x10, "LT"), (0x11, "GT"), (0x12, "SLT"), (0x13, "SGT"), (0x14, "EQ"),
            (0x15, "ISZERO"), (0x16, "AND"), (0x17, "OR"), (0x18, "XOR"), (0x19, "NOT"), (0x1a, "BYTE"),
            (0x1b, "SHL"), (0x1c, "SHR"), (0x1d, "SAR"), (0x1e, "CLZ"), (0x20, "KECCAK"),
            (0x30, "ADDRESS"), (0x31, "BALANCE"), (0x32, "ORIGIN"), (0x33, "CALLER"), (0x34, "CALLVALUE"),
            (0x35, "CALLDATALOAD"), (0x36, "CALLDATASIZE"), (0x37, "CALLDATACOPY"), (0x38, "CODESIZE"),
            (0x39, "CODECOPY"), (0x3a, "GASPRICE"), (0x3b, "EXTCODESIZE"), (0x3c, "EXTCODECOPY"),
            (0x3d, "RETURNDATASIZE"), (0x3e, "RETURNDATACOPY"), (0x3f, "EXTCODEHASH"), (0x40, "BLOCKHASH"),
            (0x41, "COINBASE"), (0x42, "TIMESTAMP"), (0x43, "NUMBER"), (0x44, "PREVRANDAO"),
            (0x45, "GASLIMIT"), (0x46, "CHAINID"), (0x47, "SELFBALANCE"), (0x48, "BASEFEE"),
            (0x49, "BLOBHASH"), (0x4a, "BLOBBASEFEE"), (0x50, "POP"), (0x51, "MLOAD"), (0x52, "MSTORE"),
            (0x53, "MSTORE8"), (0x54, "SLOAD"), (0x55, "SSTORE"), (0x56, "JUMP"), (0x57, "JUMPI"),
            (0x58, "PC"), (0x59, "MSIZE"), (0x5a, "GAS"), (0x5b, "JUMPDEST"), (0x5c, "TLOAD"),
            (0x5d, "TSTORE"), (0x5e, "MCOPY"), (0x5f, "PUSH0"),
            (0xf0, "CREATE"), (0xf1, "CALL"), (0xf2, "CALLCODE"), (0xf3, "RETURN"), (0xf4, "DELEGATECALL"),
            (0xf5, "CREATE2"), (0xfa, "STATICCALL"), (0xfd, "REVERT"), (0xff, "SELFDESTRUCT"),
        ]
        for (op, name) in fixed { n[op] = name }
        for k in 1...32 { n[0x5f + k] = "PUSH\(k)" }
        for k in 1...16 { n[0x7f + k] = "DUP\(k)"; n[0x8f + k] = "SWAP\(k)" }
        for k in 0...4 { n[0xa0 + k] = "LOG\(k)" }
        return n
    }()
}
