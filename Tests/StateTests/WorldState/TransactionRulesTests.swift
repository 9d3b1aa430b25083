import EVM
import Primitives
import Testing
@testable import State

@Suite("WorldState transaction rules")
struct TransactionRulesTests {
    let alice = Fixture.devAddresses[0]
    let bob = Fixture.devAddresses[1]
    let contract = Fixture.contract
    let fresh = Fixture.address("0x00000000000000000000000000000000000c0ffe")

    // MARK: EIP-2200 original values

    @Test("originalStorage is the value at the start of the transaction (EIP-2200)")
    func originalStorage() {
        let s = WorldState(genesis: Fixture.mixedGenesis)
        s.beginTransaction()
        #expect(s.originalStorage(contract, 1) == 0xdeadbeef)
        s.setStorage(contract, 1, 7)
        #expect(s.storage(contract, 1) == 7)
        #expect(s.originalStorage(contract, 1) == 0xdeadbeef)
        s.setStorage(contract, 1, 0)
        s.setStorage(contract, 1, 9)
        #expect(s.originalStorage(contract, 1) == 0xdeadbeef)
        // A slot unset at the start: original zero.
        s.setStorage(contract, 77, 5)
        #expect(s.originalStorage(contract, 77) == .zero)
        // Reverting a write does not change the original.
        let cp = s.checkpoint()
        s.setStorage(contract, 0, 2)
        s.revert(to: cp)
        #expect(s.originalStorage(contract, 0) == 1)
        s.finalizeTransaction(fork: .prague)

        s.beginTransaction()
        #expect(s.originalStorage(contract, 1) == 9)   // the last transaction's final value
        #expect(s.originalStorage(contract, 77) == 5)
    }

    @Test("originalStorage of an account created in this transaction is zero (EELS get_storage_original)")
    func originalStorageOfCreated() {
        let s = WorldState(genesis: Fixture.mixedGenesis)
        s.beginTransaction()
        s.markCreated(fresh)
        s.setStorage(fresh, 1, 5)
        #expect(s.originalStorage(fresh, 1) == .zero)
        #expect(s.storage(fresh, 1) == 5)
    }

    @Test("markCreated clears a pre-existing account's storage; revert restores it")
    func markCreatedClearsStorage() {
        let s = WorldState(genesis: Fixture.mixedGenesis)
        s.beginTransaction()
        let cp = s.checkpoint()
        s.markCreated(contract)
        #expect(s.storage(contract, 0) == .zero)
        #expect(s.wasCreatedInTransaction(contract))
        s.revert(to: cp)
        #expect(s.storage(contract, 0) == 1)
        #expect(!s.wasCreatedInTransaction(contract))
    }

    // MARK: EIP-161

    @Test("a touched empty account is deleted at the end of the transaction (EIP-161)")
    func touchedEmptyDeleted() {
        let s = WorldState(genesis: Fixture.devGenesis)
        s.beginTransaction()
        s.addBalance(fresh, .zero)            // zero-value call to a new address
        #expect(s.accountExists(fresh))
        #expect(s.isEmpty(fresh))
        #expect(s.codeHash(fresh) == .zero)
        s.finalizeTransaction(fork: .cancun)
        #expect(!s.accountExists(fresh))
        #expect(s.commitBlock() == Fixture.devRoot)
    }

    @Test("a pre-existing empty account is deleted only when touched, and not by a reverted touch")
    func preExistingEmpty() {
        var genesis = Fixture.devGenesis
        genesis[fresh] = Account()
        let s = WorldState(genesis: genesis)
        #expect(s.commitBlock() != Fixture.devRoot)   // the empty account is in the trie
        s.beginTransaction()
        let cp = s.checkpoint()
        s.addBalance(fresh, .zero)
        s.revert(to: cp)
        s.finalizeTransaction(fork: .cancun)
        #expect(s.accountExists(fresh))

        s.beginTransaction()
        s.subtractBalance(fresh, .zero)
        s.finalizeTransaction(fork: .cancun)
        #expect(!s.accountExists(fresh))
        #expect(s.commitBlock() == Fixture.devRoot)
    }

    @Test("a touched account that is not empty stays")
    func touchedNonEmptyStays() {
        let s = WorldState(genesis: Fixture.devGenesis)
        s.beginTransaction()
        s.addBalance(fresh, 1)
        s.finalizeTransaction(fork: .cancun)
        #expect(s.balance(fresh) == 1)
        // An account with only storage is empty per EIP-161 and is deleted when touched.
        s.beginTransaction()
        s.setStorage(fresh, 1, 1)
        s.subtractBalance(fresh, 1)
        s.finalizeTransaction(fork: .cancun)
        #expect(!s.accountExists(fresh))
        #expect(s.storage(fresh, 1) == .zero)
    }

    // MARK: SELFDESTRUCT (EIP-6780: the EVM decides, the host applies)

    @Test("self-destruct of an account created in the transaction deletes it and pays the beneficiary")
    func selfDestructCreated() {
        let s = WorldState(genesis: Fixture.devGenesis)
        s.beginTransaction()
        s.markCreated(fresh)
        s.setNonce(fresh, 1)
        s.addBalance(fresh, 500)
        s.setCode(fresh, [0x00])
        s.setStorage(fresh, 1, 2)
        s.selfDestruct(fresh, beneficiary: bob)
        #expect(s.balance(fresh) == .zero)
        #expect(s.accountExists(fresh))           // until the end of the transaction
        #expect(s.balance(bob) == Fixture.tenThousandEther &+ UInt256(500))
        s.finalizeTransaction(fork: .cancun)
        #expect(!s.accountExists(fresh))
        #expect(s.storage(fresh, 1) == .zero)
    }

    @Test("self-destruct to itself of a created account burns the balance")
    func selfDestructBurn() {
        let s = WorldState(genesis: Fixture.devGenesis)
        s.beginTransaction()
        s.markCreated(fresh)
        s.setNonce(fresh, 1)
        s.addBalance(fresh, 500)
        s.selfDestruct(fresh, beneficiary: fresh)
        #expect(s.balance(fresh) == .zero)
        s.finalizeTransaction(fork: .cancun)
        #expect(!s.accountExists(fresh))
        #expect(s.commitBlock() == Fixture.devRoot)
    }

    @Test("self-destruct of a pre-existing account only moves its balance (EIP-6780)")
    func selfDestructPreExisting() {
        let s = WorldState(genesis: Fixture.mixedGenesis)
        s.beginTransaction()
        s.selfDestruct(contract, beneficiary: bob)
        s.finalizeTransaction(fork: .cancun)
        #expect(s.accountExists(contract))
        #expect(s.balance(contract) == .zero)
        #expect(s.balance(bob) == Fixture.tenThousandEther &+ UInt256(5))
        #expect(s.storage(contract, 0) == 1)
        #expect(s.code(contract).bytes == Fixture.contractCode)
    }

    @Test("a reverted self-destruct leaves the account")
    func selfDestructReverted() {
        let s = WorldState(genesis: Fixture.devGenesis)
        s.beginTransaction()
        s.markCreated(fresh)
        s.setNonce(fresh, 1)
        let cp = s.checkpoint()
        s.selfDestruct(fresh, beneficiary: bob)
        s.revert(to: cp)
        s.finalizeTransaction(fork: .cancun)
        #expect(s.nonce(fresh) == 1)
    }

    // MARK: reads

    @Test("codeHash: zero for absent and empty accounts, keccak of the code otherwise")
    func codeHashes() {
        let s = WorldState(genesis: Fixture.mixedGenesis)
        #expect(s.codeHash(fresh) == .zero)
        #expect(s.codeHash(alice) == Keccak256.emptyHash)
        #expect(s.codeHash(contract) == Fixture.contractCodeHash)
        #expect(s.code(contract).bytes == Fixture.contractCode)
        #expect(s.code(fresh).isEmpty)
    }
}
