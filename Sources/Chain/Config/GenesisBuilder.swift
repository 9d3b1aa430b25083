import EVM
import Primitives
import State

/// Builds a genesis alloc by running steps on a start alloc: placing code, setting balances and
/// executing calls with the EVM (contracts' `initialize`, token mints, stakes), so genesis can hold
/// initialised contracts without any transaction in a block.
///
/// Calls run on a `WorldState` with the block context of block 0 (number 0, the config's
/// timestamp, gas limit, base fee, coinbase and chain id, prevRandao 0) like a fee-less eth_call
/// that keeps its changes: the caller pays no gas and its nonce does not change, but `value` is
/// transferred from its balance; each call is its own transaction (EIP-2929 warm sets, EIP-1153
/// transient storage and EIP-161 clean-up per call); logs are dropped.
///
/// The same start alloc, steps and config always give the same alloc (and so the same genesis hash).
public enum GenesisBuilder {
    /// Gas each `.call` step may use: 1,000,000,000 (the block gas limit is not enforced here).
    public static let callGas: Int64 = 1_000_000_000

    /// One change to the genesis state, applied in order.
    public enum Step: Sendable {
        /// Installs `runtime` (runtime bytecode, not init code) at the address, keeping its balance
        /// and storage; the account's nonce becomes at least 1 (EIP-161: a contract's nonce starts at 1).
        case code(Address, [UInt8])
        /// A message call from `from` to `to` with calldata `data` and `value` wei. `label` names
        /// the step in errors (e.g. "LockingPool.initialize").
        case call(from: Address, to: Address, data: [UInt8], value: UInt256 = .zero, label: String)
        /// Sets the balance of the address to `wei`, creating the account if absent.
        case balance(Address, UInt256)

        /// A short name for errors: the label of a call, else the kind and address.
        public var name: String {
            switch self {
            case .code(let a, _): "code at \(a.checksummed)"
            case .call(_, _, _, _, let label): label
            case .balance(let a, _): "balance of \(a.checksummed)"
            }
        }
    }

    /// Applies `steps` to `alloc` and returns the resulting accounts (for `ChainConfig.alloc`).
    /// - Parameters:
    ///   - alloc: the start accounts (e.g. the dev accounts' balances).
    ///   - steps: applied in order.
    ///   - config: the chain's settings (chain id, fork, gas limit, base fee, coinbase, genesis
    ///     timestamp) for the calls' block context; its own `alloc` is ignored.
    /// - Throws: `GenesisBuildError` naming the first step that failed, with its index, the EVM
    ///   status and the decoded revert reason.
    public static func build(alloc: [Address: Account], steps: [Step], config: ChainConfig) throws(GenesisBuildError) -> [Address: Account] {
        let state = WorldState(genesis: alloc)
        let block = BlockContext(number: 0, timestamp: config.genesisTimestamp, coinbase: config.coinbase,
                                 gasLimit: config.gasLimit, baseFee: config.initialBaseFee, prevRandao: .zero,
                                 chainId: UInt256(config.chainId))
        for (index, step) in steps.enumerated() {
            state.beginTransaction()
            switch step {
            case .code(let address, let runtime):
                state.setCode(address, Bytecode(runtime))
                if state.nonce(address) == 0 { state.setNonce(address, 1) }
            case .balance(let address, let wei):
                state.setBalance(address, wei)
            case .call(let from, let to, let data, let value, let label):
                guard state.balance(from) >= value else {
                    throw GenesisBuildError(step: index, name: label, reason: "the caller \(from.checksummed) cannot pay the value \(value) wei")
                }
                _ = state.warmAccount(from)
                _ = state.warmAccount(to)
                _ = state.warmAccount(block.coinbase)
                for p in Precompiles.addresses(for: config.fork) { _ = state.warmAccount(p) }
                var evm = EVM(host: state, block: block, tx: TransactionContext(origin: from, gasPrice: .zero),
                              fork: config.fork)
                let result = evm.execute(Message(kind: .call, caller: from, target: to, value: value, input: data, gas: callGas))
                guard result.status.isSuccess else {
                    var reason = result.status.description
                    if let message = CallError.revertReason(result.output) { reason += ": \(message)" }
                    else if !result.output.isEmpty { reason += " (data \(Hex.encode(result.output)))" }
                    if state.code(to).isEmpty { reason += "; \(to.checksummed) has no code" }
                    throw GenesisBuildError(step: index, name: label, reason: reason)
                }
            }
            state.finalizeTransaction(fork: config.fork)
        }
        var out: [Address: Account] = [:]
        for address in state.addresses {
            if let account = state.account(address) { out[address] = account }
        }
        return out
    }
}

/// A genesis step that could not be applied.
public struct GenesisBuildError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Index of the step in the list (0-based).
    public var step: Int
    /// The step's name (a call's label).
    public var name: String
    /// What went wrong: the EVM status ("execution reverted") and the revert reason, if any.
    public var reason: String

    public init(step: Int, name: String, reason: String) {
        self.step = step
        self.name = name
        self.reason = reason
    }

    /// "genesis step N (name) failed: reason".
    public var description: String { "genesis step \(step) (\(name)) failed: \(reason)" }
}
