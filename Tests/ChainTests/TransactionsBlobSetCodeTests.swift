import DevnetCrypto
import EVM
import Primitives
import Testing
@testable import Chain

/// Types 3 (EIP-4844) and 4 (EIP-7702): encodings, signatures and hashes against eth-account
/// 0.14.0 (Reference/blob_setcode_tx.py), the state-independent rules, and the pool (L1 takes blob
/// transactions, the L2 refuses them; set-code transactions on either).
@Suite struct TransactionsBlobSetCodeTests {
    // Reference/blob_setcode_tx.py
    static let key = try! PrivateKey(hex: "4c0883a69102937d6231471b5decb811a2f8a1b4f9e0d2f1c3b5a7e9d1c3b5a7")
    static let signer = Address(hex: "0x11E796106c21dCAfc7BcdE090d67384f044d1805")!
    static let delegate = Address(hex: "0x000000000000000000000000000000000000c0de")!
    static let beef = Address(hex: "0x000000000000000000000000000000000000beef")!
    static let authR = UInt256(hex: "0xf3a4fd4c27522eddb0888c9c88d05d72e37d283e4bd45676f6f45831b89c67c9")!
    static let authS = UInt256(hex: "0x44a9516e1ceb94aa31cb7075f159089c657b831cbc28eab37a09996320ff599b")!
    static let setCodeRaw = try! Hex.decode("0x04f8d183020a5680843b9aca0084b2d05e00830186a094000000000000000000000000000000000000beef05821234c0f85ff85d83020a5694000000000000000000000000000000000000c0de0101a0f3a4fd4c27522eddb0888c9c88d05d72e37d283e4bd45676f6f45831b89c67c9a044a9516e1ceb94aa31cb7075f159089c657b831cbc28eab37a09996320ff599b01a0dd80cd9e347cb4a3e85b7781821ec75bdec125df3c290eb1b1cc82c4c84b3459a0551c77d98cfae1f1d7d9f29fe9014da110ffa5cb52e80842412a0faa1dd1c3f3")
    static let setCodeHash = "0x94ceef2db31d4f5a4b30a0a85d3528efe2aa49fc11c493751fc7dca0e66d170b"
    static let blobRaw = try! Hex.decode("0x03f8e4827a6907021e82520894000000000000000000000000000000000000beef0180f838f794000000000000000000000000000000000000beefe1a000000000000000000000000000000000000000000000000000000000000000018203e8f842a001abababababababababababababababababababababababababababababababa001cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd80a090a2c31b9e9ff2c52037cc62fffd64273b978a23ef00132a2b66838f18d33fbca046bbaac846666d984bdd3df82ee4681bbb621f7ab0bc25614ee5aa42bab70b5a")
    static let blobHash = "0x09c4a68a7087f27d38a50c7de49199c968b3a32a85b28561a8d7150da41a1793"
    static let versionedHashes = [Hash(try! Hex.decode("0x01" + String(repeating: "ab", count: 31))),
                                  Hash(try! Hex.decode("0x01" + String(repeating: "cd", count: 31)))]

    static var unsignedSetCode: Transaction {
        Transaction(type: .setCode, chainId: 133718, nonce: 0, maxPriorityFeePerGas: UInt256(1_000_000_000),
                    maxFeePerGas: UInt256(3_000_000_000), gasLimit: 100_000, to: beef, value: UInt256(5),
                    data: [0x12, 0x34],
                    authorizationList: [Authorization(chainId: UInt256(133718), address: delegate, nonce: 1,
                                                      yParity: 1, r: authR, s: authS)])
    }

    static var unsignedBlob: Transaction {
        Transaction(type: .blob, chainId: 31337, nonce: 7, maxPriorityFeePerGas: UInt256(2), maxFeePerGas: UInt256(30),
                    gasLimit: 21_000, to: beef, value: .one,
                    accessList: [AccessListEntry(address: beef, storageKeys: [Hash(word: .one)])],
                    maxFeePerBlobGas: UInt256(1000), blobVersionedHashes: versionedHashes)
    }

    @Test func authorizationSignatureMatchesEthAccount() throws {
        let auth = try Authorization.sign(chainId: UInt256(133718), address: Self.delegate, nonce: 1, key: Self.key)
        #expect(auth.yParity == 1)
        #expect(auth.r == Self.authR)
        #expect(auth.s == Self.authS)
        #expect(try auth.authority() == Self.signer)
    }

    @Test func setCodeTransactionMatchesEthAccount() throws {
        let signed = try Transaction.sign(unsigned: Self.unsignedSetCode, key: Self.key)
        #expect(signed.encoded() == Self.setCodeRaw)
        #expect(signed.hash.hex == Self.setCodeHash)
        let decoded = try Transaction.decode(raw: Self.setCodeRaw)
        #expect(decoded == signed)
        #expect(try decoded.sender() == Self.signer)
        #expect(try decoded.authorizationList[0].authority() == Self.signer)
        // 21000 + 16 · 2 non-zero data bytes + 25000 per authorization (EIP-7702 PER_EMPTY_ACCOUNT_COST).
        #expect(decoded.intrinsicGas(fork: .prague) == 46_032)
        #expect(throws: Never.self) { try decoded.validate(fork: .prague, chainId: 133718) }
    }

    @Test func blobTransactionMatchesEthAccount() throws {
        let signed = try Transaction.sign(unsigned: Self.unsignedBlob, key: Self.key)
        #expect(signed.encoded() == Self.blobRaw)
        #expect(signed.hash.hex == Self.blobHash)
        let decoded = try Transaction.decode(raw: Self.blobRaw)
        #expect(decoded == signed)
        #expect(try decoded.sender() == Self.signer)
        #expect(decoded.blobGas == 2 * 131_072)
        // 21000 + 2400 per access-list address + 1900 per key; blobs cost no execution gas. The
        // reference transaction's gas limit, 21000, is therefore too low.
        #expect(decoded.intrinsicGas(fork: .cancun) == 25_300)
        #expect(throws: TransactionError.intrinsicGasTooLow(have: 21_000, want: 25_300)) {
            try decoded.validate(fork: .cancun, chainId: 31337)
        }
    }

    /// EIP-4844 network form `0x03 ‖ rlp([body, blobs, commitments, proofs])` and the EIP-7594 form
    /// with a wrapper version: the sidecar is dropped; a commitment count that disagrees is refused.
    @Test func blobNetworkWrapperIsStripped() throws {
        let body = try RLP.decode(Array(Self.blobRaw[1...]))
        let blob = RLP.bytes([UInt8](repeating: 0, count: 131_072))
        let point = RLP.bytes([UInt8](repeating: 0xc0, count: 48))
        let wrapped = [UInt8(3)] + RLP.list([body, .list([blob, blob]), .list([point, point]), .list([point, point])]).encoded()
        let canonical = try Transaction.decode(raw: Self.blobRaw)
        #expect(try Transaction.decode(pooledRaw: wrapped) == canonical)
        #expect(try Transaction.decode(pooledRaw: Self.blobRaw) == canonical)
        let osaka = [UInt8(3)] + RLP.list([body, .uint(UInt64(1)), .list([blob, blob]), .list([point, point]),
                                           .list(Array(repeating: point, count: 256))]).encoded()
        #expect(try Transaction.decode(pooledRaw: osaka) == canonical)
        let short = [UInt8(3)] + RLP.list([body, .list([blob]), .list([point]), .list([point])]).encoded()
        #expect(throws: TransactionError.self) { try Transaction.decode(pooledRaw: short) }
        // decode(raw:) takes only the canonical form.
        #expect(throws: TransactionError.self) { try Transaction.decode(raw: wrapped) }
    }

    @Test func decodingRejectsBadShapes() throws {
        var noTo = Self.unsignedBlob
        noTo.to = nil
        #expect(throws: TransactionError.self) { try Transaction.decode(raw: noTo.encoded()) }
        var setCodeNoTo = Self.unsignedSetCode
        setCodeNoTo.to = nil
        do {
            _ = try Transaction.decode(raw: setCodeNoTo.encoded())
            Issue.record("a type-4 creation decoded")
        } catch {
            guard case .invalidField(field: "to", _) = error else { Issue.record("\(error)"); return }
        }
        // A versioned hash of 31 bytes.
        var fields = Self.unsignedBlob.payloadFields(includeSignature: true)
        fields[10] = .list([.bytes([UInt8](repeating: 1, count: 31))])
        #expect(throws: TransactionError.self) { try Transaction.decode(raw: [3] + RLP.list(fields).encoded()) }
        // An authorization tuple of 5 fields.
        var setCode = Self.unsignedSetCode.payloadFields(includeSignature: true)
        setCode[9] = .list([.list([.uint(UInt64(1)), RLP(Self.delegate), .uint(UInt64(0)), .uint(UInt64(0)), .uint(UInt64(1))])])
        #expect(throws: TransactionError.self) { try Transaction.decode(raw: [4] + RLP.list(setCode).encoded()) }
        // Type 5 is unknown.
        #expect(throws: TransactionError.unsupportedType(5)) { try Transaction.decode(raw: [5, 0xc0]) }
    }

    /// EIP-4844 / EIP-7691 / EIP-7594 blob limits and EIP-7702 list and fork rules.
    @Test func stateIndependentRules() throws {
        func blob(_ count: Int, version: UInt8 = 1) -> Transaction {
            var tx = Self.unsignedBlob
            tx.gasLimit = 30_000
            tx.blobVersionedHashes = (0..<count).map { i in Hash([version] + [UInt8](repeating: UInt8(i), count: 31)) }
            return tx
        }
        #expect(throws: TransactionError.noBlobs) { try blob(0).validate(fork: .cancun, chainId: 31337) }
        #expect(throws: Never.self) { try blob(6).validate(fork: .cancun, chainId: 31337) }
        #expect(throws: TransactionError.tooManyBlobs(have: 7, max: 6)) { try blob(7).validate(fork: .cancun, chainId: 31337) }
        #expect(throws: Never.self) { try blob(9).validate(fork: .prague, chainId: 31337) }
        #expect(throws: TransactionError.tooManyBlobs(have: 10, max: 9)) { try blob(10).validate(fork: .prague, chainId: 31337) }
        #expect(throws: TransactionError.tooManyBlobs(have: 7, max: 6)) { try blob(7).validate(fork: .osaka, chainId: 31337) }
        #expect(throws: TransactionError.invalidBlobVersion(index: 0, version: 2)) {
            try blob(1, version: 2).validate(fork: .prague, chainId: 31337)
        }
        var empty = Self.unsignedSetCode
        empty.authorizationList = []
        #expect(throws: TransactionError.emptyAuthorizationList) { try empty.validate(fork: .prague, chainId: 133718) }
        #expect(throws: TransactionError.unsupportedType(4)) { try Self.unsignedSetCode.validate(fork: .cancun, chainId: 133718) }
    }

    @Test func authorityRecoveryRejectsOutOfRangeValues() {
        var auth = Authorization(chainId: .zero, address: Self.delegate, nonce: 0, yParity: 2, r: Self.authR, s: Self.authS)
        #expect(throws: TransactionError.self) { try auth.authority() }
        auth.yParity = 1
        auth.s = Secp256k1.halfN &+ .one      // EIP-2 high s
        #expect(throws: TransactionError.self) { try auth.authority() }
        auth.s = Self.authS
        auth.r = .zero
        #expect(throws: TransactionError.self) { try auth.authority() }
    }

    // MARK: - pool

    @Test func l2RefusesBlobTransactions() throws {
        let chain = makeChain(chainId: 31337)   // ChainConfig default: acceptsBlobTransactions = false
        let tx = try Transaction.sign(unsigned: l1Blob(nonce: 0), key: Dev.key0)
        do {
            try chain.submit(raw: tx.encoded())
            Issue.record("blob transaction accepted")
        } catch {
            #expect(error == .unsupportedType(3))
            #expect(error.rpcCode == -32000)
            #expect(error.description.hasPrefix("transaction type not supported"))
        }
    }

    /// On a chain that takes blobs: 2 blobs = 262,144 blob gas bought at the blob base fee of an
    /// empty-excess block, 1 wei (EIP-4844 MIN_BASE_FEE_PER_BLOB_GAS), burnt; the header records
    /// the blob gas. The network form is accepted too.
    @Test func l1MinesBlobTransactionsAndBurnsBlobGas() throws {
        let chain = try blobChain()
        let before = chain.headState.balance(Dev.addr0)
        let coinbaseBefore = chain.headState.balance(.zero)
        let tx = try Transaction.sign(unsigned: l1Blob(nonce: 0), key: Dev.key0)
        let body = try RLP.decode(Array(tx.encoded()[1...]))
        let point = RLP.bytes([UInt8](repeating: 0xc0, count: 48))
        let blob = RLP.bytes([UInt8](repeating: 0, count: 131_072))
        let network = [UInt8(3)] + RLP.list([body, .list([blob, blob]), .list([point, point]), .list([point, point])]).encoded()
        let hash = try chain.submit(raw: network)
        #expect(hash == tx.hash)
        let receipt = try #require(chain.receipt(transactionHash: hash))
        #expect(receipt.status)
        #expect(receipt.gasUsed == 21_000)
        let spent = before &- chain.headState.balance(Dev.addr0)
        let execution = UInt256(receipt.gasUsed) &* receipt.effectiveGasPrice
        #expect(spent == execution &+ UInt256(7) &+ UInt256(262_144))
        // The coinbase gets only the tip; the blob fee is burnt.
        let header = chain.head.header
        let tip = receipt.effectiveGasPrice &- (header.baseFeePerGas ?? .zero)
        #expect(chain.headState.balance(.zero) &- coinbaseBefore == UInt256(21_000) &* tip)
        #expect(header.blobGasUsed == 262_144)
        #expect(header.excessBlobGas == 0)
    }

    @Test func l1RefusesBlobFeeCapBelowBlobBaseFee() throws {
        let chain = try blobChain()
        var unsigned = l1Blob(nonce: 0)
        unsigned.maxFeePerBlobGas = .zero
        let tx = try Transaction.sign(unsigned: unsigned, key: Dev.key0)
        #expect(throws: TxPoolError.blobFeeCapTooLow(address: Dev.addr0, maxFeePerBlobGas: .zero, blobBaseFee: .one)) {
            try chain.submit(raw: tx.encoded())
        }
    }

    /// A set-code transaction through the pool: the authority (dev 1, funded, so it exists) gets
    /// code 0xef0100 ‖ delegate and nonce 1; gas = 21000 + 25000 − min(12500 refund, 46000 / 5) =
    /// 36,800. Then the delegated account still sends transactions (EIP-3607 accepts a delegation).
    @Test func setCodeThroughThePool() throws {
        let chain = makeChain(chainId: 31337)
        let auth = try Authorization.sign(chainId: UInt256(31337), address: Self.delegate, nonce: 0, key: Dev.key1)
        let unsigned = Transaction(type: .setCode, chainId: 31337, nonce: 0, maxPriorityFeePerGas: Dev.gwei,
                                   maxFeePerGas: UInt256(2) &* Dev.gwei, gasLimit: 100_000, to: Dev.sink,
                                   authorizationList: [auth])
        let tx = try Transaction.sign(unsigned: unsigned, key: Dev.key0)
        let hash = try chain.submit(raw: tx.encoded())
        let receipt = try #require(chain.receipt(transactionHash: hash))
        #expect(receipt.status)
        #expect(receipt.gasUsed == 36_800)
        #expect(chain.headState.code(Dev.addr1).bytes == [0xef, 0x01, 0x00] + Self.delegate.bytes)
        #expect(chain.headState.nonce(Dev.addr1) == 1)
        let follow = dynamicTx(Dev.key1, nonce: 1, to: Dev.sink, value: .one)
        let followHash = try chain.submit(raw: follow.encoded())
        #expect(chain.receipt(transactionHash: followHash)?.status == true)
        #expect(chain.headState.nonce(Dev.addr1) == 2)
    }

    // MARK: - helpers

    func blobChain() throws -> Blockchain {
        let config = try ChainConfig(chainId: 31337, alloc: ChainConfig.devAlloc([Dev.addr0, Dev.addr1, Dev.addr2]),
                                     genesisTimestamp: 1_700_000_000, acceptsBlobTransactions: true)
        let chain = Blockchain(config: config)
        var now: UInt64 = 1_700_000_100
        chain.clock = { now += 1; return now }
        return chain
    }

    func l1Blob(nonce: UInt64) -> Transaction {
        Transaction(type: .blob, chainId: 31337, nonce: nonce, maxPriorityFeePerGas: Dev.gwei,
                    maxFeePerGas: UInt256(2) &* Dev.gwei, gasLimit: 21_000, to: Dev.sink, value: UInt256(7),
                    maxFeePerBlobGas: UInt256(10), blobVersionedHashes: Self.versionedHashes)
    }
}
