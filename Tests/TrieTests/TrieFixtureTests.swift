import Foundation
import Primitives
import Testing
@testable import Trie

/// Every case of ethereum/tests TrieTests in ../shared/fixtures/TrieTests.
@Suite struct TrieFixtureTests {
    /// One fixture case: ordered (key, value-or-nil) steps and the expected root.
    struct Case: CustomStringConvertible {
        let file: String
        let name: String
        let steps: [(key: [UInt8], value: [UInt8]?)]
        let root: Hash
        var description: String { "\(file) \(name)" }
    }

    static func load(_ file: String) throws -> [Case] {
        let object = try #require(try Fixtures.json("TrieTests/\(file)") as? [String: Any])
        return try object.keys.sorted().map { name in
            let test = try #require(object[name] as? [String: Any])
            var steps: [(key: [UInt8], value: [UInt8]?)] = []
            if let list = test["in"] as? [[Any]] {            // ordered: [[key, value|null], …]
                for pair in list {
                    let key = Fixtures.bytes(try #require(pair[0] as? String))
                    steps.append((key, (pair[1] as? String).map(Fixtures.bytes)))
                }
            } else {                                          // any order: {key: value}
                let map = try #require(test["in"] as? [String: String])
                for (k, v) in map { steps.append((Fixtures.bytes(k), Fixtures.bytes(v))) }
            }
            let rootHex = try #require(test["root"] as? String)
            let root = try #require(Hash(hex: rootHex))
            return Case(file: file, name: name, steps: steps, root: root)
        }
    }

    static let plainCases: [Case] = (try? load("trietest.json") + load("trieanyorder.json")) ?? []
    static let secureCases: [Case] = (try? load("trietest_secureTrie.json") + load("trieanyorder_secureTrie.json")
                                      + load("hex_encoded_securetrie_test.json")) ?? []

    @Test func fixturesLoaded() {
        // 5 + 7 plain, 3 + 7 + 3 secure cases in the files.
        #expect(Self.plainCases.count == 12)
        #expect(Self.secureCases.count == 13)
    }

    @Test(arguments: plainCases) func incrementalPlain(_ c: Case) {
        let trie = Trie()
        for step in c.steps {
            if let v = step.value { trie.insert(key: step.key, value: v) } else { trie.delete(key: step.key) }
        }
        #expect(trie.rootHash == c.root)
    }

    @Test(arguments: secureCases) func incrementalSecure(_ c: Case) {
        let trie = Trie(secure: true)
        for step in c.steps {
            if let v = step.value { trie.insert(key: step.key, value: v) } else { trie.delete(key: step.key) }
        }
        #expect(trie.rootHash == c.root)
    }

    /// The one-shot builders: a later null/empty value deletes the key, a later value overwrites.
    @Test(arguments: plainCases) func oneShotPlain(_ c: Case) {
        #expect(MerklePatriciaTrie.root(c.steps.map { ($0.key, $0.value ?? []) }) == c.root)
    }

    @Test(arguments: secureCases) func oneShotSecure(_ c: Case) {
        #expect(MerklePatriciaTrie.secureRoot(c.steps.map { ($0.key, $0.value ?? []) }) == c.root)
    }

    /// Every key of every case has a proof that verifies against the fixture's root, and absent keys
    /// get a valid proof of exclusion.
    @Test(arguments: plainCases) func proofsVerify(_ c: Case) throws {
        let entries = c.steps.map { (key: $0.key, value: $0.value ?? []) }
        let trie = Trie()
        for e in entries { trie.insert(key: e.key, value: e.value) }
        for e in entries {
            let proof = MerklePatriciaTrie.proof(entries, key: e.key)
            #expect(proof == trie.proof(key: e.key))
            let expected = trie.get(key: e.key) ?? []
            #expect(MerklePatriciaTrie.verifyProof(root: c.root, key: e.key, proof: proof) == expected)
        }
        for absent in [[UInt8](), Array("zzz".utf8), Array("d".utf8), [0x00], [0xff, 0xff]] where trie.get(key: absent) == nil {
            let proof = trie.proof(key: absent)
            #expect(MerklePatriciaTrie.verifyProof(root: c.root, key: absent, proof: proof) == [])
        }
    }

    /// Secure tries prove keccak256(key): `Trie(secure: true).proof(key:)` hashes for the caller.
    @Test(arguments: secureCases) func secureProofsVerify(_ c: Case) {
        let trie = Trie(secure: true)
        for step in c.steps {
            if let v = step.value { trie.insert(key: step.key, value: v) } else { trie.delete(key: step.key) }
        }
        for step in c.steps {
            let proof = trie.proof(key: step.key)
            let value = MerklePatriciaTrie.verifyProof(root: c.root, key: Keccak256.hash(step.key).bytes, proof: proof)
            #expect(value == trie.get(key: step.key) ?? [])
        }
    }

    /// trietestnextprev.json: for each query key, the previous and next stored keys ("" = none).
    @Test func nextPrevious() throws {
        let object = try #require(try Fixtures.json("TrieTests/trietestnextprev.json") as? [String: Any])
        let basic = try #require(object["basic"] as? [String: Any])
        let trie = Trie()
        for k in try #require(basic["in"] as? [String]) { trie.insert(key: Array(k.utf8), value: Array("v".utf8)) }
        let tests = try #require(basic["tests"] as? [[String]])
        #expect(tests.count == 12)
        for t in tests {
            let key = Array(t[0].utf8)
            #expect(trie.key(before: key) ?? [] == Array(t[1].utf8), "prev of \(t[0])")
            #expect(trie.key(after: key) ?? [] == Array(t[2].utf8), "next of \(t[0])")
        }
    }
}
