import EVM
import Primitives
import Testing
@testable import State

/// State roots against py-evm (see `Fixture` and `Reference/state_roots.py`).
@Suite("State roots")
struct StateRootTests {
    @Test("empty state: the empty trie root")
    func emptyState() {
        #expect(WorldState().commitBlock() == Fixture.emptyRoot)
    }

    @Test("ten dev accounts with 10,000 ether each (py-evm genesis root)")
    func devAccounts() {
        #expect(WorldState(genesis: Fixture.devGenesis).commitBlock() == Fixture.devRoot)
    }

    @Test("one contract with code and storage (py-evm genesis root)")
    func contractOnly() {
        let s = WorldState(genesis: [Fixture.contract: Account(
            nonce: 1, code: Fixture.contractCode, storage: Fixture.contractStorage)])
        #expect(s.commitBlock() == Fixture.contractOnlyRoot)
        #expect(s.storageRoot(Fixture.contract) == Fixture.contractStorageRoot)
    }

    @Test("dev accounts plus contract (py-evm genesis root); zero slots in genesis are dropped")
    func mixed() {
        var genesis = Fixture.mixedGenesis
        genesis[Fixture.contract]!.storage[0xabc] = .zero
        #expect(WorldState(genesis: genesis).commitBlock() == Fixture.mixedRoot)
    }

    /// Reaches the "mixed" state from the dev genesis through Host writes over two blocks, so the
    /// second root is computed from cached leaves and storage roots plus the dirty accounts.
    @Test("incremental roots over blocks reach the py-evm root")
    func incremental() {
        let s = WorldState(genesis: Fixture.devGenesis)
        #expect(s.commitBlock() == Fixture.devRoot)
        let dev0 = Fixture.devAddresses[0]
        let c = Fixture.contract

        // Block 1: dev 0 pays, the contract appears with part of its storage and a slot later cleared.
        s.beginTransaction()
        s.subtractBalance(dev0, UInt256(12345))
        s.setNonce(dev0, 1)
        s.markCreated(c)
        s.setNonce(c, 1)
        s.addBalance(c, 5)
        s.setCode(c, Fixture.contractCode)
        s.setStorage(c, 0, 1)
        s.setStorage(c, 0x999, 3)
        s.finalizeTransaction(fork: .prague)
        let root1 = s.commitBlock()
        #expect(root1 != Fixture.devRoot && root1 != Fixture.mixedRoot)

        // Block 2: the rest of the storage; one slot written to zero disappears from the trie.
        s.beginTransaction()
        s.setStorage(c, 1, 0xdeadbeef)
        s.setStorage(c, UInt256.one << 255, .max)
        s.setStorage(c, 0x1234, 0x100)
        s.setStorage(c, 0x999, .zero)
        s.finalizeTransaction(fork: .prague)
        #expect(s.commitBlock() == Fixture.mixedRoot)
        #expect(s.storageRoot(c) == Fixture.contractStorageRoot)
        #expect(s.account(c)?.storage.count == 4)
    }

    @Test("only dirty accounts are re-encoded; untouched storage roots are reused")
    func dirtyTracking() {
        let s = WorldState(genesis: Fixture.mixedGenesis)
        #expect(s.commitBlock() == Fixture.mixedRoot)
        #expect(s.dirtyAccounts.isEmpty && s.dirtyStorage.isEmpty)
        // Plant a sentinel in the contract's cached storage root: if anything recomputed it, it would vanish.
        s.storageRoots[Fixture.contract] = .zero
        s.beginTransaction()
        s.addBalance(Fixture.devAddresses[1], 1)
        s.finalizeTransaction(fork: .prague)
        #expect(s.dirtyAccounts == [Fixture.devAddresses[1]])
        #expect(s.dirtyStorage.isEmpty)
        _ = s.commitBlock()
        #expect(s.storageRoots[Fixture.contract] == .zero)
        // A storage write makes that account's storage root dirty again.
        s.beginTransaction()
        s.setStorage(Fixture.contract, 0, 1)   // same value: no change, no dirt
        #expect(s.dirtyStorage.isEmpty)
        s.setStorage(Fixture.contract, 0, 2)
        s.setStorage(Fixture.contract, 0, 1)
        s.finalizeTransaction(fork: .prague)
        s.addBalance(Fixture.devAddresses[1], .zero)   // outside a transaction: no change
        s.setBalance(Fixture.devAddresses[1], Fixture.tenThousandEther)
        #expect(s.commitBlock() == Fixture.mixedRoot)
        #expect(s.storageRoots[Fixture.contract] == Fixture.contractStorageRoot)
    }

    @Test("incremental root equals a from-scratch root after many random blocks")
    func randomBlocks() {
        var rng = SplitMix64(seed: 0x5eed)
        let s = WorldState(genesis: Fixture.mixedGenesis)
        let pool = Fixture.devAddresses + [Fixture.contract] + (1...6).map { i in
            Address(UInt256(0x1000 + UInt64(i)))
        }
        for _ in 0..<30 {
            s.beginTransaction()
            for _ in 0..<20 {
                let a = pool[Int(rng.next() % UInt64(pool.count))]
                let small = UInt256(rng.next() % 4)
                switch rng.next() % 7 {
                case 0: s.addBalance(a, small)
                case 1: s.subtractBalance(a, s.balance(a) < small ? s.balance(a) : small)
                case 2: s.setNonce(a, rng.next() % 3)
                case 3: s.setStorage(a, small, UInt256(rng.next() % 3))
                case 4: s.setCode(a, rng.next() % 2 == 0 ? [] : [0x60, UInt8(rng.next() & 0xff)])
                case 5: let cp = s.checkpoint(); s.setStorage(a, 9, 9); s.addBalance(a, 9); s.revert(to: cp)
                default: s.markCreated(a); if rng.next() % 2 == 0 { s.selfDestruct(a, beneficiary: pool[0]) }
                }
            }
            s.finalizeTransaction(fork: .prague)
            if rng.next() % 3 != 0 {
                let incremental = s.commitBlock()
                let scratch = WorldState(genesis: s.accounts).commitBlock()
                #expect(incremental == scratch)
            }
        }
    }
}

/// A small deterministic generator for the randomized test (SplitMix64, Steele et al. 2014).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
