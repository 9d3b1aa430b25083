import EVM
import Primitives
import State

extension Blockchain {
    /// The block context of block `header` (used to replay calls "at" that block, as geth does).
    /// The AI precompile is answered live (`aiOracle`); re-execution of a mined block replaces it by
    /// the block's witnesses.
    func context(of header: BlockHeader) -> BlockContext {
        var c = BlockContext(number: header.number, timestamp: header.timestamp, coinbase: header.coinbase,
                             gasLimit: header.gasLimit, baseFee: header.baseFeePerGas ?? .zero, prevRandao: header.mixHash,
                             chainId: UInt256(config.chainId),
                             blobBaseFee: executor.blobSchedule.baseFee(excessBlobGas: header.excessBlobGas ?? 0))
        c.ai = aiOracle
        return c
    }

    /// The executor request for an eth_call / eth_estimateGas, with `gas` gas.
    func executionRequest(_ r: CallRequest, gas: UInt64) -> ExecutionRequest {
        let pricing: ExecutionRequest.Pricing
        if let price = r.gasPrice {
            pricing = .legacy(gasPrice: price)
        } else if r.maxFeePerGas != nil || r.maxPriorityFeePerGas != nil {
            pricing = .dynamic(maxFeePerGas: r.maxFeePerGas ?? .zero, maxPriorityFeePerGas: r.maxPriorityFeePerGas ?? .zero)
        } else {
            pricing = .legacy(gasPrice: .zero)
        }
        return ExecutionRequest(sender: r.from ?? .zero, to: r.to, nonce: nil, gasLimit: gas, pricing: pricing,
                                value: r.value ?? .zero, data: r.data, accessList: r.accessList)
    }

    /// The context the next block would have (number head + 1, the timestamp `mine()` would stamp
    /// now, the next base fee and blob base fee), without side effects.
    func pendingContext() -> BlockContext {
        let h = head.header
        var c = BlockContext(number: h.number + 1, timestamp: nextBlockTimestampEstimate, coinbase: coinbase,
                             gasLimit: blockGasLimit, baseFee: nextBaseFee(), prevRandao: Keccak256.hash(head.hash.bytes),
                             chainId: UInt256(config.chainId), blobBaseFee: nextBlobBaseFee())
        c.ai = aiOracle
        return c
    }

    /// Runs `request` on a throw-away copy of the state after block `number` (a successful
    /// creation's `output` is the deployed code), in that block's context unless `context` is given.
    func run(_ request: ExecutionRequest, at number: UInt64, context given: BlockContext? = nil) throws(CallError) -> ExecutionOutcome {
        guard let snapshot = state(at: number), let block = block(number: number) else { throw .unknownBlock(number) }
        let world = snapshot.makeWorldState()
        world.blockHashSource = { [unowned self] n in n <= number ? self.hashOfBlock(n) : .zero }
        do {
            var outcome = try executor.execute(request, state: world, block: given ?? context(of: block.header), mode: .call)
            // A creation's output is the code it deployed, as geth's eth_call answers it.
            if outcome.succeeded, request.to == nil, let created = outcome.contractAddress {
                outcome.output = world.code(created).bytes
            }
            return outcome
        } catch {
            throw .rejected(error)
        }
    }

    /// eth_call: executes `request` on the state after block `number` and throws the changes away.
    /// Gas is `request.gas` capped at `config.callGasCap` (default: the cap, 50,000,000); `from`
    /// defaults to the zero address; without a gas price no fee is charged (geth's NoBaseFee).
    /// A revert is a normal outcome (`status == .revert`, `output` = revert data).
    /// - Throws: `CallError.unknownBlock`, or `.rejected` when the request fails the transaction
    ///   checks (e.g. insufficient funds for the given gas price).
    public func call(_ request: CallRequest, at number: UInt64) throws(CallError) -> CallOutcome {
        let gas = min(request.gas ?? config.callGasCap, config.callGasCap)
        let o = try run(executionRequest(request, gas: gas), at: number)
        return CallOutcome(status: o.status, output: o.output, gasUsed: o.gasUsed)
    }

    /// eth_estimateGas: the smallest gas limit with which `request` succeeds on the state after
    /// block `number`, by binary search between the intrinsic gas and min(request.gas ?? block gas
    /// limit, call gas cap, what the balance can pay at the given fee cap). At the head it runs in
    /// the context of the block the transaction would be mined in (number, timestamp, base fee), as
    /// anvil and Hardhat estimate against the pending block: code that stores `block.timestamp` or
    /// `block.number` costs 20,000 gas more per slot when those are nonzero, which they are not in a
    /// genesis block with timestamp 0.
    /// - Throws: `CallError.reverted(data:)` when it reverts even with the most gas (code 3 + data),
    ///   `.gasRequiredExceedsAllowance` for other failures, `.rejected`, `.unknownBlock`.
    public func estimateGas(_ request: CallRequest, at number: UInt64) throws(CallError) -> UInt64 {
        var hi = min(request.gas ?? config.gasLimit, config.callGasCap)
        let probe = executionRequest(request, gas: hi)
        if !probe.feeCap.isZero, let snapshot = state(at: number) {
            let balance = snapshot.balance(probe.sender)
            let value = probe.value
            let available = balance > value ? balance &- value : .zero
            let allowance = available / probe.feeCap
            if let a = allowance.uint64, a < hi { hi = a }
        }
        // One context for every probe, its AI precompile asked once per prompt (answers may vary per call).
        guard let atBlock = block(number: number) else { throw .unknownBlock(number) }
        var probeContext = number == headNumber ? pendingContext() : context(of: atBlock.header)
        probeContext.ai = aiOracle.map { AIMemoOracle(live: $0) }
        let pending: BlockContext? = probeContext
        let first = try run(executionRequest(request, gas: hi), at: number, context: pending)
        guard first.succeeded else {
            if first.status == .revert { throw .reverted(data: first.output) }
            throw .gasRequiredExceedsAllowance(hi, first.status)
        }
        let minimum = max(executor.intrinsicGas(probe), executor.floorGas(probe))
        var lo = max(minimum, first.gasUsed) - 1
        func succeeds(_ gas: UInt64) -> Bool {
            (try? run(executionRequest(request, gas: gas), at: number, context: pending))?.succeeded ?? false
        }
        // geth's optimistic first guess: gas used + refund + call stipend, times 64/63.
        let optimistic = (first.gasUsed + first.gasRefunded + 2300) * 64 / 63
        if optimistic < hi, optimistic > lo, succeeds(optimistic) { hi = optimistic }
        while lo + 1 < hi {
            let mid = lo + (hi - lo) / 2
            if succeeds(mid) { hi = mid } else { lo = mid }
        }
        return hi
    }
}
