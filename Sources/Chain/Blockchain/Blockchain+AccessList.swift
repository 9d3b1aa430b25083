import EVM
import Primitives
import State

/// The answer of eth_createAccessList: the list, the gas the call used with it, and how it ended.
public struct AccessListResult: Sendable {
    /// Accounts (in first-touch order) with the storage slots (32 bytes, first-touch order) the call
    /// touched; excludes the sender, the recipient (or the created contract's address) and the
    /// precompiles unless their storage was touched (as geth).
    public var accessList: [AccessListEntry]
    /// Gas used (after refunds) by the final run, which carries `accessList`.
    public var gasUsed: UInt64
    /// How the final run ended; not `.success` → geth's `error` member ("execution reverted", …).
    public var status: ExecutionStatus
    /// Return or revert data of the final run.
    public var output: [UInt8]
}

/// Collects what an execution touches, with go-ethereum's rules (`eth/tracers/logger/access_list_tracer.go`):
/// SLOAD/SSTORE add (current contract, slot); BALANCE, EXTCODESIZE, EXTCODECOPY, EXTCODEHASH and
/// SELFDESTRUCT add the address on top of the stack; CALL, CALLCODE, DELEGATECALL and STATICCALL add
/// their target address (second stack item) — each address unless it is excluded (sender,
/// recipient, precompiles). Slots are recorded for every account, excluded or not. Slots warmed in
/// frames whose address the tracer cannot know without memory (code run by CREATE2) are picked up
/// from the state's warm-slot set at the end.
final class AccessListTracer: EVMTracer {
    private let excluded: Set<Address>
    /// The state being executed on (read for CREATE addresses and the warm set); nil before a run.
    private let state: WorldState?
    /// Addresses in first-touch order, each with its slots in first-touch order.
    private(set) var order: [Address] = []
    private(set) var slots: [Address: [UInt256]] = [:]
    private var slotSets: [Address: Set<UInt256>] = [:]
    /// The storage address of the frame at each depth (index 0 unused; nil when unknown).
    private var frames: [Address?]
    /// Storage address of the frame the last CALL/CREATE-family opcode may enter.
    private var pending: Address?

    init(initial: [AccessListEntry], excluded: Set<Address>, state: WorldState?, target: Address) {
        self.excluded = excluded
        self.state = state
        self.frames = [nil, target]
        for e in initial {
            if !excluded.contains(e.address) { addAddress(e.address) }
            for k in e.storageKeys { addSlot(e.address, k.word) }
        }
    }

    private func addAddress(_ a: Address) {
        if slots[a] == nil {
            slots[a] = []
            slotSets[a] = []
            order.append(a)
        }
    }

    private func addSlot(_ a: Address, _ slot: UInt256) {
        addAddress(a)
        if slotSets[a]!.insert(slot).inserted { slots[a]!.append(slot) }
    }

    /// The collected list (entries and keys in first-touch order).
    var list: [AccessListEntry] {
        order.map { AccessListEntry(address: $0, storageKeys: slots[$0]!.map { Hash(word: $0) }) }
    }

    /// Same addresses and the same slot sets (order ignored), geth's `accessList.equal`.
    func sameContents(as other: AccessListTracer) -> Bool {
        guard Set(order) == Set(other.order) else { return false }
        for a in order where slotSets[a] != other.slotSets[a] { return false }
        return true
    }

    func step(_ s: TraceStep) {
        let d = s.depth
        if frames.count <= d {
            while frames.count < d { frames.append(nil) }
            frames.append(pending)
        } else if frames.count > d + 1 {
            frames.removeLast(frames.count - d - 1)
        }
        pending = nil
        let stack = s.stack
        let n = stack.count
        switch s.op {
        case 0x54, 0x55:   // SLOAD, SSTORE
            if n >= 1, let current = frames[d] { addSlot(current, stack[n - 1]) }
        case 0x31, 0x3b, 0x3c, 0x3f, 0xff:   // BALANCE, EXTCODESIZE, EXTCODECOPY, EXTCODEHASH, SELFDESTRUCT
            if n >= 1 {
                let a = Address(stack[n - 1])
                if !excluded.contains(a) { addAddress(a) }
            }
        case 0xf1, 0xf2, 0xf4, 0xfa:   // CALL, CALLCODE, DELEGATECALL, STATICCALL
            if n >= 5 {
                let a = Address(stack[n - 2])
                if !excluded.contains(a) { addAddress(a) }
                // CALL / STATICCALL run in the callee's storage; CALLCODE / DELEGATECALL in ours.
                pending = (s.op == 0xf1 || s.op == 0xfa) ? a : frames[d]
            }
        case 0xf0:   // CREATE: address from the creator's nonce before the increment
            if let current = frames[d], let state {
                pending = ContractAddress.create(sender: current, nonce: state.nonce(current))
            }
        default:
            break
        }
    }

    func opCost(_ gas: Int64, depth: Int) {}
    func frameEnd(depth: Int, gasLeft: Int64, refund: Int64, status: ExecutionStatus) {}

    func messageEnd(_ result: ExecutionResult, messageGas: Int64) {
        // Slots of frames the tracer could not attribute (CREATE2), from the still-open warm set.
        guard let state else { return }
        for (a, slot) in state.warmStorageSlots.sorted(by: { ($0.address.hex, $0.slot) < ($1.address.hex, $1.slot) })
        where slotSets[a]?.contains(slot) != true {
            addSlot(a, slot)
        }
    }
}

extension Blockchain {
    /// eth_createAccessList: the EIP-2930 access list `request` would use on the state after block
    /// `number`, by go-ethereum's algorithm (`internal/ethapi` `AccessList`): run the call with the
    /// list found so far (initially `request.accessList`), collect what it touches, and repeat until
    /// the list no longer changes; `gasUsed` is that of the last run. Gas and fees as `call`.
    /// Excluded unless their storage is touched: the sender (`from`, default zero address), the
    /// recipient (for a creation: the address the contract would get from the sender's nonce) and
    /// the fork's precompiles.
    /// - Throws: `CallError.unknownBlock`, or `.rejected` when the request fails the transaction checks.
    public func createAccessList(_ request: CallRequest, at number: UInt64) throws(CallError) -> AccessListResult {
        guard let snapshot = state(at: number), let block = block(number: number) else { throw .unknownBlock(number) }
        let gas = min(request.gas ?? config.callGasCap, config.callGasCap)
        let from = request.from ?? .zero
        let to = request.to ?? ContractAddress.create(sender: from, nonce: snapshot.nonce(from))
        var excluded: Set<Address> = [from, to]
        for p in Precompiles.addresses(for: config.fork) { excluded.insert(p) }
        if aiOracle != nil { excluded.insert(AIPrecompile.address) }   // warm like the others where active
        let context = context(of: block.header)

        var previous = AccessListTracer(initial: request.accessList, excluded: excluded, state: nil, target: to)
        // Each run can only add entries and a call touches finitely many, so this ends; the cap
        // guards against a pathological oscillation.
        for _ in 0..<64 {
            let list = previous.list
            var r = request
            r.accessList = list
            let world = snapshot.makeWorldState()
            world.blockHashSource = { [unowned self] n in n <= number ? self.hashOfBlock(n) : .zero }
            let tracer = AccessListTracer(initial: list, excluded: excluded, state: world, target: to)
            let outcome: ExecutionOutcome
            do {
                outcome = try executor.execute(executionRequest(r, gas: gas), state: world, block: context,
                                               mode: .call, tracer: tracer)
            } catch {
                throw .rejected(error)
            }
            if tracer.sameContents(as: previous) {
                return AccessListResult(accessList: list, gasUsed: outcome.gasUsed, status: outcome.status,
                                        output: outcome.output)
            }
            previous = tracer
        }
        throw .rejected(.malformed("access list did not converge"))
    }
}
