import Chain
import EVM
import Foundation
import GRDB
import Primitives
import State

/// A `ChainStore` in one SQLite database (the system SQLite, through GRDB): one file per chain,
/// WAL journal, `synchronous = FULL` (a committed block survives a process kill and a power loss),
/// schema created and upgraded by versioned migrations (`SQLiteChainStore.migrator`).
///
/// Tables: `meta` (chain id, genesis hash, dev settings as JSON), `blocks` (number, hash, RLP
/// header), `transactions` (raw EIP-2718 bytes, sender, EIP-2718 receipt, gas used, effective gas
/// price, created address; indexed by hash), `logs` (the log index: block, log index, transaction
/// index, address, topics 0-3, data; indexed by address and topic 0), `account_changes` and
/// `storage_changes` (the per-block change sets keyed by sequence `2·block` / `2·block + 1`, see
/// `ChainStore`), `code` (by keccak256 hash) and `pool`.
public final class SQLiteChainStore: ChainStore {
    /// The database file, or ":memory:".
    public let location: String
    private let db: DatabaseQueue
    /// Code by hash, read back once.
    private var codeCache: [Hash: Bytecode] = [:]

    /// Opens (creating if needed) the database file at `path`; its directory is created too.
    /// - Throws: `ChainStoreError.io` when the file cannot be created, opened or migrated (e.g.
    ///   it is not a database, or was written by a newer devnet with an unknown schema).
    public init(path: String) throws(ChainStoreError) {
        location = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .io("cannot create \(directory): \(error.localizedDescription)")
            }
        }
        var config = Configuration()
        config.journalMode = .wal
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            db = try DatabaseQueue(path: path, configuration: config)
            try SQLiteChainStore.migrate(db)
        } catch {
            throw .io("cannot open \(path): \(error)")
        }
    }

    /// A store in memory only (`--ephemeral`): same behaviour, nothing written to disk.
    public init() throws(ChainStoreError) {
        location = ":memory:"
        do {
            db = try DatabaseQueue()
            try SQLiteChainStore.migrate(db)
        } catch {
            throw .io("cannot open an in-memory database: \(error)")
        }
    }

    /// The schema versions, oldest first. Add a new migration for every change; never edit one
    /// that has shipped.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);
                CREATE TABLE blocks (number INTEGER PRIMARY KEY NOT NULL, hash BLOB NOT NULL UNIQUE, header BLOB NOT NULL);
                CREATE TABLE transactions (
                    block INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, raw BLOB NOT NULL,
                    sender BLOB NOT NULL, receipt BLOB NOT NULL, gas_used INTEGER NOT NULL,
                    effective_gas_price BLOB NOT NULL, contract_address BLOB,
                    PRIMARY KEY (block, idx)) WITHOUT ROWID;
                CREATE INDEX transactions_by_hash ON transactions(hash);
                CREATE TABLE logs (
                    block INTEGER NOT NULL, log_index INTEGER NOT NULL, tx_index INTEGER NOT NULL,
                    tx_hash BLOB NOT NULL, block_hash BLOB NOT NULL, address BLOB NOT NULL,
                    topic0 BLOB, topic1 BLOB, topic2 BLOB, topic3 BLOB, data BLOB NOT NULL,
                    PRIMARY KEY (block, log_index)) WITHOUT ROWID;
                CREATE INDEX logs_by_address ON logs(address, block);
                CREATE INDEX logs_by_topic0 ON logs(topic0, block);
                CREATE TABLE account_changes (
                    address BLOB NOT NULL, seq INTEGER NOT NULL,
                    nonce INTEGER, balance BLOB, code_hash BLOB,
                    PRIMARY KEY (address, seq)) WITHOUT ROWID;
                CREATE INDEX account_changes_by_seq ON account_changes(seq);
                CREATE TABLE storage_changes (
                    address BLOB NOT NULL, slot BLOB NOT NULL, seq INTEGER NOT NULL, value BLOB NOT NULL,
                    PRIMARY KEY (address, slot, seq)) WITHOUT ROWID;
                CREATE INDEX storage_changes_by_seq ON storage_changes(seq);
                CREATE TABLE code (hash BLOB PRIMARY KEY NOT NULL, code BLOB NOT NULL) WITHOUT ROWID;
                CREATE TABLE pool (sequence INTEGER PRIMARY KEY NOT NULL, hash BLOB NOT NULL, raw BLOB NOT NULL, sender BLOB NOT NULL);
                """)
        }
        // Issue 8: the AI precompile's answers each block used (AIWitness), in call order. `failed`:
        // 0 answered, 1 the module failed, 2 out of gas before the module was asked.
        m.registerMigration("v2-ai-witnesses") { db in
            try db.execute(sql: """
                CREATE TABLE ai_witnesses (
                    block INTEGER NOT NULL, position INTEGER NOT NULL, tx_index INTEGER NOT NULL,
                    module TEXT NOT NULL, version TEXT NOT NULL, input_hash BLOB NOT NULL, input BLOB NOT NULL,
                    output BLOB NOT NULL, failed INTEGER NOT NULL, gas_per_token INTEGER NOT NULL,
                    PRIMARY KEY (block, position)) WITHOUT ROWID;
                """)
        }
        return m
    }

    private static func migrate(_ db: DatabaseQueue) throws {
        let m = migrator
        if try db.read({ try m.hasBeenSuperseded($0) }) {
            throw ChainStoreError.io("the database was written by a newer metis-devnet (unknown schema version)")
        }
        try m.migrate(db)
    }

    /// The applied migrations, oldest first (for tests and diagnostics).
    public func appliedMigrations() throws(ChainStoreError) -> [String] {
        try run("read the schema version") { db in try SQLiteChainStore.migrator.appliedMigrations(db) }
    }

    // MARK: ChainStore

    public func loadMeta() throws(ChainStoreError) -> ChainStoreMeta? {
        try run("read the chain identity") { db in
            guard let id = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'chain_id'"),
                  let genesis = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'genesis_hash'") else {
                return nil
            }
            guard let chainId = UInt64(String(decoding: id, as: UTF8.self)), genesis.count == 32 else {
                throw ChainStoreError.corrupt("bad chain identity in meta")
            }
            return ChainStoreMeta(chainId: chainId, genesisHash: Hash(genesis))
        }
    }

    public func initialize(meta: ChainStoreMeta, genesis: Block, state: StateDelta, settings: DevSettings) throws(ChainStoreError) {
        try write("write the genesis block") { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('chain_id', ?), ('genesis_hash', ?)",
                           arguments: [Data(String(meta.chainId).utf8), Data(meta.genesisHash.bytes)])
            try Self.insert(block: genesis, db)
            try Self.insert(changes: state, sequence: 0, db)
            try Self.save(settings: settings, db)
        }
    }

    public func commit(block: Block, changes: StateDelta, pool: [TxPool.Entry], settings: DevSettings) throws(ChainStoreError) {
        try write("commit block \(block.number)") { db in
            try Self.insert(block: block, db)
            try Self.insert(changes: changes, sequence: 2 * block.number, db)
            try Self.save(pool: pool, db)
            try Self.save(settings: settings, db)
        }
    }

    public func replaceHeadEdits(number: UInt64, changes: StateDelta) throws(ChainStoreError) {
        let seq = Int64(bitPattern: 2 * number + 1)
        try write("store the state edits of block \(number)") { db in
            try db.execute(sql: "DELETE FROM account_changes WHERE seq = ?", arguments: [seq])
            try db.execute(sql: "DELETE FROM storage_changes WHERE seq = ?", arguments: [seq])
            try Self.insert(changes: changes, sequence: 2 * number + 1, db)
        }
    }

    public func save(pool: [TxPool.Entry], settings: DevSettings) throws(ChainStoreError) {
        try write("store the pool and settings") { db in
            try Self.save(pool: pool, db)
            try Self.save(settings: settings, db)
        }
    }

    public func truncate(above number: UInt64) throws(ChainStoreError) {
        let n = Int64(bitPattern: number), seq = Int64(bitPattern: 2 * number)
        try write("delete the blocks above \(number)") { db in
            try db.execute(sql: "DELETE FROM blocks WHERE number > ?", arguments: [n])
            try db.execute(sql: "DELETE FROM transactions WHERE block > ?", arguments: [n])
            try db.execute(sql: "DELETE FROM logs WHERE block > ?", arguments: [n])
            try db.execute(sql: "DELETE FROM ai_witnesses WHERE block > ?", arguments: [n])
            try db.execute(sql: "DELETE FROM account_changes WHERE seq > ?", arguments: [seq])
            try db.execute(sql: "DELETE FROM storage_changes WHERE seq > ?", arguments: [seq])
        }
    }

    public func reset() throws(ChainStoreError) {
        codeCache = [:]
        try write("empty the database") { db in
            for table in ["meta", "blocks", "transactions", "logs", "account_changes", "storage_changes", "code", "pool",
                          "ai_witnesses"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
        }
    }

    public func headNumber() throws(ChainStoreError) -> UInt64? {
        try run("read the head number") { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(number) FROM blocks").map { UInt64(bitPattern: $0) }
        }
    }

    public func block(number: UInt64) throws(ChainStoreError) -> Block? {
        try run("read block \(number)") { db in try Self.readBlock(number: number, db) }
    }

    public func blockNumber(hash: Hash) throws(ChainStoreError) -> UInt64? {
        try run("find a block by hash") { db in
            try Int64.fetchOne(db, sql: "SELECT number FROM blocks WHERE hash = ?", arguments: [Data(hash.bytes)])
                .map { UInt64(bitPattern: $0) }
        }
    }

    public func hasChanges(atSequence sequence: UInt64) throws(ChainStoreError) -> Bool {
        let seq = Int64(bitPattern: min(sequence, UInt64(Int64.max)))
        return try run("look for the changes of sequence \(sequence)") { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM account_changes WHERE seq = ?) OR EXISTS (SELECT 1 FROM storage_changes WHERE seq = ?)
                """, arguments: [seq, seq]) ?? false
        }
    }

    public func transactionLocation(hash: Hash) throws(ChainStoreError) -> (block: UInt64, index: Int)? {
        try run("find a transaction by hash") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT block, idx FROM transactions WHERE hash = ?",
                                             arguments: [Data(hash.bytes)]) else { return nil }
            return (UInt64(bitPattern: row[0] as Int64), Int(row[1] as Int64))
        }
    }

    public func accounts(atSequence sequence: UInt64) throws(ChainStoreError) -> [Address: Account] {
        let seq = Int64(bitPattern: min(sequence, UInt64(Int64.max)))
        var codes = codeCache
        let result: [Address: Account] = try run("rebuild the state at sequence \(sequence)") { db in
            var accounts: [Address: Account] = [:]
            // SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum:
            // the newest change of each account at or below `seq`.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT address, MAX(seq), nonce, balance, code_hash FROM account_changes WHERE seq <= ? GROUP BY address
                """, arguments: [seq])
            while let row = try rows.next() {
                guard let nonce = row[2] as Int64? else { continue }     // deleted
                let codeHash = Hash(row[4] as Data)
                var code = Bytecode.empty
                if codeHash != Keccak256.emptyHash {
                    if let cached = codes[codeHash] {
                        code = cached
                    } else {
                        guard let bytes = try Data.fetchOne(db, sql: "SELECT code FROM code WHERE hash = ?",
                                                            arguments: [Data(codeHash.bytes)]) else {
                            throw ChainStoreError.corrupt("missing code \(codeHash.hex)")
                        }
                        code = Bytecode([UInt8](bytes), hash: codeHash)
                        codes[codeHash] = code
                    }
                }
                accounts[Address(row[0] as Data)] = Account(nonce: UInt64(bitPattern: nonce),
                                                            balance: UInt256(bigEndian: row[3] as Data), code: code)
            }
            let slots = try Row.fetchCursor(db, sql: """
                SELECT address, slot, MAX(seq), value FROM storage_changes WHERE seq <= ? GROUP BY address, slot
                """, arguments: [seq])
            while let row = try slots.next() {
                let value = UInt256(bigEndian: row[3] as Data)
                guard !value.isZero else { continue }
                let address = Address(row[0] as Data)
                guard accounts[address] != nil else { continue }
                accounts[address]!.storage[UInt256(bigEndian: row[1] as Data)] = value
            }
            return accounts
        }
        codeCache = codes
        return result
    }

    public func logs(from: UInt64, to: UInt64, addresses: [Address], topic0: [Hash]) throws(ChainStoreError) -> [LogEntry] {
        try run("read logs \(from)...\(to)") { db in
            var sql = """
                SELECT block, log_index, tx_index, tx_hash, block_hash, address, topic0, topic1, topic2, topic3, data
                FROM logs WHERE block BETWEEN ? AND ?
                """
            var args: [(any DatabaseValueConvertible)?] = [Int64(bitPattern: from), Int64(bitPattern: to)]
            if !addresses.isEmpty {
                sql += " AND address IN (\(Array(repeating: "?", count: addresses.count).joined(separator: ",")))"
                args += addresses.map { Data($0.bytes) }
            }
            if !topic0.isEmpty {
                sql += " AND topic0 IN (\(Array(repeating: "?", count: topic0.count).joined(separator: ",")))"
                args += topic0.map { Data($0.bytes) }
            }
            sql += " ORDER BY block, log_index"
            var result: [LogEntry] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(args))
            while let row = try rows.next() {
                var topics: [Hash] = []
                for i in 6...9 { if let t = row[i] as Data? { topics.append(Hash(t)) } }
                let log = Log(address: Address(row[5] as Data), topics: topics, data: [UInt8](row[10] as Data))
                result.append(LogEntry(stored: log, blockNumber: UInt64(bitPattern: row[0] as Int64),
                                       blockHash: Hash(row[4] as Data), transactionHash: Hash(row[3] as Data),
                                       transactionIndex: Int(row[2] as Int64), logIndex: Int(row[1] as Int64)))
            }
            return result
        }
    }

    public func loadPool() throws(ChainStoreError) -> [TxPool.Entry] {
        try run("read the pool") { db in
            var entries: [TxPool.Entry] = []
            for row in try Row.fetchAll(db, sql: "SELECT sequence, hash, raw, sender FROM pool ORDER BY sequence") {
                let tx: Transaction
                do { tx = try Transaction.decode(raw: [UInt8](row[2] as Data)) } catch {
                    throw ChainStoreError.corrupt("pooled transaction: \(error)")
                }
                entries.append(TxPool.Entry(restoring: tx, sender: Address(row[3] as Data), hash: Hash(row[1] as Data),
                                            sequence: UInt64(bitPattern: row[0] as Int64)))
            }
            return entries
        }
    }

    public func loadSettings() throws(ChainStoreError) -> DevSettings {
        try run("read the dev settings") { db in
            guard let json = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'settings'") else { return DevSettings() }
            let fields = (try? JSONSerialization.jsonObject(with: json)) as? [String: String] ?? [:]
            return DevSettings(storedFields: fields)
        }
    }

    // MARK: writing

    private static func insert(block: Block, _ db: Database) throws {
        let number = Int64(bitPattern: block.number)
        try db.execute(sql: "INSERT INTO blocks (number, hash, header) VALUES (?, ?, ?)",
                       arguments: [number, Data(block.hash.bytes), Data(block.header.encoded())])
        if !block.aiWitnesses.isEmpty {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO ai_witnesses (block, position, tx_index, module, version, input_hash, input, output, failed, gas_per_token)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (i, w) in block.aiWitnesses.enumerated() {
                try statement.execute(arguments: [number, Int64(i), Int64(w.transactionIndex), w.module, w.version,
                                                  Data(w.inputHash.bytes), Data(w.input), Data(w.output),
                                                  w.outOfGas ? 2 : w.failed ? 1 : 0,
                                                  Int64(bitPattern: w.gasPerToken)])
            }
        }
        guard !block.transactions.isEmpty else { return }
        let tx = try db.cachedStatement(sql: """
            INSERT INTO transactions (block, idx, hash, raw, sender, receipt, gas_used, effective_gas_price, contract_address)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let log = try db.cachedStatement(sql: """
            INSERT INTO logs (block, log_index, tx_index, tx_hash, block_hash, address, topic0, topic1, topic2, topic3, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let blockHash = Data(block.hash.bytes)
        var logIndex: Int64 = 0
        for (i, t) in block.transactions.enumerated() {
            let hash = Data(block.transactionHashes[i].bytes)
            let receipt = block.receipts[i]
            try tx.execute(arguments: [number, Int64(i), hash, Data(t.encoded()), Data(block.senders[i].bytes),
                                       Data(receipt.encoded()), Int64(bitPattern: block.gasUsed[i]),
                                       Data(block.effectiveGasPrices[i].minimalBigEndianBytes),
                                       block.contractAddresses[i].map { Data($0.bytes) }])
            for l in receipt.logs {
                var args: [(any DatabaseValueConvertible)?] = [number, logIndex, Int64(i), hash, blockHash, Data(l.address.bytes)]
                for k in 0..<4 { args.append(k < l.topics.count ? Data(l.topics[k].bytes) : nil) }
                args.append(Data(l.data))
                try log.execute(arguments: StatementArguments(args))
                logIndex += 1
            }
        }
    }

    private static func insert(changes: StateDelta, sequence: UInt64, _ db: Database) throws {
        let seq = Int64(bitPattern: sequence)
        if !changes.accounts.isEmpty {
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO account_changes (address, seq, nonce, balance, code_hash) VALUES (?, ?, ?, ?, ?)
                """)
            for (address, fields) in changes.accounts {
                if let f = fields {
                    try statement.execute(arguments: [Data(address.bytes), seq, Int64(bitPattern: f.nonce),
                                                      Data(f.balance.minimalBigEndianBytes), Data(f.codeHash.bytes)])
                } else {
                    try statement.execute(arguments: [Data(address.bytes), seq, nil, nil, nil])
                }
            }
        }
        if !changes.storage.isEmpty {
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO storage_changes (address, slot, seq, value) VALUES (?, ?, ?, ?)
                """)
            for (address, slot, value) in changes.storage {
                try statement.execute(arguments: [Data(address.bytes), Data(slot.bigEndianBytes), seq,
                                                  Data(value.minimalBigEndianBytes)])
            }
        }
        if !changes.codes.isEmpty {
            let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO code (hash, code) VALUES (?, ?)")
            for (hash, code) in changes.codes { try statement.execute(arguments: [Data(hash.bytes), Data(code)]) }
        }
    }

    private static func save(pool: [TxPool.Entry], _ db: Database) throws {
        try db.execute(sql: "DELETE FROM pool")
        guard !pool.isEmpty else { return }
        let statement = try db.cachedStatement(sql: "INSERT INTO pool (sequence, hash, raw, sender) VALUES (?, ?, ?, ?)")
        for (i, e) in pool.enumerated() {
            try statement.execute(arguments: [Int64(i), Data(e.hash.bytes), Data(e.transaction.encoded()), Data(e.sender.bytes)])
        }
    }

    private static func save(settings: DevSettings, _ db: Database) throws {
        let json = try JSONSerialization.data(withJSONObject: settings.storedFields(), options: [.sortedKeys])
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('settings', ?)", arguments: [json])
    }

    // MARK: reading

    private static func readBlock(number: UInt64, _ db: Database) throws -> Block? {
        let n = Int64(bitPattern: number)
        guard let header = try Data.fetchOne(db, sql: "SELECT header FROM blocks WHERE number = ?", arguments: [n]) else {
            return nil
        }
        let h: BlockHeader
        do { h = try BlockHeader.decode(rlp: [UInt8](header)) } catch { throw ChainStoreError.corrupt("header \(number): \(error)") }
        var transactions: [Transaction] = [], senders: [Address] = [], receipts: [Receipt] = []
        var gasUsed: [UInt64] = [], prices: [UInt256] = [], created: [Address?] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT raw, sender, receipt, gas_used, effective_gas_price, contract_address FROM transactions
            WHERE block = ? ORDER BY idx
            """, arguments: [n])
        while let row = try rows.next() {
            do {
                transactions.append(try Transaction.decode(raw: [UInt8](row[0] as Data)))
                receipts.append(try Receipt.decode(encoded: [UInt8](row[2] as Data)))
            } catch {
                throw ChainStoreError.corrupt("block \(number) transaction: \(error)")
            }
            senders.append(Address(row[1] as Data))
            gasUsed.append(UInt64(bitPattern: row[3] as Int64))
            prices.append(UInt256(bigEndian: row[4] as Data))
            created.append((row[5] as Data?).map { Address($0) })
        }
        var witnesses: [AIWitness] = []
        let wrows = try Row.fetchCursor(db, sql: """
            SELECT tx_index, module, version, input, output, failed, gas_per_token, input_hash FROM ai_witnesses
            WHERE block = ? ORDER BY position
            """, arguments: [n])
        while let row = try wrows.next() {
            let w = AIWitness(transactionIndex: Int(row[0] as Int64), module: row[1], version: row[2],
                              input: [UInt8](row[3] as Data), output: [UInt8](row[4] as Data),
                              failed: (row[5] as Int64) == 1, gasPerToken: UInt64(bitPattern: row[6] as Int64),
                              outOfGas: (row[5] as Int64) == 2)
            guard w.inputHash.bytes == [UInt8](row[7] as Data) else {
                throw ChainStoreError.corrupt("block \(number): an AI witness's input does not match its hash")
            }
            witnesses.append(w)
        }
        return Block(header: h, transactions: transactions, senders: senders, receipts: receipts, gasUsed: gasUsed,
                     effectiveGasPrices: prices, contractAddresses: created, aiWitnesses: witnesses)
    }

    // MARK: plumbing

    private func run<T>(_ what: String, _ body: (Database) throws -> T) throws(ChainStoreError) -> T {
        do {
            return try db.read(body)
        } catch let e as ChainStoreError {
            throw e
        } catch {
            throw .io("\(what): \(error)")
        }
    }

    private func write(_ what: String, _ body: (Database) throws -> Void) throws(ChainStoreError) {
        do {
            try db.write(body)
        } catch let e as ChainStoreError {
            throw e
        } catch {
            throw .io("\(what): \(error)")
        }
    }
}
