import EVM
import Primitives
import State
import Trie

/// The block builder (automine and evm_mine).
extension Blockchain {
    /// Builds, executes and appends one block with as many executable pending transactions as fit,
    /// highest effective priority fee first (each sender's in nonce order, ties by arrival). With
    /// nothing pending it mines an empty block (evm_mine). Returns nil when no block could be
    /// sealed (`mineBlock(timestamp:)` says why).
    /// - Parameter timestamp: the block's timestamp in seconds; nil = the pending
    ///   `settings.nextBlockTimestamp`, else parent + `settings.blockTimestampInterval`, else
    ///   clock + timeOffset. A timestamp not above the parent's is raised to parent + 1 (timestamps
    ///   strictly increase in every mining mode).
    ///
    /// The block's beneficiary is `coinbase` (anvil_setCoinbase), its gas limit `blockGasLimit`
    /// (anvil_setBlockGasLimit) and its base fee `nextBaseFee()` (anvil_setNextBlockBaseFeePerGas
    /// for this one block, else EIP-1559 from the parent).
    @discardableResult
    public func mine(timestamp: UInt64? = nil) -> Block? {
        try? mineBlock(timestamp: timestamp)
    }

    /// `mine(timestamp:)` with the reason when no block could be made.
    ///
    /// With a `sealer` (sheet §3) the block's coinbase is the sealer's address, its header carries
    /// the sealer's state root, and it is verified by re-execution before it is appended (see
    /// `BlockSealer` for the steps); a rejected block is dropped, the head state and the pool are
    /// restored and the block is built again for the next sealer. With a `prelude` its system calls
    /// run before the first transaction. Without either hook blocks are exactly as before.
    /// - Throws: `MineError.noSealer` when the sealer has no live leader for the block (nothing
    ///   changes: the pending transactions, timestamp and base fee settings stay for later).
    @discardableResult
    public func mineBlock(timestamp: UInt64? = nil) throws(MineError) -> Block {
        let parent = head.header
        let number = parent.number + 1
        let wanted: UInt64
        var newOffset: Int64?
        if let t = timestamp ?? nextBlockTimestamp {
            wanted = t
            if nextBlockTimestamp != nil, timestamp == nil {
                // evm_setNextBlockTimestamp: later blocks continue from the set time (anvil, Hardhat).
                newOffset = Int64(clamping: t) &- Int64(clamping: clock())
            }
        } else if let step = settings.blockTimestampInterval {
            // anvil_setBlockTimestampInterval: a fixed step from the parent, whatever the clock says.
            wanted = parent.timestamp.addingReportingOverflow(step).overflow ? .max : parent.timestamp + step
        } else {
            wanted = offsetClock()
        }
        // Saturating: cheats can put the parent at 2^64-1 (evm_setNextBlockTimestamp, a huge
        // anvil_setBlockTimestampInterval); the chain then stays there rather than trapping.
        let time = max(wanted, parent.timestamp == .max ? .max : parent.timestamp + 1)
        // anvil_setNextBlockBaseFeePerGas applies to this block only (`nextBaseFee()` returns it);
        // the block after derives its base fee from this one by EIP-1559 as usual.
        let baseFee = nextBaseFee()
        let gasLimit = blockGasLimit
        let prevRandao = Keccak256.hash(head.hash.bytes)
        let excessBlobGas = nextExcessBlobGas()
        var context = BlockContext(number: number, timestamp: time, coinbase: self.coinbase, gasLimit: gasLimit,
                                   baseFee: baseFee, prevRandao: prevRandao, chainId: UInt256(config.chainId),
                                   blobBaseFee: executor.blobSchedule.baseFee(excessBlobGas: excessBlobGas))
        let sealer = self.sealer
        if let sealer {
            guard let address = sealer.sealer(forBlock: number, view: ChainStateView(world: headState, context: context,
                                                                                      fork: config.fork)) else {
                throw .noSealer(sealer.stallReason(forBlock: number))
            }
            context.coinbase = address
        }
        if let newOffset { timeOffset = newOffset }
        nextBlockTimestamp = nil
        settings.nextBlockBaseFeePerGas = nil
        guard let sealer else {
            let (block, infos) = assemble(context: context, excessBlobGas: excessBlobGas, sealedRoot: nil)
            append(Record(block: block, receipts: infos, state: headState.snapshot()))
            pool.prune(stateNonce: headState.nonce)
            return block
        }
        // The state the block is built on (cheat edits included): verification re-executes from it
        // and a rejected block goes back to it.
        guard let parentState = state(at: headNumber) else { fatalError("the head state is always available") }
        for attempt in 0..<Self.maxSealAttempts {
            if attempt > 0 {
                guard let address = sealer.sealer(forBlock: number, view: ChainStateView(world: headState, context: context,
                                                                                          fork: config.fork)) else {
                    throw .noSealer(sealer.stallReason(forBlock: number))
                }
                context.coinbase = address
            }
            let savedPool = pool
            let sealerAddress = context.coinbase
            let (block, infos) = assemble(context: context, excessBlobGas: excessBlobGas) { computed in
                sealer.sealedStateRoot(computed: computed, number: number, sealer: sealerAddress)
            }
            if sealer.wantsVerification(sealer: context.coinbase) {
                let root = reexecutedStateRoot(of: block, parent: parentState)
                if !sealer.verify(block, reexecutedStateRoot: root) {
                    headState = parentState.makeWorldState()
                    installBlockHashes()
                    pool = savedPool
                    sealer.rejected(block, reexecutedStateRoot: root)
                    continue
                }
            }
            append(Record(block: block, receipts: infos, state: headState.snapshot()))
            pool.prune(stateNonce: headState.nonce)
            sealer.appended(block)
            return block
        }
        throw .noSealer("block \(number) was rejected \(Self.maxSealAttempts) times by the verifiers; no block")
    }

    /// How often one block is sealed again after its verifiers rejected it.
    static let maxSealAttempts = 8

    /// Builds block `context.number` on the head state: the prelude's system calls, then as many
    /// executable pending transactions as fit, highest effective priority fee first (each sender's
    /// in nonce order, ties by arrival). Removes the included (and invalid) transactions from the
    /// pool and leaves the block's changes in `headState` (committed); does not append.
    /// - Parameter sealedRoot: maps the computed state root to the header's (nil: the computed one).
    func assemble(context: BlockContext, excessBlobGas: UInt64,
                  sealedRoot: ((Hash) -> Hash)?) -> (Block, [ReceiptInfo]) {
        let number = context.number, baseFee = context.baseFee, gasLimit = context.gasLimit
        let coinbase = context.coinbase, time = context.timestamp, prevRandao = context.prevRandao
        // The AI precompile: live answers, each recorded as a witness of this block.
        let recorder = aiOracle.map { AIWitnessRecorder(live: $0) }
        var context = context
        context.ai = recorder
        runPrelude(on: headState, context: context)
        var blobGasUsed: UInt64 = 0

        var transactions: [Transaction] = []
        var senders: [Address] = []
        var receipts: [Receipt] = []
        var infos: [ReceiptInfo] = []
        var outcomes: [ExecutionOutcome] = []
        var gasUsed: UInt64 = 0
        var blockBloom = Bloom.zero

        // Candidate heads: the lowest executable nonce of each sender.
        var runs = pool.executable(stateNonce: headState.nonce)
        var position: [Address: Int] = [:]
        while true {
            var best: TxPool.Entry?
            var bestTip = UInt256.zero
            for (sender, run) in runs {
                let e = run[position[sender, default: 0]]
                let r = ExecutionRequest(transaction: e.transaction, sender: sender)
                guard r.feeCap >= baseFee else { continue }
                let tip = r.effectiveGasPrice(baseFee: baseFee) &- baseFee
                if best == nil || tip > bestTip || (tip == bestTip && e.sequence < best!.sequence) {
                    best = e
                    bestTip = tip
                }
            }
            guard let entry = best else { break }
            let sender = entry.sender
            let advance = {
                let p = position[sender, default: 0] + 1
                if p < runs[sender]!.count { position[sender] = p } else { runs[sender] = nil }
            }
            let available = gasLimit - gasUsed
            if entry.transaction.gasLimit > available
                || entry.transaction.blobGas > executor.blobSchedule.maxBlobGasPerBlock - blobGasUsed {
                runs[sender] = nil          // stays pooled for the next block
                continue
            }
            var request = ExecutionRequest(transaction: entry.transaction, sender: sender)
            // An impersonated contract account sends transactions (anvil turns EIP-3607 off for it).
            request.allowsContractSender = entry.transaction.isImpersonated(by: sender)
            let outcome: ExecutionOutcome
            recorder?.transactionIndex = transactions.count
            do {
                outcome = try executor.execute(request, state: headState, block: context)
            } catch {
                // No longer valid on this state (e.g. funds spent by an earlier transaction): drop it
                // and the sender's later nonces stay queued behind the gap.
                pool.remove(sender: sender, nonce: entry.transaction.nonce)
                runs[sender] = nil
                continue
            }
            advance()
            pool.remove(sender: sender, nonce: entry.transaction.nonce)
            gasUsed += outcome.gasUsed
            blobGasUsed += entry.transaction.blobGas
            var bloom = Bloom.zero
            for log in outcome.logs {
                bloom.add(log.address.bytes)
                for t in log.topics { bloom.add(t.bytes) }
            }
            blockBloom.formUnion(bloom)
            receipts.append(Receipt(type: entry.transaction.type, status: outcome.succeeded, cumulativeGasUsed: gasUsed,
                                    logsBloom: bloom, logs: outcome.logs))
            transactions.append(entry.transaction)
            senders.append(sender)
            outcomes.append(outcome)
        }

        let computedRoot = headState.commitBlock()
        let stateRoot = sealedRoot?(computedRoot) ?? computedRoot
        let header = BlockHeader(
            parentHash: head.hash, ommersHash: Genesis.emptyOmmersHash, coinbase: coinbase,
            stateRoot: stateRoot,
            transactionsRoot: MerklePatriciaTrie.orderedRoot(transactions.map { $0.encoded() }),
            receiptsRoot: MerklePatriciaTrie.orderedRoot(receipts.map { $0.encoded() }),
            logsBloom: blockBloom, difficulty: .zero, number: number, gasLimit: gasLimit, gasUsed: gasUsed,
            timestamp: time, extraData: config.extraData, mixHash: prevRandao, nonce: 0,
            baseFeePerGas: baseFee, withdrawalsRoot: emptyTrieRoot, blobGasUsed: blobGasUsed, excessBlobGas: excessBlobGas,
            parentBeaconBlockRoot: .zero, requestsHash: config.fork >= .prague ? Genesis.emptyRequestsHash : nil)
        let block = Block(header: header, transactions: transactions, senders: senders, receipts: receipts,
                          gasUsed: outcomes.map(\.gasUsed), effectiveGasPrices: outcomes.map(\.effectiveGasPrice),
                          contractAddresses: outcomes.map(\.contractAddress), aiWitnesses: recorder?.witnesses ?? [])
        let blockHash = block.hash
        var logIndex = 0
        for (i, tx) in transactions.enumerated() {
            let o = outcomes[i]
            var entries: [LogEntry] = []
            for log in o.logs {
                entries.append(LogEntry(log: log, blockNumber: number, blockHash: blockHash, transactionHash: tx.hash,
                                        transactionIndex: i, logIndex: logIndex))
                logIndex += 1
            }
            infos.append(ReceiptInfo(transactionHash: tx.hash, transactionIndex: i, blockHash: blockHash, blockNumber: number,
                                     from: senders[i], to: tx.to, cumulativeGasUsed: receipts[i].cumulativeGasUsed,
                                     gasUsed: o.gasUsed, effectiveGasPrice: o.effectiveGasPrice,
                                     contractAddress: o.contractAddress, logs: entries, logsBloom: receipts[i].logsBloom,
                                     type: tx.type, status: o.succeeded))
        }
        return (block, infos)
    }
}
