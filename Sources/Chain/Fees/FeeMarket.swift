import Primitives

/// EIP-1559 fee market arithmetic.
public enum FeeMarket {
    /// EIP-1559 ELASTICITY_MULTIPLIER: the gas target is half the gas limit.
    public static let elasticityMultiplier: UInt64 = 2
    /// EIP-1559 BASE_FEE_MAX_CHANGE_DENOMINATOR: the base fee moves at most 1/8 per block.
    public static let baseFeeChangeDenominator: UInt64 = 8

    /// The base fee (wei per gas) of the block after a parent with `parentGasUsed` of
    /// `parentGasLimit` gas and base fee `parentBaseFee` (EIP-1559; EELS `calculate_base_fee_per_gas`).
    /// Increases by at least 1 wei when the parent used more than its target.
    public static func nextBaseFee(parentBaseFee: UInt256, parentGasUsed: UInt64, parentGasLimit: UInt64) -> UInt256 {
        let target = parentGasLimit / elasticityMultiplier
        guard target > 0, parentGasUsed != target else { return parentBaseFee }
        if parentGasUsed > target {
            let delta = parentBaseFee &* UInt256(parentGasUsed - target) / UInt256(target) / UInt256(baseFeeChangeDenominator)
            return parentBaseFee &+ (delta.isZero ? .one : delta)
        } else {
            let delta = parentBaseFee &* UInt256(target - parentGasUsed) / UInt256(target) / UInt256(baseFeeChangeDenominator)
            return parentBaseFee &- delta
        }
    }

    /// The gas price a transaction pays per gas (wei): `gasPrice` for legacy and EIP-2930
    /// transactions, min(maxFeePerGas, baseFee + maxPriorityFeePerGas) for EIP-1559 ones.
    /// The caller has checked maxFeePerGas ≥ baseFee.
    public static func effectiveGasPrice(maxFeePerGas: UInt256, maxPriorityFeePerGas: UInt256, baseFee: UInt256) -> UInt256 {
        let (sum, overflow) = baseFee.addingReportingOverflowChecked(maxPriorityFeePerGas)
        if overflow { return maxFeePerGas }
        return sum < maxFeePerGas ? sum : maxFeePerGas
    }

    /// a × b, or nil on overflow past 2^256 − 1.
    public static func multiply(_ a: UInt256, _ b: UInt256) -> UInt256? {
        if a.isZero || b.isZero { return .zero }
        if a.bitWidthUsed + b.bitWidthUsed <= 256 { return a &* b }
        let p = a &* b
        return p / a == b ? p : nil
    }

    /// a + b, or nil on overflow past 2^256 − 1.
    public static func add(_ a: UInt256, _ b: UInt256) -> UInt256? {
        let s = a &+ b
        return s < a ? nil : s
    }
}

extension UInt256 {
    /// self + other with an overflow flag (Chain's own helper, not a Primitives API).
    @inlinable func addingReportingOverflowChecked(_ other: UInt256) -> (UInt256, Bool) {
        let s = self &+ other
        return (s, s < self)
    }
}
