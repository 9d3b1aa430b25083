import EVM
import Primitives
import State

/// One re-executed transaction or traced call.
public struct ReplayResult: Sendable {
    /// The mined transaction's hash; nil for `traceCall`.
    public var transactionHash: Hash?
    /// Its index in the block; nil for `traceCall`.
    public var transactionIndex: Int?
    /// The block it ran in (for `traceCall`: the block whose state and context it ran on).
    public var blockNumber: UInt64
    /// Gas charged after refund and the EIP-7623 floor (the receipt's gasUsed), in gas.
    public var gasUsed: UInt64
    /// How the top frame ended.
    public var status: ExecutionStatus
    /// Return data or revert data (for a successful creation: empty; the code is in `after`).
    public var output: [UInt8]
    /// For a creation: the new contract's address (also when it failed, as receipts show it).
    public var contractAddress: Address?
    /// Logs of a successful execution.
    public var logs: [Log]
    /// The state just before the transaction (after the block's earlier transactions).
    public var before: StateSnapshot
    /// The state just after it.
    public var after: StateSnapshot
    /// Replayed gasUsed and status equal the stored receipt's (always true for `traceCall`). False
    /// means the stored history does not reproduce the block (see `ReplayError.diverged`).
    public var matchesReceipt: Bool

    /// True when the top frame succeeded.
    public var succeeded: Bool { status.isSuccess }
}

/// Why a replay could not run.
public enum ReplayError: Error, Sendable, CustomStringConvertible {
    /// No mined transaction with this hash.
    case unknownTransaction(Hash)
    /// No block with this number (or hash).
    case unknownBlock(UInt64)
    /// The state the block started from is not available.
    case missingState(UInt64)
    /// A transaction failed its checks on the replayed state (the history cannot be reproduced).
    case rejected(index: Int, TxPoolError)

    public var description: String {
        switch self {
        case .unknownTransaction(let h): "transaction \(h) not found"
        case .unknownBlock(let n): "block \(n) not found"
        case .missingState(let n): "state of block \(n) is not available"
        case .rejected(let i, let e): "transaction \(i) of the block cannot be replayed: \(e)"
        }
    }
}

/// Re-execution of mined transactions and of calls with a tracer (debug_trace*, trace_*, ots_*).
///
/// A block's transactions are re-run with `TransactionExecutor.execute` — the same code the block
/// builder uses — on the state after the parent block (`state(at:)`), in order, with the block's own
/// context (number, timestamp, coinbase, gas limit, base fee, prevRandao and blob base fee read from
/// its header).
extension Blockchain {
    /// Re-executes mined transaction `hash` on the state its block started from plus the block's
    /// earlier transactions, with `tracer` receiving its events (frames, opcodes, logs, and
    /// `transactionStart` / `transactionEnd`).
    /// - Throws: `ReplayError.unknownTransaction`, `.missingState`, `.rejected`.
    public func replayTransaction(hash: Hash, tracer: (any EVMTracer)?) throws(ReplayError) -> ReplayResult {
        guard let (block, index) = transaction(hash: hash) else { throw .unknownTransaction(hash) }
        let results = try replay(block, through: index, collectFrom: index) { $0 == index ? tracer : nil }
        return results[results.count - 1]
    }

    /// Re-executes every transaction of block `number` in order; `makeTracer(i)` gives the tracer of
    /// transaction `i` (nil: untraced). Returns one result per transaction (empty for a block without any).
    /// - Throws: `ReplayError.unknownBlock`, `.missingState`, `.rejected`.
    public func replayBlock(number: UInt64, makeTracer: (Int) -> (any EVMTracer)?) throws(ReplayError) -> [ReplayResult] {
        guard let block = block(number: number) else { throw .unknownBlock(number) }
        if block.transactions.isEmpty { return [] }
        return try replay(block, through: block.transactions.count - 1, collectFrom: 0, makeTracer: makeTracer)
    }

    /// Runs an unsigned call as eth_call does (gas = min(`request.gas` ?? cap, `config.callGasCap`),
    /// `from` defaulting to the zero address, no fee without a gas price) on the state after block
    /// `number` with that block's context, with `tracer`; the changes are thrown away.
    /// - Throws: `CallError.unknownBlock`, `.rejected` when the request fails the transaction checks.
    public func traceCall(_ request: CallRequest, at number: UInt64, tracer: (any EVMTracer)?) throws(CallError) -> ReplayResult {
        guard let snapshot = state(at: number), let block = block(number: number) else { throw .unknownBlock(number) }
        let world = snapshot.makeWorldState()
        world.blockHashSource = { [unowned self] n in n <= number ? self.hashOfBlock(n) : .zero }
        let gas = min(request.gas ?? config.callGasCap, config.callGasCap)
        let r = executionRequest(request, gas: gas)
        let ctx = context(of: block.header)
        // eth_call charges no fee without a price; the effective price is then zero.
        let price = r.feeCap.isZero ? UInt256.zero : r.effectiveGasPrice(baseFee: ctx.baseFee)
        tracer?.transactionStart(transactionStart(r, nonce: world.nonce(r.sender), price: price, context: ctx, logIndexBase: 0))
        let outcome: ExecutionOutcome
        do {
            outcome = try executor.execute(r, state: world, block: ctx, mode: .call, tracer: tracer)
        } catch {
            throw .rejected(error)
        }
        let after = world.snapshot()
        tracer?.transactionEnd(transactionEnd(outcome, after: after))
        return ReplayResult(transactionHash: nil, transactionIndex: nil, blockNumber: number, gasUsed: outcome.gasUsed,
                            status: outcome.status, output: outcome.output, contractAddress: outcome.contractAddress,
                            logs: outcome.logs, before: snapshot, after: after, matchesReceipt: true)
    }

    /// Replays transactions 0…`last` of `block`, returning results for `collectFrom`…`last`.
    func replay(_ block: Block, through last: Int, collectFrom first: Int,
                makeTracer: (Int) -> (any EVMTracer)?) throws(ReplayError) -> [ReplayResult] {
        let number = block.header.number
        guard number > 0, let parent = parentState(of: number) else { throw .missingState(number) }
        return try reexecute(block, on: parent, receipts: self.receipts(blockNumber: number) ?? [], through: last,
                             collectFrom: first, makeTracer: makeTracer).results
    }

    /// Re-executes `block` (which need not be in the chain yet; its parent is) on `parent`, the state
    /// it was built on: the prelude's system calls (`Blockchain.prelude`, untraced), then
    /// transactions 0…`last` (-1: none). Results are collected for `collectFrom`…`last` and checked
    /// against `receipts`. Returns them and the world after transaction `last`.
    /// - Throws: `ReplayError.rejected` when a transaction fails its checks.
    func reexecute(_ block: Block, on parent: StateSnapshot, receipts: [ReceiptInfo], through last: Int,
                   collectFrom first: Int, makeTracer: (Int) -> (any EVMTracer)?)
        throws(ReplayError) -> (results: [ReplayResult], world: WorldState)
    {
        let number = block.header.number
        let world = parent.makeWorldState()
        world.blockHashSource = { [unowned self] n in n < number ? self.hashOfBlock(n) : .zero }
        var ctx = context(of: block.header)
        // The AI precompile answers from the block's witnesses (never live) when re-executing.
        let replayer = ctx.ai != nil || !block.aiWitnesses.isEmpty
            ? AIWitnessReplayer(witnesses: block.aiWitnesses, blockNumber: number) : nil
        ctx.ai = replayer
        let preluded = runPrelude(on: world, context: ctx) > 0
        var results: [ReplayResult] = []
        var before = first == 0 && !preluded ? parent : nil
        var logCount = 0
        var i = 0
        while i <= last {
            defer { i += 1 }
            let tx = block.transactions[i]
            let request = ExecutionRequest(transaction: tx, sender: block.senders[i])
            if i == first, before == nil { before = world.snapshot() }
            let tracer = i >= first ? makeTracer(i) : nil
            replayer?.transactionIndex = i
            tracer?.transactionStart(transactionStart(request, nonce: tx.nonce, price: request.effectiveGasPrice(baseFee: ctx.baseFee),
                                                      context: ctx, logIndexBase: logCount))
            let outcome: ExecutionOutcome
            do {
                outcome = try executor.execute(request, state: world, block: ctx, mode: .transaction, tracer: tracer)
            } catch {
                throw .rejected(index: i, error)
            }
            logCount += outcome.logs.count
            guard i >= first else { continue }
            let after = world.snapshot()
            tracer?.transactionEnd(transactionEnd(outcome, after: after))
            let matches = i < receipts.count && receipts[i].gasUsed == outcome.gasUsed && receipts[i].status == outcome.succeeded
            results.append(ReplayResult(transactionHash: tx.hash, transactionIndex: i, blockNumber: number,
                                        gasUsed: outcome.gasUsed, status: outcome.status, output: outcome.output,
                                        contractAddress: outcome.contractAddress, logs: outcome.logs,
                                        before: before!, after: after, matchesReceipt: matches))
            before = after
        }
        return (results, world)
    }

    /// The state root of re-executing `block` in full on `parent` (prelude included) — what the
    /// sealer's verifiers compare with the header's. A transaction that no longer passes its checks
    /// gives the zero hash (never a valid root).
    func reexecutedStateRoot(of block: Block, parent: StateSnapshot) -> Hash {
        do {
            let (_, world) = try reexecute(block, on: parent, receipts: [], through: block.transactions.count - 1,
                                           collectFrom: block.transactions.count, makeTracer: { _ in nil })
            return world.commitBlock()
        } catch {
            return .zero
        }
    }

    /// The state block `number` (> 0) was built on: the state after its parent.
    ///
    /// Includes cheat edits (anvil_setBalance …) made between the parent block and this one:
    /// `stateBuiltOn(block:)`.
    func parentState(of number: UInt64) -> StateSnapshot? {
        stateBuiltOn(block: number)
    }

    /// The tracer's view of request `r` before it runs.
    func transactionStart(_ r: ExecutionRequest, nonce: UInt64, price: UInt256, context: BlockContext,
                          logIndexBase: Int) -> TransactionStart {
        TransactionStart(from: r.sender, to: r.to ?? ContractAddress.create(sender: r.sender, nonce: nonce),
                         isCreate: r.to == nil, gasLimit: r.gasLimit, gasPrice: price, value: r.value,
                         coinbase: context.coinbase,
                         authorities: (r.authorizationList ?? []).compactMap { try? $0.authority() },
                         logIndexBase: logIndexBase)
    }

    /// The tracer's view of a finished request (a creation's output is the deployed code).
    func transactionEnd(_ o: ExecutionOutcome, after: StateSnapshot) -> TransactionEnd {
        var output = o.output
        if o.succeeded, let created = o.contractAddress { output = after.code(created).bytes }
        return TransactionEnd(gasUsed: o.gasUsed, status: o.status, output: output)
    }
}
