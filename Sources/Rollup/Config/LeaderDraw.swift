import Primitives

/// The stake-weighted leader draw of ROLLUP-API.md §4 (Python tests recompute it).
///
/// For epoch k (≥ 1): `r = uint256(keccak256(abi.encode(seed, k))) % totalStake`, or for a
/// re-span attempt a ≥ 1 `keccak256(abi.encode(seed, k, a))`; walking the candidates in LockingPool
/// id order and adding their stakes, the leader is the first whose running sum exceeds r.
public enum LeaderDraw {
    /// The 32-byte draw word: keccak256(seed ‖ uint256(epoch)) when `attempt` is 0, else
    /// keccak256(seed ‖ uint256(epoch) ‖ uint256(attempt)) (Solidity `abi.encode` of bytes32 and uint256s).
    public static func word(seed: Hash, epoch: UInt64, attempt: UInt64 = 0) -> UInt256 {
        var data = seed.bytes + UInt256(epoch).bigEndianBytes
        if attempt > 0 { data += UInt256(attempt).bigEndianBytes }
        return Keccak256.hash(data).word
    }

    /// Index into `stakes` (candidates in id order, stakes in METIS base units; inactive or skipped
    /// candidates given stake 0) of the leader; nil when the total stake is 0.
    public static func pick(seed: Hash, epoch: UInt64, attempt: UInt64 = 0, stakes: [UInt256]) -> Int? {
        var total = UInt256.zero
        for s in stakes { total = total &+ s }
        guard !total.isZero else { return nil }
        let r = word(seed: seed, epoch: epoch, attempt: attempt) % total
        var sum = UInt256.zero
        for (i, s) in stakes.enumerated() {
            sum = sum &+ s
            if sum > r { return i }
        }
        return nil
    }
}
