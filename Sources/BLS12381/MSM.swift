// Multi-scalar multiplication (Pippenger's bucket method) for G1 and G2, as EIP-2537's MSM precompiles need;
// the bucket code is the generic `JacobianPoint.jacMSM` in Jacobian.swift.

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
        jacMSM(points: points, scalarLimbs: scalars)
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
        jacMSM(points: points, scalarLimbs: scalars)
    }
}
