import EVM
import Primitives

/// A log with its position in the chain (eth_getLogs, receipts).
public struct LogEntry: Sendable, Hashable {
    public var log: Log
    public var blockNumber: UInt64
    public var blockHash: Hash
    public var transactionHash: Hash
    /// Index of the transaction in its block.
    public var transactionIndex: Int
    /// Index of the log in its block (block-wide, counting from 0 across all its transactions).
    public var logIndex: Int
    /// Always false here: this chain never reorganises.
    public var removed: Bool = false
}

/// One mined transaction's receipt with everything eth_getTransactionReceipt returns.
public struct ReceiptInfo: Sendable {
    public var transactionHash: Hash
    public var transactionIndex: Int
    public var blockHash: Hash
    public var blockNumber: UInt64
    /// The sender (recovered from the signature).
    public var from: Address
    /// nil for a creation.
    public var to: Address?
    /// Gas used by this and the earlier transactions of the block.
    public var cumulativeGasUsed: UInt64
    /// Gas charged for this transaction (after refund and EIP-7623 floor).
    public var gasUsed: UInt64
    /// Wei per gas paid (EIP-1559 effective price).
    public var effectiveGasPrice: UInt256
    /// The created contract's address for a creation (even if it failed), else nil.
    public var contractAddress: Address?
    /// Logs with block-wide log indexes.
    public var logs: [LogEntry]
    /// Bloom of this transaction's logs (256 bytes, Yellow Paper §4.3.1).
    public var logsBloom: Bloom
    public var type: TransactionType
    /// true = success (EIP-658 status 1).
    public var status: Bool
}

/// An eth_call / eth_estimateGas request. Missing fields take geth's defaults: `from` the zero
/// address, `gas` the call gas cap, no fees, value 0.
public struct CallRequest: Sendable {
    public var from: Address?
    /// nil creates a contract from `data`.
    public var to: Address?
    /// Gas limit in gas.
    public var gas: UInt64?
    /// Legacy price in wei per gas (exclusive with the EIP-1559 fields).
    public var gasPrice: UInt256?
    public var maxFeePerGas: UInt256?
    public var maxPriorityFeePerGas: UInt256?
    /// Wei sent.
    public var value: UInt256?
    /// Call data or init code.
    public var data: [UInt8]
    public var accessList: [AccessListEntry]

    public init(from: Address? = nil, to: Address? = nil, gas: UInt64? = nil, gasPrice: UInt256? = nil,
                maxFeePerGas: UInt256? = nil, maxPriorityFeePerGas: UInt256? = nil, value: UInt256? = nil,
                data: [UInt8] = [], accessList: [AccessListEntry] = []) {
        self.from = from
        self.to = to
        self.gas = gas
        self.gasPrice = gasPrice
        self.maxFeePerGas = maxFeePerGas
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.value = value
        self.data = data
        self.accessList = accessList
    }
}

/// What an eth_call returned.
public struct CallOutcome: Sendable {
    /// How the top-level frame ended (`.success`, `.revert`, or an exceptional halt).
    public var status: ExecutionStatus
    /// Return data, or revert data when `status == .revert`.
    public var output: [UInt8]
    /// Gas the call would be charged (after refund and floor).
    public var gasUsed: UInt64
    public var succeeded: Bool { status.isSuccess }
}

/// Why eth_call / eth_estimateGas gave no result.
public enum CallError: Error, Sendable, CustomStringConvertible {
    /// No block with this number.
    case unknownBlock(UInt64)
    /// The request failed the transaction checks (fees, balance, intrinsic gas…).
    case rejected(TxPoolError)
    /// eth_estimateGas: the call reverts even with the most gas; carries the revert data
    /// (JSON-RPC code 3 with `data`).
    case reverted(data: [UInt8])
    /// eth_estimateGas: the call fails even with `allowance` gas (a halt other than revert).
    case gasRequiredExceedsAllowance(UInt64, ExecutionStatus)

    public var description: String {
        switch self {
        case .unknownBlock(let n): "header not found: block \(n)"
        case .rejected(let e): e.description
        case .reverted(let data):
            if let reason = CallError.revertReason(data) { "execution reverted: \(reason)" } else { "execution reverted" }
        case .gasRequiredExceedsAllowance(let gas, let status):
            "gas required exceeds allowance (\(gas)): \(status)"
        }
    }

    /// The message of Solidity/Vyper `Error(string)` revert data (selector 0x08c379a0), else nil.
    public static func revertReason(_ data: [UInt8]) -> String? {
        guard data.count >= 68, data[0] == 0x08, data[1] == 0xc3, data[2] == 0x79, data[3] == 0xa0 else { return nil }
        guard let offset = UInt256(bigEndian: data[4..<36]).int, offset <= data.count - 4 - 32 else { return nil }
        let lengthStart = 4 + offset
        guard let length = UInt256(bigEndian: data[lengthStart..<lengthStart + 32]).int,
              length <= data.count - lengthStart - 32 else { return nil }
        return String(decoding: data[(lengthStart + 32)..<(lengthStart + 32 + length)], as: UTF8.self)
    }
}

/// An eth_getLogs filter over mined blocks.
public struct LogFilter: Sendable {
    /// First and last block, inclusive (ignored when `blockHash` is set).
    public var fromBlock: UInt64
    public var toBlock: UInt64
    /// EIP-234: only this block.
    public var blockHash: Hash?
    /// Emitting contracts; empty = any.
    public var addresses: [Address]
    /// Topic positions: nil (or an empty list) = any topic; otherwise one of the listed topics (OR).
    public var topics: [[Hash]?]

    public init(fromBlock: UInt64, toBlock: UInt64, blockHash: Hash? = nil, addresses: [Address] = [], topics: [[Hash]?] = []) {
        self.fromBlock = fromBlock
        self.toBlock = toBlock
        self.blockHash = blockHash
        self.addresses = addresses
        self.topics = topics
    }

    /// True if `log` passes the address and topic criteria.
    public func matches(_ log: Log) -> Bool {
        if !addresses.isEmpty, !addresses.contains(log.address) { return false }
        for (i, wanted) in topics.enumerated() {
            guard let wanted, !wanted.isEmpty else { continue }
            guard i < log.topics.count, wanted.contains(log.topics[i]) else { return false }
        }
        return true
    }

    /// False when `bloom` proves no log of the block can match (Yellow Paper §4.3.1).
    public func mayMatch(_ bloom: Bloom) -> Bool {
        if !addresses.isEmpty, !addresses.contains(where: { bloom.contains($0.bytes) }) { return false }
        for wanted in topics {
            guard let wanted, !wanted.isEmpty else { continue }
            if !wanted.contains(where: { bloom.contains($0.bytes) }) { return false }
        }
        return true
    }
}

/// eth_feeHistory data (the Node turns it into JSON).
public struct FeeHistory: Sendable {
    /// Number of the first block described.
    public var oldestBlock: UInt64
    /// Base fee per gas (wei) of each block and of the block after the newest: count + 1 entries.
    public var baseFeePerGas: [UInt256]
    /// gasUsed / gasLimit of each block.
    public var gasUsedRatio: [Double]
    /// Per block, the effective priority fee (wei) at each requested percentile of gas used
    /// (go-ethereum's algorithm); empty when no percentiles were asked for.
    public var reward: [[UInt256]]
    /// EIP-4844 blob base fee per blob gas (wei) of each block (from its `excessBlobGas`) and of the
    /// block after the newest: count + 1 entries.
    public var baseFeePerBlobGas: [UInt256]
    /// Blob gas used / max blob gas per block (`BlobSchedule.maxBlobGasPerBlock`) of each block.
    public var blobGasUsedRatio: [Double]
}
