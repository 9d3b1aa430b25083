import Chain

/// The chain hooks of the L2's sequencer set (sheet §3), installed by the Sequencing layer.
extension ChainNode {
    /// Installs (or, with nil, removes) the block prelude and the block sealer of this chain
    /// (`Blockchain.prelude`, `Blockchain.sealer`). Install them before any block after genesis is
    /// mined and keep them: replay (debug_trace*, trace_*, ots_*) re-runs the prelude of every block.
    public func installBlockHooks(prelude: (any BlockPrelude)?, sealer: (any BlockSealer)?) {
        chain.prelude = prelude
        chain.sealer = sealer
    }

    /// Mines the pending pool now when automine is on (blocks until no executable transaction is
    /// left or no block can be sealed); does nothing in the other mining modes (the interval timer
    /// or evm_mine will). The sequencing service calls it after a re-span, so transactions that
    /// waited for a stopped leader are mined by the new one.
    /// - Returns: the number of blocks mined.
    @discardableResult
    public func minePending() -> Int {
        defer { chain.persistPendingChanges() }
        guard chain.automine else { return 0 }
        return chain.mineAll()
    }

    /// The number of the head block.
    public var headBlockNumber: UInt64 { chain.headNumber }
}
