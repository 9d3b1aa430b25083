import EVM
import Primitives

/// A transaction receipt after the Byzantium / EIP-658 form: status, cumulative gas used in the
/// block (gas), the 256-byte logs bloom and the logs (Yellow Paper §4.3.1).
public struct Receipt: Sendable, Hashable {
    /// The type of the transaction it belongs to; decides the EIP-2718 encoding.
    public var type: TransactionType
    /// True when execution succeeded (EIP-658 status 1).
    public var status: Bool
    /// Gas used by this and all earlier transactions of the block.
    public var cumulativeGasUsed: UInt64
    /// Bloom of every log's address and topics (Yellow Paper §4.3.1).
    public var logsBloom: Bloom
    /// Logs emitted by the transaction, in order (none when it failed).
    public var logs: [Log]

    /// A receipt whose bloom is computed from `logs`.
    public init(type: TransactionType, status: Bool, cumulativeGasUsed: UInt64, logs: [Log]) {
        self.type = type
        self.status = status
        self.cumulativeGasUsed = cumulativeGasUsed
        self.logs = logs
        self.logsBloom = Receipt.bloom(of: logs)
    }

    /// A receipt with a given bloom (e.g. read back from storage).
    public init(type: TransactionType, status: Bool, cumulativeGasUsed: UInt64, logsBloom: Bloom, logs: [Log]) {
        self.type = type
        self.status = status
        self.cumulativeGasUsed = cumulativeGasUsed
        self.logsBloom = logsBloom
        self.logs = logs
    }

    /// The bloom of `logs`: each log's address and each topic added (Yellow Paper §4.3.1, M3:2048).
    public static func bloom(of logs: [Log]) -> Bloom {
        var bloom = Bloom.zero
        for log in logs {
            bloom.add(log.address.bytes)
            for topic in log.topics {
                bloom.add(topic.bytes)
            }
        }
        return bloom
    }

    /// The receipt as it goes into the receipts trie (EIP-2718):
    /// `rlp([status, cumulativeGasUsed, logsBloom, logs])` for legacy transactions and
    /// `type ‖ rlp(…)` for typed ones; status is the scalar 1 or 0 (empty string), a log is
    /// `[address, [topic, …], data]`.
    public func encoded() -> [UInt8] {
        let logItems: [RLP] = logs.map { log in
            .list([RLP(log.address), .list(log.topics.map { RLP($0) }), .bytes(log.data)])
        }
        let body = RLP.list([
            .uint(status ? UInt64(1) : UInt64(0)),
            .uint(cumulativeGasUsed),
            .bytes(logsBloom.bytes),
            .list(logItems),
        ]).encoded()
        switch type {
        case .legacy: return body
        case .accessList, .dynamicFee, .blob, .setCode: return [type.rawValue] + body
        }
    }
}
