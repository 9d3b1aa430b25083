import Primitives
import Testing
@testable import Trie

@Suite struct TrieTests {
    @Test func emptyRoot() {
        // keccak256(rlp("")) — Yellow Paper appendix D.
        #expect(emptyTrieRoot.hex == "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")
        #expect(Keccak256.hash([0x80]) == emptyTrieRoot)
        #expect(MerklePatriciaTrie.root([]) == emptyTrieRoot)
        #expect(MerklePatriciaTrie.secureRoot([]) == emptyTrieRoot)
        #expect(MerklePatriciaTrie.orderedRoot([]) == emptyTrieRoot)
        #expect(Trie().rootHash == emptyTrieRoot)
        #expect(MerklePatriciaTrie.proof([], key: [1]) == [])
        #expect(MerklePatriciaTrie.verifyProof(root: emptyTrieRoot, key: [1], proof: []) == [])
    }

    @Test func deleteBackToEmpty() {
        let trie = Trie()
        trie.insert(key: [1, 2], value: [3])
        trie.insert(key: [1, 3], value: [4])
        #expect(trie.rootHash != emptyTrieRoot)
        trie.delete(key: [1, 2])
        trie.insert(key: [1, 3], value: [])
        #expect(trie.count == 0)
        #expect(trie.rootHash == emptyTrieRoot)
    }

    /// Reference values from py-trie 4.0.0 (`trie.HexaryTrie`, Python), computed with:
    ///   t = HexaryTrie(db={}); for i in range(100): t[bytes([i*7 % 256, i])*3] = (b"value-%d" % i) * (1 + i % 5)
    ///   t.root_hash; [rlp.encode(n) for n in t.get_proof(key)]
    /// py-trie also lists embedded (< 32-byte) nodes as proof elements; geth and EIP-1186 do not, and
    /// neither do we — none of the nodes below is embedded, so the lists are equal.
    @Test func proofMatchesPyTrie() throws {
        var entries: [(key: [UInt8], value: [UInt8])] = []
        for i in 0..<100 {
            let key = Array([[UInt8(i * 7 % 256), UInt8(i)], [UInt8(i * 7 % 256), UInt8(i)], [UInt8(i * 7 % 256), UInt8(i)]].joined())
            let value = Array(Array(repeating: "value-\(i)", count: 1 + i % 5).joined().utf8)
            entries.append((key, value))
        }
        let root = MerklePatriciaTrie.root(entries)
        #expect(root.hex == "0xbfeb2e568b2dc60aaebff13a21e41349c1ebcc34bc7d429d786a84cc0d5cbf9a")

        let key42 = Array(repeating: [UInt8(42 * 7 % 256), 42], count: 3).joined()
        let proof42 = MerklePatriciaTrie.proof(entries, key: Array(key42))
        #expect(proof42.map { Hex.encode($0) } == [
            "0xf90211a0f45dd5182370d78de0b93676f3fdf3985c5ac76be2c69b05fc358cc09f734390a0f5182719fb512b33f41d9d8482cc9727b3e60cdc6dc481bc354dd21d970a8deca055bde9af0f24f4df87325d19cdc640348611710f73f71eb7c5a9814d7b3c91a0a09bccffb65863289607e2139efff3d9002a3e58f66edf99c96051fcd25a85775da0004b1a4d5084c2438244065214f98fb7e955830b78732100ffc8c99314a43609a03ff76a7fed5b748482fccf5fa98120db86a94b1c572f52344fe0d9f945ee2628a0b05c7adf4174719b25e10a6be34586979cc4601ba5d3ca9fd3fc909cad2e5265a0602cfc5707edf28c5c3e991309285e2ae5814b786cb94cbded46be994b29afc4a05e1f573524d67bc06bf911cea464937c3f509e724ea2a4705a86a267dc78fed7a0739149bc713898061c005a3123c98db8ab586dfb84739933ba712c2aff7c63e3a0d263ebbaf30ed06bc8274f9182e894394bad7613e8c2f2c25167cd93f8c41fc8a0605cabcc5bfe0a6a10c10a269b41d9b8713fe0bda8e189c45c9ada6909365834a0c80efae28c3e21d02e42314173e8429d65adf1a999dea7fee33e031aeff94e3fa08c0dd732853b7090b0fd26d48015fddf3f27a02765d7c97a63bc0a5b0a7cc49ca00dcd5277b86bf96d5e5dd0310f86f5a390140c1a193a8edb762d63346c4bee6da0b4fc2b19b4b7e36888ce90d971a85621ccab8707b75eadc68859fc520a3139e480",
            "0xf8b68080a05f44f8bba63e305f127e71027c65e7818dd4ef67afd1ead5ae06ecd629e9f705cf862005230523058776616c75652d358080a0d94099b7ac7ef6ddeea49cfa3e42d1c65655e688710c26487698d60fc2733ccc8080a08c68beb9a0a7c23ba807927578face8f372716a25eab45e0e810baf59e29c909d68620062a062a068e76616c75652d3676616c75652d368080a062155679bea052d9860af5f31e01400a0b97f29ed68ce8c7108c4bab5b3477db808080",
            "0xe086202a262a262a9876616c75652d343276616c75652d343276616c75652d3432",
        ])
        #expect(MerklePatriciaTrie.verifyProof(root: root, key: Array(key42), proof: proof42) == entries[42].value)

        // Proof of exclusion for the absent key 0x010203 (py-trie's get_proof, same two nodes).
        let absent = MerklePatriciaTrie.proof(entries, key: [1, 2, 3])
        #expect(absent.map { Hex.encode($0) } == [
            "0xf90211a0f45dd5182370d78de0b93676f3fdf3985c5ac76be2c69b05fc358cc09f734390a0f5182719fb512b33f41d9d8482cc9727b3e60cdc6dc481bc354dd21d970a8deca055bde9af0f24f4df87325d19cdc640348611710f73f71eb7c5a9814d7b3c91a0a09bccffb65863289607e2139efff3d9002a3e58f66edf99c96051fcd25a85775da0004b1a4d5084c2438244065214f98fb7e955830b78732100ffc8c99314a43609a03ff76a7fed5b748482fccf5fa98120db86a94b1c572f52344fe0d9f945ee2628a0b05c7adf4174719b25e10a6be34586979cc4601ba5d3ca9fd3fc909cad2e5265a0602cfc5707edf28c5c3e991309285e2ae5814b786cb94cbded46be994b29afc4a05e1f573524d67bc06bf911cea464937c3f509e724ea2a4705a86a267dc78fed7a0739149bc713898061c005a3123c98db8ab586dfb84739933ba712c2aff7c63e3a0d263ebbaf30ed06bc8274f9182e894394bad7613e8c2f2c25167cd93f8c41fc8a0605cabcc5bfe0a6a10c10a269b41d9b8713fe0bda8e189c45c9ada6909365834a0c80efae28c3e21d02e42314173e8429d65adf1a999dea7fee33e031aeff94e3fa08c0dd732853b7090b0fd26d48015fddf3f27a02765d7c97a63bc0a5b0a7cc49ca00dcd5277b86bf96d5e5dd0310f86f5a390140c1a193a8edb762d63346c4bee6da0b4fc2b19b4b7e36888ce90d971a85621ccab8707b75eadc68859fc520a3139e480",
            "0xf8c3cf862000000000008776616c75652d308080a0947807adca86e4a1f51dcf568e246579918b905148e0d73a46a0e817e5bec5b88080a0a5693e2b0964be671972ba4bec7f46cbfa362369012d6b354717a7774df0fe66d6862001070107018e76616c75652d3176616c75652d318080a04eab9e89b5a91edaa45ee056d62fcb92487f000ae21eae960bb81cf68e4f03e98080d086204b0d4b0d4b8876616c75652d3735dd8620020e020e029576616c75652d3276616c75652d3276616c75652d328080",
        ])
        #expect(MerklePatriciaTrie.verifyProof(root: root, key: [1, 2, 3], proof: absent) == [])
    }

    /// py-trie's proof for "doe" in the "dogs" fixture ends with the embedded leaf ca20887265696e64656572
    /// (11 bytes) as a separate element; the EIP-1186 proof stops at the branch that contains it.
    @Test func embeddedNodesAreNotListed() {
        let entries: [(key: [UInt8], value: [UInt8])] = [
            (Array("doe".utf8), Array("reindeer".utf8)), (Array("dog".utf8), Array("puppy".utf8)),
            (Array("dogglesworth".utf8), Array("cat".utf8)),
        ]
        let proof = MerklePatriciaTrie.proof(entries, key: Array("doe".utf8)).map { Hex.encode($0) }
        #expect(proof == [
            "0xe5831646f6a0db6ae1fda66890f6693f36560d36b4dca68b4d838f17016b151efe1d4c95c453",
            "0xf83b8080808080ca20887265696e6465657280a037efd11993cb04a54048c25320e9f29c50a432d28afdf01598b2978ce1ca3068808080808080808080",
        ])
        let root = MerklePatriciaTrie.root(entries)
        #expect(MerklePatriciaTrie.verifyProof(root: root, key: Array("doe".utf8), proof: proof.map(Fixtures.hex))
                == Array("reindeer".utf8))
        // A tampered node fails.
        var bad = proof.map(Fixtures.hex)
        bad[1][5] ^= 1
        #expect(MerklePatriciaTrie.verifyProof(root: root, key: Array("doe".utf8), proof: bad) == nil)
    }

    /// orderedRoot keys are rlp(index). Reference from py-trie 4.0.0:
    ///   t = HexaryTrie(db={}); for i in range(200): t[rlp.encode(i)] = (b"tx%d" % i) * (1 + i % 30)
    /// (values up to 150 bytes, so long RLP string and list headers are exercised).
    @Test func orderedRoot() {
        let values = (0..<200).map { i in Array(Array(repeating: "tx\(i)", count: 1 + i % 30).joined().utf8) }
        #expect(MerklePatriciaTrie.orderedRoot(values).hex
                == "0x25ecbcaf7218b4f140c7cccf1305c6694c7342db9a12cc37807f5cdf38012154")
        let explicit = values.enumerated().map { (key: RLP.uint(UInt64($0.offset)).encoded(), value: $0.element) }
        #expect(MerklePatriciaTrie.orderedRoot(values) == MerklePatriciaTrie.root(explicit))
        #expect(MerklePatriciaTrie.rlpIndex(0) == [0x80])
        #expect(MerklePatriciaTrie.rlpIndex(127) == [0x7f])
        #expect(MerklePatriciaTrie.rlpIndex(128) == [0x81, 0x80])
        #expect(MerklePatriciaTrie.rlpIndex(256) == [0x82, 0x01, 0x00])
    }

    /// Invariant under random inserts, overwrites and deletes (deterministic generator): the incremental
    /// trie, the one-shot builder over the surviving entries, and the proofs all agree.
    @Test func randomOperationsAgree() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        let trie = Trie()
        var model: [[UInt8]: [UInt8]] = [:]
        for _ in 0..<3000 {
            let r = next()
            let key = (0..<Int(1 + r % 6)).map { i in UInt8(truncatingIfNeeded: (r >> (8 + 3 * UInt64(i))) % 5) }
            if r % 7 == 0 {
                trie.delete(key: key); model[key] = nil
            } else {
                let value = Array(repeating: UInt8(truncatingIfNeeded: r >> 40), count: Int(r >> 50 % 70))
                trie.insert(key: key, value: value); model[key] = value.isEmpty ? nil : value
            }
        }
        let entries = model.map { (key: $0.key, value: $0.value) }
        #expect(trie.count == model.count)
        #expect(trie.rootHash == MerklePatriciaTrie.root(entries.shuffled()))
        for (k, v) in model.prefix(40) {
            #expect(trie.get(key: k) == v)
            #expect(MerklePatriciaTrie.verifyProof(root: trie.rootHash, key: k, proof: trie.proof(key: k)) == v)
        }
    }
}
