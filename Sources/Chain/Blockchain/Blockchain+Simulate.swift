import EVM
import Primitives
import State
import Trie

/// eth_simulateV1 input: one simulated block (execution-apis `BlockStateCall`).
public struct SimulateBlockSpec: Sendable {
    /// Header fields to use instead of the defaults (execution-apis `BlockOverrides`).
    public struct Overrides: Sendable {
        /// Block number; default parent + 1. Must be above the previous block's (gaps are filled
        /// with empty blocks).
        public var number: UInt64?
        /// Timestamp in seconds; default parent + 12. Must be above the previous block's.
        public var time: UInt64?
        /// Gas limit; default the parent block's.
        public var gasLimit: UInt64?
        /// Coinbase; default the parent block's.
        public var feeRecipient: Address?
        /// mixHash / PREVRANDAO; default zero.
        public var prevRandao: Hash?
        /// Base fee in wei per gas; default the EIP-1559 successor of the parent with validation,
        /// zero without.
        public var baseFeePerGas: UInt256?
        /// Blob base fee in wei (BLOBBASEFEE); default zero without validation, the parent's
        /// successor with it.
        public var blobBaseFee: UInt256?
        public init() {}
    }

    /// One account's state override (execution-apis `AccountOverride`).
    public struct AccountOverride: Sendable {
        public var balance: UInt256?
        public var nonce: UInt64?
        public var code: [UInt8]?
        /// Replaces the whole storage (slot → value).
        public var state: [UInt256: UInt256]?
        /// Writes these slots, keeping the others.
        public var stateDiff: [UInt256: UInt256]?
        public init() {}
    }

    /// One call: the request fields plus an optional nonce (default: the sender's current nonce).
    public struct Call: Sendable {
        public var request: CallRequest
        public var nonce: UInt64?
        public init(request: CallRequest, nonce: UInt64? = nil) {
            self.request = request
            self.nonce = nonce
        }
    }

    public var overrides = Overrides()
    /// Applied in order before the block's calls.
    public var stateOverrides: [(Address, AccountOverride)] = []
    public var calls: [Call] = []
    public init() {}
}

/// eth_simulateV1 options.
public struct SimulateOptions: Sendable {
    /// Every transaction check (nonce, fee cap ≥ base fee, EOA sender) as in a real block; without
    /// it calls run as eth_call (no nonce checks, no fees unless a price is given, base fee 0).
    public var validation = false
    /// ERC-7528 transfer logs (address 0xeeee…eeee, `Transfer(from, to, value)`) for every ether
    /// movement, in execution order among the contract logs.
    public var traceTransfers = false
    public init() {}
}

/// The result of one simulated call (execution-apis `CallResult`).
public struct SimulatedCall: Sendable {
    public var status: ExecutionStatus
    /// Return data, or revert data when `status == .revert`.
    public var returnData: [UInt8]
    /// Gas used after refunds.
    public var gasUsed: UInt64
    /// Logs of a successful call (with ERC-7528 transfer logs when asked), in order.
    public var logs: [Log]
}

/// One simulated block: the block (unsigned transactions built from the calls: v = r = s = 0,
/// senders recorded in `block.senders`) and its calls' results.
public struct SimulatedBlock: Sendable {
    public var block: Block
    public var calls: [SimulatedCall]
}

/// A refused eth_simulateV1 request, with the execution-apis / geth error code.
public struct SimulateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// -38010 nonce too low, -38011 nonce too high, -38012 fee cap below the base fee, -38013
    /// intrinsic gas too low, -38014 insufficient funds, -38015 block gas limit reached, -38020
    /// block number not in order, -38021 timestamp not in order, -38024 sender not an EOA, -38025
    /// init code too large, -38026 too many blocks, -32602 invalid parameters, -32000 other.
    public var code: Int
    public var message: String
    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }

    /// The code execution-apis gives a failed transaction check.
    static func from(_ e: TxPoolError) -> SimulateError {
        let code: Int
        switch e {
        case .nonceTooLow: code = -38010
        case .nonceTooHigh: code = -38011
        case .feeCapTooLow: code = -38012
        case .intrinsicGasTooLow, .floorDataGasTooLow: code = -38013
        case .insufficientFunds: code = -38014
        case .senderNotEOA: code = -38024
        case .initcodeTooLarge: code = -38025
        default: code = -32000
        }
        return SimulateError(code: code, message: e.description)
    }
}

/// ERC-7528: the pseudo-address of ether in transfer logs.
public let etherTransferLogAddress = Address(hex: "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee")!
/// keccak256("Transfer(address,address,uint256)").
let transferEventTopic = Keccak256.hash(Array("Transfer(address,address,uint256)".utf8))

/// Records ether transfers for `traceTransfers` (ERC-7528 logs). A CALL / CALLCODE / CREATE /
/// CREATE2 with value, or a SELFDESTRUCT of a funded account, is recorded when the opcode starts
/// and kept only if it succeeded: the next step at the caller's depth finds the call's success
/// flag (or the created address) on top of the stack. Each transfer remembers how many contract
/// logs preceded it, so the two can be merged in execution order.
final class TransferTracer: EVMTracer {
    struct Transfer {
        var from: Address
        var to: Address?
        var value: UInt256
        /// Contract logs emitted before it.
        var position: Int
    }
    private let state: WorldState
    private(set) var transfers: [Transfer] = []
    /// Storage (`ADDRESS`) of the frame at each depth; nil when unknown.
    private var frames: [Address?]
    /// An opcode awaiting its outcome: depth, index of its first transfer, whether it creates.
    private var awaiting: [(depth: Int, first: Int, creates: Bool, callee: Address?)] = []

    init(state: WorldState, sender: Address, target: Address, value: UInt256) {
        self.state = state
        self.frames = [nil, target]
        if !value.isZero { transfers.append(Transfer(from: sender, to: target, value: value, position: 0)) }
    }

    func step(_ s: TraceStep) {
        let d = s.depth
        // Outcomes of opcodes at this depth (or above, when a frame ended early).
        while let last = awaiting.last, last.depth >= d {
            awaiting.removeLast()
            let top = s.stack.last ?? .zero
            if last.depth == d {
                if top.isZero {
                    transfers.removeLast(transfers.count - last.first)
                } else if last.creates, last.first < transfers.count {
                    transfers[last.first].to = Address(top)
                }
            }
        }
        if frames.count <= d {
            while frames.count < d { frames.append(nil) }
            frames.append(awaiting.last?.depth == d - 1 ? awaiting.last!.callee : nil)
        } else if frames.count > d + 1 {
            frames.removeLast(frames.count - d - 1)
        }
        let st = s.stack
        let n = st.count
        let me = frames[d]
        switch s.op {
        case 0xf1, 0xf2:   // CALL, CALLCODE: value is the third item
            guard n >= 7 else { return }
            let to = Address(st[n - 2])
            let value = st[n - 3]
            let first = transfers.count
            if !value.isZero, let me {
                transfers.append(Transfer(from: me, to: s.op == 0xf1 ? to : me, value: value, position: state.logs.count))
            }
            awaiting.append((d, first, false, s.op == 0xf1 ? to : me))
        case 0xf4:   // DELEGATECALL: no value, same storage
            guard n >= 6 else { return }
            awaiting.append((d, transfers.count, false, me))
        case 0xfa:   // STATICCALL
            guard n >= 6 else { return }
            awaiting.append((d, transfers.count, false, Address(st[n - 2])))
        case 0xf0, 0xf5:   // CREATE, CREATE2: value is the top item; address known when it returns
            guard n >= (s.op == 0xf0 ? 3 : 4) else { return }
            let value = st[n - 1]
            let first = transfers.count
            var callee: Address?
            if s.op == 0xf0, let me { callee = ContractAddress.create(sender: me, nonce: state.nonce(me)) }
            if !value.isZero, let me {
                transfers.append(Transfer(from: me, to: callee, value: value, position: state.logs.count))
            }
            awaiting.append((d, first, true, callee))
        case 0xff:   // SELFDESTRUCT: the whole balance moves
            guard n >= 1, let me else { return }
            let balance = state.balance(me)
            if !balance.isZero {
                transfers.append(Transfer(from: me, to: Address(st[n - 1]), value: balance, position: state.logs.count))
            }
        default:
            break
        }
    }

    func opCost(_ gas: Int64, depth: Int) {}
    func frameEnd(depth: Int, gasLeft: Int64, refund: Int64, status: ExecutionStatus) {
        // A frame that stops right after a call (no further step at its depth): the call's outcome
        // is unknown here; it is kept unless the frame itself fails.
        while let last = awaiting.last, last.depth >= depth { awaiting.removeLast() }
    }
    func messageEnd(_ result: ExecutionResult, messageGas: Int64) {}

    /// `logs` with the transfer logs merged in at their positions.
    func merged(with logs: [Log]) -> [Log] {
        var out: [Log] = []
        out.reserveCapacity(logs.count + transfers.count)
        var k = 0
        for (i, log) in logs.enumerated() {
            while k < transfers.count, transfers[k].position <= i { out.append(transferLog(transfers[k])); k += 1 }
            out.append(log)
        }
        while k < transfers.count { out.append(transferLog(transfers[k])); k += 1 }
        return out
    }

    private func transferLog(_ t: Transfer) -> Log {
        Log(address: etherTransferLogAddress,
            topics: [transferEventTopic, Hash(word: UInt256(bigEndian: [UInt8](repeating: 0, count: 12) + t.from.bytes)),
                     Hash(word: UInt256(bigEndian: [UInt8](repeating: 0, count: 12) + (t.to ?? .zero).bytes))],
            data: t.value.bigEndianBytes)
    }
}

extension Blockchain {
    /// Most blocks (gaps included) one eth_simulateV1 request may produce (geth's limit).
    public static let maxSimulatedBlocks: UInt64 = 256

    /// eth_simulateV1: executes `blocks` one after another on a scratch copy of the state after
    /// block `number` (the chain is never touched) and returns each simulated block with its calls'
    /// results. Per block: the overrides give the header (defaults: number parent + 1, timestamp
    /// parent + 12 s, the parent's gas limit and coinbase, prevRandao zero, base fee as documented on
    /// `SimulateBlockSpec.Overrides`), the state overrides are applied, then the calls run in order,
    /// each with gas = its `gas` or the block's remaining gas (capped at `config.callGasCap`).
    /// BLOCKHASH sees the chain's blocks up to `number` and the simulated blocks before the current one.
    /// - Throws: `SimulateError` with the execution-apis code (see its `code`) for an invalid
    ///   request or a call that fails its transaction checks; a call that reverts or halts is a
    ///   normal result (`SimulatedCall.status`).
    public func simulate(_ blocks: [SimulateBlockSpec], options: SimulateOptions, at number: UInt64)
        throws(SimulateError) -> [SimulatedBlock]
    {
        guard let snapshot = state(at: number), let base = block(number: number) else {
            throw SimulateError(code: -32000, message: "header not found")
        }
        let world = snapshot.makeWorldState()
        var simulatedHashes: [UInt64: Hash] = [:]
        world.blockHashSource = { [unowned self] n in
            n <= number ? self.hashOfBlock(n) : (simulatedHashes[n] ?? .zero)
        }
        // Validate the numbering first (geth does so before executing anything).
        var lastNumber = base.header.number
        var lastTime = base.header.timestamp
        var total: UInt64 = 0
        for spec in blocks {
            guard spec.overrides.number != nil || lastNumber < .max else {
                throw SimulateError(code: -38020, message: "block number overflows 2^64 - 1")
            }
            let n = spec.overrides.number ?? (lastNumber + 1)
            guard n > lastNumber else {
                throw SimulateError(code: -38020, message: "block numbers must be in order: \(n) <= \(lastNumber)")
            }
            total += n - lastNumber
            guard total <= Self.maxSimulatedBlocks else { throw SimulateError(code: -38026, message: "too many blocks") }
            // Filler blocks for a gap get parent + 12 s each.
            let (before, o1) = lastTime.addingReportingOverflow(12 * (n - lastNumber - 1))
            let (next, o2) = before.addingReportingOverflow(12)
            guard !o1, spec.overrides.time != nil || !o2 else {
                throw SimulateError(code: -38021, message: "block timestamps overflow 2^64 - 1")
            }
            let t = spec.overrides.time ?? next
            guard t > before else {
                throw SimulateError(code: -38021, message: "block timestamps must be in order: \(t) <= \(before)")
            }
            lastNumber = n
            lastTime = t
        }

        var results: [SimulatedBlock] = []
        var parent = base.header
        for spec in blocks {
            let n = spec.overrides.number ?? (parent.number + 1)
            // Empty blocks for a gap in the numbers, 12 s apart.
            while parent.number + 1 < n {
                let filler = try simulateBlock(SimulateBlockSpec(), number: parent.number + 1, time: parent.timestamp + 12,
                                               parent: parent, world: world, options: options)
                simulatedHashes[filler.block.header.number] = filler.block.hash
                parent = filler.block.header
                results.append(filler)
            }
            let time = spec.overrides.time ?? (parent.timestamp + 12)
            let simulated = try simulateBlock(spec, number: n, time: time, parent: parent, world: world, options: options)
            simulatedHashes[n] = simulated.block.hash
            parent = simulated.block.header
            results.append(simulated)
        }
        return results
    }

    private func simulateBlock(_ spec: SimulateBlockSpec, number: UInt64, time: UInt64, parent: BlockHeader,
                               world: WorldState, options: SimulateOptions) throws(SimulateError) -> SimulatedBlock
    {
        let o = spec.overrides
        // geth: unset header fields come from the parent (the base block, then each simulated one).
        let gasLimit = o.gasLimit ?? parent.gasLimit
        let coinbase = o.feeRecipient ?? parent.coinbase
        let prevRandao = o.prevRandao ?? .zero
        let excessBlobGas = executor.blobSchedule.nextExcessBlobGas(
            parentExcessBlobGas: parent.excessBlobGas ?? 0, parentBlobGasUsed: parent.blobGasUsed ?? 0,
            parentBaseFee: parent.baseFeePerGas ?? .zero, fork: config.fork)
        let baseFee = o.baseFeePerGas ?? (options.validation
            ? FeeMarket.nextBaseFee(parentBaseFee: parent.baseFeePerGas ?? config.initialBaseFee,
                                    parentGasUsed: parent.gasUsed, parentGasLimit: parent.gasLimit)
            : .zero)
        let blobBaseFee = o.blobBaseFee ?? (options.validation ? executor.blobSchedule.baseFee(excessBlobGas: excessBlobGas) : .zero)
        var context = BlockContext(number: number, timestamp: time, coinbase: coinbase, gasLimit: gasLimit,
                                   baseFee: baseFee, prevRandao: prevRandao, chainId: UInt256(config.chainId),
                                   blobBaseFee: blobBaseFee)
        context.ai = aiOracle   // simulated blocks ask the AI precompile live, like eth_call

        for (address, a) in spec.stateOverrides {
            if a.state != nil, a.stateDiff != nil {
                throw SimulateError(code: -32602, message: "account \(address.hex) has both 'state' and 'stateDiff'")
            }
            if let v = a.balance { world.setBalance(address, v) }
            if let v = a.nonce { world.setNonce(address, v) }
            if let v = a.code { world.setCode(address, v) }
            if let v = a.state { world.replaceStorage(address, v) }
            if let v = a.stateDiff { for (slot, value) in v { world.setStorage(address, slot, value) } }
        }
        world.beginTransaction()   // closes the override journal: calls cannot revert it

        var transactions: [Transaction] = []
        var senders: [Address] = []
        var receipts: [Receipt] = []
        var calls: [SimulatedCall] = []
        var outcomes: [ExecutionOutcome] = []
        var gasUsed: UInt64 = 0
        var bloom = Bloom.zero
        for call in spec.calls {
            let r = call.request
            let from = r.from ?? .zero
            let remaining = gasLimit - gasUsed
            if let g = r.gas, g > remaining {
                throw SimulateError(code: -38015, message: "block gas limit reached: \(gasUsed) >= \(gasLimit)")
            }
            let gas = min(r.gas ?? remaining, config.callGasCap)
            var request = executionRequest(r, gas: gas)
            request.sender = from
            let nonce = call.nonce ?? world.nonce(from)
            if options.validation { request.nonce = nonce }
            let tracer = options.traceTransfers
                ? TransferTracer(state: world, sender: from,
                                 target: r.to ?? ContractAddress.create(sender: from, nonce: world.nonce(from)),
                                 value: r.value ?? .zero)
                : nil
            let outcome: ExecutionOutcome
            do {
                outcome = try executor.execute(request, state: world, block: context,
                                               mode: options.validation ? .transaction : .call, tracer: tracer)
            } catch {
                throw SimulateError.from(error)
            }
            gasUsed += outcome.gasUsed
            var logs = outcome.logs
            if let tracer, outcome.succeeded { logs = tracer.merged(with: logs) }
            let receipt = Receipt(type: r.maxFeePerGas != nil || r.maxPriorityFeePerGas != nil ? .dynamicFee : .legacy,
                                  status: outcome.succeeded, cumulativeGasUsed: gasUsed, logs: logs)
            bloom.formUnion(receipt.logsBloom)
            receipts.append(receipt)
            let tx: Transaction
            if r.maxFeePerGas != nil || r.maxPriorityFeePerGas != nil {
                tx = Transaction(type: .dynamicFee, chainId: config.chainId, nonce: nonce,
                                 maxPriorityFeePerGas: r.maxPriorityFeePerGas ?? .zero, maxFeePerGas: r.maxFeePerGas ?? .zero,
                                 gasLimit: gas, to: r.to, value: r.value ?? .zero, data: r.data, accessList: r.accessList)
            } else {
                tx = Transaction(type: r.accessList.isEmpty ? .legacy : .accessList,
                                 chainId: r.accessList.isEmpty ? nil : config.chainId, nonce: nonce,
                                 gasPrice: r.gasPrice ?? .zero, gasLimit: gas, to: r.to, value: r.value ?? .zero,
                                 data: r.data, accessList: r.accessList)
            }
            transactions.append(tx)
            senders.append(from)
            outcomes.append(outcome)
            calls.append(SimulatedCall(status: outcome.status, returnData: outcome.output, gasUsed: outcome.gasUsed,
                                       logs: logs))
        }
        let stateRoot = world.commitBlock()
        let header = BlockHeader(
            parentHash: parent.hash, ommersHash: Genesis.emptyOmmersHash, coinbase: coinbase, stateRoot: stateRoot,
            transactionsRoot: MerklePatriciaTrie.orderedRoot(transactions.map { $0.encoded() }),
            receiptsRoot: MerklePatriciaTrie.orderedRoot(receipts.map { $0.encoded() }),
            logsBloom: bloom, difficulty: .zero, number: number, gasLimit: gasLimit, gasUsed: gasUsed,
            timestamp: time, extraData: [], mixHash: prevRandao, nonce: 0,
            baseFeePerGas: baseFee, withdrawalsRoot: emptyTrieRoot, blobGasUsed: 0, excessBlobGas: excessBlobGas,
            parentBeaconBlockRoot: .zero, requestsHash: config.fork >= .prague ? Genesis.emptyRequestsHash : nil)
        let block = Block(header: header, transactions: transactions, senders: senders, receipts: receipts,
                          gasUsed: outcomes.map(\.gasUsed), effectiveGasPrices: outcomes.map(\.effectiveGasPrice),
                          contractAddresses: outcomes.map(\.contractAddress))
        return SimulatedBlock(block: block, calls: calls)
    }
}
