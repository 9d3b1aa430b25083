import Node
import Primitives

/// One entry of an eth_getLogs answer (execution-apis `Log`), the fields the relayer reads.
public struct RollupLog: Sendable, Hashable {
    public var address: Address
    /// topic0 (the event's signature hash) first; indexed arguments after it.
    public var topics: [Hash]
    public var data: [UInt8]
    public var blockNumber: UInt64
    public var transactionHash: Hash
    public var logIndex: UInt64

    public init(address: Address, topics: [Hash], data: [UInt8], blockNumber: UInt64, transactionHash: Hash,
                logIndex: UInt64) {
        self.address = address
        self.topics = topics
        self.data = data
        self.blockNumber = blockNumber
        self.transactionHash = transactionHash
        self.logIndex = logIndex
    }

    /// Parses one log object; nil when a field is missing or malformed.
    public init?(json: JSON) {
        guard let a = json["address"]?.stringValue.flatMap({ Address(hex: $0) }),
              case .array(let ts)? = json["topics"],
              let d = json["data"]?.stringValue.flatMap({ try? Hex.decode($0) }),
              let n = json["blockNumber"]?.stringValue.flatMap({ try? Hex.parseQuantity($0) }),
              let h = json["transactionHash"]?.stringValue.flatMap({ Hash(hex: $0) }),
              let i = json["logIndex"]?.stringValue.flatMap({ try? Hex.parseQuantity($0) }) else { return nil }
        var topics: [Hash] = []
        for t in ts {
            guard let x = t.stringValue.flatMap({ Hash(hex: $0) }) else { return nil }
            topics.append(x)
        }
        self.init(address: a, topics: topics, data: d, blockNumber: n.low64, transactionHash: h, logIndex: i.low64)
    }
}

/// Event signatures of the rollup contracts the relayer follows (ROLLUP-API §2) and their decoders.
public enum RollupEvents {
    /// CanonicalTransactionChain: `TransactionEnqueued(l1TxOrigin indexed, target indexed, gasLimit,
    /// data, queueIndex indexed, timestamp)`.
    public static let transactionEnqueued = ABI.eventTopic("TransactionEnqueued(address,address,uint256,bytes,uint256,uint256)")
    /// StateCommitmentChain: `StateBatchAppended(batchIndex indexed, batchRoot, batchSize,
    /// prevTotalElements, extraData)`.
    public static let stateBatchAppended = ABI.eventTopic("StateBatchAppended(uint256,bytes32,uint256,uint256,bytes)")
    /// StateCommitmentChain: `StateBatchDeleted(batchIndex indexed, batchRoot)`.
    public static let stateBatchDeleted = ABI.eventTopic("StateBatchDeleted(uint256,bytes32)")
    /// Both messengers: `SentMessage(target indexed, sender, message, messageNonce, gasLimit)`.
    public static let sentMessage = ABI.eventTopic("SentMessage(address,address,bytes,uint256,uint256)")
    /// Both messengers: `RelayedMessage(msgHash indexed)`.
    public static let relayedMessage = ABI.eventTopic("RelayedMessage(bytes32)")
    /// Both messengers: `FailedRelayedMessage(msgHash indexed)`.
    public static let failedRelayedMessage = ABI.eventTopic("FailedRelayedMessage(bytes32)")
}

/// A decoded CTC `TransactionEnqueued`: one L1→L2 queue element.
public struct EnqueuedTransaction: Sendable, Hashable {
    /// The CTC queue index (0, 1, …), also the message nonce.
    public var queueIndex: UInt64
    /// The account that enqueued (the L1 messenger).
    public var l1TxOrigin: Address
    /// The L2 account to call (the L2 messenger).
    public var target: Address
    /// L2 gas the sender asked for.
    public var gasLimit: UInt256
    /// The L2 calldata (`relayMessage(target, sender, message, nonce)` of the L2 messenger).
    public var data: [UInt8]
    /// L1 block timestamp of the enqueue, Unix seconds.
    public var timestamp: UInt64
    public var l1BlockNumber: UInt64
    public var l1TxHash: Hash

    /// Decodes the log; nil when it is not a well-formed `TransactionEnqueued`.
    public init?(_ log: RollupLog) {
        guard log.topics.count == 4, log.topics[0] == RollupEvents.transactionEnqueued,
              let v = try? ABI.decode("(uint256,bytes,uint256)", from: log.data),
              let gas = v[0].word, let data = v[1].bytesValue, let ts = v[2].word,
              let index = log.topics[3].word.int else { return nil }
        queueIndex = UInt64(index)
        l1TxOrigin = Address(log.topics[1].word)
        target = Address(log.topics[2].word)
        gasLimit = gas
        self.data = data
        timestamp = ts.low64
        l1BlockNumber = log.blockNumber
        l1TxHash = log.transactionHash
    }

    /// The cross-domain message inside `data`; nil when `data` is not relay calldata.
    public var message: CrossDomainMessage? { CrossDomainMessage(relayCalldata: data) }
}

extension ChainBatchHeader {
    /// Decodes a StateCommitmentChain `StateBatchAppended(batchIndex indexed, batchRoot, batchSize,
    /// prevTotalElements, extraData)` log; nil for anything else.
    public init?(_ log: RollupLog) {
        guard log.topics.count == 2, log.topics[0] == RollupEvents.stateBatchAppended,
              let v = try? ABI.decode("(bytes32,uint256,uint256,bytes)", from: log.data),
              let root = v[0].word, let size = v[1].word?.int, let prev = v[2].word?.int,
              let extra = v[3].bytesValue, let index = log.topics[1].word.int else { return nil }
        self.init(batchIndex: UInt64(index), batchRoot: Hash(root), batchSize: UInt64(size),
                  prevTotalElements: UInt64(prev), extraData: extra)
    }
}

/// A decoded `SentMessage` of a messenger, with where it was emitted.
public struct SentMessageEvent: Sendable, Hashable {
    public var message: CrossDomainMessage
    /// Gas the sender asked for on the other chain.
    public var gasLimit: UInt256
    public var blockNumber: UInt64
    public var transactionHash: Hash
    public var logIndex: UInt64

    /// Decodes the log; nil when it is not a well-formed `SentMessage`.
    public init?(_ log: RollupLog) {
        guard log.topics.count == 2, log.topics[0] == RollupEvents.sentMessage,
              let v = try? ABI.decode("(address,bytes,uint256,uint256)", from: log.data),
              let sender = v[0].addressValue, let message = v[1].bytesValue, let nonce = v[2].word,
              let gas = v[3].word else { return nil }
        self.message = CrossDomainMessage(target: Address(log.topics[1].word), sender: sender, message: message, nonce: nonce)
        gasLimit = gas
        blockNumber = log.blockNumber
        transactionHash = log.transactionHash
        logIndex = log.logIndex
    }
}
