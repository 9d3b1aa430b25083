import Primitives

/// A signed (or, before ``Transaction/sign(unsigned:key:)``, unsigned) Ethereum transaction of
/// type 0 (legacy, Yellow Paper §4.3 and EIP-155), 1 (EIP-2930), 2 (EIP-1559), 3 (EIP-4844 blob)
/// or 4 (EIP-7702 set-code).
///
/// Which fields are meaningful depends on ``type``:
/// - `legacy`: `gasPrice`; `chainId` is nil for a pre-EIP-155 transaction (v = 27/28) and set
///   for an EIP-155 one (v = chainId·2 + 35/36); `accessList` is empty.
/// - `accessList`: `chainId`, `gasPrice`, `accessList`.
/// - `dynamicFee`: `chainId`, `maxPriorityFeePerGas`, `maxFeePerGas`, `accessList`.
/// - `blob`: as `dynamicFee`, plus `maxFeePerBlobGas` and `blobVersionedHashes`; `to` is required.
/// - `setCode`: as `dynamicFee`, plus `authorizationList`; `to` is required.
///
/// Amounts are in wei, `gasLimit` in gas. `to == nil` is a contract creation. Signature values:
/// `v` is the legacy v as on the wire (27/28 or EIP-155) and the `yParity` (0/1) for typed
/// transactions; `r` and `s` are the secp256k1 signature scalars.
public struct Transaction: Sendable, Hashable {
    /// EIP-2718 type: 0 legacy, 1 access list, 2 dynamic fee.
    public var type: TransactionType
    /// EIP-155 chain id; nil only for a pre-EIP-155 legacy transaction.
    public var chainId: UInt64?
    /// The sender's nonce this transaction uses (must be < 2^64 − 1, EIP-2681).
    public var nonce: UInt64
    /// Gas price in wei (types 0 and 1).
    public var gasPrice: UInt256?
    /// EIP-1559 tip cap in wei per gas (types 2, 3, 4).
    public var maxPriorityFeePerGas: UInt256?
    /// EIP-1559 fee cap in wei per gas (types 2, 3, 4).
    public var maxFeePerGas: UInt256?
    /// Most gas the transaction may use.
    public var gasLimit: UInt64
    /// Recipient; nil creates a contract.
    public var to: Address?
    /// Value transferred, in wei.
    public var value: UInt256
    /// Call data, or initcode for a creation.
    public var data: [UInt8]
    /// EIP-2930 access list (types 1–4).
    public var accessList: [AccessListEntry]
    /// EIP-4844 cap on the blob base fee, in wei per blob gas (type 3 only; nil otherwise).
    public var maxFeePerBlobGas: UInt256?
    /// EIP-4844 versioned hashes of the blobs, 32 bytes each, version byte 0x01 (type 3 only).
    public var blobVersionedHashes: [Hash]
    /// EIP-7702 authorization tuples (type 4 only).
    public var authorizationList: [Authorization]
    /// Legacy: 27/28 or chainId·2 + 35/36 (EIP-155). Typed: yParity 0/1.
    public var v: UInt256
    /// Signature r, in [1, n − 1] for a valid signature.
    public var r: UInt256
    /// Signature s, in [1, n/2] for a valid signature (EIP-2).
    public var s: UInt256

    /// A transaction with every field given; signature values default to zero (unsigned).
    public init(
        type: TransactionType,
        chainId: UInt64? = nil,
        nonce: UInt64 = 0,
        gasPrice: UInt256? = nil,
        maxPriorityFeePerGas: UInt256? = nil,
        maxFeePerGas: UInt256? = nil,
        gasLimit: UInt64 = 21_000,
        to: Address? = nil,
        value: UInt256 = .zero,
        data: [UInt8] = [],
        accessList: [AccessListEntry] = [],
        maxFeePerBlobGas: UInt256? = nil,
        blobVersionedHashes: [Hash] = [],
        authorizationList: [Authorization] = [],
        v: UInt256 = .zero,
        r: UInt256 = .zero,
        s: UInt256 = .zero
    ) {
        self.type = type
        self.chainId = chainId
        self.nonce = nonce
        self.gasPrice = gasPrice
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.maxFeePerGas = maxFeePerGas
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.data = data
        self.accessList = accessList
        self.maxFeePerBlobGas = maxFeePerBlobGas
        self.blobVersionedHashes = blobVersionedHashes
        self.authorizationList = authorizationList
        self.v = v
        self.r = r
        self.s = s
    }

    /// True when `to` is nil (a contract creation).
    public var isCreate: Bool { to == nil }

    /// The most the sender pays per gas, in wei: `gasPrice` (types 0/1) or `maxFeePerGas` (types 2–4).
    public var feeCap: UInt256 {
        switch type {
        case .legacy, .accessList: gasPrice ?? .zero
        case .dynamicFee, .blob, .setCode: maxFeePerGas ?? .zero
        }
    }

    /// The most the sender tips the coinbase per gas, in wei: `gasPrice` (types 0/1) or
    /// `maxPriorityFeePerGas` (types 2–4).
    public var tipCap: UInt256 {
        switch type {
        case .legacy, .accessList: gasPrice ?? .zero
        case .dynamicFee, .blob, .setCode: maxPriorityFeePerGas ?? .zero
        }
    }

    /// EIP-4844 blob gas of the transaction: 131,072 (2^17) per versioned hash; 0 for other types.
    public var blobGas: UInt64 { UInt64(blobVersionedHashes.count) * BlobSchedule.gasPerBlob }

    /// The price per gas actually paid in a block with base fee `baseFee` (wei), EIP-1559:
    /// `min(maxFeePerGas, baseFee + maxPriorityFeePerGas)` for types 2–4, `gasPrice` otherwise.
    /// The caller has checked `feeCap >= baseFee`; below that the result is `feeCap`.
    public func effectiveGasPrice(baseFee: UInt256) -> UInt256 {
        switch type {
        case .legacy, .accessList:
            return gasPrice ?? .zero
        case .dynamicFee, .blob, .setCode:
            let cap = feeCap
            let (sum, overflow) = Self.add(baseFee, tipCap)
            return (overflow || sum > cap) ? cap : sum
        }
    }

    /// The tip per gas paid to the coinbase, in wei: `effectiveGasPrice(baseFee:) − baseFee`
    /// (zero if the fee cap is below the base fee).
    public func effectiveTip(baseFee: UInt256) -> UInt256 {
        let price = effectiveGasPrice(baseFee: baseFee)
        return price > baseFee ? price &- baseFee : .zero
    }

    /// The signature y-parity (0/1): from `v` for typed transactions, from v − 27 or the EIP-155
    /// form (v − 35 − 2·chainId) for legacy ones. Nil when `v` has none of these forms.
    public var yParity: UInt8? {
        switch type {
        case .accessList, .dynamicFee, .blob, .setCode:
            guard let small = v.uint64, small <= 1 else { return nil }
            return UInt8(small)
        case .legacy:
            if v == UInt256(27) { return 0 }
            if v == UInt256(28) { return 1 }
            guard v >= UInt256(35) else { return nil }
            return UInt8(truncatingIfNeeded: (v.low64 &- 35) & 1)
        }
    }

    static func add(_ a: UInt256, _ b: UInt256) -> (UInt256, Bool) {
        let sum = a &+ b
        return (sum, sum < a)
    }
}
