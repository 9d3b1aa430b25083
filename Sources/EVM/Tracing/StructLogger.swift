import Primitives

/// geth's default tracer (`eth/tracers/logger`, the "struct logger" of debug_traceTransaction):
/// one entry per executed opcode, plus the transaction's gas, failure flag and return value.
///
/// Per entry (geth's `structLogLegacy`): `pc`; `op` (geth's opcode name, `GethFormat.opName`);
/// `gas` left before the opcode; `gasCost` it charged (static + dynamic + memory; for CALL-family
/// opcodes including the gas given to the callee without the stipend; for CREATE without the
/// callee's gas); `depth` from 1; `stack` bottom first; `memory` in 32-byte words; `returnData`;
/// `storage`: after SLOAD/SSTORE, the slots of the running contract read or written so far in
/// this transaction (read values from state, written values from the stack); `refund`: the
/// transaction's refund counter (this frame's and its callers'); `error`: on an opcode that failed
/// before running (out of gas, stack underflow/overflow, undefined opcode), geth's message.
/// Not thread-safe; one logger per transaction.
public final class StructLogger: EVMTracer {
    /// geth's logger options (`logger.Config`).
    public struct Config: Sendable, Hashable {
        public var disableStack = false
        public var disableStorage = false
        public var enableMemory = false
        public var enableReturnData = false
        /// Stop recording after this many entries (0: no limit). geth stops after a result size;
        /// here it counts entries.
        public var limit = 0
        public init(disableStack: Bool = false, disableStorage: Bool = false, enableMemory: Bool = false,
                    enableReturnData: Bool = false, limit: Int = 0) {
            self.disableStack = disableStack
            self.disableStorage = disableStorage
            self.enableMemory = enableMemory
            self.enableReturnData = enableReturnData
            self.limit = limit
        }
    }

    /// One executed opcode.
    public struct Entry: Sendable, Hashable {
        public var pc: Int
        public var op: UInt8
        /// Gas left before the opcode.
        public var gas: UInt64
        public var gasCost: UInt64
        public var depth: Int
        /// Bottom first; nil with `disableStack`.
        public var stack: [UInt256]?
        /// The frame's memory; nil unless `enableMemory`.
        public var memory: [UInt8]?
        /// The frame's return-data buffer; nil unless `enableReturnData`.
        public var returnData: [UInt8]?
        /// For SLOAD/SSTORE (unless `disableStorage`): the contract's slots seen so far, by key.
        public var storage: [UInt256: UInt256]?
        /// The transaction's refund counter, in gas.
        public var refund: UInt64
        /// geth's error message for an opcode that failed before running.
        public var error: String?

        /// geth's name of `op`.
        public var opName: String { GethFormat.opName(op) }
    }

    public let config: Config
    /// The entries, in execution order.
    public private(set) var entries: [Entry] = []
    /// The transaction's gas used (receipt gasUsed), set at `transactionEnd`; for a bare
    /// `EVM.execute`, the message's gas used.
    public private(set) var gasUsed: UInt64 = 0
    /// The transaction failed (any status other than success).
    public private(set) var failed = false
    /// Return data, revert data, or a created contract's code; empty after other failures (as geth).
    public private(set) var returnValue: [UInt8] = []

    /// Per depth: index in `entries` of the depth's last entry still waiting for its gasCost.
    var open: [Int?] = [nil]
    var costSet: [Bool] = [false]
    var refundBase: [Int64] = [0]
    var lastRefund: [Int64] = [0]
    var active: [Bool] = [false]
    var storage: [Address: [UInt256: UInt256]] = [:]
    var full = false

    public init(config: Config = Config()) {
        self.config = config
    }

    public func step(_ s: TraceStep) {
        let d = s.depth
        while open.count <= d { open.append(nil); costSet.append(false); refundBase.append(0); lastRefund.append(0); active.append(false) }
        if !active[d] {
            active[d] = true
            refundBase[d] = d > 1 ? refundBase[d - 1] + lastRefund[d - 1] : 0
            open[d] = nil
        }
        if let i = open[d] { close(i, depth: d, gasAfter: s.gas) }
        lastRefund[d] = s.refund
        if config.limit > 0 && entries.count >= config.limit { full = true }
        if full { open[d] = nil; return }
        var e = Entry(pc: s.pc, op: s.op, gas: UInt64(max(0, s.gas)), gasCost: 0, depth: d,
                      refund: UInt64(max(0, refundBase[d] + s.refund)))
        if !config.disableStack { e.stack = Array(s.stack) }
        if config.enableMemory { e.memory = Array(s.memory) }
        if config.enableReturnData { e.returnData = s.returnData }
        if !config.disableStorage && (s.op == 0x54 || s.op == 0x55) {
            let n = s.stack.count
            if s.op == 0x54 && n >= 1 {
                storage[s.address, default: [:]][s.stack[n - 1]] = s.slotValue
                e.storage = storage[s.address]
            } else if s.op == 0x55 && n >= 2 {
                storage[s.address, default: [:]][s.stack[n - 1]] = s.stack[n - 2]
                e.storage = storage[s.address]
            }
        }
        entries.append(e)
        open[d] = entries.count - 1
        costSet[d] = false
    }

    public func opCost(_ gas: Int64, depth: Int) {
        guard depth < open.count, let i = open[depth] else { return }
        entries[i].gasCost = UInt64(max(0, gas))
        costSet[depth] = true
    }

    public func frameEnd(depth: Int, gasLeft: Int64, refund: Int64, status: ExecutionStatus) {
        guard depth < open.count else { return }
        if let i = open[depth] {
            close(i, depth: depth, gasAfter: gasLeft)
            let e = entries[i]
            switch status {
            case .outOfGas, .invalidOpcode:
                entries[i].error = GethFormat.errorMessage(status, op: e.op, stackCount: e.stack?.count ?? 0)
            case .stackUnderflow, .stackOverflow:
                // geth charges nothing yet but reports the opcode's static gas as its cost.
                entries[i].gasCost = UInt64(max(0, GethFormat.traits[Int(e.op)].gas))
                entries[i].error = GethFormat.errorMessage(status, op: e.op, stackCount: e.stack?.count ?? 0)
            default:
                break
            }
        }
        open[depth] = nil
        active[depth] = false
    }

    public func messageEnd(_ result: ExecutionResult, messageGas: Int64) {
        failed = !result.status.isSuccess
        returnValue = result.status.isSuccess || result.status.isRevert ? result.output : []
        gasUsed = UInt64(max(0, messageGas - max(0, result.gasLeft)))
    }

    public func transactionEnd(_ tx: TransactionEnd) {
        gasUsed = tx.gasUsed
        failed = !tx.status.isSuccess
        returnValue = tx.status.isSuccess || tx.status.isRevert ? tx.output : []
    }

    func close(_ i: Int, depth: Int, gasAfter: Int64) {
        if !costSet[depth] { entries[i].gasCost = UInt64(max(0, Int64(entries[i].gas) - gasAfter)) }
        open[depth] = nil
    }
}
