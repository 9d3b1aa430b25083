import Primitives

/// Records the accounts and storage slots a transaction touches, by the rules of geth's
/// prestateTracer (`eth/tracers/native/prestate.go`): the sender, the recipient (or new contract),
/// the coinbase and EIP-7702 authorities at the start; then every callee and its EIP-7702
/// delegate, every created address, the accounts read by BALANCE, EXTCODESIZE, EXTCODECOPY,
/// EXTCODEHASH and SELFDESTRUCT (the beneficiary), and the slots read or written by SLOAD/SSTORE
/// of the running contract. Pair it with the states before and after the transaction
/// (`ReplayResult.before` / `after`) to build prestateTracer output. Not thread-safe.
public final class AccessTracer: EVMTracer {
    /// Touched accounts with the slots touched in each.
    public private(set) var accounts: [Address: Set<UInt256>] = [:]
    /// `accounts`' keys in first-touch order.
    public private(set) var order: [Address] = []
    /// Addresses created in the transaction (the creation transaction's target, CREATE/CREATE2 targets).
    public private(set) var created: Set<Address> = []
    /// Contracts that ran SELFDESTRUCT after being created in the same transaction (EIP-6780: removed).
    public private(set) var destroyed: Set<Address> = []

    /// A touch recorded at a step, kept only if the opcode got past its gas charge.
    var pending: (depth: Int, address: Address, slot: UInt256?, destroys: Address?)?

    public init() {}

    /// Adds `address` (and `slot`) to the touched set.
    public func touch(_ address: Address, slot: UInt256? = nil) {
        if accounts[address] == nil { accounts[address] = []; order.append(address) }
        if let slot { accounts[address]!.insert(slot) }
    }

    public func transactionStart(_ tx: TransactionStart) {
        touch(tx.from)
        touch(tx.to)
        if tx.isCreate { created.insert(tx.to) }
        touch(tx.coinbase)
        for a in tx.authorities { touch(a) }
    }

    public func step(_ s: TraceStep) {
        commitPending()
        let n = s.stack.count
        guard n >= 1 else { return }
        let top = s.stack[n - 1]
        switch s.op {
        case 0x54, 0x55:
            pending = (s.depth, s.address, top, nil)
        case 0x31, 0x3b, 0x3c, 0x3f:
            pending = (s.depth, Address(top), nil, nil)
        case 0xff:
            pending = (s.depth, Address(top), nil, created.contains(s.address) ? s.address : nil)
        default:
            break
        }
    }

    public func enter(_ f: FrameStart) {
        commitPending()
        guard f.kind != .selfdestruct else { return }
        touch(f.to)
        if f.codeAddress != f.to { touch(f.codeAddress) }
        if f.kind.isCreate { created.insert(f.to) }
    }

    public func frameEnd(depth: Int, gasLeft: Int64, refund: Int64, status: ExecutionStatus) {
        // An opcode that ran out of gas in its own charge never accessed anything.
        if let p = pending, p.depth == depth, status == .outOfGas { pending = nil }
        commitPending()
    }

    public func opCost(_ gas: Int64, depth: Int) {}
    public func messageEnd(_ result: ExecutionResult, messageGas: Int64) { commitPending() }

    func commitPending() {
        guard let p = pending else { return }
        pending = nil
        touch(p.address, slot: p.slot)
        if let d = p.destroys { destroyed.insert(d) }
    }
}
