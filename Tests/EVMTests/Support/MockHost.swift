import Primitives
@testable import EVM

/// An in-memory `Host` for interpreter tests. The whole world is a value; checkpoints copy it
/// (copy-on-write dictionaries), which is plenty for tests.
final class MockHost: Host {
    struct Account {
        var nonce: UInt64 = 0
        var balance: UInt256 = .zero
        var code: Bytecode = .empty
        var storage: [UInt256: UInt256] = [:]
    }

    struct SlotKey: Hashable { var address: Address; var key: UInt256 }

    struct World {
        var accounts: [Address: Account] = [:]
        var transient: [SlotKey: UInt256] = [:]
        var warmAccounts: Set<Address> = []
        var warmSlots: Set<SlotKey> = []
        var logs: [Log] = []
        var created: Set<Address> = []
        var destructed: Set<Address> = []
    }

    var world = World()
    /// Storage at the start of the transaction (EIP-2200 original values).
    var originalStorage: [Address: [UInt256: UInt256]] = [:]
    var snapshots: [World] = []
    var blockHashes: [UInt64: Hash] = [:]
    /// Deepest checkpoint nesting seen (call depth check).
    var maxCheckpointDepth = 0

    /// Starts a transaction: remembers original storage, clears warm sets and transient storage.
    func beginTransaction(warm: [Address] = []) {
        originalStorage = world.accounts.mapValues(\.storage)
        world.warmAccounts = Set(warm)
        world.warmSlots = []
        world.transient = [:]
        world.logs = []
        world.created = []
    }

    func setAccount(_ a: Address, nonce: UInt64 = 0, balance: UInt256 = .zero, code: [UInt8] = [],
                    storage: [UInt256: UInt256] = [:]) {
        world.accounts[a] = Account(nonce: nonce, balance: balance, code: Bytecode(code), storage: storage)
    }

    // MARK: Host
    func accountExists(_ a: Address) -> Bool { world.accounts[a] != nil }
    func isEmpty(_ a: Address) -> Bool {
        guard let acc = world.accounts[a] else { return true }
        return acc.nonce == 0 && acc.balance.isZero && acc.code.isEmpty
    }
    func balance(_ a: Address) -> UInt256 { world.accounts[a]?.balance ?? .zero }
    func nonce(_ a: Address) -> UInt64 { world.accounts[a]?.nonce ?? 0 }
    func code(_ a: Address) -> Bytecode { world.accounts[a]?.code ?? .empty }
    func codeHash(_ a: Address) -> Hash { world.accounts[a].map { $0.code.hash } ?? .zero }
    func hasStorage(_ a: Address) -> Bool { !(world.accounts[a]?.storage.isEmpty ?? true) }
    func storage(_ a: Address, _ key: UInt256) -> UInt256 { world.accounts[a]?.storage[key] ?? .zero }
    func originalStorage(_ a: Address, _ key: UInt256) -> UInt256 { originalStorage[a]?[key] ?? .zero }
    func transientStorage(_ a: Address, _ key: UInt256) -> UInt256 { world.transient[SlotKey(address: a, key: key)] ?? .zero }
    func blockHash(_ number: UInt64) -> Hash { blockHashes[number] ?? .zero }
    func warmAccount(_ a: Address) -> Bool { world.warmAccounts.insert(a).inserted }
    func warmStorage(_ a: Address, _ key: UInt256) -> Bool { world.warmSlots.insert(SlotKey(address: a, key: key)).inserted }
    func setStorage(_ a: Address, _ key: UInt256, _ value: UInt256) {
        world.accounts[a, default: Account()].storage[key] = value.isZero ? nil : value
    }
    func setTransientStorage(_ a: Address, _ key: UInt256, _ value: UInt256) {
        world.transient[SlotKey(address: a, key: key)] = value
    }
    func setNonce(_ a: Address, _ nonce: UInt64) { world.accounts[a, default: Account()].nonce = nonce }
    func addBalance(_ a: Address, _ amount: UInt256) { world.accounts[a, default: Account()].balance &+= amount }
    func subtractBalance(_ a: Address, _ amount: UInt256) { world.accounts[a, default: Account()].balance &-= amount }
    func setCode(_ a: Address, _ code: [UInt8]) { world.accounts[a, default: Account()].code = Bytecode(code) }
    func markCreated(_ a: Address) {
        world.created.insert(a)
        world.accounts[a, default: Account()].storage = [:]
    }
    func wasCreatedInTransaction(_ a: Address) -> Bool { world.created.contains(a) }
    func selfDestruct(_ a: Address, beneficiary: Address) {
        let amount = balance(a)
        if beneficiary != a {
            addBalance(beneficiary, amount)
            world.accounts[a, default: Account()].balance = .zero
        }
        if world.created.contains(a) {
            world.accounts[a, default: Account()].balance = .zero
            world.destructed.insert(a)
        }
    }
    func emitLog(_ log: Log) { world.logs.append(log) }
    func checkpoint() -> Int {
        snapshots.append(world)
        maxCheckpointDepth = max(maxCheckpointDepth, snapshots.count)
        return snapshots.count - 1
    }
    func revert(to checkpoint: Int) {
        world = snapshots[checkpoint]
        snapshots.removeSubrange(checkpoint...)
    }
    func commit(_ checkpoint: Int) { snapshots.removeSubrange(checkpoint...) }
}
