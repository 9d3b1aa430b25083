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
}

extension Machine {
    /// The traced loop's calls into `tracer` (kept out of line: only the traced loop has them).
    @inline(never)
    func traceStep(pc: Int, op: UInt8, gas: Int64, stack: UnsafeMutablePointer<UInt256>, sp: Int,
                   memorySize: Int, depth: Int, refund: Int64, returnData: [UInt8]) {
        tracer?.step(TraceStep(pc: pc, op: op, gas: gas, stack: UnsafeBufferPointer(start: stack, count: sp),
                               memorySize: memorySize, depth: depth, refund: refund, returnData: returnData))
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
