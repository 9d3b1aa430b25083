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
    /// EIP-4844: the most the sender pays per blob gas, in wei. Non-nil marks a blob (type 3)
    /// request, which must have a recipient and 1…max versioned hashes.
    public var maxFeePerBlobGas: UInt256?
    /// EIP-4844 versioned hashes (32 bytes each, version byte 0x01), read by BLOBHASH.
    public var blobVersionedHashes: [Hash]
    /// EIP-7702 authorization tuples. Non-nil marks a set-code (type 4) request, which must have a
    /// recipient and a non-empty list.
    public var authorizationList: [Authorization]?
    /// Skip EIP-3607's "sender has code" refusal: set by the block builder for transactions of an
    /// impersonated account (anvil_impersonateAccount), which may be a contract. false otherwise.
    public var allowsContractSender = false

    /// A request with every field given; the blob and authorization fields default to none
    /// (a type 0–2 request).
    public init(sender: Address, to: Address?, nonce: UInt64?, gasLimit: UInt64, pricing: Pricing,
                value: UInt256, data: [UInt8], accessList: [AccessListEntry],
                maxFeePerBlobGas: UInt256? = nil, blobVersionedHashes: [Hash] = [],
                authorizationList: [Authorization]? = nil) {
        self.sender = sender
        self.to = to
        self.nonce = nonce
        self.gasLimit = gasLimit
        self.pricing = pricing
        self.value = value
        self.data = data
        self.accessList = accessList
        self.maxFeePerBlobGas = maxFeePerBlobGas
        self.blobVersionedHashes = blobVersionedHashes
        self.authorizationList = authorizationList
    }

    /// The request for a signed transaction sent by `sender`.
    public init(transaction tx: Transaction, sender: Address) {
        let pricing: Pricing
        switch tx.type {
        case .legacy, .accessList:
            pricing = .legacy(gasPrice: tx.gasPrice ?? .zero)
        case .dynamicFee, .blob, .setCode:
            pricing = .dynamic(maxFeePerGas: tx.maxFeePerGas ?? .zero, maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? .zero)
        }
        self.init(sender: sender, to: tx.to, nonce: tx.nonce, gasLimit: tx.gasLimit, pricing: pricing,
                  value: tx.value, data: tx.data, accessList: tx.accessList,
                  maxFeePerBlobGas: tx.type == .blob ? (tx.maxFeePerBlobGas ?? .zero) : nil,
                  blobVersionedHashes: tx.type == .blob ? tx.blobVersionedHashes : [],
                  authorizationList: tx.type == .setCode ? tx.authorizationList : nil)
    }

    /// EIP-4844 blob gas: 131,072 per versioned hash (0 for other requests).
    public var blobGas: UInt64 { UInt64(blobVersionedHashes.count) &* BlobSchedule.gasPerBlob }

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
/// Order: validate (nonce, fee caps, balance for gasLimit × feeCap + blob gas × maxFeePerBlobGas +
/// value, intrinsic gas and the EIP-7623 floor, EIP-3607 sender without code or with an EIP-7702
/// delegation, EIP-3860 init code size, EIP-4844 blob rules, EIP-7702 rules) → increment the
/// nonce → buy gas at the effective price and blob gas at the blob base fee (burnt) → warm origin,
/// target, coinbase (EIP-3651), precompiles and the access list (EIP-2929/2930) → apply the
/// EIP-7702 authorizations → run the message → refund min(refund, gasUsed / 5) (EIP-3529) →
/// gasUsed = max(gasUsed, floor) (EIP-7623, Prague) → return unused gas to the sender, pay the
/// priority fee to the coinbase, burn the base fee.
public struct TransactionExecutor: Sendable {
    /// The rules in force.
    public var fork: Hardfork
    /// This chain's id (for the block context; chain ids of transactions are checked by the pool).
    public var chainId: UInt64
    /// The fork's EIP-4844 blob parameters (blob count limits).
    public var blobSchedule: BlobSchedule

    /// - Parameter blobSchedule: nil = ``BlobSchedule/default(for:)`` of `fork`.
    public init(fork: Hardfork, chainId: UInt64, blobSchedule: BlobSchedule? = nil) {
        self.fork = fork
        self.chainId = chainId
        self.blobSchedule = blobSchedule ?? .default(for: fork)
    }

    /// How strictly a request is checked.
    public enum Mode: Sendable {
        /// A transaction in a block: every check.
        case transaction
        /// eth_call / eth_estimateGas (geth's `NoBaseFee`, `SkipNonceChecks`, `SkipFromEOACheck`):
        /// no nonce or EOA check; with a zero fee cap no fee is charged and BASEFEE reads the block's value.
        case call
    }

    /// Intrinsic gas (Yellow Paper §6.2 g0 with EIP-2028, 2930, 3860, and 25000 per EIP-7702
    /// authorization) of a request.
    public func intrinsicGas(_ r: ExecutionRequest) -> UInt64 {
        GasSchedule.intrinsicGas(data: r.data, isCreate: r.to == nil, accessListAddresses: r.accessList.count,
                                 accessListStorageKeys: r.accessList.reduce(0) { $0 + $1.storageKeys.count },
                                 authorizations: r.authorizationList?.count ?? 0)
    }

    /// EIP-7623 floor (Prague and later; 0 before).
    public func floorGas(_ r: ExecutionRequest) -> UInt64 {
        fork >= .prague ? GasSchedule.floorDataGas(data: r.data) : 0
    }

    /// Checks a request against the state and block without changing anything.
    /// - Throws: the `TxPoolError` naming the first failed check.
    public func validate(_ r: ExecutionRequest, state: WorldState, block: BlockContext, mode: Mode) throws(TxPoolError) {
        if r.authorizationList != nil, fork < .prague { throw .unsupportedType(TransactionType.setCode.rawValue) }
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
        if let blobFeeCap = r.maxFeePerBlobGas {
            try validateBlobs(r, blobFeeCap: blobFeeCap, blobBaseFee: block.blobBaseFee)
        }
        if let list = r.authorizationList {
            if r.to == nil { throw .setCodeTxCreate }
            if list.isEmpty { throw .emptyAuthorizationList }
        }
        let current = state.nonce(r.sender)
        if mode == .transaction {
            let nonce = r.nonce ?? current
            if nonce < current { throw .nonceTooLow(next: current, tx: nonce) }
            if nonce > current { throw .nonceTooHigh(next: current, tx: nonce) }
            let codeHash = state.codeHash(r.sender)
            if codeHash != .zero, codeHash != Keccak256.emptyHash, !r.allowsContractSender,
               !(fork >= .prague && state.code(r.sender).delegationTarget != nil) {
                // EIP-3607; from Prague an EIP-7702 delegation designator is still an EOA.
                throw .senderNotEOA(address: r.sender, codeHash: codeHash)
            }
        }
        if current == .max { throw .nonceMax(address: r.sender, nonce: current) }
        let want = chargesFees ? Self.upfrontCost(r) : r.value
        let have = state.balance(r.sender)
        guard let want, have >= want else {
            throw .insufficientFunds(address: r.sender, have: have, want: want ?? .max)
        }
    }

    /// EIP-4844 checks of a blob request: a recipient, 1…max versioned hashes, each with version
    /// byte 0x01, blob gas within the block's maximum, maxFeePerBlobGas ≥ the blob base fee.
    func validateBlobs(_ r: ExecutionRequest, blobFeeCap: UInt256, blobBaseFee: UInt256) throws(TxPoolError) {
        if r.to == nil { throw .blobTxCreate }
        let count = r.blobVersionedHashes.count
        if count == 0 { throw .missingBlobHashes }
        let limit = blobSchedule.maxBlobsPerTransaction(fork: fork)
        if UInt64(count) > limit { throw .tooManyBlobs(have: count, max: Int(limit)) }
        for (i, h) in r.blobVersionedHashes.enumerated() where h.bytes[0] != BlobSchedule.kzgVersion {
            throw .invalidBlobHashVersion(index: i, version: h.bytes[0])
        }
        if blobFeeCap < blobBaseFee {
            throw .blobFeeCapTooLow(address: r.sender, maxFeePerBlobGas: blobFeeCap, blobBaseFee: blobBaseFee)
        }
    }

    /// gasLimit × feeCap + blob gas × maxFeePerBlobGas (EIP-4844) + value in wei (nil above
    /// 2^256 − 1), the balance a sender needs.
    public static func upfrontCost(_ r: ExecutionRequest) -> UInt256? {
        guard var gas = FeeMarket.multiply(UInt256(r.gasLimit), r.feeCap) else { return nil }
        if let blobFeeCap = r.maxFeePerBlobGas {
            guard let blobFee = FeeMarket.multiply(UInt256(r.blobGas), blobFeeCap),
                  let sum = FeeMarket.add(gas, blobFee) else { return nil }
            gas = sum
        }
        return FeeMarket.add(gas, r.value)
    }

    /// Applies EIP-7702 authorizations in order (EELS `set_delegation`) and returns the refund they
    /// earn: 25000 − 12500 = 12500 gas per authority that already existed. A tuple is skipped when
    /// its chain id is neither 0 nor this chain's, its nonce is 2^64 − 1, its signature is invalid
    /// (y-parity not 0/1, r or s out of range, s > n/2), the authority has code that is not a
    /// delegation designator, or the authority's nonce differs. Otherwise the authority is warmed,
    /// its code becomes `0xef0100 ‖ address` (or empty for the zero address) and its nonce is
    /// incremented. These writes are outside the message's checkpoint: they stay when it reverts.
    func applyAuthorizations(_ list: [Authorization], state: WorldState) -> UInt64 {
        var refund: UInt64 = 0
        let ours = UInt256(chainId)
        for auth in list {
            guard auth.chainId.isZero || auth.chainId == ours, auth.nonce != .max,
                  let authority = try? auth.authority() else { continue }
            _ = state.warmAccount(authority)
            let code = state.code(authority)
            if !code.isEmpty, code.delegationTarget == nil { continue }
            if state.nonce(authority) != auth.nonce { continue }
            if state.accountExists(authority) {
                refund += GasSchedule.perEmptyAccountCost - GasSchedule.perAuthBaseCost
            }
            state.setCode(authority, auth.address == .zero ? [] : Self.delegationPrefix + auth.address.bytes)
            state.setNonce(authority, auth.nonce + 1)
        }
        return refund
    }

    /// EIP-7702 delegation designator prefix 0xef0100 (followed by a 20-byte address).
    static let delegationPrefix: [UInt8] = [0xef, 0x01, 0x00]

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
        // EIP-4844: blob gas is bought at the blob base fee and burnt (never refunded).
        if r.maxFeePerBlobGas != nil, chargesFees {
            let blobFee = UInt256(r.blobGas) &* block.blobBaseFee   // ≤ blobGas × maxFeePerBlobGas, validated
            if !blobFee.isZero { state.subtractBalance(r.sender, blobFee) }
        }
        state.setNonce(r.sender, nonce + 1)

        // EIP-2929 / 2930 / 3651 warm sets.
        _ = state.warmAccount(r.sender)
        if let to = r.to { _ = state.warmAccount(to) }
        _ = state.warmAccount(block.coinbase)
        for p in Precompiles.addresses(for: fork) { _ = state.warmAccount(p) }
        if block.ai != nil { _ = state.warmAccount(AIPrecompile.address) }   // a precompile where active
        for entry in r.accessList {
            _ = state.warmAccount(entry.address)
            for key in entry.storageKeys { _ = state.warmStorage(entry.address, key.word) }
        }
        let authorizationRefund = r.authorizationList.map { applyAuthorizations($0, state: state) } ?? 0

        let intrinsic = intrinsicGas(r)
        let gas = Int64(clamping: r.gasLimit - intrinsic)
        let contractAddress: Address? = r.to == nil ? ContractAddress.create(sender: r.sender, nonce: nonce) : nil
        let message = Message(kind: r.to == nil ? .create : .call, caller: r.sender,
                              target: r.to ?? contractAddress!, codeAddress: r.to ?? contractAddress!,
                              value: r.value, input: r.data, gas: gas)
        var evm = EVM(host: state, block: blockContext,
                      tx: TransactionContext(origin: r.sender, gasPrice: price, blobHashes: r.blobVersionedHashes),
                      fork: fork)
        evm.tracer = tracer
        let result = evm.execute(message)

        // Refund (EIP-3529) and floor (EIP-7623).
        let gasLeft = UInt64(max(0, result.gasLeft))
        let usedBeforeRefund = r.gasLimit - min(gasLeft, r.gasLimit)
        // The authorization refund counts even when the message fails (EELS `process_message_call`).
        let refundCounter = authorizationRefund + (result.status.isSuccess ? UInt64(max(0, result.gasRefund)) : 0)
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
