import Chain

extension ChainNode {
    /// Sets the blocks the `safe` and `finalized` tags name (ROLLUP-API.md §7); nil = the head.
    /// Readers clamp them to the head. Kept with the chain's dev settings (stored with a data
    /// directory). The batcher and proposer call it after each round.
    public func setFinality(safe: UInt64?, finalized: UInt64?) {
        chain.safeBlockNumber = safe
        chain.finalizedBlockNumber = finalized
        chain.persistPendingChanges()
    }

    /// The current `safe` and `finalized` block numbers, clamped to the head.
    public func finality() -> (safe: UInt64, finalized: UInt64) {
        (chain.resolvedSafeBlockNumber, chain.resolvedFinalizedBlockNumber)
    }
}
