// View models of the Metis-layer pages (`/sequencers`, `/batches`, `/bridge`). As with the chain
// pages, every field is already in display form (decimal wei strings, hex strings as the node
// returned them); the adapter in `Appliance` fills them from the `devnet_` RPC methods.

/// One sequencer of the set, as `devnet_sequencers` reports it.
public struct SequencerRow: Sendable, Equatable {
    /// Index in the set (0-based; key m/44'/60'/0'/2/index). Actions name a sequencer by it.
    public var index: Int
    /// LockingPool sequencer id (1-based, lock order; 0 when not staked).
    public var id: UInt64
    /// Signer address, `0x` + 40 hex digits.
    public var address: String
    /// Stake locked in LockingPool, wei of METIS (10^18 wei = 1 METIS), as a decimal string.
    public var stakeWei: String
    /// `"live"` or `"stopped"` (any other value is shown as given).
    public var status: String
    /// `"honest"` or `"wrongStateRoot"`.
    public var behaviour: String
    /// Blocks this sequencer sealed that the chain kept.
    public var blocksSealed: Int
    /// Blocks of this sequencer the verifiers rejected.
    public var rejections: Int
    /// METIS slashed on L1 so far, wei, as a decimal string.
    public var slashedWei: String
    /// LockingPool status Active.
    public var active: Bool

    public init(index: Int, id: UInt64, address: String, stakeWei: String, status: String, behaviour: String,
                blocksSealed: Int, rejections: Int, slashedWei: String, active: Bool = true) {
        self.index = index
        self.id = id
        self.address = address
        self.stakeWei = stakeWei
        self.status = status
        self.behaviour = behaviour
        self.blocksSealed = blocksSealed
        self.rejections = rejections
        self.slashedWei = slashedWei
        self.active = active
    }

    /// True when the sequencer seals blocks (`status == "live"`).
    public var isLive: Bool { status == "live" }
}

/// One MetisSequencerSet epoch, as `devnet_epochs` lists it.
public struct EpochRow: Sendable, Equatable {
    /// Epoch id (1-based; epoch 1 is set at genesis).
    public var epoch: UInt64
    /// Signer (leader) address, `0x` + 40 hex digits.
    public var signer: String
    /// Index of the signer in the set, nil when the set does not know the address.
    public var sequencer: Int?
    /// First and last L2 block of the epoch.
    public var startBlock: UInt64
    public var endBlock: UInt64
    /// How the leader came to lead: `"genesis"`, `"draw"`, `"stall"`, `"rejected"`, or nil (unknown).
    public var origin: String?

    public init(epoch: UInt64, signer: String, sequencer: Int?, startBlock: UInt64, endBlock: UInt64, origin: String?) {
        self.epoch = epoch
        self.signer = signer
        self.sequencer = sequencer
        self.startBlock = startBlock
        self.endBlock = endBlock
        self.origin = origin
    }
}

/// Everything on `GET /sequencers`.
public struct SequencersView: Sendable, Equatable {
    /// The set, by index.
    public var sequencers: [SequencerRow]
    /// MetisSequencerSet's `currentEpochNumber()`, nil when unknown.
    public var currentEpoch: UInt64?
    /// The epochs, newest first (the page shows the first few).
    public var epochs: [EpochRow]
    /// Blocks per epoch, nil when unknown.
    public var epochLength: UInt64?
    /// When the L2 is stalled: the block waiting and the index of the stopped leader.
    public var stalledBlock: UInt64?
    public var stalledLeader: Int?
    /// Re-spans so far (stalls and rejections).
    public var respans: Int?
    /// Why the page has no data (the sequencer set is not running, the call failed); nil when it has.
    public var unavailable: String?

    public init(sequencers: [SequencerRow] = [], currentEpoch: UInt64? = nil, epochs: [EpochRow] = [],
                epochLength: UInt64? = nil, stalledBlock: UInt64? = nil, stalledLeader: Int? = nil,
                respans: Int? = nil, unavailable: String? = nil) {
        self.sequencers = sequencers
        self.currentEpoch = currentEpoch
        self.epochs = epochs
        self.epochLength = epochLength
        self.stalledBlock = stalledBlock
        self.stalledLeader = stalledLeader
        self.respans = respans
        self.unavailable = unavailable
    }

    /// The current epoch's row, when listed.
    public var currentEpochRow: EpochRow? {
        guard let currentEpoch else { return nil }
        return epochs.first { $0.epoch == currentEpoch }
    }

    /// Index of the current epoch's leader, when known.
    public var leader: Int? { currentEpochRow?.sequencer }
}

/// One batch the batcher posted to the L1 inbox (or has in flight), as `devnet_batches` reports it.
public struct BatchRow: Sendable, Equatable {
    /// Batch index (0-based).
    public var index: UInt64
    /// First and last L2 block in the batch.
    public var l2Start: UInt64
    public var l2End: UInt64
    /// Transactions in the batch, when known.
    public var transactionCount: Int?
    /// The L1 transaction carrying it, `0x` + 64 hex digits.
    public var l1TxHash: String
    /// The L1 block including it; nil while pending.
    public var l1BlockNumber: UInt64?
    /// Calldata bytes on L1 and the uncompressed size, when known.
    public var calldataBytes: Int?
    public var uncompressedBytes: Int?
    /// `"onL1"` or `"pending"`.
    public var status: String

    public init(index: UInt64, l2Start: UInt64, l2End: UInt64, transactionCount: Int? = nil, l1TxHash: String,
                l1BlockNumber: UInt64?, calldataBytes: Int? = nil, uncompressedBytes: Int? = nil, status: String) {
        self.index = index
        self.l2Start = l2Start
        self.l2End = l2End
        self.transactionCount = transactionCount
        self.l1TxHash = l1TxHash
        self.l1BlockNumber = l1BlockNumber
        self.calldataBytes = calldataBytes
        self.uncompressedBytes = uncompressedBytes
        self.status = status
    }
}

/// One StateCommitmentChain batch, as `devnet_stateBatches` reports it.
public struct StateBatchRow: Sendable, Equatable {
    /// SCC batch index (0-based).
    public var index: UInt64
    /// State roots in the batch (`batchSize`).
    public var elements: UInt64
    /// The L2 blocks whose roots it holds.
    public var l2Start: UInt64?
    public var l2End: UInt64?
    /// Merkle root of the batch, `0x` + 64 hex digits.
    public var root: String
    /// The L1 `appendStateBatch` transaction and its block.
    public var l1TxHash: String
    public var l1BlockNumber: UInt64?
    /// `"inWindow"` or `"finalized"`.
    public var status: String
    /// Seconds left in the fraud-proof window (0 once finalized); nil when unknown.
    public var secondsLeft: Int?

    public init(index: UInt64, elements: UInt64, l2Start: UInt64? = nil, l2End: UInt64? = nil, root: String,
                l1TxHash: String, l1BlockNumber: UInt64?, status: String, secondsLeft: Int?) {
        self.index = index
        self.elements = elements
        self.l2Start = l2Start
        self.l2End = l2End
        self.root = root
        self.l1TxHash = l1TxHash
        self.l1BlockNumber = l1BlockNumber
        self.status = status
        self.secondsLeft = secondsLeft
    }
}

/// Everything on `GET /batches`. Each half has its own `unavailable` reason.
public struct BatchesView: Sendable, Equatable {
    /// Newest first.
    public var batches: [BatchRow]
    public var batchesUnavailable: String?
    /// Newest first.
    public var stateBatches: [StateBatchRow]
    public var stateBatchesUnavailable: String?

    public init(batches: [BatchRow] = [], batchesUnavailable: String? = nil, stateBatches: [StateBatchRow] = [],
                stateBatchesUnavailable: String? = nil) {
        self.batches = batches
        self.batchesUnavailable = batchesUnavailable
        self.stateBatches = stateBatches
        self.stateBatchesUnavailable = stateBatchesUnavailable
    }
}

/// What a bridge message moves, decoded from `finalizeDeposit` / `finalizeETHWithdrawal` /
/// `finalizeERC20Withdrawal` (the `bridge` object of `devnet_deposits` / `devnet_withdrawals`).
public struct BridgeTransfer: Sendable, Equatable {
    /// Token addresses, `0x` + 40 hex digits; the zero address (L1) or the NATIVE_TOKEN marker
    /// 0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000 (L2) mean ETH.
    public var l1Token: String
    public var l2Token: String
    public var from: String
    public var to: String
    /// Amount in the token's smallest unit (wei for ETH), decimal string.
    public var amountWei: String

    public init(l1Token: String, l2Token: String, from: String, to: String, amountWei: String) {
        self.l1Token = l1Token
        self.l2Token = l2Token
        self.from = from
        self.to = to
        self.amountWei = amountWei
    }

    /// True when the transfer moves ETH (the L2's native coin).
    public var isETH: Bool {
        let zero = "0x" + String(repeating: "0", count: 40)
        return l1Token.lowercased() == zero || l2Token.lowercased() == BridgeTransfer.nativeToken
    }

    /// The L2 NATIVE_TOKEN marker, lowercase (ROLLUP-API.md §1).
    public static let nativeToken = "0xdeaddeaddeaddeaddeaddeaddeaddeaddead0000"
}

/// One cross-domain message: an L1→L2 deposit (`devnet_deposits`) or an L2→L1 withdrawal
/// (`devnet_withdrawals`).
public struct BridgeMessageRow: Sendable, Equatable {
    /// Deposits: the CTC queue index; withdrawals: the L2 messenger's message nonce.
    public var number: UInt64?
    /// Relay status as the relayer reports it (`"pending"`, `"sent"`, `"relayed"`, `"failed"`,
    /// `"waitingForStateBatch"`, `"inChallengeWindow"`, `"ready"`).
    public var status: String
    /// Cross-domain message hash, `0x` + 64 hex digits.
    public var msgHash: String
    /// The L1 transaction (deposit: the one that enqueued it; withdrawal: the relay), when known.
    public var l1TxHash: String?
    public var l1BlockNumber: UInt64?
    /// The L2 transaction (deposit: the relay; withdrawal: the one that sent it), when known.
    public var l2TxHash: String?
    public var l2BlockNumber: UInt64?
    /// Messenger-level target and sender addresses.
    public var target: String?
    public var sender: String?
    /// Decoded bridge transfer, nil for a plain messenger message.
    public var transfer: BridgeTransfer?
    /// Withdrawals: seconds left in the challenge window of its state batch; nil when not in one.
    public var secondsLeft: Int?
    /// Withdrawals: the SCC batch holding its block's state root.
    public var stateBatchIndex: UInt64?
    /// Why relaying failed, when it did.
    public var error: String?

    public init(number: UInt64?, status: String, msgHash: String, l1TxHash: String? = nil, l1BlockNumber: UInt64? = nil,
                l2TxHash: String? = nil, l2BlockNumber: UInt64? = nil, target: String? = nil, sender: String? = nil,
                transfer: BridgeTransfer? = nil, secondsLeft: Int? = nil, stateBatchIndex: UInt64? = nil,
                error: String? = nil) {
        self.number = number
        self.status = status
        self.msgHash = msgHash
        self.l1TxHash = l1TxHash
        self.l1BlockNumber = l1BlockNumber
        self.l2TxHash = l2TxHash
        self.l2BlockNumber = l2BlockNumber
        self.target = target
        self.sender = sender
        self.transfer = transfer
        self.secondsLeft = secondsLeft
        self.stateBatchIndex = stateBatchIndex
        self.error = error
    }
}

/// Everything on `GET /bridge`. Each half has its own `unavailable` reason.
public struct BridgeView: Sendable, Equatable {
    /// Newest first.
    public var deposits: [BridgeMessageRow]
    public var depositsUnavailable: String?
    /// Newest first.
    public var withdrawals: [BridgeMessageRow]
    public var withdrawalsUnavailable: String?
    /// The challenge window in seconds, when known (explains the time-left column).
    public var challengeWindow: Int?

    public init(deposits: [BridgeMessageRow] = [], depositsUnavailable: String? = nil,
                withdrawals: [BridgeMessageRow] = [], withdrawalsUnavailable: String? = nil, challengeWindow: Int? = nil) {
        self.deposits = deposits
        self.depositsUnavailable = depositsUnavailable
        self.withdrawals = withdrawals
        self.withdrawalsUnavailable = withdrawalsUnavailable
        self.challengeWindow = challengeWindow
    }
}

/// What a dashboard button asks for, on one sequencer (by index).
public enum SequencerAction: String, Sendable, Equatable, CaseIterable {
    /// `devnet_stopSequencer`.
    case stop
    /// `devnet_startSequencer`.
    case start
    /// `devnet_setSequencerBehaviour(index, "wrongStateRoot")`.
    case wrongStateRoot
    /// `devnet_setSequencerBehaviour(index, "honest")`.
    case honest
}
