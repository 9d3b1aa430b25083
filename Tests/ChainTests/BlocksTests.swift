import EVM
import Primitives
import Testing
@testable import Chain

private func hash(_ hex: String) -> Hash { Hash(hex: hex)! }
private func bytes(_ hex: String) -> [UInt8] { (try? Hex.decode(hex)) ?? [] }

/// Header and receipt encodings against real mainnet data and py-evm.
@Suite struct BlocksTests {
    /// Ethereum mainnet block 24,630,100 (0x177d354), a post-Prague block with every header field.
    /// Fields and hash: the eth_getBlockByNumber JSON quoted in github.com/sergey-melnychuk/yaevmi
    /// (a public-node response kept in a comment of its rpc module); the hash was reproduced
    /// independently with py-evm 0.12.1b1 `PragueBlockHeader(...)`.hash, which also gave the RLP
    /// length (644 bytes).
    static var mainnetHeader: BlockHeader {
        BlockHeader(
            parentHash: hash("0x63ce16602b2afe4089fa8e0a2c16be1a2dea1c4d30b65bd717d9398ddd5fba23"),
            ommersHash: hash("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"),
            coinbase: Address(hex: "0xdadb0d80178819f2319190d340ce9a924f783711")!,
            stateRoot: hash("0x41ebb402f36d0ce15799e98d1aca83bbb5d4b08d1b6572e73b388e4ece192916"),
            transactionsRoot: hash("0x3b889eb9fa0713d2e1d9e90725d45fd04ec4a550a7a390639c243c5f3b2c6215"),
            receiptsRoot: hash("0x52fc280ab6b1db61781dae4cc5f81b7ddd484eae78320bdd8161d5b2fe8e7719"),
            logsBloom: Bloom(bytes("0xfffffef97ffdf7dfb75fbbfeffffdfffffbeefffffbbffff6ffffdffbffffaf9df7fff7f7fff6ffbffffdfdffbffffff76fffffcbf7ffbfffffeefffffff7df7bffffffdefffff8fdfdf7f7ceffdffff7ff77affe7ef5ff5fbfff57ff7eeadfffffffabfff7bdffbbfbffcfffdefffeffefffffffff5fffefdffdffbffffdfdffbffe7fffffffffdffebf7e37fdfe977f7fbdfefdffddffffffffff5f97ffffdfbffdf7fffffbff9feff77afffefffeef77ffff7fff6fffeffd77ffffeefefdb7bffffff7f7ffdfbff7ffffffffefdffdffddffffffefffffffefdfbf7fdffef7fffff3bdf7fff6cefffdfffdf7ffffeffbfbffffdafffdfbf7efdbeffff7fff")),
            difficulty: .zero,
            number: 0x177d354,
            gasLimit: 0x3938700,
            gasUsed: 0x1a4ed69,
            timestamp: 0x69b09d6b,
            extraData: bytes("0x4275696c6465724e6574202842656176657229"),
            mixHash: hash("0xf824cbc0bffaa4862fffafa96c2cce90898dda8b97fc3eaa6a85ac38075991e5"),
            nonce: 0,
            baseFeePerGas: UInt256(0x246edf3),
            withdrawalsRoot: hash("0x76abcbef0846a5bd065d0207581dacc3cf8df4ec2ba0a8e4d4fbbe97864b82ee"),
            blobGasUsed: 0x40000,
            excessBlobGas: 0xa2a720e,
            parentBeaconBlockRoot: hash("0xd9b957562f8477151f61eddc77bcad7451ef62eab8f4fe470402073a794e8bba"),
            requestsHash: hash("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
    }

    @Test func mainnetPragueHeaderHash() {
        let header = Self.mainnetHeader
        #expect(header.encoded().count == 644)
        #expect(header.hash == hash("0x6c4c6ea047f0ca4bcb0b0fbbcc2e50061d8dd24ba1ab8a22a6d3583a497c3c82"))
        #expect(Block(header: header).hash == header.hash)
    }

    @Test func headerHashCoversEveryField() {
        // Changing any Prague-era field changes the hash (the field is encoded).
        let base = Self.mainnetHeader
        var variants: [BlockHeader] = []
        var h = base; h.requestsHash = hash("0x" + String(repeating: "11", count: 32)); variants.append(h)
        h = base; h.parentBeaconBlockRoot = .zero; variants.append(h)
        h = base; h.excessBlobGas = 0; variants.append(h)
        h = base; h.blobGasUsed = 0; variants.append(h)
        h = base; h.withdrawalsRoot = .zero; variants.append(h)
        h = base; h.baseFeePerGas = .one; variants.append(h)
        h = base; h.nonce = 1; variants.append(h)
        h = base; h.prevRandao = .zero; variants.append(h)
        for variant in variants {
            #expect(variant.hash != base.hash)
        }
        // Dropping requestsHash gives the Cancun-shape header: 20 items instead of 21.
        h = base; h.requestsHash = nil
        #expect(h.rlpItems.count == 20)
        #expect(base.rlpItems.count == 21)
    }

    @Test func wellKnownConstants() {
        // keccak256(rlp([])) and the empty trie root are defined by their preimages.
        #expect(BlockHeader.emptyOmmersHash == Keccak256.hash(RLP.list([]).encoded()))
        #expect(BlockHeader.emptyTrieRoot == Keccak256.hash(RLP.bytes([]).encoded()))
        #expect(BlockHeader.emptyRequestsHash.hex == "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    // Reference: py-evm 0.12.1b1 — Receipt(state_root=b'\x01', gas_used=52000, bloom=BloomFilter of
    // the log (eth-bloom 4.0.0), logs=[Log(0x5fbd…0aa3, [Transfer topic, padded 0xf39f…2266], 1000 as
    // 32 bytes)]); LondonTypedReceipt(2, receipt).encode() and rlp.encode(receipt).
    static let receiptLog = Log(
        address: Address(hex: "0x5fbdb2315678afecb367f032d93f642f64180aa3")!,
        topics: [hash("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"),
                 hash("0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266")],
        data: UInt256(1000).bigEndianBytes)
    static let receiptBloom = "0x00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008000000000000000000000000000000000000000000000040000000000000000100000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000000000000000000042000000200000000000000000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    static let legacyReceiptBody = "f901850182cb20b9010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008000000000000000000000000000000000000000000000040000000000000000100000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000000000000000000042000000200000000000000000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000f87cf87a945fbdb2315678afecb367f032d93f642f64180aa3f842a0ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3efa0000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266a000000000000000000000000000000000000000000000000000000000000003e8"

    @Test func receiptBloomMatchesEthBloom() {
        let receipt = Receipt(type: .dynamicFee, status: true, cumulativeGasUsed: 52_000, logs: [Self.receiptLog])
        #expect(Hex.encode(receipt.logsBloom.bytes) == Self.receiptBloom)
    }

    @Test func typedReceiptEncodingMatchesPyEVM() {
        let receipt = Receipt(type: .dynamicFee, status: true, cumulativeGasUsed: 52_000, logs: [Self.receiptLog])
        #expect(Hex.encode(receipt.encoded()) == "0x02" + Self.legacyReceiptBody)
    }

    @Test func legacyReceiptEncodingMatchesPyEVM() {
        let receipt = Receipt(type: .legacy, status: true, cumulativeGasUsed: 52_000, logs: [Self.receiptLog])
        #expect(Hex.encode(receipt.encoded()) == "0x" + Self.legacyReceiptBody)
        // A failed transaction without logs: status is the empty string (py-evm state_root=b'').
        let failed = Receipt(type: .legacy, status: false, cumulativeGasUsed: 21_000, logs: [])
        #expect(Hex.encode(failed.encoded()) == "0xf9010880825208b90100" + String(repeating: "00", count: 256) + "c0")
    }

    /// rlp(header) of mainnet block 24,630,100 as py-evm 0.12.1b1 encodes it (`rlp.encode(PragueBlockHeader(...))`).
    static let mainnetHeaderRLP = "0xf90281a063ce16602b2afe4089fa8e0a2c16be1a2dea1c4d30b65bd717d9398ddd5fba23a01dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d4934794dadb0d80178819f2319190d340ce9a924f783711a041ebb402f36d0ce15799e98d1aca83bbb5d4b08d1b6572e73b388e4ece192916a03b889eb9fa0713d2e1d9e90725d45fd04ec4a550a7a390639c243c5f3b2c6215a052fc280ab6b1db61781dae4cc5f81b7ddd484eae78320bdd8161d5b2fe8e7719b90100fffffef97ffdf7dfb75fbbfeffffdfffffbeefffffbbffff6ffffdffbffffaf9df7fff7f7fff6ffbffffdfdffbffffff76fffffcbf7ffbfffffeefffffff7df7bffffffdefffff8fdfdf7f7ceffdffff7ff77affe7ef5ff5fbfff57ff7eeadfffffffabfff7bdffbbfbffcfffdefffeffefffffffff5fffefdffdffbffffdfdffbffe7fffffffffdffebf7e37fdfe977f7fbdfefdffddffffffffff5f97ffffdfbffdf7fffffbff9feff77afffefffeef77ffff7fff6fffeffd77ffffeefefdb7bffffff7f7ffdfbff7ffffffffefdffdffddffffffefffffffefdfbf7fdffef7fffff3bdf7fff6cefffdfffdf7ffffeffbfbffffdafffdfbf7efdbeffff7fff80840177d35484039387008401a4ed698469b09d6b934275696c6465724e6574202842656176657229a0f824cbc0bffaa4862fffafa96c2cce90898dda8b97fc3eaa6a85ac38075991e5880000000000000000840246edf3a076abcbef0846a5bd065d0207581dacc3cf8df4ec2ba0a8e4d4fbbe97864b82ee83040000840a2a720ea0d9b957562f8477151f61eddc77bcad7451ef62eab8f4fe470402073a794e8bbaa0e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test func headerEncodingMatchesPyEVMAndDecodes() throws {
        #expect(Hex.encode(Self.mainnetHeader.encoded()) == Self.mainnetHeaderRLP)
        let decoded = try BlockHeader.decode(rlp: bytes(Self.mainnetHeaderRLP))
        #expect(decoded == Self.mainnetHeader)
    }

    @Test func headerDecodingRejectsBadInput() {
        var items = Self.mainnetHeader.rlpItems
        // 19 fields: no fork has that shape (the Cancun fields come as three).
        #expect(throws: BlockError.wrongFieldCount(what: "block header", got: 19)) {
            try BlockHeader.decode(rlp: RLP.list(Array(items.prefix(19))).encoded())
        }
        items[12] = .bytes(Array(repeating: 0x61, count: 33))
        #expect(throws: BlockError.self) { try BlockHeader.decode(rlp: RLP.list(items).encoded()) }
        items = Self.mainnetHeader.rlpItems
        items[14] = .bytes([0, 0, 0, 0])
        #expect(throws: BlockError.self) { try BlockHeader.decode(rlp: RLP.list(items).encoded()) }
        items = Self.mainnetHeader.rlpItems
        items[8] = .bytes([0x00, 0x01])
        #expect(throws: BlockError.self) { try BlockHeader.decode(rlp: RLP.list(items).encoded()) }
        #expect(throws: BlockError.self) { try BlockHeader.decode(rlp: bytes(Self.mainnetHeaderRLP) + [0x80]) }
        // A Cancun-shape header (20 fields) decodes with requestsHash nil.
        var cancun = Self.mainnetHeader
        cancun.requestsHash = nil
        #expect((try? BlockHeader.decode(rlp: cancun.encoded())) == cancun)
    }

    @Test func receiptsDecode() throws {
        let typed = Receipt(type: .dynamicFee, status: true, cumulativeGasUsed: 52_000, logs: [Self.receiptLog])
        #expect(try Receipt.decode(encoded: bytes("0x02" + Self.legacyReceiptBody)) == typed)
        var legacy = typed
        legacy.type = .legacy
        #expect(try Receipt.decode(encoded: bytes("0x" + Self.legacyReceiptBody)) == legacy)
        let failed = Receipt(type: .accessList, status: false, cumulativeGasUsed: 21_000, logs: [])
        #expect(try Receipt.decode(encoded: failed.encoded()) == failed)
        // Type 3 and 4 receipts have the type-2 body (EIP-4844, EIP-7702); 5 is unknown.
        var blob = typed
        blob.type = .blob
        #expect(try Receipt.decode(encoded: bytes("0x03" + Self.legacyReceiptBody)) == blob)
        #expect(throws: BlockError.self) { try Receipt.decode(encoded: [0x05] + bytes("0x" + Self.legacyReceiptBody)) }
        #expect(throws: BlockError.self) { try Receipt.decode(encoded: []) }
    }

    // Reference: py-evm 0.12.1b1 rlp.encode(PragueBlock(header=<mainnet header above>,
    // transactions=[the eth-account type-2 and EIP-155 legacy transactions of TransactionsTests],
    // uncles=[], withdrawals=[])) → 941 bytes, keccak 0x5a9a…4e56.
    @Test func blockEncodingMatchesPyEVM() throws {
        let txs = try [TransactionsTests.type2Raw,
                       "0xf8678084773594008252089470997970c51812dc3a010c7d01b50e0d17dc79c88230398082f4f5a023a5f71e18dc77c29d7d1c0ea7e4817b69ddbf552035e0a376fbe9c759c3b7b0a032ffff2febbb3390ce3a8cdc3d73487dd8fbcb47d2d1d38fc3d2ee4da9b5287a"]
            .map { hex throws(TransactionError) in try Transaction.decode(raw: bytes(hex)) }
        let senders = try txs.map { tx throws(TransactionError) in try tx.sender() }
        let receipts = txs.map { Receipt(type: $0.type, status: true, cumulativeGasUsed: 21_000, logs: []) }
        let block = Block(header: Self.mainnetHeader, transactions: txs, senders: senders, receipts: receipts,
                          gasUsed: [21_000, 21_000], effectiveGasPrices: [.one, .one], contractAddresses: [nil, nil])
        #expect(block.size == 941)
        #expect(Keccak256.hash(block.encoded()) == hash("0x5a9a98e3c026bdf22e189d052230a0fbbd632568eedbfb857a7575dde59f4e56"))
        #expect(block.transactionHashes[0].hex == TransactionsTests.type2Hash)
    }
}
