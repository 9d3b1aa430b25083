import DevnetCrypto
import EVM
import Primitives
import Testing
@testable import Chain

/// EIP-7918 (Osaka): the blob base fee's reserve price in `calc_excess_blob_gas`, and the Prague
/// chain's feeHistory blob fields. Expected values follow the EIP's pseudo-code by hand
/// (BLOB_BASE_COST = 2^13, GAS_PER_BLOB = 2^17, Osaka schedule target 6, max 9, fraction 5,007,716)
/// and EIP-4844's reference `fake_exponential` evaluated in Python:
///   fake_exponential(1, 89,000,000, 5007716) = 52,303,474  (×16 = 836,855,584 < 1 gwei → reserve binds)
///   fake_exponential(1, 90,000,000, 5007716) = 63,863,924  (×16 = 1,021,822,784 > 1 gwei → EIP-4844 rule)
/// Every excess below was also checked against EELS `forks/osaka/vm/gas.py` `calculate_excess_blob_gas`
/// (ethereum-execution 2.20.0).
@Suite struct BlobReservePriceTests {
    static let osaka = BlobSchedule.default(for: .osaka)
    static let gasPerBlob: UInt64 = 131_072

    @Test func reservePriceOnlyFromOsaka() {
        // 6 blobs (= target) on a 1 gwei parent: EIP-4844 gives 0 + 6·2^17 − 6·2^17 = 0; EIP-7918 gives
        // 0 + 786,432 × (9 − 6)·2^17 / (9·2^17) = 262,144.
        let used = 6 * Self.gasPerBlob
        #expect(Self.osaka.nextExcessBlobGas(parentExcessBlobGas: 0, parentBlobGasUsed: used,
                                             parentBaseFee: UInt256(1_000_000_000), fork: .osaka) == 262_144)
        #expect(Self.osaka.nextExcessBlobGas(parentExcessBlobGas: 0, parentBlobGasUsed: used,
                                             parentBaseFee: UInt256(1_000_000_000), fork: .prague) == 0)
        // Below the target: 0 under both rules (5 blobs).
        #expect(Self.osaka.nextExcessBlobGas(parentExcessBlobGas: 0, parentBlobGasUsed: 5 * Self.gasPerBlob,
                                             parentBaseFee: UInt256(1_000_000_000), fork: .osaka) == 0)
    }

    @Test func reservePriceBoundary() {
        let used = 6 * Self.gasPerBlob
        // blob fee 1: 2^13 · 16 = 2^17 · 1 is not strictly greater → EIP-4844 rule (0); 17 → reserve.
        #expect(Self.osaka.nextExcessBlobGas(parentExcessBlobGas: 0, parentBlobGasUsed: used,
                                             parentBaseFee: UInt256(16), fork: .osaka) == 0)
        #expect(Self.osaka.nextExcessBlobGas(parentExcessBlobGas: 0, parentBlobGasUsed: used,
                                             parentBaseFee: UInt256(17), fork: .osaka) == 262_144)
        // Large excess, 9 blobs: reserve binds at 89,000,000 (→ + 9·2^17·3/9 = + 393,216) and also at
        // 90,000,000 the EIP-4844 rule gives + 9·2^17 − 6·2^17 = + 393,216; use 7 blobs to tell them
        // apart: reserve + 7·2^17·3/9 = + 305,834 (floor of 305,834.67); EIP-4844 + 2^17 = + 131,072.
        let seven = 7 * Self.gasPerBlob
        #expect(Self.osaka.nextExcessBlobGas(parentExcessBlobGas: 89_000_000, parentBlobGasUsed: seven,
                                             parentBaseFee: UInt256(1_000_000_000), fork: .osaka) == 89_305_834)
        #expect(Self.osaka.nextExcessBlobGas(parentExcessBlobGas: 90_000_000, parentBlobGasUsed: seven,
                                             parentBaseFee: UInt256(1_000_000_000), fork: .osaka) == 90_131_072)
    }

    @Test func osakaChainHeadersFollowEIP7918() throws {
        let config = try ChainConfig(chainId: 31337, fork: .osaka, alloc: ChainConfig.devAlloc([Dev.addr0]),
                                     genesisTimestamp: 1_700_000_000, acceptsBlobTransactions: true)
        let chain = Blockchain(config: config)
        var now: UInt64 = 1_700_000_100
        chain.clock = { now += 1; return now }
        let hashes = (0..<6).map { i in Hash([0x01] + [UInt8](repeating: UInt8(i + 1), count: 31)) }
        for nonce in 0..<2 as Range<UInt64> {
            let unsigned = Transaction(type: .blob, chainId: 31337, nonce: nonce, maxPriorityFeePerGas: Dev.gwei,
                                       maxFeePerGas: UInt256(4) &* Dev.gwei, gasLimit: 21_000, to: Dev.sink,
                                       maxFeePerBlobGas: UInt256(100), blobVersionedHashes: hashes)
            try chain.submit(try Transaction.sign(unsigned: unsigned, key: Dev.key0), sender: Dev.addr0)
        }
        // Block 1: parent genesis (0, 0) → excess 0; 6 blobs, base fee 1 gwei ≫ 16 × blob fee 1 →
        // block 2 excess 262,144; block 2 uses 6 blobs again → block 3 (next) 262,144 + 262,144.
        #expect(chain.headNumber == 2)
        #expect(chain.block(number: 1)?.header.excessBlobGas == 0)
        #expect(chain.block(number: 2)?.header.excessBlobGas == 262_144)
        #expect(chain.block(number: 2)?.header.blobGasUsed == 786_432)
        #expect(chain.nextExcessBlobGas() == 524_288)
        // fake_exponential(1, 524288, 5007716) = 1.
        #expect(chain.nextBlobBaseFee() == .one)
    }

    @Test func pragueChainKeepsEIP4844Rule() throws {
        let config = try ChainConfig(chainId: 31337, fork: .prague, alloc: ChainConfig.devAlloc([Dev.addr0]),
                                     genesisTimestamp: 1_700_000_000, acceptsBlobTransactions: true)
        let chain = Blockchain(config: config)
        let hashes = (0..<6).map { i in Hash([0x01] + [UInt8](repeating: UInt8(i + 1), count: 31)) }
        let unsigned = Transaction(type: .blob, chainId: 31337, nonce: 0, maxPriorityFeePerGas: Dev.gwei,
                                   maxFeePerGas: UInt256(4) &* Dev.gwei, gasLimit: 21_000, to: Dev.sink,
                                   maxFeePerBlobGas: UInt256(100), blobVersionedHashes: hashes)
        try chain.submit(try Transaction.sign(unsigned: unsigned, key: Dev.key0), sender: Dev.addr0)
        // 6 blobs = target: 0 + 786,432 − 786,432 = 0.
        #expect(chain.nextExcessBlobGas() == 0)
        // Chain-level feeHistory: block 1 used 6 of 9 blobs.
        let fh = chain.feeHistory(blockCount: 2, newestBlock: 1, rewardPercentiles: [])
        #expect(fh.baseFeePerBlobGas == [.one, .one, .one])
        #expect(fh.blobGasUsedRatio == [0, 6.0 / 9.0])
    }
}
