import DevnetCrypto
import Primitives
import State
import Testing
@testable import Chain

@Suite struct TxPoolTests {
    /// Expects `body` to throw a TxPoolError whose message is exactly `message`.
    func expectRejection(_ message: String, sourceLocation: SourceLocation = #_sourceLocation,
                         _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("accepted, expected \"\(message)\"", sourceLocation: sourceLocation)
        } catch let error as TxPoolError {
            #expect(error.description == message, sourceLocation: sourceLocation)
            #expect(error.rpcCode == -32000, sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func nonceTooLow() throws {
        let chain = makeChain()
        for n in 0..<3 as Range<UInt64> { try chain.submit(raw: dynamicTx(Dev.key0, nonce: n, to: Dev.sink).encoded()) }
        #expect(chain.headNumber == 3)
        expectRejection("nonce too low: next nonce 3, tx nonce 1") {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 1, to: Dev.sink, value: .one).encoded())
        }
    }

    @Test func alreadyKnown() throws {
        let chain = makeChain(automine: false)
        let raw = dynamicTx(Dev.key0, nonce: 0, to: Dev.sink).encoded()
        try chain.submit(raw: raw)
        expectRejection("already known") { try chain.submit(raw: raw) }
        chain.mine()
        expectRejection("already known") { try chain.submit(raw: raw) }
    }

    @Test func insufficientFunds() throws {
        // Private key 1: address 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf, funded with 10^15 wei.
        let poor = try PrivateKey(hex: "0000000000000000000000000000000000000000000000000000000000000001")
        #expect(poor.address == Address(hex: "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")!)
        let chain = makeChain(extraAlloc: [poor.address: Account(balance: UInt256(1_000_000_000_000_000 as UInt64))])
        // want = 21000 × 2 gwei + 10^15 = 42,000,000,000,000 + 1,000,000,000,000,000
        expectRejection("insufficient funds for gas * price + value: address 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf have 1000000000000000 want 1042000000000000") {
            try chain.submit(raw: dynamicTx(poor, nonce: 0, to: Dev.sink, value: UInt256(1_000_000_000_000_000 as UInt64)).encoded())
        }
    }

    @Test func intrinsicGasAndFloor() {
        let chain = makeChain()
        expectRejection("intrinsic gas too low: have 20000, want 21000") {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, gas: 20_000).encoded())
        }
        // 1 non-zero + 1 zero byte: 21000 + 16 + 4 (Yellow Paper g0, EIP-2028).
        expectRejection("intrinsic gas too low: have 21000, want 21020") {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, data: [1, 0]).encoded())
        }
        // 100 zero bytes: intrinsic 21000 + 400 = 21400, EIP-7623 floor 21000 + 10 × 100 = 22000.
        expectRejection("insufficient gas for floor data gas cost: have 21500, want 22000") {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, data: [UInt8](repeating: 0, count: 100), gas: 21_500).encoded())
        }
        // Creation: 21000 + 32000 + 2 per init code word (EIP-3860) + 16 × 1.
        expectRejection("intrinsic gas too low: have 53000, want 53018") {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: nil, data: [0x00 | 0x60], gas: 53_000).encoded())
        }
    }

    @Test func feeCaps() {
        let chain = makeChain()
        // Next base fee after the empty genesis: 1 gwei × 7/8 = 875,000,000 wei (EIP-1559).
        #expect(chain.nextBaseFee() == UInt256(875_000_000))
        expectRejection("max fee per gas less than block base fee: address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, maxFeePerGas: 800000000, baseFee: 875000000") {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, maxFee: UInt256(800_000_000), tip: .one).encoded())
        }
        expectRejection("max priority fee per gas higher than max fee per gas: address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, maxPriorityFeePerGas: 3000000000, maxFeePerGas: 2000000000") {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, tip: UInt256(3_000_000_000)).encoded())
        }
        expectRejection("max fee per gas less than block base fee: address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, maxFeePerGas: 1000, baseFee: 875000000") {
            try chain.submit(raw: legacyTx(Dev.key0, nonce: 0, to: Dev.sink, gasPrice: UInt256(1000)).encoded())
        }
    }

    @Test func chainIdSizeAndGasLimit() {
        let chain = makeChain()
        expectRejection("invalid chain id: have 1, want 31337") {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, chainId: 1).encoded())
        }
        expectRejection("invalid chain id: have 1, want 31337") {
            try chain.submit(raw: legacyTx(Dev.key0, nonce: 0, to: Dev.sink, chainId: 1).encoded())
        }
        expectRejection("exceeds block gas limit: gas limit 30000001, block gas limit 30000000") {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, gas: 30_000_001).encoded())
        }
        let big = dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, data: [UInt8](repeating: 1, count: 131_072), gas: 29_000_000).encoded()
        #expect(big.count > 131_072)
        expectRejection("oversized data: transaction size \(big.count), limit 131072") { try chain.submit(raw: big) }
        #expect(chain.headNumber == 0 && chain.pending.isEmpty)
    }

    @Test func legacyWithoutEIP155IsAccepted() throws {
        let chain = makeChain()
        let tx = legacyTx(Dev.key0, nonce: 0, to: Dev.sink, value: .one, chainId: nil)
        #expect(tx.v == UInt256(27) || tx.v == UInt256(28))
        let hash = try chain.submit(raw: tx.encoded())
        let receipt = try #require(chain.receipt(transactionHash: hash))
        #expect(receipt.status && receipt.gasUsed == 21_000)
    }

    @Test func malformedRaw() {
        let chain = makeChain()
        do {
            try chain.submit(raw: [0x02, 0xc0])
            Issue.record("accepted garbage")
        } catch {
            #expect("\(error)".hasPrefix("invalid transaction: "))
        }
    }

    @Test func replacementNeedsTenPercentBump() throws {
        let chain = makeChain(automine: false)
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, value: .one).encoded())
        expectRejection("replacement transaction underpriced") {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, value: UInt256(2),
                                            maxFee: UInt256(2_100_000_000), tip: UInt256(1_050_000_000)).encoded())
        }
        let better = dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, value: UInt256(3), maxFee: UInt256(2_200_000_000),
                               tip: UInt256(1_100_000_000))
        try chain.submit(raw: better.encoded())
        #expect(chain.pending == [better])
    }

    @Test func futureNoncesWaitForTheGap() throws {
        let chain = makeChain()
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 2, to: Dev.sink).encoded())
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 1, to: Dev.sink).encoded())
        #expect(chain.headNumber == 0)
        #expect(chain.pending.isEmpty)
        #expect(chain.queued.map(\.nonce) == [1, 2])
        #expect(chain.pendingNonce(of: Dev.addr0) == 0)
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink).encoded())
        // The gap is filled: one block with all three, in nonce order.
        #expect(chain.headNumber == 1)
        #expect(chain.head.transactions.map(\.nonce) == [0, 1, 2])
        #expect(chain.head.receipts.map(\.cumulativeGasUsed) == [21_000, 42_000, 63_000])
        #expect(chain.head.header.gasUsed == 63_000)
        #expect(chain.queued.isEmpty && chain.pending.isEmpty)
        #expect(chain.state(at: 1)?.nonce(Dev.addr0) == 3)
    }
}

@Suite struct OsakaPoolTests {
    @Test func gasLimitCapOfEIP7825() throws {
        var config = try ChainConfig(chainId: 31337, gasLimit: 60_000_000, fork: .osaka,
                                     alloc: ChainConfig.devAlloc([Dev.addr0]))
        config.genesisTimestamp = 1
        let chain = Blockchain(config: config)
        do {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, gas: 16_777_217).encoded())
            Issue.record("accepted a gas limit above 2^24")
        } catch {
            #expect(error.description == "transaction gas limit too high (cap: 16777216, tx: 16777217)")
        }
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, gas: 16_777_216).encoded())
        #expect(chain.headNumber == 1)
    }
}

@Suite struct UnsupportedTypeTests {
    /// Types 5 and 0x7f are unknown; types 3 and 4 decode, so an empty list behind them is a
    /// malformed transaction (the policy on type 3 is TransactionsBlobSetCodeTests').
    @Test func unknownTypesAreRejectedByType() {
        let chain = makeChain()
        for t: UInt8 in [5, 0x7f] {
            do {
                try chain.submit(raw: [t, 0xc0])
                Issue.record("accepted type \(t)")
            } catch {
                #expect(error == .unsupportedType(t))
                #expect(error.description == "transaction type not supported: type \(t)")
            }
        }
        for t: UInt8 in [3, 4] {
            #expect(throws: TxPoolError.self) { try chain.submit(raw: [t, 0xc0]) }
        }
    }
}
