import Primitives

/// What the interpreter needs from the world. `State.WorldState` implements it with a journal;
/// tests use a mock.
///
/// All mutations are journaled by the host so that `revert(to:)` undoes them, including warm/cold
/// marks (EIP-2929), transient storage (EIP-1153), logs, created-account marks and self-destruct
/// marks. The EVM calls `checkpoint()` before every call/create frame and either `commit(_:)` or
/// `revert(to:)` after it, strictly nested.
///
/// Note for implementers in other modules: inside a module that imports `EVM`, the name `EVM`
/// refers to the generic struct `EVM<H>`, so write `Host`, not `EVM.Host`.
public protocol Host: AnyObject {
    // MARK: reads
    /// True if the account is present in state (even if empty per EIP-161).
    func accountExists(_ a: Address) -> Bool
    /// EIP-161 emptiness: nonce 0, balance 0 and no code. True if the account is absent.
    func isEmpty(_ a: Address) -> Bool
    /// Balance in wei (zero if absent).
    func balance(_ a: Address) -> UInt256
    /// Account nonce (zero if absent).
    func nonce(_ a: Address) -> UInt64
    /// The account's code, analysed (JUMPDEST bitmap computed once per code; `Bytecode.empty` if none).
    func code(_ a: Address) -> Bytecode
    /// `Keccak256.emptyHash` for an existing account without code; `Hash.zero` if the account is
    /// absent. (EXTCODEHASH of an existing but EIP-161-empty account is 0: the EVM checks `isEmpty`.)
    func codeHash(_ a: Address) -> Hash
    /// True if the account has at least one nonzero storage slot now (EIP-7610: creating over such
    /// an account is a collision). False if the account is absent.
    func hasStorage(_ a: Address) -> Bool
    /// Current value of a storage slot (zero if unset).
    func storage(_ a: Address, _ key: UInt256) -> UInt256
    /// Value of the slot at the start of the current transaction (EIP-2200 "original value").
    func originalStorage(_ a: Address, _ key: UInt256) -> UInt256
    /// EIP-1153 transient storage (cleared at the end of each transaction).
    func transientStorage(_ a: Address, _ key: UInt256) -> UInt256
    /// Hash of a past block. The EVM only asks for the 256 most recent blocks (number < current).
    func blockHash(_ number: UInt64) -> Hash

    // MARK: EIP-2929 access sets
    /// Marks the account warm; returns true when it WAS cold.
    func warmAccount(_ a: Address) -> Bool
    /// Marks the storage slot warm; returns true when it WAS cold.
    func warmStorage(_ a: Address, _ key: UInt256) -> Bool

    // MARK: writes
    func setStorage(_ a: Address, _ key: UInt256, _ value: UInt256)
    func setTransientStorage(_ a: Address, _ key: UInt256, _ value: UInt256)
    func setNonce(_ a: Address, _ nonce: UInt64)
    /// Adds wei to the balance, creating the account if absent (and touching it, EIP-161).
    func addBalance(_ a: Address, _ amount: UInt256)
    /// Subtracts wei; the caller has checked that the balance suffices.
    func subtractBalance(_ a: Address, _ amount: UInt256)
    /// Installs contract code (code deposit of a create, or a test fixture).
    func setCode(_ a: Address, _ code: [UInt8])
    /// Marks a contract as created in this transaction (EIP-6780); clears storage of a pre-existing
    /// account at that address (it can only have had a balance: EIP-7610 collisions are rejected before).
    func markCreated(_ a: Address)
    /// True if `markCreated` was called for this address in the current transaction.
    func wasCreatedInTransaction(_ a: Address) -> Bool
    /// SELFDESTRUCT (EIP-6780). Called by the EVM for every executed SELFDESTRUCT. The host moves
    /// the whole balance of `a` to `beneficiary` (nothing moves when they are equal) and, only if
    /// `wasCreatedInTransaction(a)`, zeroes `a`'s balance now (so a self-beneficiary burns it) and
    /// marks `a` for deletion at the end of the transaction.
    func selfDestruct(_ a: Address, beneficiary: Address)
    func emitLog(_ log: Log)

    // MARK: journal
    /// Opens a nested checkpoint; returns its id.
    func checkpoint() -> Int
    /// Undoes every change made since `checkpoint` (and closes it).
    func revert(to checkpoint: Int)
    /// Keeps the changes made since `checkpoint` (and closes it). May be a no-op.
    func commit(_ checkpoint: Int)
}

/// Another name for `Host`, for files that also import Foundation: Foundation (on Linux) has a
/// class `Host`, and `EVM.Host` cannot disambiguate because `EVM` names the struct, not the module.
public typealias EVMHost = Host
