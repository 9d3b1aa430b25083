import Primitives

/// One log in a `CallFrame` (geth callTracer `withLog`).
public struct CallLog: Sendable, Hashable {
    public var address: Address
    /// 0–4 topics, 32 bytes each.
    public var topics: [Hash]
    public var data: [UInt8]
    /// The log's index in its block (as the receipt's `logIndex`: logs of earlier transactions of
    /// the block counted first, from `TransactionStart.logIndexBase`).
    public var index: Int
    /// How many sub-calls of the same frame came before it (geth's `position`).
    public var position: Int

    public init(address: Address, topics: [Hash], data: [UInt8], index: Int, position: Int) {
        self.address = address
        self.topics = topics
        self.data = data
        self.index = index
        self.position = position
    }
}

/// One call, create, precompile call or SELFDESTRUCT transfer, with its sub-frames — geth's
/// callTracer frame (`eth/tracers/native/call.go`).
public struct CallFrame: Sendable, Hashable {
    public var kind: FrameKind
    /// The caller (for DELEGATECALL/CALLCODE the calling contract).
    public var from: Address
    /// Callee, code account (DELEGATECALL/CALLCODE), new contract or beneficiary; nil for a failed create (as geth).
    public var to: Address?
    /// The account whose code ran (differs from `to` for an EIP-7702 delegated account).
    public var codeAddress: Address
    /// Wei sent (apparent value for DELEGATECALL, balance moved for SELFDESTRUCT; zero for STATICCALL).
    public var value: UInt256
    /// Gas given to the frame; for the top frame the transaction's gas limit (as geth), in gas.
    public var gas: UInt64
    /// Gas used; for the top frame the receipt's gasUsed (after refund), in gas.
    public var gasUsed: UInt64
    /// Call data or init code.
    public var input: [UInt8]
    /// Return data, revert data, or a created contract's code; empty after other failures.
    public var output: [UInt8]
    public var status: ExecutionStatus
    /// geth's error text ("execution reverted", "out of gas", "invalid opcode: INVALID", …); nil on success.
    public var error: String?
    /// The decoded `Error(string)` / `Panic(uint256)` of a revert, if any.
    public var revertReason: String?
    /// Logs this frame emitted itself, in order (empty when it or a caller failed: those logs never happened).
    public var logs: [CallLog]
    /// Sub-frames in order.
    public var calls: [CallFrame]

    public init(kind: FrameKind, from: Address, to: Address?, codeAddress: Address, value: UInt256, gas: UInt64,
                gasUsed: UInt64 = 0, input: [UInt8], output: [UInt8] = [], status: ExecutionStatus = .success,
                error: String? = nil, revertReason: String? = nil, logs: [CallLog] = [], calls: [CallFrame] = []) {
        self.kind = kind
        self.from = from
        self.to = to
        self.codeAddress = codeAddress
        self.value = value
        self.gas = gas
        self.gasUsed = gasUsed
        self.input = input
        self.output = output
        self.status = status
        self.error = error
        self.revertReason = revertReason
        self.logs = logs
        self.calls = calls
    }
}

/// Builds the `CallFrame` tree of one transaction or call from the EVM's frame events (geth's
/// `callTracer`). Give it to `Blockchain.replayTransaction` / `traceCall` (or `EVM.tracer`); read
/// `root` afterwards. Not thread-safe; one tracer per transaction.
public final class CallTracer: EVMTracer {
    /// Only the transaction's own frame (geth `onlyTopCall`).
    public let onlyTopCall: Bool
    /// Collect logs (geth `withLog`).
    public let withLogs: Bool
    /// The top frame once the execution finished (nil before, or if nothing ran).
    public private(set) var root: CallFrame?

    var stack: [CallFrame] = []
    /// Per open frame: the log counter when it began (logs of a failed frame give their indexes back).
    var logCountAtEntry: [Int] = []
    var logCount = 0
    var gasLimit: UInt64?
    var lastOp: UInt8 = 0
    var lastStackCount = 0

    public init(onlyTopCall: Bool = false, withLogs: Bool = true) {
        self.onlyTopCall = onlyTopCall
        self.withLogs = withLogs
    }

    public func step(_ step: TraceStep) {
        lastOp = step.op
        lastStackCount = step.stack.count
    }

    public func opCost(_ gas: Int64, depth: Int) {}
    public func frameEnd(depth: Int, gasLeft: Int64, refund: Int64, status: ExecutionStatus) {}
    public func messageEnd(_ result: ExecutionResult, messageGas: Int64) {}

    public func transactionStart(_ tx: TransactionStart) {
        gasLimit = tx.gasLimit
        logCount = tx.logIndexBase
    }

    public func transactionEnd(_ tx: TransactionEnd) {
        guard root != nil else { return }
        root!.gasUsed = tx.gasUsed
        if let gasLimit { root!.gas = gasLimit }
    }

    public func enter(_ f: FrameStart) {
        logCountAtEntry.append(logCount)
        if onlyTopCall && !stack.isEmpty {
            stack.append(CallFrame(kind: f.kind, from: f.from, to: f.to, codeAddress: f.codeAddress, value: .zero,
                                   gas: 0, input: []))   // placeholder, dropped at exit
            return
        }
        stack.append(CallFrame(kind: f.kind, from: f.from, to: f.to, codeAddress: f.codeAddress,
                               value: f.kind == .staticcall ? .zero : f.value,
                               gas: UInt64(max(0, f.gas)), input: f.input))
    }

    public func exit(_ f: FrameExit) {
        guard var frame = stack.popLast() else { return }
        let entryLogCount = logCountAtEntry.popLast() ?? logCount
        frame.gasUsed = UInt64(max(0, f.gasUsed))
        frame.status = f.status
        if f.status == .success {
            frame.output = f.output
        } else {
            frame.error = GethFormat.errorMessage(f.status, op: lastOp, stackCount: lastStackCount)
            if frame.kind.isCreate { frame.to = nil }
            if f.status == .revert {
                frame.output = f.output
                frame.revertReason = GethFormat.revertReason(f.output)
            }
            // Its logs (and its sub-frames') are undone.
            Self.clearLogs(&frame)
            logCount = entryLogCount
        }
        if stack.isEmpty {
            root = frame
        } else if !onlyTopCall {
            stack[stack.count - 1].calls.append(frame)
        }
    }

    public func log(_ log: Log, depth: Int) {
        defer { logCount += 1 }
        guard withLogs, !stack.isEmpty, !(onlyTopCall && stack.count > 1) else { return }
        let i = stack.count - 1
        stack[i].logs.append(CallLog(address: log.address, topics: log.topics, data: log.data, index: logCount,
                                     position: stack[i].calls.count))
    }

    static func clearLogs(_ f: inout CallFrame) {
        f.logs.removeAll()
        for i in f.calls.indices { clearLogs(&f.calls[i]) }
    }
}
