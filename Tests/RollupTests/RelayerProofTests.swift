import Node
import Primitives
import Testing
@testable import Rollup

/// The batcher's `StateBatchMerkle` (which the relayer uses) against a second, independent
/// implementation. Expected values are computed in Python with eth_utils 6.0.0 (`keccak`) and eth_abi 6.0.0
/// (`encode`) in /work/wt/pyenv, by an implementation written from the rules in
/// Contracts/L1/StateCommitmentChain.vy's header (pad to a power of two with zero words, parent =
/// keccak(left ‖ right)):
///
/// ```python
/// from eth_utils import keccak
/// def leaves(n): return [keccak(b"root%d" % i) for i in range(n)]
/// def tree(ls):
///     size = 1
///     while size < len(ls): size *= 2
///     level = ls + [b"\0"*32]*(size-len(ls)); levels=[level]
///     while len(level) > 1:
///         level = [keccak(level[i]+level[i+1]) for i in range(0,len(level),2)]; levels.append(level)
///     return levels
/// for n in (1,2,3,5,8):
///     lv = tree(leaves(n)); print(n, "root", lv[-1][0].hex())
///     for i in sorted({0, n//2, n-1}):
///         sib=[]; j=i
///         for level in lv[:-1]: sib.append(level[j^1].hex()); j//=2
///         print(" ", i, sib)
/// ```
@Suite struct StateBatchMerklePythonTests {
    static func h(_ s: String) -> Hash { Hash(hex: "0x" + s)! }
    static func leaves(_ n: Int) -> [Hash] { (0..<n).map { Keccak256.hash(Array("root\($0)".utf8)) } }

    static let roots: [Int: String] = [
        1: "cca51deaf7e2f905f605c563fc14ce3f5314136d90598cf77da785cf016f6a3f",
        2: "efebbb1ac2a34834f1a0f537b38761ec666b8eea1acf372a28b23e6d196d4b90",
        3: "343f4a8a19d99913a83de7c9a506e7a25af4381f6d5618b036e3cf4c5f370b83",
        5: "bff4d41621ddb392f3e90d51386760a8fe09769f301881196c7539d44ed39701",
        8: "548f2e9f035edd0062e998835f8587a26e65688bcfbf1009e94e732ce9473a1f",
    ]
    static let zero = "0000000000000000000000000000000000000000000000000000000000000000"
    static let proofs: [(n: Int, i: Int, siblings: [String])] = [
        (1, 0, []),
        (2, 0, ["99fff0297ffbd7e2f1a6820971ba8fa9d502e2a9259ff15813849b63e09af0c1"]),
        (2, 1, ["cca51deaf7e2f905f605c563fc14ce3f5314136d90598cf77da785cf016f6a3f"]),
        (3, 0, ["99fff0297ffbd7e2f1a6820971ba8fa9d502e2a9259ff15813849b63e09af0c1",
                "f76418244ffe74f03bdc7b0dcc79fa096d6cadc3bd24e54140354dab2f23a8c8"]),
        (3, 1, ["cca51deaf7e2f905f605c563fc14ce3f5314136d90598cf77da785cf016f6a3f",
                "f76418244ffe74f03bdc7b0dcc79fa096d6cadc3bd24e54140354dab2f23a8c8"]),
        (3, 2, [zero, "efebbb1ac2a34834f1a0f537b38761ec666b8eea1acf372a28b23e6d196d4b90"]),
        (5, 0, ["99fff0297ffbd7e2f1a6820971ba8fa9d502e2a9259ff15813849b63e09af0c1",
                "94d1171bbcee441d941e43d6edfcb4e2f54f097b2b83c0d4a6d0269d7f5ae27e",
                "1c23397807949b430189e68e0a35b12af9077052069d3e9ec3bb124697271474"]),
        (5, 2, ["b64b84267a486e121a0ee371b1469fd0e564d4fcf300e766b2d82a430e1f2ad1",
                "efebbb1ac2a34834f1a0f537b38761ec666b8eea1acf372a28b23e6d196d4b90",
                "1c23397807949b430189e68e0a35b12af9077052069d3e9ec3bb124697271474"]),
        (5, 4, [zero, "ad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5",
                "9c2907fc9de56abc3628ab5eb6640b992df90c552241fc7ab248a84e2f6c6e6b"]),
        (8, 0, ["99fff0297ffbd7e2f1a6820971ba8fa9d502e2a9259ff15813849b63e09af0c1",
                "94d1171bbcee441d941e43d6edfcb4e2f54f097b2b83c0d4a6d0269d7f5ae27e",
                "8755c4a2329398837a3dbbf8297c767a8c67d1f9a2080d2d6e88449c17a9f27b"]),
        (8, 4, ["cedc0b68bd39e518233840c492bf9af264ff0a9b4621b121c849d3ce81b94a23",
                "b7259ef22a55df1b25c13b96c757fdf35138ce9a55348b1e10c1e744e76b9e3e",
                "9c2907fc9de56abc3628ab5eb6640b992df90c552241fc7ab248a84e2f6c6e6b"]),
        (8, 7, ["c68d1f94fc03af6fad5157bc638d1c858570bdb8ccf5e9b4d9c36bdcd208e770",
                "73856de55055b5d7e11325d1c9eea92c12c2fab677d9b21ec33899e7b6063f33",
                "9c2907fc9de56abc3628ab5eb6640b992df90c552241fc7ab248a84e2f6c6e6b"]),
    ]

    @Test(arguments: [1, 2, 3, 5, 8])
    func rootMatchesPython(n: Int) throws {
        #expect(StateBatchMerkle.root(Self.leaves(n)) == Self.h(Self.roots[n]!))
    }

    @Test func proofsMatchPython() throws {
        for p in Self.proofs {
            let got = StateBatchMerkle.proof(Self.leaves(p.n), index: p.i)
            #expect(got == p.siblings.map(Self.h), "n=\(p.n) i=\(p.i)")
            #expect(StateBatchMerkle.verify(leaf: Self.leaves(p.n)[p.i], index: UInt64(p.i), siblings: got, root: Self.h(Self.roots[p.n]!)))
        }
    }

    @Test func everyProofOfLargerBatchesVerifies() throws {
        for n in [4, 6, 7, 9, 17, 50] {
            let ls = Self.leaves(n)
            let root = StateBatchMerkle.root(ls)
            var depth = 0
            while 1 << depth < n { depth += 1 }
            for i in 0..<n {
                let s = StateBatchMerkle.proof(ls, index: i)
                #expect(s.count == depth)
                #expect(StateBatchMerkle.verify(leaf: ls[i], index: UInt64(i), siblings: s, root: root))
                #expect(!StateBatchMerkle.verify(leaf: ls[(i + 1) % n], index: UInt64(i), siblings: s, root: root))
            }
        }
    }
}

/// Message hashes, passer slots, event decoding and the L1 relay calldata, against eth_abi 6.0.0 /
/// eth_utils 6.0.0 (/work/wt/pyenv):
///
/// ```python
/// from eth_utils import keccak, function_signature_to_4byte_selector as sel, event_signature_to_log_topic as topic
/// from eth_abi import encode
/// target = bytes.fromhex("4200000000000000000000000000000000000010"); sender = bytes.fromhex("3980c9ed79d2c191a89e02fa3529c60ed6e9c04b")
/// msg = bytes.fromhex("deadbeef") + bytes(range(40)); nonce = 7
/// cd = sel("relayMessage(address,address,bytes,uint256)") + encode(["address","address","bytes","uint256"], ["0x"+target.hex(), "0x"+sender.hex(), msg, nonce])
/// print("calldata", cd.hex()); print("hash", keccak(cd).hex())
/// l2m = bytes.fromhex("4200000000000000000000000000000000000007")
/// key = keccak(cd + l2m); print("key", key.hex()); print("slot", keccak(bytes(32) + key).hex())
/// hdr = (3, keccak(b"r"), 5, 10, encode(["uint256","address"], [1700000000, "0x"+("ab"*20)]))
/// proof = (keccak(b"s"), hdr, (2, [keccak(b"a"), keccak(b"b"), keccak(b"c")]), [b"\x01\x02", bytes(40)], [b"\xf8"])
/// T = "(bytes32,(uint256,bytes32,uint256,uint256,bytes),(uint256,bytes32[]),bytes[],bytes[])"
/// l1 = sel("relayMessage(address,address,bytes,uint256,%s)" % T) + encode(["address","address","bytes","uint256",T], ["0x"+target.hex(), "0x"+sender.hex(), msg, nonce, proof])
/// print("l1calldata keccak", keccak(l1).hex(), len(l1))
/// print("topics", topic("TransactionEnqueued(address,address,uint256,bytes,uint256,uint256)").hex(), ...)
/// print("enq data", encode(["uint256","bytes","uint256"], [250000, cd, 1700000123]).hex())
/// print("sba data", encode(["bytes32","uint256","uint256","bytes"], [hdr[1], 5, 10, hdr[4]]).hex())
/// ```
@Suite struct CrossDomainMessageTests {
    static func hex(_ s: String) -> [UInt8] { try! Hex.decode("0x" + s) }
    static let target = Address(hex: "0x4200000000000000000000000000000000000010")!
    static let sender = Address(hex: "0x3980c9ed79d2c191a89e02fa3529c60ed6e9c04b")!
    static let l2Messenger = Address(hex: "0x4200000000000000000000000000000000000007")!
    static let message = CrossDomainMessage(target: target, sender: sender, message: hex("deadbeef") + (0..<40).map { UInt8($0) },
                                            nonce: UInt256(7))
    static let calldata = hex("cbd4ece900000000000000000000000042000000000000000000000000000000000000100000000000000000000000003980c9ed79d2c191a89e02fa3529c60ed6e9c04b00000000000000000000000000000000000000000000000000000000000000800000000000000000000000000000000000000000000000000000000000000007000000000000000000000000000000000000000000000000000000000000002cdeadbeef000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526270000000000000000000000000000000000000000")

    @Test func relayCalldataHashKeyAndSlot() {
        let m = Self.message
        #expect(m.relayCalldata == Self.calldata)
        #expect(m.hash == Hash(hex: "0xf284e3d3e5cc245ad0fffb5686bdbd52d31ddbcf99b162dbe83c29bc5c45fbf8")!)
        #expect(m.passerKey(l2Messenger: Self.l2Messenger) == Hash(hex: "0x0b590ec79bf33622e60bc740ee6069710ffdeff6c0a8248862922370ed38d3b7")!)
        #expect(m.passerSlot(l2Messenger: Self.l2Messenger) == Hash(hex: "0xb5a91b8825062221d78a5cc06a9cc1213f0ef30cfcec0120da3b0f613f5418f2")!)
    }

    @Test func decodesRelayCalldataAndRefusesOthers() {
        #expect(CrossDomainMessage(relayCalldata: Self.calldata) == Self.message)
        #expect(CrossDomainMessage(relayCalldata: Array(Self.calldata.dropLast(32))) == nil)
        var wrongSelector = Self.calldata
        wrongSelector[0] ^= 1
        #expect(CrossDomainMessage(relayCalldata: wrongSelector) == nil)
    }

    @Test func eventTopics() {
        #expect(RollupEvents.transactionEnqueued == Hash(hex: "0x4b388aecf9fa6cc92253704e5975a6129a4f735bdbd99567df4ed0094ee4ceb5")!)
        #expect(RollupEvents.stateBatchAppended == Hash(hex: "0x16be4c5129a4e03cf3350262e181dc02ddfb4a6008d925368c0899fcd97ca9c5")!)
        #expect(RollupEvents.sentMessage == Hash(hex: "0xcb0f7ffd78f9aee47a248fae8db181db6eee833039123e026dcbff529522e52a")!)
        #expect(RollupEvents.relayedMessage == Hash(hex: "0x4641df4a962071e12719d8c8c8e5ac7fc4d97b927346a3d7a335b1f7517e133c")!)
    }

    static func word(_ v: UInt64) -> Hash { Hash(UInt256(v)) }

    @Test func decodesTransactionEnqueued() throws {
        let data = Self.hex("000000000000000000000000000000000000000000000000000000000003d0900000000000000000000000000000000000000000000000000000000000000060000000000000000000000000000000000000000000000000000000006553f17b00000000000000000000000000000000000000000000000000000000000000e4") + Self.calldata + [UInt8](repeating: 0, count: 28)
        let origin = Address(hex: "0x081D1101855bD523bA69A9794e0217F0DB6323ff")!
        let log = RollupLog(address: Address(hex: "0x56a76bcC92361f6DF8D75476feD8843EdC70e1C9")!,
                           topics: [RollupEvents.transactionEnqueued, Hash(origin.word), Hash(Self.l2Messenger.word), Self.word(7)],
                           data: data, blockNumber: 12, transactionHash: Self.word(99), logIndex: 1)
        let q = try #require(EnqueuedTransaction(log))
        #expect(q.queueIndex == 7)
        #expect(q.l1TxOrigin == origin)
        #expect(q.target == Self.l2Messenger)
        #expect(q.gasLimit == UInt256(250_000))
        #expect(q.timestamp == 1_700_000_123)
        #expect(q.data == Self.calldata)
        #expect(q.message == Self.message)
        #expect(DepositRecord(enqueued: q).msgHash == Self.message.hash)
    }

    static let header = ChainBatchHeader(
        batchIndex: 3, batchRoot: Keccak256.hash(Array("r".utf8)), batchSize: 5, prevTotalElements: 10,
        extraData: ABI.encode([.uint64(1_700_000_000), .address(Address([UInt8](repeating: 0xab, count: 20)))], types: [.uint(256), .address]))

    @Test func decodesStateBatchAppended() throws {
        let data = Self.hex("414f72a4d550cad29f17d9d99a4af64b3776ec5538cd440cef0f03fef2e9e0100000000000000000000000000000000000000000000000000000000000000005000000000000000000000000000000000000000000000000000000000000000a00000000000000000000000000000000000000000000000000000000000000800000000000000000000000000000000000000000000000000000000000000040000000000000000000000000000000000000000000000000000000006553f100000000000000000000000000abababababababababababababababababababab")
        let log = RollupLog(address: .zero, topics: [RollupEvents.stateBatchAppended, Self.word(3)], data: data,
                           blockNumber: 4, transactionHash: Self.word(1), logIndex: 0)
        let h = try #require(ChainBatchHeader(log))
        #expect(h == Self.header)
        #expect(h.timestamp == 1_700_000_000)
        #expect(h.l2Start == 11 && h.l2End == 15)
    }

    @Test func l1RelayCalldataMatchesEthAbi() {
        let proof = WithdrawalProof(stateRoot: Keccak256.hash(Array("s".utf8)), header: Self.header, index: 2,
                                    siblings: ["a", "b", "c"].map { Keccak256.hash(Array($0.utf8)) },
                                    accountProof: [[1, 2], [UInt8](repeating: 0, count: 40)], storageProof: [[0xf8]])
        let data = WithdrawalProof.l1RelayCalldata(Self.message, proof: proof)
        #expect(data.count == 1252)
        #expect(Keccak256.hash(data) == Hash(hex: "0xf289efaa79d0a1bc0b3907845597e60f8978f88ce3628a8e890a3e1cc47007a7")!)
    }

    @Test func readsGetProofNodes() throws {
        let slot = Self.message.passerSlot(l2Messenger: Self.l2Messenger)
        let answer = try JSON.parse("""
        {"address":"0x4200000000000000000000000000000000000000","accountProof":["0xf871","0xe2a0"],"balance":"0x0",
         "codeHash":"0x00","nonce":"0x0","storageHash":"0x00",
         "storageProof":[{"key":"\(slot.hex)","value":"0x1","proof":["0xf8518080","0xe3a120"]}]}
        """)
        let nodes = try WithdrawalProof.nodes(fromGetProof: answer, slot: slot)
        #expect(nodes.account == [[0xf8, 0x71], [0xe2, 0xa0]])
        #expect(nodes.storage == [[0xf8, 0x51, 0x80, 0x80], [0xe3, 0xa1, 0x20]])
        let empty = try JSON.parse("""
        {"accountProof":["0xf871"],"storageProof":[{"key":"\(slot.hex)","value":"0x0","proof":[]}]}
        """)
        #expect(throws: WithdrawalProof.ParseFailure.messageNotStored(slot: slot)) {
            try WithdrawalProof.nodes(fromGetProof: empty, slot: slot)
        }
        let otherKey = try JSON.parse("""
        {"accountProof":["0xf871"],"storageProof":[{"key":"0x01","value":"0x1","proof":[]}]}
        """)
        #expect(throws: WithdrawalProof.ParseFailure.self) { try WithdrawalProof.nodes(fromGetProof: otherKey, slot: slot) }
    }
}
