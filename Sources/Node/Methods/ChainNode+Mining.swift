import Chain

/// Interval mining (issue 5, "Mining modes"): while `chain.miningMode` is `.interval(seconds:)`, a
/// timer task mines one block every `seconds` seconds on this actor, with the pending transactions
/// that fit or empty (as anvil does). The task holds the node weakly and ends when the mode changes,
/// `stopMining()` is called, or the node is gone.
extension ChainNode {
    /// Starts, restarts or stops the interval timer to match `chain.miningMode` (a timer already
    /// running at the wanted interval is left alone). The launcher calls
    /// it once after building the node (the mode may come from `block_time` or from restored
    /// settings); mode-changing methods call it again.
    public func applyMiningMode() {
        let wanted: UInt64? = if case .interval(let s) = chain.miningMode { s } else { nil }
        if let running = intervalMiner, running.seconds == wanted { return }   // unchanged: keep the rhythm
        stopMining()
        guard let seconds = wanted else { return }
        let task = Task { [weak self] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
                guard let node = self else { return }
                await node.intervalTick(seconds)
            }
        }
        intervalMiner = (seconds, task)
    }

    /// Stops the interval timer (shutdown). Does not change the mining mode.
    public func stopMining() {
        intervalMiner?.task.cancel()
        intervalMiner = nil
    }

    /// One tick: mines a block unless the timer was cancelled or the interval changed meanwhile.
    func intervalTick(_ seconds: UInt64) {
        guard !Task.isCancelled, chain.miningMode == .interval(seconds: seconds) else { return }
        chain.mine()
    }
}
