import Primitives
import Testing
@testable import Chain

@Suite struct FeeMarketTests {
    // go-ethereum consensus/misc/eip1559 TestCalcBaseFee: parent base fee 1 gwei (InitialBaseFee),
    // gas limit 20,000,000 (target 10,000,000).
    @Test(arguments: [
        (UInt64(10_000_000), UInt64(1_000_000_000)),   // usage == target
        (UInt64(9_000_000), UInt64(987_500_000)),      // usage below target
        (UInt64(11_000_000), UInt64(1_012_500_000)),   // usage above target
    ])
    func gethVectors(used: UInt64, expected: UInt64) {
        let next = FeeMarket.nextBaseFee(parentBaseFee: UInt256(1_000_000_000), parentGasUsed: used, parentGasLimit: 20_000_000)
        #expect(next == UInt256(expected))
    }

    @Test func emptyBlockLowersByOneEighth() {
        // EIP-1559: an empty parent lowers the base fee by exactly 1/8: 1e9 → 875,000,000.
        let next = FeeMarket.nextBaseFee(parentBaseFee: UInt256(1_000_000_000), parentGasUsed: 0, parentGasLimit: 30_000_000)
        #expect(next == UInt256(875_000_000))
    }

    @Test func fullBlockRaisesByOneEighthAndAtLeastOneWei() {
        #expect(FeeMarket.nextBaseFee(parentBaseFee: UInt256(1_000_000_000), parentGasUsed: 30_000_000,
                                      parentGasLimit: 30_000_000) == UInt256(1_125_000_000))
        // EIP-1559: max(delta, 1) above target — 7 × 1 / 15e6 / 8 = 0 → +1.
        #expect(FeeMarket.nextBaseFee(parentBaseFee: UInt256(7), parentGasUsed: 15_000_001,
                                      parentGasLimit: 30_000_000) == UInt256(8))
    }

    @Test func effectiveGasPrice() {
        // min(maxFee, baseFee + tip)
        #expect(FeeMarket.effectiveGasPrice(maxFeePerGas: UInt256(3), maxPriorityFeePerGas: UInt256(1), baseFee: UInt256(1)) == UInt256(2))
        #expect(FeeMarket.effectiveGasPrice(maxFeePerGas: UInt256(3), maxPriorityFeePerGas: UInt256(5), baseFee: UInt256(1)) == UInt256(3))
        #expect(FeeMarket.effectiveGasPrice(maxFeePerGas: .max, maxPriorityFeePerGas: .max, baseFee: UInt256(1)) == .max)
    }

    @Test func checkedArithmetic() {
        #expect(FeeMarket.multiply(.max, UInt256(2)) == nil)
        #expect(FeeMarket.multiply(UInt256(1) << 128, UInt256(1) << 127) == UInt256(1) << 255)
        #expect(FeeMarket.multiply(UInt256(1) << 128, UInt256(1) << 128) == nil)
        #expect(FeeMarket.add(.max, .one) == nil)
    }
}
