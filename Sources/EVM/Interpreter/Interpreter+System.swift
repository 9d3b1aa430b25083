import Primitives

extension Machine {
    /// SSTORE with EIP-2200 net metering, EIP-2929 cold slots and EIP-3529 refunds
    /// (EELS `prague/vm/instructions/storage.py`).
    @inline(never)
    func sstore(_ m: Message, key: UInt256, value new: UInt256, gas: inout Int64, refund: inout Int64) -> ExecutionStatus {
        // EIP-2200 sentry: fail if not more than the call stipend is left.
        if gas <= Gas.callStipend { return .outOfGas }
        let original = host.originalStorage(m.target, key)
        let current = host.storage(m.target, key)
        var cost: Int64 = 0
        if host.warmStorage(m.target, key) { cost += Gas.coldSload }
        if original == current && current != new {
            cost += original.isZero ? Gas.sstoreSet : Gas.sstoreReset - Gas.coldSload
        } else {
            cost += Gas.warmAccess
        }
        if current != new {
            if !original.isZero && !current.isZero && new.isZero { refund += Gas.sstoreClearRefund }
            if !original.isZero && current.isZero { refund -= Gas.sstoreClearRefund }
            if original == new {
                refund += original.isZero ? Gas.sstoreSet - Gas.warmAccess
                                          : Gas.sstoreReset - Gas.coldSload - Gas.warmAccess
            }
        }
        gas -= cost
        if gas < 0 { return .outOfGas }
        if m.isStatic { return .staticViolation }
        host.setStorage(m.target, key, new)
        return .success
    }

    /// LOG0…LOG4: 375 + 375 per topic (static) + 8 per data byte + memory. `top` points at the
    /// stack's top (offset), below it size and the topics.
    @inline(never)
    func log(_ m: Message, topics n: Int, top: UnsafeMutablePointer<UInt256>, mem: inout Memory, gas: inout Int64) -> ExecutionStatus {
        if m.isStatic { return .staticViolation }
        guard let r = mem.region(top[0], top[-1], &gas) else { return .outOfGas }
        gas -= Gas.logData * Int64(r.size)
        if gas < 0 { return .outOfGas }
        var topics: [Hash] = []
        topics.reserveCapacity(n)
        for i in 0..<n { topics.append(Hash(word: top[-2 - i])) }
        let entry = Log(address: m.target, topics: topics, data: mem.bytes(r.offset, r.size))
        if let tracer { tracer.log(entry, depth: m.depth + 1) }
        host.emitLog(entry)
        return .success
    }

    /// SELFDESTRUCT with EIP-6780 semantics (EELS `cancun/vm/instructions/system.py`).
    @inline(never)
    func selfDestruct(_ m: Message, beneficiary: Address, gas: inout Int64) -> ExecutionStatus {
        var cost: Int64 = 0
        if host.warmAccount(beneficiary) { cost += Gas.coldAccountAccess }
        if host.isEmpty(beneficiary) && !host.balance(m.target).isZero { cost += Gas.selfDestructNewAccount }
        gas -= cost
        if gas < 0 { return .outOfGas }
        if m.isStatic { return .staticViolation }
        if let tracer {
            // geth reports the transfer as a SELFDESTRUCT frame with gas 0 below the frame.
            let balance = host.balance(m.target)
            tracer.enter(FrameStart(kind: .selfdestruct, from: m.target, to: beneficiary, codeAddress: beneficiary,
                                    value: balance, gas: 0, input: [], depth: m.depth + 2))
            tracer.exit(FrameExit(output: [], gasUsed: 0, status: .success, depth: m.depth + 2))
        }
        host.selfDestruct(m.target, beneficiary: beneficiary)
        return .success
    }

    /// All but one 64th of `gas` (EIP-150).
    @inline(__always) func allButOne64th(_ gas: Int64) -> Int64 { gas - gas / 64 }

    /// CREATE / CREATE2 (EELS `prague/vm/instructions/system.py` `create`, `create2`, `generic_create`).
    /// `base` points at the deepest argument: base[n-1] = value, then offset, size (, salt).
    /// The result (address or 0) is written to base[0].
    @inline(never)
    func create(_ m: Message, isCreate2: Bool, base: UnsafeMutablePointer<UInt256>, mem: inout Memory,
                gas: inout Int64, refund: inout Int64, returnData: inout [UInt8]) -> ExecutionStatus {
        let n = isCreate2 ? 4 : 3
        let gasAtEntry = gas
        lastOpCost = -1
        let value = base[n - 1], offset = base[n - 2], size = base[n - 3]
        let salt = isCreate2 ? base[0] : .zero
        guard let r = mem.region(offset, size, &gas) else { return .outOfGas }
        // EIP-3860: init code limit, 2 gas per word (+6 per word for the CREATE2 hash).
        if r.size > GasSchedule.maxInitcodeSize { return .initcodeSizeLimit }
        gas -= (Gas.initcodeWord + (isCreate2 ? Gas.keccakWord : 0)) * words(r.size)
        if gas < 0 { return .outOfGas }
        if m.isStatic { return .staticViolation }
        let initCode = mem.bytes(r.offset, r.size)
        let charged = gasAtEntry - gas
        lastOpCost = charged
        let childGas = allButOne64th(gas)
        gas -= childGas
        returnData = []
        let creator = m.target
        let creatorNonce = host.nonce(creator)
        if host.balance(creator) < value || creatorNonce == UInt64.max || m.depth + 1 > Limits.maxCallDepth {
            if tracer != nil {
                let address = isCreate2
                    ? ContractAddress.create2(sender: creator, salt: salt, initCodeHash: Keccak256.hash(initCode))
                    : ContractAddress.create(sender: creator, nonce: creatorNonce)
                let child = Message(kind: isCreate2 ? .create2 : .create, caller: creator, target: address,
                                    value: value, input: initCode, gas: childGas, depth: m.depth + 1, salt: salt)
                let status: ExecutionStatus = m.depth + 1 > Limits.maxCallDepth ? .callDepth
                    : host.balance(creator) < value ? .insufficientBalance : .nonceOverflow
                traceFailedFrame(child, to: address, status: status, gasUsed: 0)
            }
            gas += childGas
            base[0] = .zero
            return .success
        }
        let address = isCreate2
            ? ContractAddress.create2(sender: creator, salt: salt, initCodeHash: Keccak256.hash(initCode))
            : ContractAddress.create(sender: creator, nonce: creatorNonce)
        _ = host.warmAccount(address)
        host.setNonce(creator, creatorNonce + 1)
        let child = Message(kind: isCreate2 ? .create2 : .create, caller: creator, target: address,
                            codeAddress: address, value: value, input: initCode, gas: childGas,
                            isStatic: false, depth: m.depth + 1, salt: salt)
        if hasCollision(address) {
            if tracer != nil { traceFailedFrame(child, to: address, status: .createCollision, gasUsed: childGas) }
            base[0] = .zero   // the child's gas is consumed
            return .success
        }
        let result = nested(depth: child.depth) { createFrame(child, address: address) }
        lastOpCost = charged
        gas += result.gasLeft
        if result.status == .success {
            refund += result.refund
            returnData = []
            base[0] = address.word
        } else {
            returnData = result.output
            base[0] = .zero
        }
        return .success
    }

    /// CALL / CALLCODE / DELEGATECALL / STATICCALL (EELS `prague/vm/instructions/system.py`).
    /// `base` points at the deepest argument; the top (base[n-1]) is the gas. The result flag is
    /// written to base[0].
    @inline(never)
    func call(_ m: Message, op: UInt8, base: UnsafeMutablePointer<UInt256>, mem: inout Memory,
              gas: inout Int64, refund: inout Int64, returnData: inout [UInt8]) -> ExecutionStatus {
        let hasValue = op == 0xf1 || op == 0xf2
        let gasAtEntry = gas
        lastOpCost = -1
        let n = hasValue ? 7 : 6
        let requested = base[n - 1]
        let to = Address(base[n - 2])
        let value = hasValue ? base[n - 3] : .zero
        let k = hasValue ? n - 4 : n - 3      // index of input offset
        guard let input = mem.region(base[k], base[k - 1], &gas),
              let out = mem.region(base[k - 2], base[k - 3], &gas) else { return .outOfGas }

        var extra: Int64 = host.warmAccount(to) ? Gas.coldAccountAccess : Gas.warmAccess
        // EIP-7702 (Prague): calls follow a delegation designator, paying access to the delegate.
        var code = host.code(to)
        var precompile = Precompiles.index(of: to, fork: fork)
        if precompile == nil, block.ai != nil, to == AIPrecompile.address { precompile = AIPrecompile.number }
        if fork >= .prague, let delegate = code.delegationTarget {
            extra += host.warmAccount(delegate) ? Gas.coldAccountAccess : Gas.warmAccess
            code = host.code(delegate)
            precompile = nil
        }
        if !value.isZero {
            extra += Gas.callValue
            if op == 0xf1 && host.isEmpty(to) { extra += Gas.newAccount }
        }
        // EIP-150: the callee gets min(requested, all but 1/64 of what is left after `extra`).
        if gas < extra {
            // EELS charges requested + extra + memory here and fails (its trace's gasCost).
            if let r = requested.uint64, r <= UInt64(Int64.max / 2) { lastOpCost = gasAtEntry - gas + extra + Int64(r) }
            return .outOfGas
        }
        let available = allButOne64th(gas - extra)
        let callGas: Int64 = (requested.uint64.map { $0 < UInt64(available) } ?? false) ? Int64(requested.w0) : available
        gas -= extra + callGas
        let charged = gasAtEntry - gas
        lastOpCost = charged
        if op == 0xf1 && m.isStatic && !value.isZero { return .staticViolation }
        let stipend: Int64 = value.isZero ? 0 : Gas.callStipend
        returnData = []
        if (hasValue && host.balance(m.target) < value) || m.depth + 1 > Limits.maxCallDepth {
            if tracer != nil {
                let failed = Message(kind: op == 0xf1 ? .call : op == 0xf2 ? .callCode : op == 0xf4 ? .delegateCall : .staticCall,
                                     caller: op == 0xf4 ? m.caller : m.target, target: op == 0xf1 || op == 0xfa ? to : m.target,
                                     codeAddress: to, value: op == 0xf4 ? m.value : value,
                                     input: mem.bytes(input.offset, input.size),
                                     gas: callGas + stipend, depth: m.depth + 1)
                traceFailedFrame(failed, to: failed.target,
                                 status: m.depth + 1 > Limits.maxCallDepth ? .callDepth : .insufficientBalance, gasUsed: 0)
            }
            gas += callGas + stipend
            base[0] = .zero
            return .success
        }
        let child: Message
        let data = mem.bytes(input.offset, input.size)
        switch op {
        case 0xf1:
            child = Message(kind: .call, caller: m.target, target: to, codeAddress: to, value: value, input: data,
                            gas: callGas + stipend, isStatic: m.isStatic, depth: m.depth + 1)
        case 0xf2:
            child = Message(kind: .callCode, caller: m.target, target: m.target, codeAddress: to, value: value,
                            input: data, gas: callGas + stipend, isStatic: m.isStatic, depth: m.depth + 1)
        case 0xf4:
            child = Message(kind: .delegateCall, caller: m.caller, target: m.target, codeAddress: to, value: m.value,
                            input: data, gas: callGas, isStatic: m.isStatic, depth: m.depth + 1)
        default:
            child = Message(kind: .staticCall, caller: m.target, target: to, codeAddress: to, value: .zero,
                            input: data, gas: callGas, isStatic: true, depth: m.depth + 1)
        }
        let result = nested(depth: child.depth) { callFrame(child, code: code, precompile: precompile) }
        lastOpCost = charged
        gas += result.gasLeft
        if result.status == .success { refund += result.refund }
        returnData = result.output
        base[0] = result.status == .success ? .one : .zero
        let copy = Swift.min(out.size, result.output.count)
        if copy > 0 {
            result.output.withUnsafeBytes { (mem.base! + out.offset).copyMemory(from: $0.baseAddress!, byteCount: copy) }
        }
        return .success
    }
}
