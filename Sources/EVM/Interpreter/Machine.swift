import Primitives

/// A finished frame, internal form.
struct FrameResult {
    var status: ExecutionStatus
    var gasLeft: Int64
    var refund: Int64
    var output: [UInt8]

    static func failure(_ status: ExecutionStatus) -> FrameResult {
        FrameResult(status: status, gasLeft: 0, refund: 0, output: [])
    }
}

/// Interpreter limits (Yellow Paper §9.1, §9.4).
enum Limits {
    static let stackSize = 1024
    static let maxCallDepth = 1024
}

/// Gas constants used by the opcode bodies (EELS `prague/vm/gas.py`).
enum Gas {
    static let warmAccess: Int64 = 100            // EIP-2929 WARM_STORAGE_READ_COST
    static let coldAccountAccess: Int64 = 2600    // EIP-2929
    static let coldSload: Int64 = 2100            // EIP-2929
    static let sstoreSet: Int64 = 20000
    static let sstoreReset: Int64 = 5000
    static let sstoreClearRefund: Int64 = 4800    // EIP-3529
    static let callStipend: Int64 = 2300
    static let callValue: Int64 = 9000
    static let newAccount: Int64 = 25000
    static let selfDestructNewAccount: Int64 = 25000
    static let codeDeposit: Int64 = 200
    static let copyWord: Int64 = 3
    static let keccakWord: Int64 = 6
    static let initcodeWord: Int64 = 2            // EIP-3860
    static let logData: Int64 = 8
    static let expByte: Int64 = 50                // EIP-160
}

/// The engine behind `EVM`: frames, the interpreter loop and precompile dispatch.
/// One per `EVM` value; reuses its stack buffers across frames.
@usableFromInline
final class Machine<H: Host> {
    let host: H
    var block: BlockContext
    var tx: TransactionContext
    let fork: Hardfork
    let traits: UnsafeMutablePointer<OpcodeTrait>
    /// Free 1024-word stacks, reused by later frames.
    var stackPool: [UnsafeMutablePointer<UInt256>] = []
    /// Receives the traced loop's events; nil runs the untraced loop.
    var tracer: (any EVMTracer)?
    /// What the last CALL/CREATE-family opcode charged beyond its static gas (memory, access, value,
    /// the callee's gas), for the tracer's `gasCost`; -1 when unknown (it failed before charging).
    /// Written by `call` and `create`.
    var lastOpCost: Int64 = 0

    init(host: H, block: BlockContext, tx: TransactionContext, fork: Hardfork) {
        self.host = host
        self.block = block
        self.tx = tx
        self.fork = fork
        self.traits = OpcodeTable.make(for: fork)
    }

    deinit {
        traits.deallocate()
        for s in stackPool { s.deallocate() }
    }

    @inline(__always)
    func acquireStack() -> UnsafeMutablePointer<UInt256> {
        if let s = stackPool.popLast() { return s }
        let s = UnsafeMutablePointer<UInt256>.allocate(capacity: Limits.stackSize)
        s.initialize(repeating: .zero, count: Limits.stackSize)
        return s
    }

    @inline(__always)
    func releaseStack(_ s: UnsafeMutablePointer<UInt256>) { stackPool.append(s) }

    // MARK: top level

    func executeTopLevel(_ m: Message) -> ExecutionResult {
        guard m.depth >= 0 && m.depth <= Limits.maxCallDepth else {
            return ExecutionResult(status: .callDepth, gasLeft: m.gas)
        }
        switch m.kind {
        case .create, .create2:
            let address: Address
            if m.kind == .create {
                let n = host.nonce(m.caller)
                address = ContractAddress.create(sender: m.caller, nonce: n == 0 ? 0 : n - 1)
            } else {
                address = ContractAddress.create2(sender: m.caller, salt: m.salt, initCodeHash: Keccak256.hash(m.input))
            }
            if m.input.count > GasSchedule.maxInitcodeSize {
                return ExecutionResult(status: .initcodeSizeLimit, gasLeft: 0)
            }
            if host.balance(m.caller) < m.value {
                if tracer != nil { traceFailedFrame(m, to: address, status: .insufficientBalance, gasUsed: 0) }
                return ExecutionResult(status: .insufficientBalance, gasLeft: m.gas)
            }
            _ = host.warmAccount(address)
            if hasCollision(address) {
                if tracer != nil { traceFailedFrame(m, to: address, status: .createCollision, gasUsed: m.gas) }
                return ExecutionResult(status: .createCollision, gasLeft: 0)
            }
            let r = createFrame(m, address: address)
            return ExecutionResult(status: r.status, gasLeft: r.gasLeft, gasRefund: r.refund, output: r.output,
                                   createdAddress: r.status == .success ? address : nil)
        case .call, .callCode, .delegateCall, .staticCall:
            if (m.kind == .call || m.kind == .callCode) && host.balance(m.caller) < m.value {
                if tracer != nil { traceFailedFrame(m, to: m.target, status: .insufficientBalance, gasUsed: 0) }
                return ExecutionResult(status: .insufficientBalance, gasLeft: m.gas)
            }
            var code = host.code(m.codeAddress)
            var precompile = Precompiles.index(of: m.codeAddress, fork: fork)
            if precompile == nil, block.ai != nil, m.codeAddress == AIPrecompile.address { precompile = AIPrecompile.number }
            if fork >= .prague, let delegate = code.delegationTarget {
                // EIP-7702: follow the designator; the transaction level charges nothing for it.
                _ = host.warmAccount(delegate)
                code = host.code(delegate)
                precompile = nil
            }
            let r = callFrame(m, code: code, precompile: precompile)
            return ExecutionResult(status: r.status, gasLeft: r.gasLeft, gasRefund: r.refund, output: r.output)
        }
    }

    /// EIP-684 / EIP-7610: an address with a nonzero nonce, code or nonzero storage cannot be created over.
    func hasCollision(_ a: Address) -> Bool {
        host.nonce(a) != 0 || !host.code(a).isEmpty || host.hasStorage(a)
    }

    // MARK: frames

    /// A message call frame (EELS `process_message`): checkpoint, value transfer, code or precompile.
    func callFrame(_ m: Message, code: Bytecode, precompile: Int?) -> FrameResult {
        if tracer != nil { traceEnter(m, to: m.target) }
        let cp = host.checkpoint()
        if (m.kind == .call || m.kind == .callCode) && !m.value.isZero {
            host.subtractBalance(m.caller, m.value)
            host.addBalance(m.target, m.value)
        }
        let r: FrameResult
        if let p = precompile {
            r = runPrecompile(p, input: m.input, gas: m.gas)
        } else if code.isEmpty {
            r = FrameResult(status: .success, gasLeft: m.gas, refund: 0, output: [])
        } else {
            r = run(m, code: code)
        }
        if r.status == .success { host.commit(cp) } else { host.revert(to: cp) }
        if tracer != nil { traceExit(m, output: r.output, gasLeft: r.gasLeft, status: r.status) }
        return r
    }

    /// A create frame (EELS `process_create_message`): the new account gets nonce 1 (EIP-161) and
    /// the value, the init code runs, and its output is deposited as code (EIP-3541, 200 gas/byte,
    /// EIP-170). `m.input` is the init code.
    func createFrame(_ m: Message, address: Address) -> FrameResult {
        if tracer != nil { traceEnter(m, to: address) }
        let r = createFrameBody(m, address: address)
        if tracer != nil {
            traceExit(m, output: r.status == .success ? host.code(address).bytes : r.output, gasLeft: r.gasLeft,
                      status: r.status)
        }
        return r
    }

    /// `createFrame` without its tracer events.
    @inline(__always)
    func createFrameBody(_ m: Message, address: Address) -> FrameResult {
        let cp = host.checkpoint()
        host.markCreated(address)
        host.setNonce(address, 1)
        if !m.value.isZero {
            host.subtractBalance(m.caller, m.value)
            host.addBalance(address, m.value)
        }
        var frame = m
        frame.target = address
        frame.codeAddress = address
        frame.input = []
        var r = run(frame, code: Bytecode(m.input, hash: .zero))
        guard r.status == .success else {
            host.revert(to: cp)
            return r
        }
        let deployed = r.output
        let depositCost = Gas.codeDeposit * Int64(deployed.count)
        var failure: ExecutionStatus? = nil
        if deployed.first == 0xef {
            failure = .invalidCode
        } else if r.gasLeft < depositCost {
            failure = .outOfGas
        } else if deployed.count > GasSchedule.maxCodeSize {
            failure = .codeSizeLimit
        }
        if let f = failure {
            host.revert(to: cp)
            return .failure(f)
        }
        host.setCode(address, deployed)
        host.commit(cp)
        r.gasLeft -= depositCost
        r.output = []
        return r
    }

    /// Runs `body` for a frame at `depth`, moving to a big-stack thread every `BigStack.hopInterval` levels.
    @inline(__always)
    func nested(depth: Int, _ body: () -> FrameResult) -> FrameResult {
        if depth % BigStack.hopInterval == 0 { return BigStack.run(body) }
        return body()
    }
}
