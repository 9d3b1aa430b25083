import DevnetCrypto
import EVM
import Primitives
import Testing
@testable import Chain

private func bytes(_ hex: String) -> [UInt8] { (try? Hex.decode(hex)) ?? [] }
private func address(_ hex: String) -> Address { Address(hex: hex)! }

/// Signing, encoding and validity of transactions against eth-account 0.14.0 and the EIPs.
@Suite struct TransactionsTests {
    /// Hardhat/anvil dev account 0: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266.
    static let devKeyHex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

    // Reference values: eth-account 0.14.0, Account.from_key(devKey).sign_transaction(dict(type=2,
    // chainId=133718, nonce=7, maxPriorityFeePerGas=1_000_000_000, maxFeePerGas=3_000_000_000,
    // gas=50000, to='0x70997970C51812dc3A010C7d01b50e0d17dc79C8', value=10**18, data='0xdeadbeef00',
    // accessList=[{'address': '0x5FbDB2315678afecb367f032d93F642f64180aa3', 'storageKeys': ['0x…01']}]))
    // and TypedTransaction.from_dict(…).hash() for the signing hash.
    static let type2Raw = "0x02f8b383020a5607843b9aca0084b2d05e0082c3509470997970c51812dc3a010c7d01b50e0d17dc79c8880de0b6b3a764000085deadbeef00f838f7945fbdb2315678afecb367f032d93f642f64180aa3e1a0000000000000000000000000000000000000000000000000000000000000000101a0fac439ce4f684f48bbb644bdd8a9b19907d4c7f3d6c435dea549da93031eb3e9a0448dba6b28942e88f64b79a77088899889bd3c6b31393b5157386474e0aaabf7"
    static let type2Hash = "0x6c19718a8fb4119a1fc54d2f3b9ee6d2b04102fe90064f1ec9d082b7379fb832"
    static let type2SigningHash = "0x0358c43c7da3e2f0334020ea9ced59ef8fdb9fe625e486760c19075694fa31cd"

    static var unsignedType2: Transaction {
        Transaction(
            type: .dynamicFee, chainId: 133_718, nonce: 7,
            maxPriorityFeePerGas: UInt256(1_000_000_000), maxFeePerGas: UInt256(3_000_000_000),
            gasLimit: 50_000, to: address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
            value: UInt256(decimal: "1000000000000000000")!, data: bytes("0xdeadbeef00"),
            accessList: [AccessListEntry(
                address: address("0x5FbDB2315678afecb367f032d93F642f64180aa3"),
                storageKeys: [Hash(UInt256(1))])])
    }

    @Test func signsType2ExactlyAsEthAccount() throws {
        let key = try PrivateKey(hex: Self.devKeyHex)
        let unsigned = Self.unsignedType2
        #expect(unsigned.signingHash().hex == Self.type2SigningHash)
        let signed = try Transaction.sign(unsigned: unsigned, key: key)
        #expect(Hex.encode(signed.encoded()) == Self.type2Raw)
        #expect(signed.hash.hex == Self.type2Hash)
        #expect(signed.v == UInt256(1))
        #expect(try signed.sender() == address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
    }

    @Test func decodesType2() throws {
        let tx = try Transaction.decode(raw: bytes(Self.type2Raw))
        #expect(tx == (try Transaction.sign(unsigned: Self.unsignedType2, key: PrivateKey(hex: Self.devKeyHex))))
        #expect(tx.type == .dynamicFee)
        #expect(tx.chainId == 133_718)
        #expect(tx.r == UInt256(hex: "0xfac439ce4f684f48bbb644bdd8a9b19907d4c7f3d6c435dea549da93031eb3e9")!)
        #expect(tx.s == UInt256(hex: "0x448dba6b28942e88f64b79a77088899889bd3c6b31393b5157386474e0aaabf7")!)
        #expect(try tx.sender() == address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
    }

    // eth-account 0.14.0: sign_transaction(dict(chainId=31337, nonce=0, gasPrice=2_000_000_000,
    // gas=21000, to='0x70997970C51812dc3A010C7d01b50e0d17dc79C8', value=12345, data=b'')) → v = 62709.
    @Test func signsLegacyEIP155ExactlyAsEthAccount() throws {
        let key = try PrivateKey(hex: Self.devKeyHex)
        let unsigned = Transaction(
            type: .legacy, chainId: 31_337, nonce: 0, gasPrice: UInt256(2_000_000_000), gasLimit: 21_000,
            to: address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), value: UInt256(12_345))
        let signed = try Transaction.sign(unsigned: unsigned, key: key)
        #expect(Hex.encode(signed.encoded()) == "0xf8678084773594008252089470997970c51812dc3a010c7d01b50e0d17dc79c88230398082f4f5a023a5f71e18dc77c29d7d1c0ea7e4817b69ddbf552035e0a376fbe9c759c3b7b0a032ffff2febbb3390ce3a8cdc3d73487dd8fbcb47d2d1d38fc3d2ee4da9b5287a")
        #expect(signed.hash.hex == "0x9fe8706bf5f872b1a25b4678e3957d5604a41616496d1dce19dc02eeb1539292")
        #expect(signed.v == UInt256(62_709))
        let decoded = try Transaction.decode(raw: signed.encoded())
        #expect(decoded.chainId == 31_337)
        #expect(try decoded.sender() == key.address)
    }

    // eth-account 0.14.0: sign_transaction(dict(type=1, chainId=31337, nonce=1, gasPrice=2_000_000_000,
    // gas=100000, value=0, data='0x6080', accessList=[])) — a contract creation.
    @Test func signsType1CreationExactlyAsEthAccount() throws {
        let key = try PrivateKey(hex: Self.devKeyHex)
        let unsigned = Transaction(
            type: .accessList, chainId: 31_337, nonce: 1, gasPrice: UInt256(2_000_000_000), gasLimit: 100_000,
            to: nil, data: [0x60, 0x80])
        let signed = try Transaction.sign(unsigned: unsigned, key: key)
        #expect(Hex.encode(signed.encoded()) == "0x01f856827a69018477359400830186a08080826080c080a0c55a3c3ee45f03dfa26f7f1279f0416fba132327f854af6b7570d3439ccda70ba05aaab802906def6fcc8482f5cd4522ac1bb0d95c37f99594e0c92b391254ae07")
        #expect(signed.hash.hex == "0xa08189d73cdcbbef45fe9453d6acfea2711fa6136e8fc6bfd6c50988c3287755")
        #expect(signed.isCreate)
        // Intrinsic: 21000 + 32000 + 2 non-zero bytes · 16 + 1 initcode word · 2 (EIP-3860) = 53034.
        #expect(signed.intrinsicGas(fork: .prague) == 53_034)
    }

    @Test func unsupportedTypesGiveAClearError() {
        for type: UInt8 in [5, 6, 0x7f] {
            // A well-formed-looking envelope: type byte then an empty list.
            #expect(throws: TransactionError.unsupportedType(type)) { try Transaction.decode(raw: [type, 0xc0]) }
        }
        // Types 3 and 4 are known: an empty list is the wrong shape (14 and 13 fields).
        #expect(throws: TransactionError.wrongFieldCount(type: .blob, expected: 14, got: 0)) { try Transaction.decode(raw: [3, 0xc0]) }
        #expect(throws: TransactionError.wrongFieldCount(type: .setCode, expected: 13, got: 0)) { try Transaction.decode(raw: [4, 0xc0]) }
        #expect(TransactionError.unsupportedType(5).description == "transaction type not supported: type 5")
        // Type 0 has no envelope: 0x00 ‖ list is not a transaction.
        #expect(throws: TransactionError.unsupportedType(0)) { try Transaction.decode(raw: [0x00, 0xc0]) }
    }

    @Test func rejectsMalformedEnvelopes() {
        #expect(throws: TransactionError.emptyInput) { try Transaction.decode(raw: []) }
        // A byte string, not a list.
        #expect(throws: TransactionError.self) { try Transaction.decode(raw: [0x83, 1, 2, 3]) }
        // Trailing byte after a valid type-2 transaction.
        #expect(throws: TransactionError.self) { try Transaction.decode(raw: bytes(Self.type2Raw) + [0x00]) }
        // Truncated.
        #expect(throws: TransactionError.self) { try Transaction.decode(raw: Array(bytes(Self.type2Raw).dropLast())) }
        // Type byte alone.
        #expect(throws: TransactionError.self) { try Transaction.decode(raw: [0x02]) }
        // Wrong field count for type 2 (11 fields).
        let eleven = [0x02] + RLP.list(Array(repeating: RLP.bytes([]), count: 11)).encoded()
        #expect(throws: TransactionError.wrongFieldCount(type: .dynamicFee, expected: 12, got: 11)) {
            try Transaction.decode(raw: eleven)
        }
    }

    @Test func rejectsTypedYParityAboveOne() throws {
        var tx = try Transaction.decode(raw: bytes(Self.type2Raw))
        tx.v = UInt256(2)
        #expect(throws: TransactionError.self) { try Transaction.decode(raw: tx.encoded()) }
    }

    @Test func rejectsHighS() throws {
        // EIP-2: s' = n − s recovers the same key with the other parity, but must be rejected.
        var tx = try Transaction.decode(raw: bytes(Self.type2Raw))
        tx.s = Secp256k1.n &- tx.s
        tx.v = UInt256(1) &- tx.v
        #expect(throws: TransactionError.self) { try tx.sender() }
    }

    @Test func intrinsicGasAndFloor() throws {
        let tx = Self.unsignedType2
        // 21000 + 4 non-zero · 16 + 1 zero · 4 + 2400 + 1900 (EIP-2028, EIP-2930).
        #expect(tx.intrinsicGas(fork: .cancun) == 25_368)
        // EIP-7623: tokens = 1 + 4 · 4 = 17 → 21000 + 170.
        #expect(tx.floorDataGas(fork: .prague) == 21_170)
        #expect(tx.floorDataGas(fork: .cancun) == 0)

        // A call with 1000 non-zero bytes: intrinsic 21000 + 16000 = 37000, floor 21000 + 40000 = 61000.
        var heavy = Transaction(type: .dynamicFee, chainId: 1, maxPriorityFeePerGas: .one, maxFeePerGas: .one,
                                gasLimit: 37_000, to: .zero, data: Array(repeating: 0xff, count: 1000))
        #expect(heavy.intrinsicGas(fork: .prague) == 37_000)
        #expect(heavy.floorDataGas(fork: .prague) == 61_000)
        #expect(throws: Never.self) { try heavy.validate(fork: .cancun, chainId: 1) }
        #expect(throws: TransactionError.floorDataGasTooLow(have: 37_000, want: 61_000)) {
            try heavy.validate(fork: .prague, chainId: 1)
        }
        heavy.gasLimit = 61_000
        #expect(throws: Never.self) { try heavy.validate(fork: .prague, chainId: 1) }
    }

    @Test func initcodeLimit() {
        // EIP-3860: 49152 bytes allowed, 49153 not.
        var tx = Transaction(type: .legacy, gasPrice: .one, gasLimit: 10_000_000, to: nil,
                             data: Array(repeating: 0, count: 49_152))
        #expect(throws: Never.self) { try tx.validate(fork: .prague, chainId: nil) }
        tx.data.append(0)
        #expect(throws: TransactionError.initcodeTooLarge(size: 49_153, limit: 49_152)) {
            try tx.validate(fork: .prague, chainId: nil)
        }
    }

    @Test func osakaGasLimitCap() {
        // EIP-7825: 2^24 allowed, 2^24 + 1 not (Osaka only).
        var tx = Transaction(type: .legacy, gasPrice: .one, gasLimit: 1 << 24, to: .zero)
        #expect(throws: Never.self) { try tx.validate(fork: .osaka, chainId: nil) }
        tx.gasLimit += 1
        #expect(throws: Never.self) { try tx.validate(fork: .prague, chainId: nil) }
        #expect(throws: TransactionError.gasLimitAboveCap(have: (1 << 24) + 1, cap: 1 << 24)) {
            try tx.validate(fork: .osaka, chainId: nil)
        }
    }

    @Test func chainIdAndFeeChecks() {
        let tx = Transaction(type: .dynamicFee, chainId: 5, maxPriorityFeePerGas: UInt256(3),
                             maxFeePerGas: UInt256(2), gasLimit: 21_000, to: .zero)
        #expect(throws: TransactionError.wrongChainId(have: 5, want: 1)) { try tx.validate(fork: .prague, chainId: 1) }
        #expect(throws: TransactionError.tipAboveFeeCap(tip: UInt256(3), feeCap: UInt256(2))) {
            try tx.validate(fork: .prague, chainId: 5)
        }
        var maxNonce = Transaction(type: .legacy, nonce: .max, gasPrice: .one, to: .zero)
        #expect(throws: TransactionError.nonceMax) { try maxNonce.validate(fork: .prague, chainId: nil) }
        maxNonce.nonce -= 1
        #expect(throws: Never.self) { try maxNonce.validate(fork: .prague, chainId: nil) }
    }

    @Test func gasCostOverflowBoundary() {
        // gasLimit × price < 2^256 exactly at the boundary: (2^256 − 1) / (2^64 − 1) = Σ 2^(64k), k = 0…3.
        let limit = UInt64.max
        let largest = UInt256(w0: 1, w1: 1, w2: 1, w3: 1)
        #expect(!Transaction.multiplyOverflows(largest, limit))
        #expect(Transaction.multiplyOverflows(largest &+ .one, limit))
        #expect(!Transaction.multiplyOverflows(.max, 1))
        #expect(Transaction.multiplyOverflows(.max, 2))
        #expect(!Transaction.multiplyOverflows(.max, 0))
    }

    @Test func effectiveGasPrice() {
        let tx = Transaction(type: .dynamicFee, chainId: 1, maxPriorityFeePerGas: UInt256(2), maxFeePerGas: UInt256(10))
        // EIP-1559: min(maxFee, baseFee + tip).
        #expect(tx.effectiveGasPrice(baseFee: UInt256(7)) == UInt256(9))
        #expect(tx.effectiveTip(baseFee: UInt256(7)) == UInt256(2))
        #expect(tx.effectiveGasPrice(baseFee: UInt256(9)) == UInt256(10))
        #expect(tx.effectiveTip(baseFee: UInt256(9)) == UInt256(1))
        #expect(tx.effectiveGasPrice(baseFee: .max) == UInt256(10))
        let legacy = Transaction(type: .legacy, gasPrice: UInt256(5))
        #expect(legacy.effectiveGasPrice(baseFee: UInt256(3)) == UInt256(5))
        #expect(legacy.effectiveTip(baseFee: UInt256(3)) == UInt256(2))
    }

    @Test func preEIP155LegacySigning() throws {
        // Yellow Paper §4.3: v = 27/28, no chain id; the sender round-trips.
        let key = try PrivateKey(hex: Self.devKeyHex)
        let signed = try Transaction.sign(
            unsigned: Transaction(type: .legacy, nonce: 3, gasPrice: .one, gasLimit: 21_000, to: .zero), key: key)
        #expect(signed.v == UInt256(27) || signed.v == UInt256(28))
        let decoded = try Transaction.decode(raw: signed.encoded())
        #expect(decoded.chainId == nil)
        #expect(try decoded.sender() == key.address)
    }
}
