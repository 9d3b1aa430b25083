import Primitives

/// The stake-weighted leader draw of the sequencer set (sheet §4), written so a Python test
/// (eth_utils.keccak) recomputes it:
///
///     r = int.from_bytes(keccak(seed ‖ k.to_bytes(32)), "big") % total           (epoch k ≥ 1)
///     r = int.from_bytes(keccak(seed ‖ k.to_bytes(32) ‖ attempt.to_bytes(32)), "big") % total
///                                                                   (re-span attempt 1, 2, …)
///
/// i.e. keccak256 of `abi.encode(bytes32 seed, uint256 k)` or `abi.encode(bytes32 seed, uint256 k,
/// uint256 attempt)`; `total` is the sum of the stakes (wei of METIS) of the eligible (Active)
/// sequencers; walking them in LockingPool id order and adding stakes, the leader is the first
/// whose running sum exceeds `r`.
public enum SequencerDraw {
    /// keccak256(abi.encode(seed, k)) or, with `attempt`, keccak256(abi.encode(seed, k, attempt)),
    /// as an unsigned 256-bit integer.
    public static func randomWord(seed: Hash, epoch k: UInt64, attempt: UInt64? = nil) -> UInt256 {
        var data = seed.bytes
        data += UInt256(k).bigEndianBytes
        if let attempt { data += UInt256(attempt).bigEndianBytes }
        return UInt256(bigEndian: Keccak256.hash(data).bytes[...])
    }

    /// The position in `stakes` (sequencers in LockingPool id order; a stake of zero never wins,
    /// so pass zero for a sequencer that is not Active) of the leader of epoch `k`, or of re-span
    /// `attempt` of epoch `k`; nil when every stake is zero.
    public static func leader(seed: Hash, epoch k: UInt64, attempt: UInt64? = nil, stakes: [UInt256]) -> Int? {
        var total = UInt256.zero
        for s in stakes {
            let (sum, overflow) = total.addingReportingOverflow(s)
            guard !overflow else { return nil }
            total = sum
        }
        guard !total.isZero else { return nil }
        let r = randomWord(seed: seed, epoch: k, attempt: attempt) % total
        var running = UInt256.zero
        for (i, s) in stakes.enumerated() {
            running = running &+ s
            if running > r { return i }
        }
        return nil   // unreachable: the last running sum is total > r
    }
}
