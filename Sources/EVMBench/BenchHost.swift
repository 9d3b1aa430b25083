import EVM
import Primitives

/// A journaled in-memory host for the benchmark (an undo log, so checkpoints cost nothing until
/// something changes). Mirrors what State.WorldState does, without tries or snapshots.
final class BenchHost: EVMHost {
    struct Account {
        var nonce: UInt64 = 0
        var balance: UInt256 = .zero
        var code: Bytecode = .empty
        var storage: [UInt256: UInt256] = [:]
    }
    struct SlotKey: Hashable { var address: Address; var key: UInt256 }
    enum Entry {
        case account(Address, Account?)          // whole account before a nonce/balance/code change or creation
        case slot(SlotKey, UInt256)
        case transient(SlotKey, UInt256)
        case warmAccount(Address)
        case warmSlot(SlotKey)
        case log
        case created(Address)
    }

    var accounts: [Address: Account] = [:]
    var original: [SlotKey: UInt256] = [:]
    var transient: [SlotKey: UInt256] = [:]
    var warmAccounts: Set<Address> = []
    var warmSlots: Set<SlotKey> = []
    var created: Set<Address> = []
    var logs: [Log] = []
    var journal: [Entry] = []

    func beginTransaction(warm: [Address]) {
        original = [:]; transient = [:]; warmSlots = []; created = []; logs = []; journal = []
        warmAccounts = Set(warm)
    }

    func accountExists(_ a: Address) -> Bool { accounts[a] != nil }
    func isEmpty(_ a: Address) -> Bool {
        guard let x = accounts[a] else { return true }
        return x.nonce == 0 && x.balance.isZero && x.code.isEmpty
    }
    func balance(_ a: Address) -> UInt256 { accounts[a]?.balance ?? .zero }
    func nonce(_ a: Address) -> UInt64 { accounts[a]?.nonce ?? 0 }
    func code(_ a: Address) -> Bytecode { accounts[a]?.code ?? .empty }
    func codeHash(_ a: Address) -> Hash { accounts[a]?.code.hash ?? .zero }
    func hasStorage(_ a: Address) -> Bool { accounts[a]?.storage.values.contains { !$0.isZero } ?? false }
    func storage(_ a: Address, _ key: UInt256) -> UInt256 { accounts[a]?.storage[key] ?? .zero }
    func originalStorage(_ a: Address, _ key: UInt256) -> UInt256 {
        original[SlotKey(address: a, key: key)] ?? storage(a, key)
    }
    func transientStorage(_ a: Address, _ key: UInt256) -> UInt256 { transient[SlotKey(address: a, key: key)] ?? .zero }
    func blockHash(_ number: UInt64) -> Hash { .zero }
    func warmAccount(_ a: Address) -> Bool {
        guard warmAccounts.insert(a).inserted else { return false }
        journal.append(.warmAccount(a))
        return true
    }
    func warmStorage(_ a: Address, _ key: UInt256) -> Bool {
        let k = SlotKey(address: a, key: key)
        guard warmSlots.insert(k).inserted else { return false }
        journal.append(.warmSlot(k))
        return true
    }
    func setStorage(_ a: Address, _ key: UInt256, _ value: UInt256) {
        let k = SlotKey(address: a, key: key)
        let old = storage(a, key)
        if original[k] == nil { original[k] = old }
        journal.append(.slot(k, old))
        accounts[a, default: Account()].storage[key] = value
    }
    func setTransientStorage(_ a: Address, _ key: UInt256, _ value: UInt256) {
        let k = SlotKey(address: a, key: key)
        journal.append(.transient(k, transient[k] ?? .zero))
        transient[k] = value
    }
    private func saveAccount(_ a: Address) {
        // Storage is restored slot by slot, so keep the snapshot's storage empty (no copy).
        if var x = accounts[a] { x.storage = [:]; journal.append(.account(a, x)) } else { journal.append(.account(a, nil)) }
    }
    func setNonce(_ a: Address, _ nonce: UInt64) { saveAccount(a); accounts[a, default: Account()].nonce = nonce }
    func addBalance(_ a: Address, _ amount: UInt256) { saveAccount(a); accounts[a, default: Account()].balance &+= amount }
    func subtractBalance(_ a: Address, _ amount: UInt256) { saveAccount(a); accounts[a, default: Account()].balance &-= amount }
    func setCode(_ a: Address, _ code: [UInt8]) { saveAccount(a); accounts[a, default: Account()].code = Bytecode(code) }
    func markCreated(_ a: Address) { created.insert(a); journal.append(.created(a)) }
    func wasCreatedInTransaction(_ a: Address) -> Bool { created.contains(a) }
    func selfDestruct(_ a: Address, beneficiary: Address) {
        let amount = balance(a)
        if beneficiary != a { addBalance(beneficiary, amount); subtractBalance(a, amount) }
        if created.contains(a) { saveAccount(a); accounts[a]?.balance = .zero }
    }
    func emitLog(_ log: Log) { logs.append(log); journal.append(.log) }
    func checkpoint() -> Int { journal.count }
    func revert(to checkpoint: Int) {
        while journal.count > checkpoint {
            switch journal.removeLast() {
            case .account(let a, let old):
                if var x = old {
                    x.storage = accounts[a]?.storage ?? [:]
                    accounts[a] = x
                } else if let x = accounts[a], x.storage.isEmpty {
                    accounts[a] = nil
                } else {
                    accounts[a]?.nonce = 0; accounts[a]?.balance = .zero; accounts[a]?.code = .empty
                }
            case .slot(let k, let old): accounts[k.address, default: Account()].storage[k.key] = old
            case .transient(let k, let old): transient[k] = old
            case .warmAccount(let a): warmAccounts.remove(a)
            case .warmSlot(let k): warmSlots.remove(k)
            case .log: logs.removeLast()
            case .created(let a): created.remove(a)
            }
        }
    }
    func commit(_ checkpoint: Int) {}
}
