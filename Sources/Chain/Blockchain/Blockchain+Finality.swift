import Primitives

/// The `safe` and `finalized` block tags (ROLLUP-API.md §7) and the timestamp the next block would
/// get, which the rollup services compare challenge windows against.
extension Blockchain {
    /// The block `safe` names; nil = the head (no rollup layer, or nothing known yet). Readers
    /// clamp it to the head (`resolvedSafeBlockNumber`).
    public var safeBlockNumber: UInt64? {
        get { settings.safeBlockNumber }
        set { settings.safeBlockNumber = newValue }
    }

    /// The block `finalized` names; nil = the head.
    public var finalizedBlockNumber: UInt64? {
        get { settings.finalizedBlockNumber }
        set { settings.finalizedBlockNumber = newValue }
    }

    /// `safeBlockNumber` clamped to the head (the head when unset).
    public var resolvedSafeBlockNumber: UInt64 {
        min(safeBlockNumber ?? head.header.number, head.header.number)
    }

    /// `finalizedBlockNumber` clamped to the head (the head when unset).
    public var resolvedFinalizedBlockNumber: UInt64 {
        min(finalizedBlockNumber ?? head.header.number, head.header.number)
    }

    /// The timestamp (seconds) `mine()` would give a block mined now without an explicit
    /// timestamp, by the same rule and without changing anything: `nextBlockTimestamp` if set, else
    /// parent + `blockTimestampInterval`, else the clock + `timeOffset`; at least parent + 1.
    public var nextBlockTimestampEstimate: UInt64 {
        let parent = head.header.timestamp
        let wanted: UInt64
        if let t = nextBlockTimestamp {
            wanted = t
        } else if let step = settings.blockTimestampInterval {
            wanted = parent.addingReportingOverflow(step).overflow ? .max : parent + step
        } else {
            wanted = offsetClock()
        }
        return max(wanted, parent == .max ? .max : parent + 1)
    }
}
