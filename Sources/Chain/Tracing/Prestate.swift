import EVM
import Primitives
import State

/// prestateTracer options (geth `PrestateTracerConfig`).
public struct PrestateOptions: Sendable, Hashable {
    /// Report `pre` and `post` of the accounts the transaction changed (else: `pre` of all touched).
    public var diffMode = false
    /// Leave out contract code (codeHash stays).
    public var disableCode = false
    /// Leave out storage.
    public var disableStorage = false
    /// Keep accounts that were empty (no balance, nonce or code) before the transaction (not with diffMode).
    public var includeEmpty = false

    public init(diffMode: Bool = false, disableCode: Bool = false, disableStorage: Bool = false, includeEmpty: Bool = false) {
        self.diffMode = diffMode
        self.disableCode = disableCode
        self.disableStorage = disableStorage
        self.includeEmpty = includeEmpty
    }
}

/// One account in prestateTracer output; nil fields are left out of the JSON.
public struct PrestateAccount: Sendable, Hashable {
    /// Wei (always set in `pre`; in `post` only when it changed).
    public var balance: UInt256?
    /// Set in `pre`; in `post` only when it changed (geth omits a zero nonce either way).
    public var nonce: UInt64?
    /// Non-empty code (`pre`), or the new code when it changed (`post`, possibly empty).
    public var code: [UInt8]?
    /// keccak256 of non-empty code (`pre`), or the new one when it changed (`post`).
    public var codeHash: Hash?
    /// Slots by key: in `pre` the touched slots' values before (in diffMode only the changed,
    /// nonzero ones); in `post` the changed slots' nonzero new values.
    public var storage: [UInt256: UInt256] = [:]

    public init(balance: UInt256? = nil, nonce: UInt64? = nil, code: [UInt8]? = nil, codeHash: Hash? = nil,
                storage: [UInt256: UInt256] = [:]) {
        self.balance = balance
        self.nonce = nonce
        self.code = code
        self.codeHash = codeHash
        self.storage = storage
    }

    /// geth's "empty" pre-state account: zero balance and nonce, no code.
    var isEmpty: Bool { (balance ?? .zero).isZero && (nonce ?? 0) == 0 && codeHash == nil }
}

/// The result of geth's prestateTracer (`eth/tracers/native/prestate.go`) for one transaction,
/// from the accounts and slots it touched (`AccessTracer`) and the states before and after it.
///
/// Plain mode: `pre` holds every touched account as it was before — balance, nonce, code and
/// codeHash when it has code, and the touched slots (zero values included) — except accounts that
/// were empty (no balance, nonce or code) unless `includeEmpty`.
/// diffMode: `post` holds, for each touched account that changed, the fields that changed (balance,
/// nonce, code/codeHash, the changed slots' nonzero new values); `pre` keeps only those accounts,
/// with only their changed slots that were nonzero before; accounts empty before are left out of
/// `pre`, contracts created and self-destructed in the transaction out of `post`.
/// (One deliberate difference: geth reports a touched account that exists neither before nor after
/// with a zero codeHash in `post`; here it is unchanged and left out.)
public struct Prestate: Sendable {
    public var pre: [Address: PrestateAccount] = [:]
    public var post: [Address: PrestateAccount] = [:]

    public init(accesses: AccessTracer, before: StateSnapshot, after: StateSnapshot, options: PrestateOptions) {
        for (address, slots) in accesses.accounts {
            let code = before.code(address)
            var a = PrestateAccount(balance: before.balance(address), nonce: before.nonce(address),
                                    code: code.isEmpty || options.disableCode ? nil : code.bytes,
                                    codeHash: code.isEmpty ? nil : code.hash)
            if !options.disableStorage {
                for slot in slots { a.storage[slot] = before.storage(address, slot) }
            }
            pre[address] = a
        }
        let emptyBefore = Set(pre.filter { $0.value.isEmpty }.map(\.key))
        if options.diffMode {
            for (address, old) in pre where !accesses.destroyed.contains(address) {
                var changed = false
                var p = PrestateAccount()
                var kept = old
                let balance = after.balance(address)
                if balance != old.balance { p.balance = balance; changed = true }
                let nonce = after.nonce(address)
                if nonce != old.nonce { p.nonce = nonce; changed = true }
                let code = after.code(address)
                let codeHash = after.codeHash(address)
                if codeHash != (old.codeHash ?? Keccak256.emptyHash) {
                    p.codeHash = codeHash
                    changed = true
                }
                if !options.disableCode, code.bytes != (old.code ?? []) {
                    p.code = code.bytes
                    changed = true
                }
                for (slot, value) in old.storage {
                    let new = after.storage(address, slot)
                    if value.isZero || value == new { kept.storage[slot] = nil }
                    if value != new {
                        changed = true
                        if !new.isZero { p.storage[slot] = new }
                    }
                }
                if changed {
                    post[address] = p
                    pre[address] = kept
                } else {
                    pre[address] = nil
                }
            }
        }
        if !options.includeEmpty || options.diffMode {
            for address in emptyBefore { pre[address] = nil }
        }
    }
}
