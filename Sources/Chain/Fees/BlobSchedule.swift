import EVM
import Primitives

/// The EIP-4844 blob parameters of a fork (EIP-7691 raised them in Prague; EIP-7840 puts them in
/// the client config as `blobSchedule`, which the state-test fixtures carry as `config.blobSchedule`).
///
/// Defaults: Cancun target 3, max 6, update fraction 3,338,477; Prague and Osaka target 6, max 9,
/// update fraction 5,007,716. From Osaka a transaction may carry at most 6 blobs whatever the block
/// maximum (EIP-7594 `MAX_BLOBS_PER_TX`, EELS `osaka/fork.py` `BLOB_COUNT_LIMIT`).
public struct BlobSchedule: Sendable, Hashable {
    /// Target blobs per block.
    public var target: UInt64
    /// Maximum blobs per block.
    public var max: UInt64
    /// `BLOB_BASE_FEE_UPDATE_FRACTION`, the denominator of the blob base fee exponential.
    public var baseFeeUpdateFraction: UInt64

    /// A schedule with the given values.
    public init(target: UInt64, max: UInt64, baseFeeUpdateFraction: UInt64) {
        self.target = target
        self.max = max
        self.baseFeeUpdateFraction = baseFeeUpdateFraction
    }

    /// Blob gas per blob, `GAS_PER_BLOB` = 2^17 = 131,072.
    public static let gasPerBlob: UInt64 = 1 << 17
    /// The only valid versioned-hash version byte, `VERSIONED_HASH_VERSION_KZG` = 0x01.
    public static let kzgVersion: UInt8 = 0x01
    /// EIP-7594 (Osaka) per-transaction blob limit, 6.
    public static let osakaMaxBlobsPerTransaction: UInt64 = 6

    /// The mainnet schedule of `fork` (EIP-4844 for Cancun, EIP-7691 for Prague and Osaka).
    public static func `default`(for fork: Hardfork) -> BlobSchedule {
        switch fork {
        case .cancun: BlobSchedule(target: 3, max: 6, baseFeeUpdateFraction: 3_338_477)
        case .prague, .osaka: BlobSchedule(target: 6, max: 9, baseFeeUpdateFraction: 5_007_716)
        }
    }

    /// Blob gas one block may use: `max` × 2^17.
    public var maxBlobGasPerBlock: UInt64 { max &* Self.gasPerBlob }
    /// Blob gas a block aims at: `target` × 2^17.
    public var targetBlobGasPerBlock: UInt64 { target &* Self.gasPerBlob }

    /// Most blobs one transaction may carry under `fork`: the block maximum, and from Osaka at most
    /// 6 (EIP-7594).
    public func maxBlobsPerTransaction(fork: Hardfork) -> UInt64 {
        fork >= .osaka ? Swift.min(max, Self.osakaMaxBlobsPerTransaction) : max
    }

    /// The blob base fee in wei per blob gas (EIP-4844 `get_base_fee_per_blob_gas`):
    /// `fake_exponential(1, excessBlobGas, baseFeeUpdateFraction)`. Saturates at 2^256 − 1 when
    /// the exact value does not fit (only for absurd excess values).
    public func baseFee(excessBlobGas: UInt64) -> UInt256 {
        Self.fakeExponential(factor: .one, numerator: UInt256(excessBlobGas),
                             denominator: UInt256(Swift.max(baseFeeUpdateFraction, 1)))
    }

    /// EIP-4844 `fake_exponential(factor, numerator, denominator)`: the integer Taylor
    /// approximation of factor · e^(numerator / denominator). Saturates at 2^256 − 1 on overflow.
    public static func fakeExponential(factor: UInt256, numerator: UInt256, denominator: UInt256) -> UInt256 {
        guard !denominator.isZero else { return .max }
        var output = UInt256.zero
        var (accum, overflow) = factor.multipliedReportingOverflow(by: denominator)
        if overflow { return .max }
        var i = UInt256.one
        while !accum.isZero {
            let (sum, o1) = output.addingReportingOverflow(accum)
            if o1 { return .max }
            output = sum
            let (product, o2) = accum.multipliedReportingOverflow(by: numerator)
            let (divisor, o3) = denominator.multipliedReportingOverflow(by: i)
            if o2 || o3 { return .max }
            accum = product / divisor
            i = i &+ .one
        }
        return output / denominator
    }

    /// The next block's excess blob gas (EIP-4844 `calc_excess_blob_gas`, without Osaka's
    /// EIP-7918 reserve price: see `nextExcessBlobGas(parentExcessBlobGas:parentBlobGasUsed:parentBaseFee:fork:)`): `max(0, parentExcess + parentUsed − target blob gas)`.
    public func nextExcessBlobGas(parentExcessBlobGas: UInt64, parentBlobGasUsed: UInt64) -> UInt64 {
        let sum = parentExcessBlobGas &+ parentBlobGasUsed
        return sum < targetBlobGasPerBlock ? 0 : sum - targetBlobGasPerBlock
    }

    /// EIP-7918 `BLOB_BASE_COST` = 2^13: the execution gas a blob's base fee is kept from falling
    /// under (the reserve price is `BLOB_BASE_COST × baseFeePerGas / GAS_PER_BLOB` per blob gas).
    public static let blobBaseCost: UInt64 = 1 << 13

    /// The next block's excess blob gas under `fork`: from Osaka with EIP-7918's reserve price, else
    /// EIP-4844's `calc_excess_blob_gas` as `nextExcessBlobGas(parentExcessBlobGas:parentBlobGasUsed:)`.
    ///
    /// EIP-7918: when `parentExcess + parentUsed` reaches the target and
    /// `BLOB_BASE_COST × parentBaseFee > GAS_PER_BLOB × baseFee(parentExcess)` (the execution cost
    /// dominates), the excess only grows: `parentExcess + parentUsed × (max − target) / max` (blob gas,
    /// integer division); otherwise the EIP-4844 rule applies.
    /// - Parameters:
    ///   - parentBaseFee: the parent header's `baseFeePerGas` in wei per gas.
    ///   - fork: the chain's fork; the reserve price applies from `.osaka`.
    public func nextExcessBlobGas(parentExcessBlobGas: UInt64, parentBlobGasUsed: UInt64,
                                  parentBaseFee: UInt256, fork: Hardfork) -> UInt64 {
        let plain = nextExcessBlobGas(parentExcessBlobGas: parentExcessBlobGas, parentBlobGasUsed: parentBlobGasUsed)
        guard fork >= .osaka else { return plain }
        let (sum, overflow) = parentExcessBlobGas.addingReportingOverflow(parentBlobGasUsed)
        if !overflow && sum < targetBlobGasPerBlock { return 0 }
        // 2^13 · baseFee > 2^17 · blobFee  ⟺  baseFee > 16 · blobFee (exact for integers).
        let blobFee = baseFee(excessBlobGas: parentExcessBlobGas)
        let (sixteenBlobFee, big) = blobFee.multipliedReportingOverflow(by: UInt256(Self.gasPerBlob / Self.blobBaseCost))
        guard !big, parentBaseFee > sixteenBlobFee else { return plain }
        let maxGas = maxBlobGasPerBlock
        guard maxGas > 0 else { return parentExcessBlobGas }
        let spread = maxGas > targetBlobGasPerBlock ? maxGas - targetBlobGasPerBlock : 0
        let product = parentBlobGasUsed.multipliedFullWidth(by: spread)
        let (quotient, _) = maxGas.dividingFullWidth(product)   // ≤ parentBlobGasUsed: cannot trap
        let (next, o) = parentExcessBlobGas.addingReportingOverflow(quotient)
        return o ? .max : next
    }
}
