import EVM
import Primitives
import State

/// One system call opening a block (EIP-4788's form): a message call from `SystemCall.systemAddress`
/// to `target` with 30,000,000 gas, value 0, no fee and no nonce change; its logs are dropped and it
/// is not a transaction (no receipt, not in the transactions root, no gas counted in the block).
public struct SystemCall: Sendable, Hashable {
    /// EIP-4788's SYSTEM_ADDRESS, 0xfffffffffffffffffffffffffffffffffffffffe.
    public static let systemAddress = Address([UInt8](repeating: 0xff, count: 19) + [0xfe])
    /// Gas given to each system call (EIP-4788: 30,000,000).
    public static let gasLimit: UInt64 = 30_000_000

    /// The called contract (20 bytes).
    public var target: Address
    /// The calldata (ABI-encoded call).
    public var data: [UInt8]

    public init(target: Address, data: [UInt8]) {
        self.target = target
        self.data = data
    }
}

/// What a `BlockPrelude` or `BlockSealer` may read: the state a block is built on (its parent's
/// state, cheat edits included), with the block's own context. Reads never change the state.
/// Valid only during the hook call that receives it (do not keep it).
public struct ChainStateView {
    let world: WorldState
    let context: BlockContext
    let fork: Hardfork

    init(world: WorldState, context: BlockContext, fork: Hardfork) {
        self.world = world
        self.context = context
        self.fork = fork
    }

    /// The number of the block being opened.
    public var blockNumber: UInt64 { context.number }

    /// A read-only call (STATICCALL semantics) from SYSTEM_ADDRESS to `to` with 30,000,000 gas on the
    /// state and block context of the view. Returns the return data, or nil when the call reverted
    /// or failed (or `to` has no code).
    public func call(to: Address, data: [UInt8]) -> [UInt8]? {
        guard !world.code(to).isEmpty else { return nil }
        world.beginTransaction()
        let mark = world.checkpoint()
        var evm = EVM(host: world, block: context,
                      tx: TransactionContext(origin: SystemCall.systemAddress, gasPrice: .zero, blobHashes: []), fork: fork)
        let result = evm.execute(Message(kind: .call, caller: SystemCall.systemAddress, target: to, input: data,
                                         gas: Int64(SystemCall.gasLimit), isStatic: true))
        world.revert(to: mark)
        world.beginTransaction()   // clears the warm sets and logs the call left
        return result.status.isSuccess ? result.output : nil
    }

    /// The storage word at `slot` of `address` (zero when unset).
    public func storage(_ address: Address, _ slot: UInt256) -> UInt256 {
        world.account(address)?.storage[slot] ?? .zero
    }
}

/// The system calls that open every block (sheet §3: "BlockPrelude"), run before the block's first
/// transaction by the block builder, by replay (debug_trace*, trace_*, ots_*) and by the sealer's
/// verifiers, so state roots and traces stay exact after a restart.
///
/// `systemCalls` must be a pure function of the parent state (read through `view`) and the given
/// header fields: nothing else is stored, the calls are recomputed whenever a block is re-executed.
public protocol BlockPrelude: Sendable {
    /// The calls opening block `number` with this `timestamp` (seconds) and beneficiary `coinbase`
    /// (the header's miner), in order; empty for none.
    func systemCalls(number: UInt64, timestamp: UInt64, coinbase: Address, view: ChainStateView) -> [SystemCall]
}

/// Who seals each block, and the check of a sealed block by the other sequencers (sheet §3:
/// "BlockSealer"). The hooks run synchronously on the chain's owner (the node's actor).
///
/// With a sealer set, the block builder (`Blockchain.mineBlock`):
/// 1. asks `sealer(forBlock:view:)`; nil → no block (`MineError.noSealer` with `stallReason`);
/// 2. builds the block with that address as coinbase (prelude, then transactions);
/// 3. writes `sealedStateRoot(computed:number:sealer:)` into the header;
/// 4. if `wantsVerification(sealer:)`, re-executes the block from its parent state (prelude
///    included, with the replay code) once and asks `verify(_:reexecutedStateRoot:)`; false → the
///    block is dropped, the head state and the pool are restored (its transactions are pending
///    again), `rejected(_:reexecutedStateRoot:)` is told, and the builder asks step 1 again for the
///    same block number (up to 8 times);
/// 5. appends the block and tells `appended(_:)`.
public protocol BlockSealer: Sendable {
    /// The address that seals block `number` (it becomes the header's coinbase / miner), or nil when
    /// the leader for it is not live (no block can be made).
    func sealer(forBlock number: UInt64, view: ChainStateView) -> Address?
    /// Why `sealer(forBlock:view:)` gave nil for `number`, for the evm_mine error (names the stopped
    /// leader and the stall timeout).
    func stallReason(forBlock number: UInt64) -> String
    /// The state root the sealer writes into the header of block `number`; `computed` is the true
    /// root (a misbehaving sealer returns another one).
    func sealedStateRoot(computed: Hash, number: UInt64, sealer: Address) -> Hash
    /// Whether any verifier will check blocks sealed by `sealer` (false: no re-execution).
    func wantsVerification(sealer: Address) -> Bool
    /// The verifiers' verdict on `block` (not yet appended); `reexecutedStateRoot` is the root of
    /// re-executing it from its parent state.
    func verify(_ block: Block, reexecutedStateRoot: Hash) -> Bool
    /// `block` was rejected by `verify` and dropped.
    func rejected(_ block: Block, reexecutedStateRoot: Hash)
    /// `block` was sealed, verified and appended.
    func appended(_ block: Block)
}

/// Why no block was mined.
public enum MineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sealer has no live leader for the block (the message names it and the stall timeout).
    case noSealer(String)

    public var description: String {
        switch self {
        case .noSealer(let why): why
        }
    }
}

extension Blockchain {
    /// Runs `prelude`'s system calls for a block with context `ctx` on `world` (the state the block
    /// is built on): each a message call from SYSTEM_ADDRESS, 30M gas, no fee, nonce unchanged,
    /// logs dropped, EIP-161 cleanup at its end (EELS `process_system_transaction`). A failing call
    /// changes nothing. Without a prelude nothing happens.
    /// - Returns: the number of calls run.
    @discardableResult
    func runPrelude(on world: WorldState, context ctx: BlockContext) -> Int {
        guard let prelude else { return 0 }
        let view = ChainStateView(world: world, context: ctx, fork: config.fork)
        let calls = prelude.systemCalls(number: ctx.number, timestamp: ctx.timestamp, coinbase: ctx.coinbase, view: view)
        for call in calls {
            world.beginTransaction()
            _ = world.warmAccount(SystemCall.systemAddress)
            _ = world.warmAccount(call.target)
            _ = world.warmAccount(ctx.coinbase)
            for p in Precompiles.addresses(for: config.fork) { _ = world.warmAccount(p) }
            var evm = EVM(host: world, block: ctx,
                          tx: TransactionContext(origin: SystemCall.systemAddress, gasPrice: .zero, blobHashes: []),
                          fork: config.fork)
            _ = evm.execute(Message(kind: .call, caller: SystemCall.systemAddress, target: call.target,
                                    input: call.data, gas: Int64(SystemCall.gasLimit)))
            world.finalizeTransaction(fork: config.fork)
        }
        return calls.count
    }
}
