import Primitives

/// Why a transaction could not be decoded, recovered, signed or passed the state-independent
/// validity checks (EIP-2718 envelope, RLP canonical form, EIP-2 / EIP-155 signature rules,
/// intrinsic gas, EIP-3860, EIP-7623, EIP-2681).
///
/// `description` gives a one-line message fit for a JSON-RPC error.
public enum TransactionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The raw bytes are empty.
    case emptyInput
    /// An EIP-2718 type byte this node does not decode (5…0x7f), or a type the fork does not
    /// know yet (4 = set-code before Prague).
    case unsupportedType(UInt8)
    /// The bytes are not canonical RLP, or the RLP has the wrong shape (a list where a string is
    /// expected, trailing bytes, a first byte in 0x80…0xbf, …). The string says what is wrong.
    case malformed(String)
    /// The RLP list has the wrong number of fields for the type.
    case wrongFieldCount(type: TransactionType, expected: Int, got: Int)
    /// A field has a bad value: leading zero bytes, too many bytes for its width (nonce and gas
    /// limit 64 bits, amounts 256 bits), an address that is not 20 bytes, a storage key that is not
    /// 32 bytes.
    case invalidField(field: String, reason: String)
    /// The signature values are out of range: legacy `v` not 27/28 or chainId·2+35/36 (EIP-155),
    /// typed `yParity` not 0/1, `r` not in [1, n−1], `s` not in [1, n/2] (EIP-2).
    case invalidSignature(String)
    /// libsecp256k1 could not recover a public key from the signature.
    case recoveryFailed(String)
    /// Signing failed (only for a key libsecp256k1 rejects).
    case signingFailed(String)
    /// The transaction's chain id differs from the chain's (EIP-155 / EIP-2930 / EIP-1559).
    case wrongChainId(have: UInt64, want: UInt64)
    /// nonce = 2^64 − 1 (EIP-2681: the sender's nonce could not be incremented).
    case nonceMax
    /// maxPriorityFeePerGas > maxFeePerGas (EIP-1559).
    case tipAboveFeeCap(tip: UInt256, feeCap: UInt256)
    /// gasLimit × (gasPrice or maxFeePerGas) does not fit in 256 bits.
    case gasCostOverflow
    /// A contract-creation transaction whose initcode exceeds 49152 bytes (EIP-3860).
    case initcodeTooLarge(size: Int, limit: Int)
    /// The gas limit is below the intrinsic gas (Yellow Paper §6.2 g₀).
    case intrinsicGasTooLow(have: UInt64, want: UInt64)
    /// The gas limit is below the EIP-7623 calldata floor (Prague).
    case floorDataGasTooLow(have: UInt64, want: UInt64)
    /// The gas limit exceeds the per-transaction cap 2^24 (Osaka, EIP-7825).
    case gasLimitAboveCap(have: UInt64, cap: UInt64)
    /// A blob transaction without versioned hashes (EIP-4844).
    case noBlobs
    /// A blob transaction with more blobs than the fork allows per transaction (EIP-4844, EIP-7691,
    /// EIP-7594).
    case tooManyBlobs(have: Int, max: Int)
    /// Versioned hash `index` does not start with the KZG version byte 0x01 (EIP-4844).
    case invalidBlobVersion(index: Int, version: UInt8)
    /// A set-code transaction with an empty authorization list (EIP-7702).
    case emptyAuthorizationList

    /// One line for logs and JSON-RPC error messages.
    public var description: String {
        switch self {
        case .emptyInput: "empty transaction bytes"
        case .unsupportedType(let t): "transaction type not supported: type \(t)"
        case .malformed(let why): "malformed transaction: \(why)"
        case .wrongFieldCount(let type, let expected, let got):
            "\(type) transaction must have \(expected) RLP fields, got \(got)"
        case .invalidField(let field, let reason): "invalid transaction field \(field): \(reason)"
        case .invalidSignature(let why): "invalid transaction signature: \(why)"
        case .recoveryFailed(let why): "invalid transaction signature: sender recovery failed (\(why))"
        case .signingFailed(let why): "transaction signing failed: \(why)"
        case .wrongChainId(let have, let want): "invalid chain id: have \(have) want \(want)"
        case .nonceMax: "nonce has max value (EIP-2681)"
        case .tipAboveFeeCap(let tip, let feeCap):
            "max priority fee per gas higher than max fee per gas: maxPriorityFeePerGas: \(tip), maxFeePerGas: \(feeCap)"
        case .gasCostOverflow: "gas limit × gas price overflows 256 bits"
        case .initcodeTooLarge(let size, let limit): "max initcode size exceeded: code size \(size), limit \(limit)"
        case .intrinsicGasTooLow(let have, let want): "intrinsic gas too low: have \(have), want \(want)"
        case .floorDataGasTooLow(let have, let want):
            "insufficient gas for floor data gas cost: have \(have), want \(want)"
        case .gasLimitAboveCap(let have, let cap): "transaction gas limit too high (cap: \(cap), tx: \(have))"
        case .noBlobs: "blob transaction missing blob hashes"
        case .tooManyBlobs(let have, let max): "blob transaction has too many blobs: \(have), max \(max)"
        case .invalidBlobVersion(let i, let v): "blob \(i) has invalid hash version \(v)"
        case .emptyAuthorizationList: "EIP-7702 transaction with empty auth list"
        }
    }
}
