import Primitives

/// The interpreter's state at the start of one opcode, handed to an `EVMTracer` (EIP-3155 fields).
///
/// `stack` points into the interpreter's stack and is valid only during the `step(_:)` call: a
/// tracer that keeps it must copy it.
public struct TraceStep {
    /// Program counter: byte offset of the opcode in the running code.
    public var pc: Int
    /// The opcode byte (also for opcodes undefined in the fork, which then fail).
    public var op: UInt8
    /// Gas left before the opcode is charged, in gas.
    public var gas: Int64
    /// The stack, bottom first (`stack.last` is the top); valid only during the call.
    public var stack: UnsafeBufferPointer<UInt256>
    /// Active memory size in bytes (MSIZE), a multiple of 32.
    public var memorySize: Int
    /// Call depth, 1 for the transaction's frame (EIP-3155 counts from 1; `Message.depth` from 0).
    public var depth: Int
    /// This frame's refund counter in gas (EIP-3529; may be negative; sub-frames not included
    /// until they return successfully).
    public var refund: Int64
    /// The frame's return-data buffer (RETURNDATASIZE bytes: output of the last call or create).
    public var returnData: [UInt8]
    /// The account whose storage the frame uses (ADDRESS: the callee; for DELEGATECALL/CALLCODE the caller).
    public var address: Address
    /// The frame's memory (`memorySize` bytes); valid only during the call.
    public var memory: UnsafeRawBufferPointer
    /// For SLOAD and SSTORE (with the key on the stack): the slot's current value before the opcode;
    /// zero for other opcodes.
    public var slotValue: UInt256
}

/// What kind of frame a `FrameStart` opens (geth's callTracer `type`, upper-cased).
public enum FrameKind: Sendable, Hashable {
    case call, callcode, delegatecall, staticcall, create, create2, selfdestruct

    /// The opcode name geth's tracers print: "CALL", "CALLCODE", "DELEGATECALL", "STATICCALL",
    /// "CREATE", "CREATE2", "SELFDESTRUCT".
    public var name: String {
        switch self {
        case .call: "CALL"
        case .callcode: "CALLCODE"
        case .delegatecall: "DELEGATECALL"
        case .staticcall: "STATICCALL"
        case .create: "CREATE"
        case .create2: "CREATE2"
        case .selfdestruct: "SELFDESTRUCT"
        }
    }

    /// True for CREATE and CREATE2.
    public var isCreate: Bool { self == .create || self == .create2 }
}

/// A frame begins: a call or create (also one that fails before running code — too deep,
/// insufficient balance, address collision — as geth reports them), a precompile call, or a
/// SELFDESTRUCT's balance transfer (gas 0).
public struct FrameStart: Sendable {
    public var kind: FrameKind
    /// The caller; for DELEGATECALL and CALLCODE the calling contract (whose storage is used).
    public var from: Address
    /// The callee; for DELEGATECALL and CALLCODE the account whose code runs; for creates the new
    /// address; for SELFDESTRUCT the beneficiary.
    public var to: Address
    /// The account whose code runs: `to`, or the delegate when `to` holds an EIP-7702 designator.
    public var codeAddress: Address
    /// Wei: sent value; for DELEGATECALL the apparent value; for SELFDESTRUCT the balance moved.
    public var value: UInt256
    /// Gas given to the frame (for a call with value including the 2300 stipend), in gas.
    public var gas: Int64
    /// Call data, or init code for creates.
    public var input: [UInt8]
    /// 1 for the transaction's own frame, parent depth + 1 below it.
    public var depth: Int

    public init(kind: FrameKind, from: Address, to: Address, codeAddress: Address, value: UInt256, gas: Int64,
                input: [UInt8], depth: Int) {
        self.kind = kind
        self.from = from
        self.to = to
        self.codeAddress = codeAddress
        self.value = value
        self.gas = gas
        self.input = input
        self.depth = depth
    }
}

/// A frame ends (matches the last unmatched `FrameStart` of the same depth).
public struct FrameExit: Sendable {
    /// Return data, or revert data; for a successful create the deployed code; empty after an
    /// exceptional halt.
    public var output: [UInt8]
    /// Gas the frame used: its gas minus the gas it returned, in gas (all of it after an
    /// exceptional halt).
    public var gasUsed: Int64
    public var status: ExecutionStatus
    public var depth: Int

    public init(output: [UInt8], gasUsed: Int64, status: ExecutionStatus, depth: Int) {
        self.output = output
        self.gasUsed = gasUsed
        self.status = status
        self.depth = depth
    }
}

/// Transaction-level facts for tracers, given by whoever runs the transaction (the chain's replay)
/// before the first frame.
public struct TransactionStart: Sendable {
    public var from: Address
    /// The recipient, or the new contract's address for a creation.
    public var to: Address
    public var isCreate: Bool
    /// The transaction's gas limit, in gas.
    public var gasLimit: UInt64
    /// Effective gas price, wei per gas.
    public var gasPrice: UInt256
    public var value: UInt256
    /// The block's fee recipient.
    public var coinbase: Address
    /// EIP-7702 authorities (recovered signers of the authorization list), in list order.
    public var authorities: [Address]
    /// Number of logs earlier transactions of the block emitted (the first log's block-wide index).
    public var logIndexBase: Int

    public init(from: Address, to: Address, isCreate: Bool, gasLimit: UInt64, gasPrice: UInt256, value: UInt256,
                coinbase: Address, authorities: [Address] = [], logIndexBase: Int = 0) {
        self.from = from
        self.to = to
        self.isCreate = isCreate
        self.gasLimit = gasLimit
        self.gasPrice = gasPrice
        self.value = value
        self.coinbase = coinbase
        self.authorities = authorities
        self.logIndexBase = logIndexBase
    }
}

/// Transaction-level result for tracers (the receipt's view), after the last frame.
public struct TransactionEnd: Sendable {
    /// Gas charged after refund and the EIP-7623 floor (the receipt's gasUsed).
    public var gasUsed: UInt64
    public var status: ExecutionStatus
    /// Return data or revert data of the top frame (for a creation the deployed code).
    public var output: [UInt8]

    public init(gasUsed: UInt64, status: ExecutionStatus, output: [UInt8]) {
        self.gasUsed = gasUsed
        self.status = status
        self.output = output
    }
}

/// Receives the interpreter's per-opcode events when set on `EVM.tracer` (EIP-3155 tracing).
///
/// When no tracer is set the interpreter runs a copy of its loop specialised for "no tracer", so
/// tracing costs nothing when off. Calls arrive on the thread running the EVM, strictly in
/// execution order: for each frame `step` per opcode, `opCost` after a CALL/CREATE-family opcode
/// returns, `frameEnd` when the frame's code stops; `messageEnd` when `EVM.execute` returns.
public protocol EVMTracer: AnyObject {
    /// Before each opcode, before its gas is charged and its stack checked.
    func step(_ step: TraceStep)
    /// After CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE or CREATE2 at `depth` (1-based)
    /// returned: the gas the opcode charged itself, in gas — static gas, memory expansion, access
    /// and value costs, and for calls the gas given to the callee (without the 2300 stipend), as
    /// EIP-3155 `gasCost` and EELS report it. Gas the callee returns is not subtracted.
    func opCost(_ gas: Int64, depth: Int)
    /// A frame's code stopped (STOP, RETURN, REVERT, SELFDESTRUCT, end of code or an exceptional
    /// halt), before any code deposit. `gasLeft` is the frame's gas at that moment (negative after
    /// an out-of-gas charge: the attempted charge exceeded what was left); `refund` its counter.
    func frameEnd(depth: Int, gasLeft: Int64, refund: Int64, status: ExecutionStatus)
    /// `EVM.execute` finished a top-level message that had `messageGas` gas.
    func messageEnd(_ result: ExecutionResult, messageGas: Int64)

    /// A frame begins (before its value transfer and first `step`). Default: nothing.
    func enter(_ frame: FrameStart)
    /// The frame opened by the last unmatched `enter` ended (after its code deposit / revert). Default: nothing.
    func exit(_ frame: FrameExit)
    /// A LOG opcode of the frame at `depth` succeeded. Default: nothing.
    func log(_ log: Log, depth: Int)
    /// The transaction around the following frames begins (sent by the chain, not by `EVM`). Default: nothing.
    func transactionStart(_ tx: TransactionStart)
    /// The transaction ended; refunds and fees are settled. Default: nothing.
    func transactionEnd(_ tx: TransactionEnd)
}

extension EVMTracer {
    public func enter(_ frame: FrameStart) {}
    public func exit(_ frame: FrameExit) {}
    public func log(_ log: Log, depth: Int) {}
    public func transactionStart(_ tx: TransactionStart) {}
    public func transactionEnd(_ tx: TransactionEnd) {}
}

extension Machine {
    /// The traced loop's calls into `tracer` (kept out of line: only the traced loop has them).
    @inline(never)
    func traceStep(pc: Int, op: UInt8, gas: Int64, stack: UnsafeMutablePointer<UInt256>, sp: Int,
                   memory: UnsafeMutableRawPointer?, memorySize: Int, depth: Int, refund: Int64,
                   returnData: [UInt8], address: Address) {
        guard let tracer else { return }
        let slot: UInt256 = (op == 0x54 || op == 0x55) && sp >= 1 ? host.storage(address, stack[sp - 1]) : .zero
        tracer.step(TraceStep(pc: pc, op: op, gas: gas, stack: UnsafeBufferPointer(start: stack, count: sp),
                              memorySize: memorySize, depth: depth, refund: refund, returnData: returnData,
                              address: address, memory: UnsafeRawBufferPointer(start: memory, count: memorySize),
                              slotValue: slot))
    }

    /// `FrameKind` of a message kind.
    static func frameKind(_ k: CallKind) -> FrameKind {
        switch k {
        case .call: .call
        case .callCode: .callcode
        case .delegateCall: .delegatecall
        case .staticCall: .staticcall
        case .create: .create
        case .create2: .create2
        }
    }

    /// Reports that frame `m` begins; `to` for calls is its callee (DELEGATECALL/CALLCODE: the code
    /// account), for creates the new address. Called only with a tracer set.
    @inline(never)
    func traceEnter(_ m: Message, to: Address) {
        guard let tracer else { return }
        let kind = Self.frameKind(m.kind)
        var codeAddress = kind.isCreate ? to : m.codeAddress
        if !kind.isCreate, fork >= .prague, let delegate = host.code(m.codeAddress).delegationTarget {
            codeAddress = delegate
        }
        let from = m.kind == .delegateCall || m.kind == .callCode ? m.target : m.caller
        let callee = m.kind == .delegateCall || m.kind == .callCode ? m.codeAddress : to
        tracer.enter(FrameStart(kind: kind, from: from, to: callee, codeAddress: codeAddress, value: m.value,
                                gas: m.gas, input: m.input, depth: m.depth + 1))
    }

    /// Reports the end of the frame `m` begun by `traceEnter`.
    @inline(never)
    func traceExit(_ m: Message, output: [UInt8], gasLeft: Int64, status: ExecutionStatus) {
        tracer?.exit(FrameExit(output: output, gasUsed: m.gas - max(0, gasLeft), status: status, depth: m.depth + 1))
    }

    /// A frame that fails before it starts (too deep, insufficient balance, address collision, …):
    /// an `enter` and an `exit` with `status`, using `gasUsed` of its gas.
    @inline(never)
    func traceFailedFrame(_ m: Message, to: Address, status: ExecutionStatus, gasUsed: Int64) {
        guard tracer != nil else { return }
        traceEnter(m, to: to)
        tracer?.exit(FrameExit(output: [], gasUsed: gasUsed, status: status, depth: m.depth + 1))
    }

    @inline(never)
    func traceOpCost(staticGas: Int32, depth: Int) {
        if lastOpCost >= 0 { tracer?.opCost(Int64(staticGas) + lastOpCost, depth: depth) }
    }

    @inline(never)
    func traceFrameEnd(depth: Int, gasLeft: Int64, refund: Int64, status: ExecutionStatus) {
        tracer?.frameEnd(depth: depth, gasLeft: gasLeft, refund: refund, status: status)
    }
}
