// Multi-scalar multiplication (Pippenger's bucket method) for G1 and G2, as EIP-2537's MSM precompiles need.

/// Window width minimising ⌈256/c⌉ · (k + 2^c) bucket additions for k points.
@usableFromInline
func msmWindowBits(_ k: Int) -> Int {
    var best = 1, bestCost = Int.max
    for c in 1...12 {
        let cost = ((256 + c - 1) / c) * (k + (1 << c))
        if cost < bestCost { best = c; bestCost = cost }
    }
    return best
}

/// Big-endian 32-byte scalar → 4 little-endian limbs appended to `out` (shorter input is left-padded).
public func appendScalarLimbs(_ b: ArraySlice<UInt8>, to out: inout [UInt64]) {
    var limbs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var i = 0
    for byte in b.reversed() where i < 32 {
        let v = UInt64(byte) << UInt64(8 * (i % 8))
        switch i / 8 { case 0: limbs.0 |= v; case 1: limbs.1 |= v; case 2: limbs.2 |= v; default: limbs.3 |= v }
        i += 1
    }
    out.append(limbs.0); out.append(limbs.1); out.append(limbs.2); out.append(limbs.3)
}

extension G1Point {
    /// Σ [scalarsᵢ] pointsᵢ by Pippenger's bucket method (window chosen per input size).
    /// - Parameters:
    ///   - points: affine points (infinity allowed; skipped).
    ///   - scalars: 256-bit scalars as 4 little-endian 64-bit limbs each (`scalars.count == 4 * points.count`);
    ///     any value, not reduced mod r.
    /// - Returns: the sum in Jacobian form (infinity for an empty input).
    public static func msm(points: [G1Affine], scalarLimbs scalars: [UInt64]) -> G1Point {
        precondition(scalars.count == 4 * points.count, "msm: 4 limbs per scalar")
        let k = points.count
        if k == 0 { return .infinity }
        if k == 1 { return G1Point(points[0]).multiplied(byLimbs: Array(scalars[0..<4])) }
        let c = msmWindowBits(k)
        let mask = UInt64((1 << c) - 1)
        let windows = (256 + c - 1) / c
        var buckets = [G1Point](repeating: .infinity, count: (1 << c) - 1)
        var result = G1Point.infinity
        for w in stride(from: windows - 1, through: 0, by: -1) {
            for _ in 0..<c { result = result.doubled() }
            for j in 0..<buckets.count { buckets[j] = .infinity }
            let bit = w * c, limb = bit >> 6, shift = bit & 63
            for i in 0..<k {
                var d = scalars[4 * i + limb] >> UInt64(shift)
                if shift + c > 64 && limb < 3 { d |= scalars[4 * i + limb + 1] << UInt64(64 - shift) }
                d &= mask
                if d != 0 { buckets[Int(d) - 1] = buckets[Int(d) - 1].adding(points[i]) }
            }
            var running = G1Point.infinity, sum = G1Point.infinity
            for j in stride(from: buckets.count - 1, through: 0, by: -1) {
                running = running.adding(buckets[j])
                sum = sum.adding(running)
            }
            result = result.adding(sum)
        }
        return result
    }
}

extension G2Point {
    /// Σ [scalarsᵢ] pointsᵢ by Pippenger's bucket method (window chosen per input size).
    /// - Parameters:
    ///   - points: affine points (infinity allowed; skipped).
    ///   - scalars: 256-bit scalars as 4 little-endian 64-bit limbs each (`scalars.count == 4 * points.count`);
    ///     any value, not reduced mod r.
    /// - Returns: the sum in Jacobian form (infinity for an empty input).
    public static func msm(points: [G2Affine], scalarLimbs scalars: [UInt64]) -> G2Point {
        precondition(scalars.count == 4 * points.count, "msm: 4 limbs per scalar")
        let k = points.count
        if k == 0 { return .infinity }
        if k == 1 { return G2Point(points[0]).multiplied(byLimbs: Array(scalars[0..<4])) }
        let c = msmWindowBits(k)
        let mask = UInt64((1 << c) - 1)
        let windows = (256 + c - 1) / c
        var buckets = [G2Point](repeating: .infinity, count: (1 << c) - 1)
        var result = G2Point.infinity
        for w in stride(from: windows - 1, through: 0, by: -1) {
            for _ in 0..<c { result = result.doubled() }
            for j in 0..<buckets.count { buckets[j] = .infinity }
            let bit = w * c, limb = bit >> 6, shift = bit & 63
            for i in 0..<k {
                var d = scalars[4 * i + limb] >> UInt64(shift)
                if shift + c > 64 && limb < 3 { d |= scalars[4 * i + limb + 1] << UInt64(64 - shift) }
                d &= mask
                if d != 0 { buckets[Int(d) - 1] = buckets[Int(d) - 1].adding(points[i]) }
            }
            var running = G2Point.infinity, sum = G2Point.infinity
            for j in stride(from: buckets.count - 1, through: 0, by: -1) {
                running = running.adding(buckets[j])
                sum = sum.adding(running)
            }
            result = result.adding(sum)
        }
        return result
    }
}
