import Node
import Primitives

/// Where an L1→L2 message (a deposit) stands.
public enum DepositStatus: String, Sendable, Hashable {
    /// Enqueued on L1; not yet relayed on L2.
    case pending
    /// The relayer's L2 transaction is sent and not yet mined.
    case sent
    /// `relayMessage` ran on L2 and the target call succeeded (`RelayedMessage`).
    case relayed
    /// `relayMessage` ran on L2 but the target call failed (`FailedRelayedMessage`), or the
    /// relayer gave up after repeated reverts; never retried by the relayer.
    case failed
}

/// One L1→L2 queue element and what the relayer did with it.
public struct DepositRecord: Sendable, Hashable {
    public var enqueued: EnqueuedTransaction
    /// The message inside the enqueued data; nil when the data is not relay calldata (never
    /// relayed then).
    public var message: CrossDomainMessage?
    public var status: DepositStatus
    /// The L2 transaction that relayed it (the relayer's or, after a restart, the one found in
    /// the L2 messenger's events).
    public var l2TxHash: Hash?
    public var l2BlockNumber: UInt64?
    /// Relay attempts whose transaction reverted.
    public var attempts: Int = 0
    /// Why the last attempt failed.
    public var error: String?
    /// When the in-flight transaction was sent (monotonic seconds), to resend a lost one.
    var sentAt: Double?

    public init(enqueued: EnqueuedTransaction) {
        self.enqueued = enqueued
        message = enqueued.message
        status = message == nil ? .failed : .pending
        if message == nil { error = "enqueued data is not relayMessage(address,address,bytes,uint256) calldata" }
    }

    /// keccak256 of the relay calldata (the L2 messenger's message hash).
    public var msgHash: Hash { Keccak256.hash(enqueued.data) }
}

/// Where an L2→L1 message (a withdrawal) stands.
public enum WithdrawalStatus: String, Sendable, Hashable {
    /// Its L2 block's state root is not yet in a state batch on L1.
    case waitingForStateBatch
    /// In a state batch still inside the fraud-proof window.
    case inChallengeWindow
    /// Provable and relayable now.
    case ready
    /// The relayer's L1 transaction is sent and not yet mined.
    case sent
    /// Relayed on L1 and the target call succeeded (`RelayedMessage`), by the relayer or anyone.
    case relayed
    /// Relayed on L1 but the target call failed (`FailedRelayedMessage`), or the relayer gave up.
    case failed
}

/// One L2→L1 message and what the relayer knows of it.
public struct WithdrawalRecord: Sendable, Hashable {
    public var sent: SentMessageEvent
    /// The SCC batch holding its L2 block's state root, once there is one.
    public var batchIndex: UInt64?
    /// The L1 transaction that relayed it.
    public var l1TxHash: Hash?
    /// Set once relayed (or failed) on L1; waiting/window/ready are computed from the batch and the time.
    public var finalStatus: WithdrawalStatus?
    public var attempts: Int = 0
    public var error: String?
    var sentAt: Double?

    public init(sent: SentMessageEvent) { self.sent = sent }

    /// keccak256 of the relay calldata (the L1 messenger's message hash).
    public var msgHash: Hash { sent.message.hash }
}

/// An SCC batch as the relayer tracks it.
public struct KnownStateBatch: Sendable, Hashable {
    public var header: ChainBatchHeader
    public var l1TxHash: Hash
    public var l1BlockNumber: UInt64
    /// The batch's state roots rebuilt from the L2 headers (element i = stateRoot of L2 block i + 1);
    /// nil until the L2 has all its blocks.
    public var roots: [Hash]?
    /// False when the rebuilt roots do not give `header.batchRoot` (a wrong state root on L1:
    /// nothing in it is relayed).
    public var matchesL2: Bool?
}

extension DepositRecord {
    /// `finalizeDeposit(address,address,address,address,uint256,bytes)` of L2StandardBridge.
    static let finalizeDeposit = ABI.selector("finalizeDeposit(address,address,address,address,uint256,bytes)")

    /// The record as devnet_deposits lists it.
    public var json: JSON {
        var o: [(String, JSON)] = [
            ("queueIndex", .string(Hex.quantity(enqueued.queueIndex))),
            ("status", .string(status.rawValue)),
            ("msgHash", .string(msgHash.hex)),
            ("l1TxHash", .string(enqueued.l1TxHash.hex)),
            ("l1BlockNumber", .string(Hex.quantity(enqueued.l1BlockNumber))),
            ("timestamp", .string(Hex.quantity(enqueued.timestamp))),
            ("gasLimit", .string(enqueued.gasLimit.quantityHex)),
            ("l2TxHash", l2TxHash.map { .string($0.hex) } ?? .null),
            ("l2BlockNumber", l2BlockNumber.map { .string(Hex.quantity($0)) } ?? .null),
        ]
        if let m = message {
            o += [("target", .string(m.target.checksummed)), ("sender", .string(m.sender.checksummed)),
                  ("messageNonce", .string(m.nonce.quantityHex))]
            if let bridge = BridgeTransfer(finalizeCalldata: m.message, selector: Self.finalizeDeposit) {
                o.append(("bridge", bridge.json))
            }
        }
        if let error { o.append(("error", .string(error))) }
        return .object(o)
    }
}

/// The token movement a bridge message carries: the arguments of L2StandardBridge.finalizeDeposit
/// or L1StandardBridge.finalizeERC20Withdrawal (l1Token, l2Token, from, to, amount, data), or
/// finalizeETHWithdrawal (from, to, amount, data).
public struct BridgeTransfer: Sendable, Hashable {
    public var l1Token: Address
    public var l2Token: Address
    public var from: Address
    public var to: Address
    /// Amount in the token's smallest unit (wei for the native coin).
    public var amount: UInt256

    /// Decodes a 6-argument `(address,address,address,address,uint256,bytes)` call with `selector`.
    init?(finalizeCalldata data: [UInt8], selector: [UInt8]) {
        guard data.count >= 4, Array(data.prefix(4)) == selector,
              let v = try? ABI.decode("(address,address,address,address,uint256,bytes)", from: Array(data.dropFirst(4))),
              let a = v[0].addressValue, let b = v[1].addressValue, let f = v[2].addressValue,
              let t = v[3].addressValue, let amount = v[4].word else { return nil }
        l1Token = a; l2Token = b; from = f; to = t; self.amount = amount
    }

    /// Decodes `finalizeETHWithdrawal(address,address,uint256,bytes)` (l1Token = l2Token = zero).
    init?(ethWithdrawalCalldata data: [UInt8]) {
        guard data.count >= 4, Array(data.prefix(4)) == ABI.selector("finalizeETHWithdrawal(address,address,uint256,bytes)"),
              let v = try? ABI.decode("(address,address,uint256,bytes)", from: Array(data.dropFirst(4))),
              let f = v[0].addressValue, let t = v[1].addressValue, let amount = v[2].word else { return nil }
        l1Token = .zero; l2Token = .zero; from = f; to = t; self.amount = amount
    }

    /// `{l1Token, l2Token, from, to, amount}`.
    public var json: JSON {
        .object([("l1Token", .string(l1Token.checksummed)), ("l2Token", .string(l2Token.checksummed)),
                 ("from", .string(from.checksummed)), ("to", .string(to.checksummed)),
                 ("amount", .string(amount.quantityHex))])
    }
}

extension WithdrawalRecord {
    static let finalizeERC20Withdrawal = ABI.selector("finalizeERC20Withdrawal(address,address,address,address,uint256,bytes)")

    /// The token movement, when the message is an L1StandardBridge finalize call.
    public var bridge: BridgeTransfer? {
        BridgeTransfer(ethWithdrawalCalldata: sent.message.message)
            ?? BridgeTransfer(finalizeCalldata: sent.message.message, selector: Self.finalizeERC20Withdrawal)
    }
}
