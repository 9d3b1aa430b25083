import EVM
import Primitives
import Testing
@testable import State

/// Everything a revert must restore, captured from the internals.
private struct Fingerprint: Equatable {
    var accounts: [Address: Account]
    var warmAccounts: Set<Address>
    var warmSlots: Set<SlotKey>
    var transient: [SlotKey: UInt256]
    var created: Set<Address>
    var destructed: Set<Address>
    var touched: Set<Address>
    var logs: [Log]

    init(_ s: WorldState) {
        accounts = s.accounts
        warmAccounts = s.warmAccounts
        warmSlots = s.warmSlots
        transient = s.transient
        created = s.createdAccounts
        destructed = s.destructedAccounts
        touched = s.touchedAccounts
        logs = s.logs
    }
}

@Suite("WorldState journal")
struct JournalTests {
    let alice = Fixture.devAddresses[0]
    let bob = Fixture.devAddresses[1]
    let fresh = Fixture.address("0x00000000000000000000000000000000000c0ffe")
    let contract = Fixture.contract

    func makeState() -> WorldState {
        WorldState(genesis: Fixture.mixedGenesis)
    }

    /// Applies one of every kind of mutation.
    func mutateEverything(_ s: WorldState, salt: UInt64) {
        s.addBalance(bob, UInt256(salt))
        s.subtractBalance(alice, UInt256(salt * 2))
        s.setNonce(alice, 40 + salt)
        s.setStorage(contract, 0, UInt256(salt))           // changes an existing slot
        s.setStorage(contract, 1, .zero)                     // deletes a slot
        s.setStorage(contract, UInt256(100 + salt), 7)      // new slot
        s.setTransientStorage(contract, 3, UInt256(salt))
        _ = s.warmAccount(Fixture.address("0x00000000000000000000000000000000000000aa"))
        _ = s.warmStorage(contract, UInt256(200 + salt))
        s.setCode(fresh, [0x60, 0x00, UInt8(salt & 0xff)])   // creates an account
        s.markCreated(fresh)
        s.selfDestruct(fresh, beneficiary: bob)
        s.emitLog(Log(address: contract, topics: [Hash(UInt256(salt))], data: [1, 2, 3]))
        s.setCode(contract, [0x00])
    }

    @Test("nested checkpoints revert exactly, innermost first")
    func nestedRevert() {
        let s = makeState()
        s.beginTransaction()
        let start = Fingerprint(s)
        let outer = s.checkpoint()
        mutateEverything(s, salt: 1)
        let afterOuter = Fingerprint(s)
        let inner = s.checkpoint()
        mutateEverything(s, salt: 2)
        #expect(Fingerprint(s) != afterOuter)
        s.revert(to: inner)
        #expect(Fingerprint(s) == afterOuter)
        s.revert(to: outer)
        #expect(Fingerprint(s) == start)
        #expect(!s.accountExists(fresh))
        #expect(s.logs.isEmpty)
    }

    @Test("a committed inner checkpoint is still undone by the enclosing revert")
    func commitThenOuterRevert() {
        let s = makeState()
        s.beginTransaction()
        let start = Fingerprint(s)
        let outer = s.checkpoint()
        s.emitLog(Log(address: alice, topics: [], data: []))
        let inner = s.checkpoint()
        mutateEverything(s, salt: 3)
        s.commit(inner)
        #expect(s.logs.count == 2)
        s.revert(to: outer)
        #expect(Fingerprint(s) == start)
    }

    @Test("warm marks are reverted: a reverted access is cold again (EIP-2929)")
    func warmMarksReverted() {
        let s = makeState()
        s.beginTransaction()
        #expect(s.warmAccount(alice))         // cold → warm
        let cp = s.checkpoint()
        #expect(s.warmAccount(bob))
        #expect(!s.warmAccount(alice))        // already warm
        #expect(s.warmStorage(contract, 9))
        #expect(!s.warmStorage(contract, 9))
        s.revert(to: cp)
        #expect(!s.warmAccount(alice))        // warmed before the checkpoint: stays warm
        #expect(s.warmAccount(bob))           // cold again
        #expect(s.warmStorage(contract, 9))
    }

    @Test("transient storage is reverted and cleared per transaction (EIP-1153)")
    func transientStorage() {
        let s = makeState()
        s.beginTransaction()
        s.setTransientStorage(contract, 1, 11)
        let cp = s.checkpoint()
        s.setTransientStorage(contract, 1, 22)
        s.setTransientStorage(contract, 2, 33)
        #expect(s.transientStorage(contract, 1) == 22)
        s.revert(to: cp)
        #expect(s.transientStorage(contract, 1) == 11)
        #expect(s.transientStorage(contract, 2) == .zero)
        #expect(s.storage(contract, 1) == 0xdeadbeef)   // persistent storage untouched
        s.finalizeTransaction(fork: .prague)
        s.beginTransaction()
        #expect(s.transientStorage(contract, 1) == .zero)
    }

    @Test("logs of a reverted frame are dropped; finalize returns the rest in order")
    func logsDropped() {
        let s = makeState()
        s.beginTransaction()
        let first = Log(address: contract, topics: [Hash(UInt256(1))], data: [0xaa])
        let second = Log(address: contract, topics: [], data: [0xbb])
        s.emitLog(first)
        let cp = s.checkpoint()
        s.emitLog(Log(address: bob, topics: [], data: []))
        s.revert(to: cp)
        s.emitLog(second)
        #expect(s.finalizeTransaction(fork: .cancun) == [first, second])
        #expect(s.logs == [first, second])
        s.beginTransaction()
        #expect(s.logs.isEmpty)
    }

    @Test("warm sets, created marks and the journal are reset by beginTransaction")
    func transactionReset() {
        let s = makeState()
        s.beginTransaction()
        _ = s.warmAccount(alice)
        _ = s.warmStorage(contract, 1)
        s.markCreated(fresh)
        s.setNonce(fresh, 1)
        #expect(s.wasCreatedInTransaction(fresh))
        s.finalizeTransaction(fork: .prague)
        s.beginTransaction()
        #expect(!s.wasCreatedInTransaction(fresh))
        #expect(s.warmAccount(alice))
        #expect(s.warmStorage(contract, 1))
        #expect(s.checkpoint() == 2)   // journal holds only the two warm marks
        // The previous transaction can no longer be reverted.
        s.revert(to: 0)
        #expect(s.nonce(fresh) == 1)
    }

    @Test("failed transaction: revert to the checkpoint after buying gas keeps fee and nonce")
    func failedTransaction() {
        let s = makeState()
        let fee = UInt256(21_000) &* UInt256(1_000_000_000)
        s.beginTransaction()
        _ = s.warmAccount(alice)
        s.subtractBalance(alice, fee)
        s.setNonce(alice, s.nonce(alice) + 1)
        let cp = s.checkpoint()
        s.addBalance(bob, 1000)
        s.subtractBalance(alice, 1000)
        s.setStorage(contract, 0, 99)
        s.emitLog(Log(address: contract, topics: [], data: []))
        s.revert(to: cp)
        let logs = s.finalizeTransaction(fork: .prague)
        #expect(logs.isEmpty)
        #expect(s.balance(alice) == Fixture.tenThousandEther &- UInt256(12345) &- fee)
        #expect(s.nonce(alice) == 2)
        #expect(s.balance(bob) == Fixture.tenThousandEther)
        #expect(s.storage(contract, 0) == 1)
    }

    @Test("a revert after a mid-transaction root computation restores the root")
    func rootAfterRevert() {
        let s = makeState()
        #expect(s.commitBlock() == Fixture.mixedRoot)
        s.beginTransaction()
        let cp = s.checkpoint()
        mutateEverything(s, salt: 5)
        #expect(s.commitBlock() != Fixture.mixedRoot)
        s.revert(to: cp)
        s.finalizeTransaction(fork: .prague)
        #expect(s.commitBlock() == Fixture.mixedRoot)
    }
}
