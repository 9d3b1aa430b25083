import Chain
import DevnetCrypto
import EVM
import Primitives
import State

/// One chain served over JSON-RPC: the single serializing owner of its `Blockchain` (which is not
/// thread-safe), of the unlocked dev keys (eth_sendTransaction, eth_sign, personal_sign) and of the
/// polling filters. Every RPC call and every dashboard read runs on this actor, one at a time.
public actor ChainNode: RPCHandler {
    let chain: Blockchain
    /// Unlocked accounts in eth_accounts order (m/44'/60'/0'/0/i for the dev mnemonic).
    let keys: [PrivateKey]
    let keyByAddress: [Address: PrivateKey]
    /// The chain id (EIP-155), as eth_chainId reports it.
    public nonisolated let chainId: UInt64
    /// web3_clientVersion, "metis-devnet/<version>".
    public nonisolated let clientVersion: String
    /// Priority fee suggested by eth_maxPriorityFeePerGas and used by eth_sendTransaction (wei; 1 gwei, as anvil).
    public nonisolated let suggestedTip: UInt256
    /// Largest block range eth_getLogs scans (blocks; past it: -32005 "query exceeds max block range N").
    public nonisolated let maxLogRange: UInt64
    /// Most logs one eth_getLogs / eth_getFilterLogs / eth_getFilterChanges answer holds (past it:
    /// -32005 "query returned more than N results", the words clients such as ethers and viem
    /// recognise to split the range).
    public nonisolated let maxLogResults: Int
    /// The chain's events (new blocks, blocks reverted away, pooled transactions) for WebSocket
    /// subscriptions; fed by the chain's hooks, whichever call or timer mined the block.
    public nonisolated let events: ChainEventHub

    /// anvil_metadata / hardhat_metadata `instanceId`: 32 random bytes, new at every start and at
    /// every anvil_reset, so a client can tell that the node it talks to is not the one it knew.
    var instanceId: Hash = ChainNode.randomInstanceId()

    static func randomInstanceId() -> Hash {
        var g = SystemRandomNumberGenerator()
        return Hash((0..<32).map { _ in UInt8.random(in: 0...255, using: &g) })
    }

    var filters: [String: Filter] = [:]
    /// Idle filters are removed after this long (geth's `filterTimeout`).
    static let filterTimeout: Duration = .seconds(300)
    /// At most this many filters exist at once (oldest-idle first out).
    static let maxFilters = 10_000
    var filterCounter: UInt64 = 0
    /// The interval-mining timer while `chain.miningMode` is `.interval` (see `applyMiningMode()`).
    var intervalMiner: (seconds: UInt64, task: Task<Void, Never>)?
    /// Extra method tables installed with `install(_:)`, asked in this order after the node's own.
    var extensions: [any RPCExtension] = []

    /// - Parameters:
    ///   - chain: the chain this node owns from now on (nobody else may touch it).
    ///   - devKeys: unlocked accounts, listed by eth_accounts in this order.
    ///   - clientVersion: web3_clientVersion answer.
    public init(chain: sending Blockchain, devKeys: [PrivateKey], clientVersion: String = "metis-devnet/0.1.0",
                suggestedTip: UInt256 = UInt256(1_000_000_000), maxLogRange: UInt64 = 100_000,
                maxLogResults: Int = 10_000) {
        let events = ChainEventHub()
        Self.installEventHooks(on: chain, events: events)
        self.events = events
        self.maxLogResults = maxLogResults
        self.chain = chain
        self.keys = devKeys
        var map: [Address: PrivateKey] = [:]
        for k in devKeys { map[k.address] = k }
        self.keyByAddress = map
        self.chainId = chain.config.chainId
        self.clientVersion = clientVersion
        self.suggestedTip = suggestedTip
        self.maxLogRange = maxLogRange
    }

    /// Chains `chain`'s `onBlockAppended` and `onTransactionPooled` hooks (keeping any already set,
    /// such as the launcher's block log) into `events`. Called by `init`; whoever gives the node a
    /// rebuilt `Blockchain` must call it again on the new one, or subscribers stop hearing of blocks.
    static func installEventHooks(on chain: Blockchain, events: ChainEventHub) {
        let previousBlockHook = chain.onBlockAppended
        chain.onBlockAppended = { block, receipts in
            previousBlockHook?(block, receipts)
            events.blockAppended(block, receipts)
        }
        let previousPoolHook = chain.onTransactionPooled
        chain.onTransactionPooled = { tx, sender, hash in
            previousPoolHook?(tx, sender, hash)
            events.transactionPooled(tx, sender: sender, hash: hash)
        }
    }

    /// Runs `body` on the actor with the chain (for the dashboard). Do not keep the chain or any
    /// reference into it beyond the closure.
    public func read<T: Sendable>(_ body: @Sendable (Blockchain) throws -> T) rethrows -> T {
        try body(chain)
    }

    /// The unlocked accounts.
    public var devAccounts: [Address] { keys.map(\.address) }

    /// One JSON-RPC call; see `RPCHandler`. Unknown methods → -32601 (before the params are looked
    /// at, as geth does); more positional params than the method takes → -32602 "too many
    /// arguments, want at most N"; every thrown error is mapped once by `RPCError.from`.
    public func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        // Subscriptions live on a WebSocket connection (`WebSocketSession`); over HTTP, geth's errors.
        if method == "eth_subscribe" { throw RPCError(code: -32601, message: "notifications not supported") }
        if method == "eth_unsubscribe" { throw RPCError.server("subscription not found") }
        // A call may have reverted blocks (evm_revert, anvil_reset): tell log subscribers.
        defer { events.checkHead(headNumber: chain.headNumber) { chain.block(number: $0)?.hash } }
        guard let most = Self.maxParams[method] else {
            // Not the node's own: an installed extension's (`RPCExtension`), or unknown.
            guard let (ext, extMost) = extensionFor(method) else { throw RPCError.methodNotFound(method) }
            do {
                try Params(params).expectAtMost(extMost)
            } catch {
                throw RPCError.from(error)
            }
            return try await ext.call(method: method, params: params)
        }
        let result: JSON?
        defer { chain.persistPendingChanges() }   // pool and dev-setting changes are stored before the answer
        do {
            let p = try Params(params)
            try p.expectAtMost(most)
            result = try dispatch(method, p)
        } catch {
            throw RPCError.from(error)
        }
        guard let result else { throw RPCError.methodNotFound(method) }
        return result
    }
}

/// A polling filter (eth_newFilter / eth_newBlockFilter).
struct Filter {
    enum Kind {
        case logs(LogQuery)
        case blocks
        /// eth_newPendingTransactionFilter: `seen` is the `ChainEventHub` sequence number already reported.
        case pendingTransactions(seen: UInt64)
    }
    var kind: Kind
    /// Highest block number already reported by eth_getFilterChanges.
    var lastBlock: UInt64
    /// When it was created or last polled; filters idle for `ChainNode.filterTimeout` are dropped (geth: 5 min).
    var lastUsed: ContinuousClock.Instant = .now
}
