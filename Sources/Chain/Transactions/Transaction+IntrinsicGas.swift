import EVM
import Primitives

/// Transaction-level limits not in `EVM.GasSchedule`.
enum TransactionLimits {
    /// EIP-7825 (Osaka): maximum gas limit of one transaction, 2^24.
    static let maxTransactionGasLimit: UInt64 = 1 << 24
}

extension Transaction {
    /// Intrinsic gas charged before execution, in gas (Yellow Paper §6.2 g₀):
    /// 21000, + 32000 for a creation, + 4 per zero and 16 per non-zero data byte (EIP-2028),
    /// + 2400 per access-list address and 1900 per storage key (EIP-2930),
    /// + 2 per 32-byte word of initcode for a creation (EIP-3860),
    /// + 25000 (`PER_EMPTY_ACCOUNT_COST`) per authorization tuple (EIP-7702, type 4).
    /// The same for Cancun, Prague and Osaka; see ``floorDataGas(fork:)`` for the Prague floor.
    public func intrinsicGas(fork: Hardfork) -> UInt64 {
        var keys = 0
        for entry in accessList { keys += entry.storageKeys.count }
        return GasSchedule.intrinsicGas(data: data, isCreate: to == nil,
                                        accessListAddresses: accessList.count, accessListStorageKeys: keys,
                                        authorizations: authorizationList.count)
    }

    /// The EIP-7623 calldata floor, in gas: from Prague `21000 + 10 · tokens` with
    /// tokens = zero bytes + 4 · non-zero bytes of `data`; 0 before Prague (no floor).
    /// A transaction's gas limit must be ≥ max(intrinsic gas, floor), and the gas it is charged is
    /// at least the floor.
    public func floorDataGas(fork: Hardfork) -> UInt64 {
        fork >= .prague ? GasSchedule.floorDataGas(data: data) : 0
    }

    /// The state-independent validity checks of a decoded transaction under `fork` (EELS
    /// `validate_transaction` and geth's pre-checks), in this order:
    /// type 4 only from Prague (EIP-7702),
    /// chain id equals `chainId` (when the transaction has one; a pre-EIP-155 legacy transaction
    /// passes), nonce < 2^64 − 1 (EIP-2681), maxPriorityFeePerGas ≤ maxFeePerGas (EIP-1559),
    /// type 3: 1…`maxBlobsPerTransaction` versioned hashes each starting with 0x01 (EIP-4844,
    /// EIP-7691, EIP-7594), type 4: a non-empty authorization list (EIP-7702),
    /// gasLimit × fee cap fits in 256 bits, initcode ≤ 49152 bytes (EIP-3860), gas limit ≤ 2^24
    /// (Osaka, EIP-7825), gas limit ≥ intrinsic gas, gas limit ≥ the EIP-7623 floor (Prague).
    /// The signature is checked by ``sender()``; nonce, balance and base fee need the state and
    /// the block and are the pool's and the executor's.
    ///
    /// - Parameters:
    ///   - chainId: the chain's id; nil skips the chain-id check.
    ///   - blobSchedule: the fork's blob parameters; nil = ``BlobSchedule/default(for:)``.
    /// - Throws: ``TransactionError`` — `.unsupportedType`, `.wrongChainId`, `.nonceMax`,
    ///   `.tipAboveFeeCap`, `.noBlobs`, `.tooManyBlobs`, `.invalidBlobVersion`,
    ///   `.emptyAuthorizationList`, `.gasCostOverflow`, `.initcodeTooLarge`, `.gasLimitAboveCap`,
    ///   `.intrinsicGasTooLow`, `.floorDataGasTooLow`.
    public func validate(fork: Hardfork, chainId expectedChainId: UInt64?,
                         blobSchedule: BlobSchedule? = nil) throws(TransactionError) {
        if type == .setCode, fork < .prague {
            throw .unsupportedType(type.rawValue)
        }
        if let expectedChainId, let chainId, chainId != expectedChainId {
            throw .wrongChainId(have: chainId, want: expectedChainId)
        }
        if nonce == UInt64.max {
            throw .nonceMax
        }
        if type != .legacy, type != .accessList, tipCap > feeCap {
            throw .tipAboveFeeCap(tip: tipCap, feeCap: feeCap)
        }
        if type == .blob {
            let limit = (blobSchedule ?? .default(for: fork)).maxBlobsPerTransaction(fork: fork)
            if blobVersionedHashes.isEmpty { throw .noBlobs }
            if UInt64(blobVersionedHashes.count) > limit {
                throw .tooManyBlobs(have: blobVersionedHashes.count, max: Int(limit))
            }
            for (i, h) in blobVersionedHashes.enumerated() where h.bytes[0] != BlobSchedule.kzgVersion {
                throw .invalidBlobVersion(index: i, version: h.bytes[0])
            }
        }
        if type == .setCode, authorizationList.isEmpty {
            throw .emptyAuthorizationList
        }
        if Self.multiplyOverflows(feeCap, gasLimit) {
            throw .gasCostOverflow
        }
        if to == nil, data.count > GasSchedule.maxInitcodeSize {
            throw .initcodeTooLarge(size: data.count, limit: GasSchedule.maxInitcodeSize)
        }
        if fork >= .osaka, gasLimit > TransactionLimits.maxTransactionGasLimit {
            throw .gasLimitAboveCap(have: gasLimit, cap: TransactionLimits.maxTransactionGasLimit)
        }
        let intrinsic = intrinsicGas(fork: fork)
        if gasLimit < intrinsic {
            throw .intrinsicGasTooLow(have: gasLimit, want: intrinsic)
        }
        let floor = floorDataGas(fork: fork)
        if gasLimit < floor {
            throw .floorDataGasTooLow(have: gasLimit, want: floor)
        }
    }

    /// True when `a × b` does not fit in 256 bits.
    static func multiplyOverflows(_ a: UInt256, _ b: UInt64) -> Bool {
        var carry: UInt64 = 0
        for limb in [a.w0, a.w1, a.w2, a.w3] {
            let (high, low) = limb.multipliedFullWidth(by: b)
            let (_, overflow) = low.addingReportingOverflow(carry)
            carry = high &+ (overflow ? 1 : 0)
        }
        return carry != 0
    }
}
