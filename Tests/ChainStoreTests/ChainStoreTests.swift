import EVM
import Foundation
import Primitives
import State
import Testing
@testable import Chain
import ChainStore

/// What a test reads from a chain, to compare the same chain before and after a reopen.
struct ChainView: Equatable {
    var headNumber: UInt64
    var headHash: Hash
    var blockHashes: [Hash]
    var receipts: [[String]]
    var logs: [String]
    var balances: [UInt256]
    var nonces: [UInt64]
    var code: [UInt8]
    var slot0: UInt256
    var pending: [Hash]
    var queued: [Hash]
    var settings: DevSettings

    init(_ chain: Blockchain) {
        headNumber = chain.headNumber
        headHash = chain.head.hash
        blockHashes = (0...chain.headNumber).map { chain.block(number: $0)!.hash }
        receipts = (0...chain.headNumber).map { n in
            chain.receipts(blockNumber: n)!.map {
                "\($0.transactionHash.hex) \($0.blockHash.hex) \($0.from.hex) \($0.gasUsed) \($0.cumulativeGasUsed) \($0.effectiveGasPrice) \($0.status) \(String(describing: $0.contractAddress)) \($0.logs.count)"
            }
        }
        logs = chain.logs(filter: LogFilter(fromBlock: 0, toBlock: chain.headNumber)).map {
            "\($0.blockNumber) \($0.logIndex) \($0.transactionIndex) \($0.transactionHash.hex) \($0.log.address.hex) \($0.log.topics.map(\.hex)) \(Hex.encode($0.log.data))"
        }
        let head = chain.state(at: chain.headNumber)!
        let who = [Dev.addr0, Dev.addr1, Dev.addr2, Dev.sink, TestContract.address, Address.zero]
        balances = who.map { head.balance($0) }
        nonces = who.map { head.nonce($0) }
        code = head.code(TestContract.address).bytes
        slot0 = head.storage(TestContract.address, .zero)
        pending = chain.pending.map(\.hash)
        queued = chain.queued.map(\.hash)
        settings = chain.settings
    }
}

@Suite struct ChainStoreTests {
    /// Mines a contract deployment, calls that log, transfers from three accounts, leaves one pending
    /// and one queued transaction and changes dev settings.
    func buildHistory(_ chain: Blockchain) throws {
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: nil, data: TestContract.initcode, gas: 200_000).encoded())
        for i in 1...5 as ClosedRange<UInt64> {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: i, to: TestContract.address, data: UInt256(100 + i).bigEndianBytes,
                                            gas: 100_000).encoded())
            try chain.submit(raw: dynamicTx(Dev.key1, nonce: i - 1, to: Dev.sink, value: UInt256(i) &* Dev.ether).encoded())
            try chain.submit(raw: dynamicTx(Dev.key2, nonce: i - 1, to: Dev.addr0, value: UInt256(i)).encoded())
        }
        chain.automine = false
        try chain.submit(raw: dynamicTx(Dev.key1, nonce: 5, to: Dev.sink, value: .one).encoded())     // pending
        try chain.submit(raw: dynamicTx(Dev.key2, nonce: 9, to: Dev.sink, value: .one).encoded())     // queued (gap)
        _ = chain.increaseTime(by: 3600)
        chain.suggestedPriorityFee = UInt256(7)
        chain.settings.blockGasLimit = 25_000_000
        chain.persistPendingChanges()
    }

    @Test func roundTripResumesHeadStateReceiptsLogsPoolAndSettings() throws {
        let dir = temporaryDirectory()
        let path = dir + "/l2.sqlite"
        let before: ChainView
        do {
            let chain = try openChain(try SQLiteChainStore(path: path), memoryWindow: 4)
            #expect(!chain.resumed)
            try buildHistory(chain)
            before = ChainView(chain)
            #expect(before.headNumber == 16)
            #expect(before.logs.count == 5 && before.pending.count == 1 && before.queued.count == 1)
            #expect(before.slot0 == UInt256(105))
        }
        let chain = try openChain(try SQLiteChainStore(path: path), memoryWindow: 4)
        #expect(chain.resumed)
        let after = ChainView(chain)
        #expect(after == before)
        // The resumed chain goes on from the same head: the pending transaction mines on top of it.
        chain.mine()
        #expect(chain.head.header.parentHash == before.headHash)
        #expect(chain.head.transactions.map(\.hash) == before.pending)
        // Lookups by hash reach blocks and transactions that are only in the store.
        let first = try #require(chain.block(number: 1))
        #expect(chain.block(hash: first.hash)?.number == 1)
        #expect(chain.transaction(hash: first.transactionHashes[0])?.block.number == 1)
        #expect(chain.receipt(transactionHash: first.transactionHashes[0])?.contractAddress == TestContract.address)
    }

    @Test func cheatEditsSurviveARestart() throws {
        let path = temporaryDirectory() + "/l2.sqlite"
        let who = Address(hex: "0x00000000000000000000000000000000000000bb")!
        do {
            let chain = try openChain(try SQLiteChainStore(path: path))
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, value: .one).encoded())
            chain.setBalance(who, wei: UInt256(12_345))
            chain.setNonce(Dev.addr1, 42)
            chain.setCode(who, [0x60, 0x01, 0x60, 0x00, 0x55])
            chain.setStorage(who, slot: UInt256(3), value: UInt256(99))
            chain.setBalance(Dev.sink, wei: .zero)      // the only field of sink: the account stays, with nonce 0
        }
        let chain = try openChain(try SQLiteChainStore(path: path))
        let head = try #require(chain.state(at: chain.headNumber))
        #expect(head.balance(who) == UInt256(12_345))
        #expect(head.nonce(Dev.addr1) == 42)
        #expect(head.code(who).bytes == [0x60, 0x01, 0x60, 0x00, 0x55])
        #expect(head.storage(who, UInt256(3)) == UInt256(99))
        #expect(head.balance(Dev.sink) == .zero)
        // Block 1 itself still reads as mined (edits apply to the head state only).
        #expect(chain.headNumber == 1)
        #expect(chain.pendingNonce(of: Dev.addr1) == 42)
        // The next block is built on the edited state (sink had 1 wei from block 1, then 0 by the edit).
        try chain.submit(raw: dynamicTx(Dev.key1, nonce: 42, to: Dev.sink, value: .one).encoded())
        #expect(chain.state(at: 2)?.balance(Dev.sink) == .one)
        #expect(chain.state(at: 2)?.nonce(Dev.addr1) == 43)
    }

    @Test func evmRevertDeletesTheRemovedBlocksFromTheStore() throws {
        let path = temporaryDirectory() + "/l2.sqlite"
        let kept: Hash, removedTx: Hash, balanceAtSnapshot: UInt256
        do {
            let chain = try openChain(try SQLiteChainStore(path: path), memoryWindow: 2)
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, value: .one).encoded())
            kept = chain.head.hash
            balanceAtSnapshot = chain.state(at: 1)!.balance(Dev.addr0)
            let id = chain.takeSnapshot()
            for n in 1...4 as ClosedRange<UInt64> {
                try chain.submit(raw: dynamicTx(Dev.key0, nonce: n, to: Dev.sink, value: .one).encoded())
            }
            removedTx = chain.head.transactionHashes[0]
            #expect(chain.headNumber == 5)
            #expect(chain.revert(toSnapshot: id))
            #expect(chain.headNumber == 1 && chain.head.hash == kept)
        }
        let store = try SQLiteChainStore(path: path)
        #expect(try store.headNumber() == 1)
        #expect(try store.transactionLocation(hash: removedTx) == nil)
        let chain = try openChain(store, memoryWindow: 2)
        #expect(chain.head.hash == kept)
        #expect(chain.receipt(transactionHash: removedTx) == nil)
        #expect(chain.state(at: 1)?.balance(Dev.addr0) == balanceAtSnapshot)
        #expect(chain.pendingNonce(of: Dev.addr0) == 1)
        // Block 2 can be mined again.
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 1, to: Dev.sink, value: UInt256(2)).encoded())
        #expect(chain.headNumber == 2)
    }

    /// A block mined after cheat edits was built on the edited state; once the block has left the
    /// memory window that state comes from the store's edit sequence, and replay still matches the
    /// receipt (the edited balance is what pays for the transaction).
    @Test func stateBuiltOnIncludesCheatEditsAfterEviction() throws {
        let chain = try openChain(try SQLiteChainStore(), memoryWindow: 2)
        // Dev.sink starts empty; the edit gives it 5 wei, then block 1 moves 1 wei to it.
        chain.setBalance(Dev.sink, wei: UInt256(5))
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, value: .one).encoded())
        #expect(chain.stateBuiltOn(block: 1)?.balance(Dev.sink) == UInt256(5))     // in the window
        #expect(chain.state(at: 0)?.balance(Dev.sink) == .zero)                    // genesis as produced
        for n in 1...4 as ClosedRange<UInt64> {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: n, to: Dev.sink, value: .one).encoded())
        }
        let built = try #require(chain.stateBuiltOn(block: 1))                      // evicted: from the store
        #expect(built.balance(Dev.sink) == UInt256(5))
        #expect(chain.state(at: 1)?.balance(Dev.sink) == UInt256(6))
        let replay = try chain.replayTransaction(hash: try #require(chain.block(number: 1)).transactionHashes[0], tracer: nil)
        #expect(replay.matchesReceipt)
        #expect(replay.after.balance(Dev.sink) == UInt256(6))
        // Without edits, the state a block was built on is its parent's.
        #expect(chain.stateBuiltOn(block: 3)?.stateRoot == chain.block(number: 2)?.header.stateRoot)
    }

    /// States older than the memory window are rebuilt from the change sets: each must equal the
    /// state read while the block was still in memory, and hash to the block's state root.
    @Test func pastStatesAfterEvictionEqualTheStatesReadBefore() throws {
        let chain = try openChain(try SQLiteChainStore(), memoryWindow: 3)
        var seen: [UInt64: StateSnapshot] = [0: chain.state(at: 0)!]
        var calls: [UInt64: [UInt8]] = [:]
        // Reads of block n while it is the newest non-head block (in memory with a window of 3).
        func look() throws {
            let n = chain.headNumber - 1
            seen[n] = chain.state(at: n)!
            calls[n] = try chain.call(CallRequest(to: TestContract.address), at: n).output
        }
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: nil, data: TestContract.initcode, gas: 200_000).encoded())
        for i in 1...12 as ClosedRange<UInt64> {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: i, to: TestContract.address, data: UInt256(1000 + i).bigEndianBytes,
                                            gas: 100_000).encoded())
            try look()
            try chain.submit(raw: dynamicTx(Dev.key1, nonce: i - 1, to: Dev.sink, value: UInt256(i)).encoded())
            try look()
            if i == 6 { chain.setStorage(TestContract.address, slot: UInt256(9), value: UInt256(77)) }
        }
        #expect(seen.count == 25)
        #expect(chain.recordBase > 20)
        for (n, old) in seen {
            let rebuilt = try #require(chain.state(at: n))
            #expect(rebuilt.accounts == old.accounts, "block \(n)")
            #expect(rebuilt.makeWorldState().commitBlock() == chain.block(number: n)!.header.stateRoot, "block \(n)")
            if let output = calls[n] {
                #expect(try chain.call(CallRequest(to: TestContract.address), at: n).output == output, "block \(n)")
            }
        }
        // The storage edit made while block 13 was the head is in the state of the blocks after it only.
        #expect(chain.state(at: 12)?.storage(TestContract.address, UInt256(9)) == .zero)
        #expect(chain.state(at: 14)?.storage(TestContract.address, UInt256(9)) == UInt256(77))
    }

    @Test func logsOfEvictedBlocksComeFromTheLogIndex() throws {
        let chain = try openChain(try SQLiteChainStore(), memoryWindow: 2)
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: nil, data: TestContract.initcode, gas: 200_000).encoded())
        var inMemory: [[LogEntry]] = []
        for i in 1...6 as ClosedRange<UInt64> {
            try chain.submit(raw: dynamicTx(Dev.key0, nonce: i, to: TestContract.address, data: UInt256(i).bigEndianBytes,
                                            gas: 100_000).encoded())
            inMemory.append(chain.logs(filter: LogFilter(fromBlock: chain.headNumber, toBlock: chain.headNumber)))
        }
        let all = chain.logs(filter: LogFilter(fromBlock: 0, toBlock: chain.headNumber, addresses: [TestContract.address],
                                               topics: [[TestContract.setTopic]]))
        #expect(all == inMemory.flatMap { $0 })
        #expect(all.count == 6)
        let none = chain.logs(filter: LogFilter(fromBlock: 0, toBlock: chain.headNumber, addresses: [Dev.sink]))
        #expect(none.isEmpty)
        let byHash = chain.logs(filter: LogFilter(fromBlock: 0, toBlock: 0, blockHash: chain.block(number: 2)!.hash))
        #expect(byHash == inMemory[0])
    }

    @Test func migrationsRunOnAnEmptyFile() throws {
        let path = temporaryDirectory() + "/empty.sqlite"
        FileManager.default.createFile(atPath: path, contents: Data())
        let store = try SQLiteChainStore(path: path)
        #expect(try store.appliedMigrations() == ["v1", "v2-ai-witnesses"])
        #expect(try store.loadMeta() == nil)
        #expect(try store.headNumber() == nil)
        let chain = try openChain(store)
        #expect(try store.headNumber() == 0)
        #expect(try store.loadMeta() == ChainStoreMeta(chainId: 31337, genesisHash: chain.head.hash))
        // Reopening runs no migration again.
        #expect(try SQLiteChainStore(path: path).appliedMigrations() == ["v1", "v2-ai-witnesses"])
    }

    @Test func notADatabaseIsAClearError() throws {
        let path = temporaryDirectory() + "/junk.sqlite"
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 4096))
        #expect(throws: ChainStoreError.self) { _ = try SQLiteChainStore(path: path) }
    }

    @Test func anotherGenesisIsRefusedWithAHint() throws {
        let path = temporaryDirectory() + "/l2.sqlite"
        _ = try openChain(try SQLiteChainStore(path: path))
        for other in [chainConfig(chainId: 777), chainConfig(balance: Dev.ether)] {
            do throws(ChainStoreError) {
                _ = try openChain(try SQLiteChainStore(path: path), config: other)
                Issue.record("opened another chain's store")
            } catch {
                guard case .genesisMismatch(let p, let stored, let wanted) = error else {
                    Issue.record("wrong error \(error)"); continue
                }
                #expect(p == path && stored != wanted)
                #expect(error.description.contains("--fresh") && error.description.contains("--data-dir"))
            }
        }
        // The right chain still opens.
        #expect(try openChain(try SQLiteChainStore(path: path)).resumed)
    }

    @Test func resetEmptiesTheStore() throws {
        let store = try SQLiteChainStore()
        let chain = try openChain(store)
        try chain.submit(raw: dynamicTx(Dev.key0, nonce: 0, to: Dev.sink, value: .one).encoded())
        try chain.resetStore()
        #expect(try store.loadMeta() == nil && store.headNumber() == nil)
        let again = try openChain(store)
        #expect(!again.resumed && again.headNumber == 0)
    }

    /// anvil_reset's entry point (`reset()`, Blockchain+Cheats.swift) goes through `truncate`,
    /// so the store follows it; a restart after it resumes at genesis with the pool empty.
    @Test func cheatResetIsStored() throws {
        let path = temporaryDirectory() + "/l2.sqlite"
        let genesis: Hash
        do {
            let chain = try openChain(try SQLiteChainStore(path: path), memoryWindow: 2)
            genesis = chain.head.hash
            for n in 0...3 as ClosedRange<UInt64> {
                try chain.submit(raw: dynamicTx(Dev.key0, nonce: n, to: Dev.sink, value: .one).encoded())
            }
            chain.automine = false
            try chain.submit(raw: dynamicTx(Dev.key1, nonce: 0, to: Dev.sink, value: .one).encoded())
            chain.setBalance(Dev.sink, wei: UInt256(5))
            chain.reset()
            chain.persistPendingChanges()
            #expect(chain.headNumber == 0 && chain.pending.isEmpty)
        }
        let chain = try openChain(try SQLiteChainStore(path: path))
        #expect(chain.headNumber == 0 && chain.head.hash == genesis)
        #expect(chain.pending.isEmpty)
        #expect(chain.state(at: 0)?.balance(Dev.sink) == .zero)
        #expect(chain.state(at: 0)?.nonce(Dev.addr0) == 0)
    }

    @Test func impersonatedPoolTransactionsSurviveARestart() throws {
        let path = temporaryDirectory() + "/l2.sqlite"
        let whale = Address(hex: "0x00000000000000000000000000000000000000ee")!
        let hash: Hash
        do {
            let chain = try openChain(try SQLiteChainStore(path: path))
            chain.setBalance(whale, wei: Dev.ether)
            chain.impersonate(whale)
            chain.automine = false
            let unsigned = Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, maxPriorityFeePerGas: UInt256(1_000_000_000),
                                       maxFeePerGas: UInt256(2_000_000_000), gasLimit: 21_000, to: Dev.sink, value: .one)
            hash = try chain.submitImpersonated(unsigned, sender: whale)
            chain.persistPendingChanges()
        }
        let chain = try openChain(try SQLiteChainStore(path: path))
        #expect(chain.pooledTransaction(hash: hash)?.sender == whale)
        #expect(chain.settings.impersonated == [whale])
        #expect(!chain.automine)
        chain.mine()
        #expect(chain.receipt(transactionHash: hash)?.from == whale)
        #expect(chain.state(at: 1)?.balance(Dev.sink) == .one)
    }

    @Test func settingsFieldsRoundTripAndToleratesMissingKeys() {
        var s = DevSettings()
        s.automine = false
        s.blockTime = 5
        s.timeOffset = -30
        s.nextBlockTimestamp = 1_800_000_000
        s.blockTimestampInterval = 12
        s.nextBlockBaseFeePerGas = UInt256(123)
        s.minGasPrice = UInt256(456)
        s.coinbase = Dev.addr2
        s.blockGasLimit = 12_000_000
        s.impersonated = [Dev.addr0, Dev.sink]
        s.autoImpersonate = true
        s.suggestedPriorityFee = UInt256(9)
        #expect(DevSettings(storedFields: s.storedFields()) == s)
        #expect(DevSettings(storedFields: [:]) == DevSettings())
        var partial = DevSettings()
        partial.automine = false
        #expect(DevSettings(storedFields: ["automine": "false", "unknownFutureField": "x"]) == partial)
    }
}
