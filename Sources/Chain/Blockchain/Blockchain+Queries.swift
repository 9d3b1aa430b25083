import Primitives

extension Blockchain {
    /// eth_getLogs: logs of mined blocks matching `filter`, in chain order, with block-wide log
    /// indexes. Blocks whose bloom rules out a match are skipped. An unknown `blockHash` gives [].
    public func logs(filter: LogFilter) -> [LogEntry] {
        let fullRange: ClosedRange<UInt64>
        if let hash = filter.blockHash {
            guard let block = block(hash: hash) else { return [] }
            fullRange = block.header.number...block.header.number
        } else {
            let to = min(filter.toBlock, headNumber)
            guard filter.fromBlock <= to else { return [] }
            fullRange = filter.fromBlock...to
        }
        var result: [LogEntry] = []
        var range = fullRange
        if let store, range.lowerBound < recordBase {
            // Blocks older than the memory window: the store's log index.
            let last = min(range.upperBound, recordBase - 1)
            let topic0 = filter.topics.first.flatMap { $0 } ?? []
            do throws(ChainStoreError) {
                let stored = try store.logs(from: range.lowerBound, to: last, addresses: filter.addresses, topic0: topic0)
                result = stored.filter { filter.matches($0.log) }
            } catch {
                noteStoreFailure(error)
            }
            guard last < range.upperBound else { return result }
            range = (last + 1)...range.upperBound
        }
        for n in range {
            guard let record = record(n) else { continue }
            guard filter.mayMatch(record.block.header.logsBloom) else { continue }
            for receipt in record.receipts {
                for entry in receipt.logs where filter.matches(entry.log) { result.append(entry) }
            }
        }
        return result
    }

    /// eth_feeHistory over up to `blockCount` blocks (at most 1024) ending at `newestBlock` (capped
    /// at the head). `rewardPercentiles` must be ascending values in 0…100 (the Node checks them);
    /// rewards follow go-ethereum: transactions sorted by effective priority fee, each percentile
    /// picks the fee at which that share of the block's gas is reached.
    public func feeHistory(blockCount: Int, newestBlock: UInt64, rewardPercentiles: [Double]) -> FeeHistory {
        let newest = min(newestBlock, headNumber)
        let count = UInt64(max(0, min(blockCount, 1024, Int(newest) + 1)))
        let oldest = newest + 1 - count
        var baseFees: [UInt256] = []
        var ratios: [Double] = []
        var rewards: [[UInt256]] = []
        var blobFees: [UInt256] = []
        var blobRatios: [Double] = []
        let schedule = executor.blobSchedule
        let maxBlobGas = schedule.maxBlobGasPerBlock
        if count > 0 {
            for n in oldest...newest {
                guard let record = record(n) else { continue }
                let h = record.block.header
                let baseFee = h.baseFeePerGas ?? .zero
                baseFees.append(baseFee)
                ratios.append(h.gasLimit == 0 ? 0 : Double(h.gasUsed) / Double(h.gasLimit))
                blobFees.append(schedule.baseFee(excessBlobGas: h.excessBlobGas ?? 0))
                blobRatios.append(maxBlobGas == 0 ? 0 : Double(h.blobGasUsed ?? 0) / Double(maxBlobGas))
                guard !rewardPercentiles.isEmpty else { continue }
                let txs = record.receipts.map { r in
                    (gas: r.gasUsed, tip: r.effectiveGasPrice > baseFee ? r.effectiveGasPrice &- baseFee : UInt256.zero)
                }.sorted { $0.tip < $1.tip }
                if txs.isEmpty {
                    rewards.append(Array(repeating: .zero, count: rewardPercentiles.count))
                    continue
                }
                var row: [UInt256] = []
                var index = 0
                var sum = txs[0].gas
                for p in rewardPercentiles {
                    let threshold = UInt64(Double(h.gasUsed) * p / 100)
                    while sum < threshold, index < txs.count - 1 {
                        index += 1
                        sum += txs[index].gas
                    }
                    row.append(txs[index].tip)
                }
                rewards.append(row)
            }
        }
        let last = newest == headNumber ? nextBaseFee()
            : (block(number: newest + 1)?.header.baseFeePerGas ?? .zero)
        baseFees.append(last)
        blobFees.append(newest == headNumber ? nextBlobBaseFee()
            : schedule.baseFee(excessBlobGas: block(number: newest + 1)?.header.excessBlobGas ?? 0))
        return FeeHistory(oldestBlock: oldest, baseFeePerGas: baseFees, gasUsedRatio: ratios, reward: rewards,
                          baseFeePerBlobGas: blobFees, blobGasUsedRatio: blobRatios)
    }
}
