import EVM
import Primitives

/// One frame as `FrameRecorder` saw it: a call, create, precompile call or SELFDESTRUCT transfer.
public struct RecordedFrame: Sendable, Hashable {
    public var kind: FrameKind
    /// Caller (DELEGATECALL/CALLCODE: the calling contract; SELFDESTRUCT: the destroyed contract).
    public var from: Address
    /// Callee (DELEGATECALL/CALLCODE: the code account), new contract (also for a failed create),
    /// or SELFDESTRUCT beneficiary.
    public var to: Address
    /// Wei sent (DELEGATECALL: apparent value; SELFDESTRUCT: balance moved).
    public var value: UInt256
    /// Gas given to the frame as the EVM gave it (the top frame: gas limit − intrinsic gas).
    public var gas: Int64
    /// Call data or init code.
    public var input: [UInt8]
    /// 1 for the transaction's own frame.
    public var depth: Int
    /// Return or revert data; a successful create's deployed code; empty after other failures.
    public var output: [UInt8] = []
    /// Gas the frame used (gas − gas returned; all of it after an exceptional halt).
    public var gasUsed: Int64 = 0
    public var status: ExecutionStatus = .success
    /// Number of direct sub-frames.
    public var subframes: Int = 0
    /// Position among its parent's sub-frames, from the top: [] for the top frame (Parity's
    /// `traceAddress`).
    public var path: [Int] = []
}

/// Records every frame of one transaction in execution (pre-)order from the EVM's `enter`/`exit`
/// events: the raw facts behind Parity traces (trace_*), Otterscan's trace and internal
/// operations, and the internal-call address index. Not thread-safe; one per transaction.
public final class FrameRecorder: EVMTracer {
    /// Frames in the order they began; a frame's sub-frames follow it.
    public private(set) var frames: [RecordedFrame] = []
    private var open: [Int] = []

    public init() {}

    public func step(_ step: TraceStep) {}
    public func opCost(_ gas: Int64, depth: Int) {}
    public func frameEnd(depth: Int, gasLeft: Int64, refund: Int64, status: ExecutionStatus) {}
    public func messageEnd(_ result: ExecutionResult, messageGas: Int64) {}

    public func enter(_ f: FrameStart) {
        var path: [Int] = []
        if let parent = open.last {
            path = frames[parent].path + [frames[parent].subframes]
            frames[parent].subframes += 1
        }
        open.append(frames.count)
        frames.append(RecordedFrame(kind: f.kind, from: f.from, to: f.to, value: f.value, gas: f.gas,
                                    input: f.input, depth: f.depth, path: path))
    }

    public func exit(_ f: FrameExit) {
        guard let i = open.popLast() else { return }
        frames[i].output = f.output
        frames[i].gasUsed = f.gasUsed
        frames[i].status = f.status
    }
}
