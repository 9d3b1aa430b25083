import EVM
import Primitives
import State

/// What the executor runs: a signed transaction's fields, or an `eth_call` request's.
public struct ExecutionRequest: Sendable {
    /// How the gas price is given.
    public enum Pricing: Sendable, Hashable {
        /// Legacy and EIP-2930: one gas price in wei.
        case legacy(gasPrice: UInt256)
        /// EIP-1559: fee cap and priority fee in wei per gas.
        case dynamic(maxFeePerGas: UInt256, maxPriorityFeePerGas: UInt256)
    }

    public var sender: Address
    /// nil creates a contract from `data` (the init code).
    public var to: Address?
    /// The transaction's nonce; nil for calls (the sender's current nonce is used, not checked).
    public var nonce: UInt64?
    /// Gas limit in gas.
    public var gasLimit: UInt64
    public var pricing: Pricing
    /// Wei sent with the call or to the new contract.
    public var value: UInt256
    public var data: [UInt8]
    public var accessList: [AccessListEntry]

    public init(sender: Address, to: Address?, nonce: UInt64?, gasLimit: UInt64, pricing: Pricing,
                value: UInt256, data: [UInt8], accessList: [AccessListEntry]) {
        self.sender = sender
        self.to = to
        self.nonce = nonce
        self.gasLimit = gasLimit
        self.pricing = pricing
        self.value = value
        self.data = data
        self.accessList = accessList
    }

    /// The request for a signed transaction sent by `sender`.
    public init(transaction tx: Transaction, sender: Address) {
        let pricing: Pricing
        if tx.type == .dynamicFee {
            pricing = .dynamic(maxFeePerGas: tx.maxFeePerGas ?? .zero, maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? .zero)
        } else {
            pricing = .legacy(gasPrice: tx.gasPrice ?? .zero)
        }
        self.init(sender: sender, to: tx.to, nonce: tx.nonce, gasLimit: tx.gasLimit, pricing: pricing,
                  value: tx.value, data: tx.data, accessList: tx.accessList)
    }

    /// Highest price per gas the sender may pay (gasPrice, or maxFeePerGas), in wei.
    public var feeCap: UInt256 {
        switch pricing {
        case .legacy(let p): p
        case .dynamic(let fee, _): fee
        }
    }

    /// Priority fee cap in wei per gas (gasPrice for legacy transactions).
    public var tipCap: UInt256 {
        switch pricing {
        case .legacy(let p): p
        case .dynamic(_, let tip): tip
        }
    }

    /// The price per gas paid in a block with base fee `baseFee` (EIP-1559).
    public func effectiveGasPrice(baseFee: UInt256) -> UInt256 {
        switch pricing {
        case .legacy(let p): p
        case .dynamic(let fee, let tip): FeeMarket.effectiveGasPrice(maxFeePerGas: fee, maxPriorityFeePerGas: tip, baseFee: baseFee)
        }
    }
}

/// The result of one executed transaction or call.
public struct ExecutionOutcome: Sendable {
    /// How the top-level frame ended.
    public var status: ExecutionStatus
    /// Gas charged to the sender after the refund and the EIP-7623 floor.
    public var gasUsed: UInt64
    /// Gas refunded (EIP-3529, already subtracted from `gasUsed`).
    public var gasRefunded: UInt64
    /// Return data, or revert data when `status == .revert`.
    public var output: [UInt8]
    /// Logs of a successful execution (empty when it failed).
    public var logs: [Log]
    /// For a creation: the new contract's address (keccak(rlp([sender, nonce]))[12...]), set even when
    /// the creation failed, as geth's receipts do.
    public var contractAddress: Address?
    /// Price per gas paid, in wei.
    public var effectiveGasPrice: UInt256

    public var succeeded: Bool { status.isSuccess }
}

/// Runs transactions on a `WorldState`: the transaction level above the EVM (Yellow Paper §6,
/// EELS `prague/fork.py` `check_transaction` / `process_transaction`).
///
/// Order: validate (nonce, fee caps, balance for gasLimit × feeCap + value, intrinsic gas and the
/// EIP-7623 floor, EIP-3607 sender without code, EIP-3860 init code size) → increment the nonce →
/// buy gas at the effective price → warm origin, target, coinbase (EIP-3651), precompiles and the
/// access list (EIP-2929/2930) → run the message → refund min(refund, gasUsed / 5) (EIP-3529) →
/// gasUsed = max(gasUsed, floor) (EIP-7623, Prague) → return unused gas to the sender, pay the
/// priority fee to the coinbase, burn the base fee.
public struct TransactionExecutor: Sendable {
    /// The rules in force.
    public var fork: Hardfork
    /// This chain's id (for the block context; chain ids of transactions are checked by the pool).
    public var chainId: UInt64

    public init(fork: Hardfork, chainId: UInt64) {
        self.fork = fork
        self.chainId = chainId
    }

    /// How strictly a request is checked.
    public enum Mode: Sendable {
        /// A transaction in a block: every check.
        case transaction
        /// eth_call / eth_estimateGas (geth's `NoBaseFee`, `SkipNonceChecks`, `SkipFromEOACheck`):
        /// no nonce or EOA check; with a zero fee cap no fee is charged and BASEFEE reads the block's value.
        case call
    }

    /// Intrinsic gas (Yellow Paper §6.2 g0 with EIP-2028, 2930, 3860) of a request.
    public func intrinsicGas(_ r: ExecutionRequest) -> UInt64 {
        GasSchedule.intrinsicGas(data: r.data, isCreate: r.to == nil, accessListAddresses: r.accessList.count,
                                 accessListStorageKeys: r.accessList.reduce(0) { $0 + $1.storageKeys.count })
    }

    /// EIP-7623 floor (Prague and later; 0 before).
    public func floorGas(_ r: ExecutionRequest) -> UInt64 {
        fork >= .prague ? GasSchedule.floorDataGas(data: r.data) : 0
    }

    /// Checks a request against the state and block without changing anything.
    /// - Throws: the `TxPoolError` naming the first failed check.
    public func validate(_ r: ExecutionRequest, state: WorldState, block: BlockContext, mode: Mode) throws(TxPoolError) {
        if fork >= .osaka, mode == .transaction, r.gasLimit > TransactionLimits.maxTransactionGasLimit {
            throw .gasLimitTooHigh(gasLimit: r.gasLimit, cap: TransactionLimits.maxTransactionGasLimit)
        }
        let intrinsic = intrinsicGas(r)
        guard r.gasLimit >= intrinsic else { throw .intrinsicGasTooLow(have: r.gasLimit, want: intrinsic) }
        let floor = floorGas(r)
        guard r.gasLimit >= floor else { throw .floorDataGasTooLow(have: r.gasLimit, want: floor) }
        if r.to == nil, r.data.count > GasSchedule.maxInitcodeSize {
            throw .initcodeTooLarge(size: r.data.count, limit: GasSchedule.maxInitcodeSize)
        }
        if case .dynamic(let fee, let tip) = r.pricing, tip > fee {
            throw .tipAboveFeeCap(address: r.sender, maxPriorityFeePerGas: tip, maxFeePerGas: fee)
        }
        let chargesFees = mode == .transaction || !r.feeCap.isZero
        if chargesFees, r.feeCap < block.baseFee {
            throw .feeCapTooLow(address: r.sender, maxFeePerGas: r.feeCap, baseFee: block.baseFee)
        }
        let current = state.nonce(r.sender)
        if mode == .transaction {
            let nonce = r.nonce ?? current
            if nonce < current { throw .nonceTooLow(next: current, tx: nonce) }
            if nonce > current { throw .nonceTooHigh(next: current, tx: nonce) }
            let codeHash = state.codeHash(r.sender)
            if codeHash != .zero, codeHash != Keccak256.emptyHash { throw .senderNotEOA(address: r.sender, codeHash: codeHash) }
        }
        if current == .max { throw .nonceMax(address: r.sender, nonce: current) }
        let want = chargesFees ? Self.upfrontCost(r) : r.value
        let have = state.balance(r.sender)
        guard let want, have >= want else {
            throw .insufficientFunds(address: r.sender, have: have, want: want ?? .max)
        }
    }

    /// gasLimit × feeCap + value in wei (nil above 2^256 − 1), the balance a sender needs.
    public static func upfrontCost(_ r: ExecutionRequest) -> UInt256? {
        guard let gas = FeeMarket.multiply(UInt256(r.gasLimit), r.feeCap) else { return nil }
        return FeeMarket.add(gas, r.value)
    }

    /// Validates and executes `r` on `state`, leaving the state changes in place (the caller commits
    /// the block or throws the state away). Opens and finalizes the state's transaction scope.
    /// With `tracer`, the EVM reports every opcode to it (EIP-3155; see `EIP3155Tracer`).
    /// - Throws: `TxPoolError` if the request fails validation; the state is then unchanged.
    public func execute(_ r: ExecutionRequest, state: WorldState, block: BlockContext, mode: Mode = .transaction,
                        tracer: (any EVMTracer)? = nil)
        throws(TxPoolError) -> ExecutionOutcome
    {
        try validate(r, state: state, block: block, mode: mode)
        let chargesFees = mode == .transaction || !r.feeCap.isZero
        let baseFee = chargesFees ? block.baseFee : .zero
        let price = chargesFees ? r.effectiveGasPrice(baseFee: baseFee) : .zero
        var blockContext = block
        if !chargesFees { blockContext.baseFee = .zero }  // geth's NoBaseFee for fee-less calls

        state.beginTransaction()
        let nonce = state.nonce(r.sender)
        // Buy gas and increment the nonce. For a creation the EVM derives the address from the
        // nonce before this increment (see `EVM.execute`).
        let gasCost = UInt256(r.gasLimit) &* price   // validated: fits, balance covers it
        state.subtractBalance(r.sender, gasCost)
        state.setNonce(r.sender, nonce + 1)

        // EIP-2929 / 2930 / 3651 warm sets.
        _ = state.warmAccount(r.sender)
        if let to = r.to { _ = state.warmAccount(to) }
        _ = state.warmAccount(block.coinbase)
        for p in Precompiles.addresses(for: fork) { _ = state.warmAccount(p) }
        for entry in r.accessList {
            _ = state.warmAccount(entry.address)
            for key in entry.storageKeys { _ = state.warmStorage(entry.address, key.word) }
        }

        let intrinsic = intrinsicGas(r)
        let gas = Int64(clamping: r.gasLimit - intrinsic)
        let contractAddress: Address? = r.to == nil ? ContractAddress.create(sender: r.sender, nonce: nonce) : nil
        let message = Message(kind: r.to == nil ? .create : .call, caller: r.sender,
                              target: r.to ?? contractAddress!, codeAddress: r.to ?? contractAddress!,
                              value: r.value, input: r.data, gas: gas)
        var evm = EVM(host: state, block: blockContext,
                      tx: TransactionContext(origin: r.sender, gasPrice: price), fork: fork)
        evm.tracer = tracer
        let result = evm.execute(message)

        // Refund (EIP-3529) and floor (EIP-7623).
        let gasLeft = UInt64(max(0, result.gasLeft))
        let usedBeforeRefund = r.gasLimit - min(gasLeft, r.gasLimit)
        let refundCounter = result.status.isSuccess ? UInt64(max(0, result.gasRefund)) : 0
        let refund = min(refundCounter, usedBeforeRefund / GasSchedule.maxRefundQuotient)
        var gasUsed = usedBeforeRefund - refund
        gasUsed = max(gasUsed, floorGas(r))

        // Return unused gas; pay the priority fee to the coinbase; the base fee is burnt.
        let returned = UInt256(r.gasLimit - gasUsed) &* price
        if !returned.isZero { state.addBalance(r.sender, returned) }
        let tip = price > baseFee ? price &- baseFee : .zero
        let coinbaseFee = UInt256(gasUsed) &* tip
        if !coinbaseFee.isZero { state.addBalance(block.coinbase, coinbaseFee) }

        let logs = state.finalizeTransaction(fork: fork)
        return ExecutionOutcome(status: result.status, gasUsed: gasUsed, gasRefunded: refund, output: result.output,
                                logs: result.status.isSuccess ? logs : [], contractAddress: contractAddress,
                                effectiveGasPrice: price)
    }
}
