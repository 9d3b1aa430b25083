import Chain
import Primitives

/// Developer cheat methods and mining control (issue 5, items 3 and 5): anvil's names with the
/// hardhat_ / evm_ aliases anvil accepts (`anvil/core/src/eth/mod.rs` `EthRequest`). Results follow
/// anvil (`anvil/src/eth/api.rs` signatures): the set-account methods answer null,
/// anvil_setStorageAt true, evm_snapshot a QUANTITY id, evm_revert true/false, evm_increaseTime the
/// total offset in seconds as a JSON number, evm_setNextBlockTimestamp null, anvil_setBlockGasLimit
/// true, anvil_getIntervalMining the seconds as a JSON number or null, anvil_dropTransaction the
/// hash or null, anvil_removeBlockTimestampInterval true/false; the other setters (and
/// anvil_removePoolTransactions) null.
/// evm_setAutomine answers true (Hardhat's answer, kept from before).
/// Refused arguments answer −32602 with the reason.
extension ChainNode {
    /// Most positional parameters of each cheat method (merged into `maxParams`).
    static let cheatMaxParams: [String: Int] = [
        "anvil_setBalance": 2, "hardhat_setBalance": 2,
        "anvil_setCode": 2, "hardhat_setCode": 2,
        "anvil_setNonce": 2, "hardhat_setNonce": 2, "evm_setAccountNonce": 2,
        "anvil_setStorageAt": 3, "hardhat_setStorageAt": 3,
        "evm_snapshot": 0, "anvil_snapshot": 0, "evm_revert": 1, "anvil_revert": 1,
        "evm_increaseTime": 1, "anvil_increaseTime": 1,
        "evm_setNextBlockTimestamp": 1, "anvil_setNextBlockTimestamp": 1,
        // mining
        "evm_mine": 1, "anvil_mine": 2, "hardhat_mine": 2,
        "evm_setAutomine": 1, "anvil_setAutomine": 1, "anvil_getAutomine": 0, "hardhat_getAutomine": 0,
        "evm_setIntervalMining": 1, "anvil_setIntervalMining": 1, "anvil_getIntervalMining": 0,
        // impersonation
        "anvil_impersonateAccount": 1, "hardhat_impersonateAccount": 1,
        "anvil_stopImpersonatingAccount": 1, "hardhat_stopImpersonatingAccount": 1,
        "anvil_autoImpersonateAccount": 1, "hardhat_autoImpersonateAccount": 1,
        // pool
        "anvil_dropTransaction": 1, "hardhat_dropTransaction": 1,
        "anvil_dropAllTransactions": 0, "hardhat_dropAllTransactions": 0, "anvil_removePoolTransactions": 1,
        "txpool_status": 0, "txpool_content": 0, "txpool_inspect": 0,
        // next blocks
        "anvil_setNextBlockBaseFeePerGas": 1, "hardhat_setNextBlockBaseFeePerGas": 1,
        "anvil_setMinGasPrice": 1, "hardhat_setMinGasPrice": 1,
        "anvil_setCoinbase": 1, "hardhat_setCoinbase": 1,
        "anvil_setBlockGasLimit": 1, "evm_setBlockGasLimit": 1,
        "anvil_setBlockTimestampInterval": 1, "anvil_removeBlockTimestampInterval": 0,
        // node
        "anvil_reset": 1, "hardhat_reset": 1, "anvil_nodeInfo": 0,
        "anvil_metadata": 0, "hardhat_metadata": 0, "anvil_enableTraces": 0,
        "anvil_setLoggingEnabled": 1, "hardhat_setLoggingEnabled": 1,
    ]

    /// The cheat method table; nil for a method that is not a cheat.
    func dispatchCheat(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        case "anvil_setBalance", "hardhat_setBalance":
            let a = try p.address(0)
            chain.setBalance(a, wei: try flexibleQuantity(p, 1, "balance"))
            return .null
        case "anvil_setCode", "hardhat_setCode":
            let a = try p.address(0)
            chain.setCode(a, try p.data(1, "code"))
            return .null
        case "anvil_setNonce", "hardhat_setNonce", "evm_setAccountNonce":
            let a = try p.address(0)
            let v = try p.required(1, "nonce")
            let nonce = try ParamDecode.flexibleUInt(v, "invalid argument 1", "nonce")
            guard nonce < UInt64.max else { throw ParamError("invalid argument 1: nonce must be below 2^64-1 (EIP-2681)") }
            chain.setNonce(a, nonce)
            return .null
        case "anvil_setStorageAt", "hardhat_setStorageAt":
            let a = try p.address(0)
            let slot = try p.storageSlot(1)
            let value = try p.data(2, "storage value")
            guard value.count == 32 else {
                throw ParamError("invalid argument 2: storage value must be exactly 32 bytes (64 hex digits), got \(value.count) bytes")
            }
            chain.setStorage(a, slot: slot, value: UInt256(bigEndian: value))
            return .bool(true)
        case "evm_snapshot", "anvil_snapshot":
            return Enc.q(chain.takeSnapshot())
        case "evm_revert", "anvil_revert":
            let id = try p.quantity(0, "snapshot id")
            guard let small = id.uint64 else { return .bool(false) }
            guard chain.revert(toSnapshot: small) else { return .bool(false) }
            rewindFilters()
            applyMiningMode()              // the snapshot's mining mode is back
            return .bool(true)
        case "evm_increaseTime", "anvil_increaseTime":
            let seconds = try ParamDecode.flexibleUInt(try p.required(0, "seconds"), "invalid argument 0", "seconds")
            return .number(String(chain.increaseTime(by: seconds)))
        case "evm_setNextBlockTimestamp", "anvil_setNextBlockTimestamp":
            let t = try ParamDecode.flexibleUInt(try p.required(0, "timestamp"), "invalid argument 0", "timestamp")
            do {
                try chain.setNextBlockTimestamp(t)
            } catch {
                throw ParamError("invalid argument 0: \(error)")
            }
            return .null
        default:
            return try dispatchCheatMore(method, p)
        }
    }

    /// The second half of the table: mining, impersonation, pool, next-block settings, node.
    private func dispatchCheatMore(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        // mining
        case "evm_mine": return try mine(p, anvil: false)
        case "anvil_mine", "hardhat_mine": return try mine(p, anvil: true)
        case "evm_setAutomine", "anvil_setAutomine":
            chain.setAutomine(try p.bool(0, "automine flag"))
            applyMiningMode()
            return .bool(true)
        case "anvil_getAutomine", "hardhat_getAutomine":
            return .bool(chain.automine)
        case "evm_setIntervalMining", "anvil_setIntervalMining":
            // anvil's unit: seconds (Hardhat's evm_setIntervalMining takes milliseconds).
            let v = try p.required(0, "interval")
            if case .array = v {
                throw ParamError("invalid argument 0: interval must be a number of seconds; a [min, max] range is not supported")
            }
            let seconds = try ParamDecode.flexibleUInt(v, "invalid argument 0", "interval in seconds")
            guard seconds <= 86_400 * 365 else { throw ParamError("invalid argument 0: interval above one year") }
            chain.miningMode = seconds == 0 ? .manual : .interval(seconds: seconds)
            applyMiningMode()
            return .null
        case "anvil_getIntervalMining":
            if case .interval(let s) = chain.miningMode { return .number(String(s)) }
            return .null
        // impersonation
        case "anvil_impersonateAccount", "hardhat_impersonateAccount":
            chain.impersonate(try p.address(0))
            return .null
        case "anvil_stopImpersonatingAccount", "hardhat_stopImpersonatingAccount":
            chain.stopImpersonating(try p.address(0))
            return .null
        case "anvil_autoImpersonateAccount", "hardhat_autoImpersonateAccount":
            chain.setAutoImpersonate(try p.bool(0, "auto-impersonate flag"))
            return .null
        // pool
        case "anvil_dropTransaction", "hardhat_dropTransaction":
            return chain.dropTransaction(hash: try p.hash(0, "transaction hash")).map(Enc.hash) ?? .null
        case "anvil_dropAllTransactions", "hardhat_dropAllTransactions":
            chain.dropAllTransactions()
            return .null
        case "anvil_removePoolTransactions":
            chain.removePoolTransactions(sender: try p.address(0))
            return .null
        case "txpool_status":
            let c = chain.poolContent
            return .object([("pending", Enc.q(c.pending.count)), ("queued", Enc.q(c.queued.count))])
        case "txpool_content":
            let c = chain.poolContent
            return .object([("pending", poolGroups(c.pending) { Shapes.transaction($0.transaction, sender: $0.sender, location: nil, hash: $0.hash) }),
                            ("queued", poolGroups(c.queued) { Shapes.transaction($0.transaction, sender: $0.sender, location: nil, hash: $0.hash) })])
        case "txpool_inspect":
            let c = chain.poolContent
            return .object([("pending", poolGroups(c.pending) { .string(Self.inspectLine($0.transaction)) }),
                            ("queued", poolGroups(c.queued) { .string(Self.inspectLine($0.transaction)) })])
        // next blocks
        case "anvil_setNextBlockBaseFeePerGas", "hardhat_setNextBlockBaseFeePerGas":
            chain.setNextBlockBaseFee(try flexibleQuantity(p, 0, "base fee"))
            return .null
        case "anvil_setMinGasPrice", "hardhat_setMinGasPrice":
            chain.setMinGasPrice(try flexibleQuantity(p, 0, "gas price"))
            return .null
        case "anvil_setCoinbase", "hardhat_setCoinbase":
            chain.setCoinbase(try p.address(0))
            return .null
        case "anvil_setBlockGasLimit", "evm_setBlockGasLimit":
            let v = try flexibleQuantity(p, 0, "gas limit")
            guard let gas = v.uint64 else { throw ParamError("invalid argument 0: gas limit \(v) is above 2^64-1") }
            do { try chain.setBlockGasLimit(gas) } catch { throw ParamError("invalid argument 0: \(error)") }
            return .bool(true)
        case "anvil_setBlockTimestampInterval":
            let seconds = try ParamDecode.flexibleUInt(try p.required(0, "interval"), "invalid argument 0", "interval in seconds")
            chain.setBlockTimestampInterval(seconds)
            return .null
        case "anvil_removeBlockTimestampInterval":
            return .bool(chain.removeBlockTimestampInterval())
        // node
        case "anvil_reset", "hardhat_reset":
            if let options = p.optional(0), options != .null {
                // anvil takes {"forking": {"jsonRpcUrl", "blockNumber"}}; an empty object is a plain reset.
                if case .object(let members) = options, members.isEmpty {
                } else if case .object = options {
                    throw ParamError("invalid argument 0: forking is not supported: anvil_reset only resets this chain to its genesis block (pass no argument)")
                } else {
                    throw ParamError("invalid argument 0: reset options must be an object, got \(options.typeName)")
                }
            }
            chain.reset()
            instanceId = ChainNode.randomInstanceId()
            rewindFilters()
            applyMiningMode()
            return .null
        case "anvil_nodeInfo":
            return nodeInfo()
        case "anvil_metadata", "hardhat_metadata":
            return metadata(anvil: method == "anvil_metadata")
        case "anvil_enableTraces":
            return .null   // accepted, as anvil: transactions are always traceable here (debug_*, trace_*)
        case "anvil_setLoggingEnabled", "hardhat_setLoggingEnabled":
            _ = try p.bool(0, "logging flag")   // accepted; the terminal block log is always on
            return .null
        default:
            return nil
        }
    }

    /// Polling filters report the blocks mined again after a head that moved back (evm_revert, anvil_reset).
    private func rewindFilters() {
        let head = chain.headNumber
        for key in Array(filters.keys) where filters[key]!.lastBlock > head { filters[key]!.lastBlock = head }
    }

    /// geth's txpool grouping: `{ "<checksummed sender>": { "<decimal nonce>": value } }`, senders
    /// and nonces in ascending order.
    private func poolGroups(_ entries: [TxPool.Entry], _ value: (TxPool.Entry) -> JSON) -> JSON {
        var groups: [(Address, [(String, JSON)])] = []
        for e in entries.sorted(by: { ($0.sender, $0.transaction.nonce) < ($1.sender, $1.transaction.nonce) }) {
            let item = (String(e.transaction.nonce), value(e))
            if let last = groups.last, last.0 == e.sender { groups[groups.count - 1].1.append(item) } else { groups.append((e.sender, [item])) }
        }
        return .object(groups.map { ($0.0.checksummed, JSON.object($0.1)) })
    }

    /// geth's txpool_inspect line: "<checksummed to>: <value> wei + <gas> gas × <price> wei", or
    /// "contract creation: …" (`internal/ethapi/api.go` `Inspect`); the price is the fee cap
    /// (gasPrice, or maxFeePerGas for types 2–4, as geth's `tx.GasPrice()`).
    static func inspectLine(_ tx: Transaction) -> String {
        let target = tx.to.map(\.checksummed) ?? "contract creation"
        return "\(target): \(tx.value) wei + \(tx.gasLimit) gas × \(tx.feeCap) wei"
    }

    /// anvil_nodeInfo in anvil's shape (`NodeInfo`, camelCase) with this chain's values:
    /// currentBlockNumber QUANTITY, currentBlockTimestamp number (seconds), currentBlockHash,
    /// hardFork (the fork name), transactionOrder "fees", environment { baseFee (next block's, wei),
    /// chainId (number), gasLimit (block gas limit), gasPrice (eth_gasPrice) }, forkConfig with
    /// null members (no forking).
    private func nodeInfo() -> JSON {
        let head = chain.head
        return .object([
            ("currentBlockNumber", Enc.q(head.header.number)),
            ("currentBlockTimestamp", .number(String(head.header.timestamp))),
            ("currentBlockHash", Enc.hash(head.hash)),
            ("hardFork", .string(chain.config.fork.name.lowercased())),
            ("transactionOrder", .string("fees")),
            ("environment", .object([
                ("baseFee", Enc.q(chain.nextBaseFee())),
                ("chainId", .number(String(chainId))),
                ("gasLimit", Enc.q(chain.blockGasLimit)),
                ("gasPrice", Enc.q(chain.suggestedGasPrice)),
            ])),
            ("forkConfig", .object([("forkUrl", .null), ("forkBlockNumber", .null), ("forkRetryBackoff", .null)])),
        ])
    }

    /// anvil_metadata / hardhat_metadata (anvil's `AnvilMetadata`, Hardhat's `hardhat_metadata`):
    /// client version, chain id and block number as JSON numbers, the instance id (new at every
    /// start and anvil_reset), the head's hash, `forkedNetwork` null (no forking); anvil adds
    /// `snapshots`, which is left empty here.
    private func metadata(anvil: Bool) -> JSON {
        let head = chain.head
        var members: [(String, JSON)] = [
            ("clientVersion", .string(clientVersion)),
            ("chainId", .number(String(chainId))),
            ("instanceId", Enc.hash(instanceId)),
            ("latestBlockNumber", .number(String(head.header.number))),
            ("latestBlockHash", Enc.hash(head.hash)),
            ("forkedNetwork", .null),
        ]
        if anvil { members.append(("snapshots", .object([]))) }
        return .object(members)
    }

    /// A wei amount as a hex QUANTITY or a JSON number (anvil takes both).
    private func flexibleQuantity(_ p: Params, _ i: Int, _ what: String) throws -> UInt256 {
        let v = try p.required(i, what)
        if case .number = v { return UInt256(try ParamDecode.flexibleUInt(v, "invalid argument \(i)", what)) }
        return try ParamDecode.quantity(v, "invalid argument \(i)", what)
    }
}
