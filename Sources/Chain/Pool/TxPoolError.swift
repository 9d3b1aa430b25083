import Primitives

/// Why a transaction was rejected, by the pool (eth_sendRawTransaction) or by the executor when a
/// block is built or a call is run. Messages use go-ethereum's wording with the numbers filled in,
/// so tools that match on geth's strings (web3.py, ethers, Foundry) recognise them.
///
/// JSON-RPC code: every case maps to −32000 (geth's code for all rejected transactions; anvil's
/// −32003 is not used), see `rpcCode`.
public enum TxPoolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The raw bytes are not a valid transaction (the decoder's reason).
    case malformed(String)
    /// The signature does not yield a sender (the reason).
    case invalidSender(String)
    /// A transaction type this chain does not accept (the type byte).
    case unsupportedType(UInt8)
    /// The same transaction (same hash) is already pending, queued or mined.
    case alreadyKnown
    /// The account's next nonce is `next`, the transaction's is lower.
    case nonceTooLow(next: UInt64, tx: UInt64)
    /// The transaction's nonce is above the account's next nonce (only at execution time; the pool queues these).
    case nonceTooHigh(next: UInt64, tx: UInt64)
    /// Nonce 2^64 − 1 cannot be incremented (EIP-2681).
    case nonceMax(address: Address, nonce: UInt64)
    /// Balance `have` wei is below gasLimit × maxFeePerGas (or gasPrice) + value = `want` wei.
    case insufficientFunds(address: Address, have: UInt256, want: UInt256)
    /// The gas limit is below the intrinsic gas (Yellow Paper §6.2 g0).
    case intrinsicGasTooLow(have: UInt64, want: UInt64)
    /// The gas limit is below the EIP-7623 calldata floor (Prague).
    case floorDataGasTooLow(have: UInt64, want: UInt64)
    /// maxFeePerGas (or gasPrice) below the base fee of the block it would go in (EIP-1559).
    case feeCapTooLow(address: Address, maxFeePerGas: UInt256, baseFee: UInt256)
    /// maxPriorityFeePerGas above maxFeePerGas (EIP-1559).
    case tipAboveFeeCap(address: Address, maxPriorityFeePerGas: UInt256, maxFeePerGas: UInt256)
    /// A signed chain id other than this chain's (EIP-155 / typed transactions).
    case invalidChainId(have: UInt64, want: UInt64)
    /// Encoded size above the pool's limit (bytes).
    case oversizedData(size: Int, limit: Int)
    /// The transaction's gas limit exceeds the block gas limit.
    case gasLimitExceeded(gasLimit: UInt64, blockGasLimit: UInt64)
    /// Osaka (EIP-7825): a transaction gas limit above 2^24 = 16,777,216.
    case gasLimitTooHigh(gasLimit: UInt64, cap: UInt64)
    /// Not enough gas left in the block being built (execution time only).
    case blockGasLimitReached(gasLimit: UInt64, available: UInt64)
    /// Creation init code above 49,152 bytes (EIP-3860).
    case initcodeTooLarge(size: Int, limit: Int)
    /// The sender has code (EIP-3607).
    case senderNotEOA(address: Address, codeHash: Hash)
    /// The tip cap (gasPrice for types 0/1, maxPriorityFeePerGas for types 2–4), in wei per gas, is
    /// below the minimum set by anvil_setMinGasPrice (geth's `--txpool.pricelimit` check).
    case gasTipBelowMinimum(tip: UInt256, minimum: UInt256)
    /// Same sender and nonce as a pending transaction, without a 10 % higher fee cap and tip.
    case replacementUnderpriced
    /// A blob transaction without a recipient (EIP-4844 forbids creation).
    case blobTxCreate
    /// A blob transaction with no versioned hashes (EIP-4844).
    case missingBlobHashes
    /// More blobs than the fork allows per transaction (EIP-4844/7691/7594).
    case tooManyBlobs(have: Int, max: Int)
    /// Versioned hash `index` has a version byte other than 0x01 (EIP-4844).
    case invalidBlobHashVersion(index: Int, version: UInt8)
    /// maxFeePerBlobGas below the block's blob base fee (EIP-4844), in wei per blob gas.
    case blobFeeCapTooLow(address: Address, maxFeePerBlobGas: UInt256, blobBaseFee: UInt256)
    /// A set-code transaction without a recipient (EIP-7702 forbids creation).
    case setCodeTxCreate
    /// A set-code transaction with an empty authorization list (EIP-7702).
    case emptyAuthorizationList

    /// The JSON-RPC error code for this rejection: −32000 for every case (go-ethereum's convention).
    public var rpcCode: Int { -32000 }

    public var description: String {
        switch self {
        case .malformed(let why): "invalid transaction: \(why)"
        case .invalidSender(let why): "invalid sender: \(why)"
        case .unsupportedType(let t):
            t == TransactionType.blob.rawValue
                ? "transaction type not supported: blob transactions (type 3) are not accepted on this chain"
                : "transaction type not supported: type \(t)"
        case .alreadyKnown: "already known"
        case .nonceTooLow(let next, let tx): "nonce too low: next nonce \(next), tx nonce \(tx)"
        case .nonceTooHigh(let next, let tx): "nonce too high: next nonce \(next), tx nonce \(tx)"
        case .nonceMax(let a, let n): "nonce has max value: address \(a.checksummed), nonce: \(n)"
        case .insufficientFunds(let a, let have, let want):
            "insufficient funds for gas * price + value: address \(a.checksummed) have \(have) want \(want)"
        case .intrinsicGasTooLow(let have, let want): "intrinsic gas too low: have \(have), want \(want)"
        case .floorDataGasTooLow(let have, let want): "insufficient gas for floor data gas cost: have \(have), want \(want)"
        case .feeCapTooLow(let a, let fee, let base):
            "max fee per gas less than block base fee: address \(a.checksummed), maxFeePerGas: \(fee), baseFee: \(base)"
        case .tipAboveFeeCap(let a, let tip, let fee):
            "max priority fee per gas higher than max fee per gas: address \(a.checksummed), maxPriorityFeePerGas: \(tip), maxFeePerGas: \(fee)"
        case .invalidChainId(let have, let want): "invalid chain id: have \(have), want \(want)"
        case .oversizedData(let size, let limit): "oversized data: transaction size \(size), limit \(limit)"
        case .gasLimitExceeded(let gas, let limit): "exceeds block gas limit: gas limit \(gas), block gas limit \(limit)"
        case .gasLimitTooHigh(let gas, let cap): "transaction gas limit too high (cap: \(cap), tx: \(gas))"
        case .blockGasLimitReached(let gas, let available): "gas limit reached: tx gas limit \(gas), gas left in block \(available)"
        case .initcodeTooLarge(let size, let limit): "max initcode size exceeded: code size \(size), limit \(limit)"
        case .gasTipBelowMinimum(let tip, let minimum):
            "transaction gas price below minimum: gas tip cap \(tip), minimum needed \(minimum)"
        case .senderNotEOA(let a, let h): "sender not an eoa: address \(a.checksummed), codehash: \(h.hex)"
        case .replacementUnderpriced: "replacement transaction underpriced"
        case .blobTxCreate: "blob transaction of type create"
        case .missingBlobHashes: "blob transaction missing blob hashes"
        case .tooManyBlobs(let have, let max): "blob transaction has too many blobs: have \(have), max \(max)"
        case .invalidBlobHashVersion(let i, let v): "blob \(i) has invalid hash version \(v)"
        case .blobFeeCapTooLow(let a, let fee, let base):
            "max fee per blob gas less than block blob gas fee: address \(a.checksummed), maxFeePerBlobGas: \(fee), blobBaseFee: \(base)"
        case .setCodeTxCreate: "set code transaction must not be a create transaction"
        case .emptyAuthorizationList: "EIP-7702 transaction with empty auth list"
        }
    }
}
