import EVM
import Primitives
import Testing
import Trie
@testable import State

@Suite("StateSnapshot")
struct StateSnapshotTests {
    let alice = Fixture.devAddresses[0]
    let bob = Fixture.devAddresses[1]
    let contract = Fixture.contract

    @Test("mutating the live state after a snapshot does not change the snapshot")
    func independence() {
        let s = WorldState(genesis: Fixture.mixedGenesis)
        let snap = s.snapshot()
        #expect(snap.stateRoot == Fixture.mixedRoot)

        s.beginTransaction()
        s.addBalance(bob, 1)
        s.setNonce(alice, 99)
        s.setStorage(contract, 0, 42)
        s.setStorage(contract, 1, .zero)
        s.setCode(contract, [0xfe])
        s.markCreated(contract)               // clears the storage in the live state
        s.selfDestruct(contract, beneficiary: bob)
        s.finalizeTransaction(fork: .cancun)
        #expect(!s.accountExists(contract))
        #expect(s.commitBlock() != Fixture.mixedRoot)

        #expect(snap.stateRoot == Fixture.mixedRoot)
        #expect(snap.balance(bob) == Fixture.tenThousandEther)
        #expect(snap.nonce(alice) == 1)
        #expect(snap.storage(contract, 0) == 1)
        #expect(snap.storage(contract, 1) == 0xdeadbeef)
        #expect(snap.code(contract).bytes == Fixture.contractCode)
        #expect(snap.codeHash(contract) == Fixture.contractCodeHash)
        #expect(snap.balance(contract) == 5)
        #expect(snap.storageRoot(contract) == Fixture.contractStorageRoot)
        // A fresh state over the snapshot's accounts still gives the reference root.
        #expect(WorldState(genesis: snap.accounts).commitBlock() == Fixture.mixedRoot)
    }

    @Test("makeWorldState runs on a copy: neither the snapshot nor the live state changes")
    func makeWorldState() {
        let live = WorldState(genesis: Fixture.devGenesis)
        let snap = live.snapshot()
        let scratch = snap.makeWorldState()
        #expect(scratch.commitBlock() == Fixture.devRoot)

        // Turn the scratch state into the "mixed" state: its root must match py-evm.
        scratch.beginTransaction()
        scratch.subtractBalance(alice, UInt256(12345))
        scratch.setNonce(alice, 1)
        scratch.setAccount(contract, Account(nonce: 1, balance: 5, code: Fixture.contractCode,
                                             storage: Fixture.contractStorage))
        scratch.finalizeTransaction(fork: .prague)
        #expect(scratch.commitBlock() == Fixture.mixedRoot)

        #expect(snap.stateRoot == Fixture.devRoot)
        #expect(snap.account(contract) == nil)
        #expect(live.commitBlock() == Fixture.devRoot)
        #expect(live.nonce(alice) == 0)
    }

    @Test("snapshots are Sendable and readable from another task")
    func sendable() async {
        let snap = WorldState(genesis: Fixture.mixedGenesis).snapshot()
        let balance = await Task.detached { snap.balance(Fixture.contract) }.value
        #expect(balance == 5)
    }

    /// Proof nodes from py-trie `HexaryTrie.get_proof` over the "mixed" state (Reference/state_roots.py).
    @Test("eth_getProof for a contract: account and storage proofs match py-trie")
    func proofOfContract() throws {
        let snap = WorldState(genesis: Fixture.mixedGenesis).snapshot()
        let p = snap.proof(address: contract, storageKeys: [0, UInt256.one << 255, 7])
        #expect(p.accountProof == [
            Fixture.bytes("0xf90131a0b91a8b7a7e9d3eab90afd81da3725030742f663c6ed8c26657bf00d842a9f4aaa01689b2a5203afd9ea0a0ca3765e4a538c7176e53eac1f8307a344ffc3c6176558080a083a266fce475aba58941a32877969474c6c4a51db3a94ca539021e84e034ed3aa07e56f2f326dc0a6bb22a0fdc58af094cd465ab4a27c9aaaef9413be1da26cb578080a04b29efa44ecf50c19b34950cf1d0f05e00568bcc873120fbea9a4e8439de0962a0d0a1bfe5b45d2d863a794f016450a4caca04f3b599e8d1652afca8b752935fd880a0bf9b09e442e044778b354abbadb5ec049d7f5e8b585c3966d476c4fbc9a181d28080a06ae0f59dedbb036cb652e590e3ab41c6a3c5f4890f1c3f0076e7774bfc30aab0a0e5c557a0ce3894afeb44c37f3d24247f67dc76a174d8cacc360c1210eef60a7680"),
            Fixture.bytes("0xf869a034e659e60b21cc961f64ad47f20523c1d329d4bbda245ef3940a76dc89d0911bb846f8440105a0eb705ea56c7e6b3f3f0e6f19190902daba4572bd7a882e8da049ce05068bc5e4a09782e38b2927e497dbec51c468bc9da14d403478b2bb602f2236aa3d61a26e68"),
        ])
        #expect(p.balance == 5)
        #expect(p.nonce == 1)
        #expect(p.codeHash == Fixture.contractCodeHash)
        #expect(p.storageHash == Fixture.contractStorageRoot)
        let branch = Fixture.bytes("0xf8918080a04fc5f13ab2f9ba0c2da88b0151ab0e7cf4d85d08cca45ccd923c6ab76323eb288080808080808080a038b224cdad1072fc3e9bfdfab598188dbc4ac167b80a4d924e959cc95da6ad1c80a0679043f3432d40c593a4d6064b51069acb6271a4655c241d732e6381be7f16e3a0048e4f7156e9e9dfb0bdb34666a13d39bb5ca786fa6ee5e00eb9edca26c96a5f8080")
        try #require(p.storageProof.count == 3)
        #expect(p.storageProof[0].key == 0)
        #expect(p.storageProof[0].value == 1)
        #expect(p.storageProof[0].proof == [branch, Fixture.bytes("0xe2a0390decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e56301")])
        #expect(p.storageProof[1].value == .max)
        #expect(p.storageProof[1].proof == [branch, Fixture.bytes("0xf843a03e3995408d4211c18871603faad2abbdd832ff9dfb97528065798ee20dc635bfa1a0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")])
        // An unset slot: value zero, exclusion proof ending at the branch.
        #expect(p.storageProof[2].value == .zero)
        #expect(p.storageProof[2].proof == [branch])
    }

    @Test("eth_getProof for an absent account: exclusion proof, empty fields (py-trie)")
    func proofOfAbsent() {
        let snap = WorldState(genesis: Fixture.mixedGenesis).snapshot()
        let p = snap.proof(address: Fixture.address("0x0000000000000000000000000000000000000bad"), storageKeys: [1])
        #expect(p.accountProof.count == 2)
        #expect(p.accountProof.last == Fixture.bytes("0xf8518080808080a0aabfb1441169c3379f428df147ba34658049e31ab75bca31dcea5ea3513408a7808080a0d903a861dda29504263cd295427f764f9ec6f30e59da116d737442c864ab165480808080808080"))
        #expect(p.balance == .zero)
        #expect(p.nonce == 0)
        #expect(p.codeHash == Keccak256.emptyHash)
        #expect(p.storageHash == emptyTrieRoot)
        #expect(p.storageProof == [StorageProof(key: 1, value: .zero, proof: [])])
    }
}

@Suite("StateSnapshot proofs verify")
struct ProofVerificationTests {
    @Test("every account and slot proof verifies against the state root and storage root")
    func proofsVerify() throws {
        var genesis = Fixture.mixedGenesis
        for i in 1...40 {
            genesis[Address(UInt256(0x2000 + UInt64(i)))] = Account(nonce: UInt64(i), balance: UInt256(i),
                                                                  storage: [UInt256(i): UInt256(i * 3)])
        }
        let snap = WorldState(genesis: genesis).snapshot()
        for (address, account) in snap.accounts {
            let keys = Array(account.storage.keys) + [UInt256(0xffff)]
            let p = snap.proof(address: address, storageKeys: keys)
            let leaf = try #require(MerklePatriciaTrie.verifyProof(
                root: snap.stateRoot, key: Keccak256.hash(address.bytes).bytes, proof: p.accountProof))
            let fields = try RLP.decode(leaf).asList()
            #expect(try fields[0].asUInt64() == account.nonce)
            #expect(try fields[1].asUInt256() == account.balance)
            #expect(try fields[2].asHash() == p.storageHash)
            #expect(try fields[3].asHash() == account.code.hash)
            for sp in p.storageProof {
                let value = try #require(MerklePatriciaTrie.verifyProof(
                    root: p.storageHash, key: Keccak256.hash(sp.key.bigEndianBytes).bytes, proof: sp.proof))
                if sp.value.isZero {
                    #expect(value.isEmpty)
                } else {
                    #expect(try RLP.decode(value).asUInt256() == sp.value)
                }
            }
        }
    }
}
