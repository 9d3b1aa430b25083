// View models of the LazAI pages (`/datahub…`). As with the other pages, every field is already in
// display form: wei and token amounts as decimal strings, hashes and addresses as the node gave
// them. The adapter in `Appliance` fills them from the `lazai_` RPC methods (LAZAI-API.md §3);
// every string may come from the chain, so the pages escape all of them.

/// A contract and its address, e.g. ("DataRegistry", "0xEAd0…5AA0").
public struct NamedAddress: Sendable, Equatable {
    public var name: String
    /// `0x` + 40 hex digits (EIP-55 checksummed).
    public var address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }
}

/// A node's registration on one LazAI registry (VerifiedComputing, Query, Inference, Training).
public struct DataHubRegistration: Sendable, Equatable {
    /// "verifiedComputing", "query", "inference" or "training".
    public var registry: String
    /// "active", "removed" (any other value is shown as given); nil: not registered there.
    public var status: String?

    public init(registry: String, status: String?) {
        self.registry = registry
        self.status = status
    }
}

/// One LazAI node (`lazai_nodes`).
public struct DataHubNodeRow: Sendable, Equatable {
    /// `0x` + 40 hex digits.
    public var address: String
    /// The URL Alith's clients call (`{url}/proof`, `{url}/v1/chat/completions`).
    public var url: String
    /// RSA public key, PKCS#1 PEM.
    public var publicKey: String
    /// Run by this devnet (key m/44'/60'/0'/3/index).
    public var inProcess: Bool
    public var index: Int?
    /// Where the node is registered, in the order VerifiedComputing, Query, Inference, Training.
    public var registrations: [DataHubRegistration]
    /// Bids credited on VerifiedComputing, wei as a decimal string.
    public var earnedWei: String
    /// Jobs VerifiedComputing assigned to it and not yet completed.
    public var pendingJobs: UInt64
    /// The node service's run-time status as key/value pairs (already text), in the order given.
    public var runtime: [(String, String)]

    public init(address: String, url: String, publicKey: String, inProcess: Bool, index: Int?,
                registrations: [DataHubRegistration], earnedWei: String, pendingJobs: UInt64, runtime: [(String, String)] = []) {
        self.address = address
        self.url = url
        self.publicKey = publicKey
        self.inProcess = inProcess
        self.index = index
        self.registrations = registrations
        self.earnedWei = earnedWei
        self.pendingJobs = pendingJobs
        self.runtime = runtime
    }

    public static func == (a: DataHubNodeRow, b: DataHubNodeRow) -> Bool {
        a.address == b.address && a.url == b.url && a.publicKey == b.publicKey && a.inProcess == b.inProcess
            && a.index == b.index && a.registrations == b.registrations && a.earnedWei == b.earnedWei
            && a.pendingJobs == b.pendingJobs && a.runtime.map { [$0.0, $0.1] } == b.runtime.map { [$0.0, $0.1] }
    }
}

/// Everything on `GET /datahub`.
public struct DataHubView: Sendable, Equatable {
    /// Why there is nothing to show (LazAI not running, the call failed); nil when there is.
    public var unavailable: String?
    public var chainId: UInt64 = 0
    /// The LazAI contracts, in genesis order.
    public var contracts: [NamedAddress] = []
    /// `0x` + 40 hex digits.
    public var admin: String = ""
    /// VerifiedComputing's `nodeFee()`, wei as a decimal string.
    public var nodeFeeWei: String = "0"
    /// DataRegistry's RSA public key (PKCS#1 PEM).
    public var publicKey: String = ""
    /// Where files are uploaded (`POST`).
    public var fileStoreURL: String = ""
    /// DataRegistry's `name()`.
    public var registryName: String?
    public var filesCount: UInt64?
    public var jobsCount: UInt64?
    public var datsCount: UInt64?
    public var proposalsCount: UInt64?
    public var nodes: [DataHubNodeRow] = []
    /// How to point Alith at this chain (e.g. `ChainConfig("LazAI Devnet", "http://127.0.0.1:8545", 133718)`).
    public var alithChainConfig: String?

    public init(unavailable: String? = nil) { self.unavailable = unavailable }
}

/// One VerifiedComputing proof job (`lazai_jobs`).
public struct DataHubJobRow: Sendable, Equatable {
    public var id: UInt64
    public var fileId: UInt64
    /// What the requester paid, wei as a decimal string.
    public var bidWei: String
    /// "submitted", "completed" or "canceled".
    public var status: String
    /// Assigned node and requester, `0x` + 40 hex digits.
    public var node: String
    public var owner: String
    /// Seconds since the Unix epoch.
    public var addedTimestamp: UInt64
    /// Transaction hashes (`0x` + 64 hex digits) of the JobSubmitted and JobComplete logs.
    public var submittedTx: String?
    public var completedTx: String?

    public init(id: UInt64, fileId: UInt64, bidWei: String, status: String, node: String, owner: String,
                addedTimestamp: UInt64, submittedTx: String? = nil, completedTx: String? = nil) {
        self.id = id
        self.fileId = fileId
        self.bidWei = bidWei
        self.status = status
        self.node = node
        self.owner = owner
        self.addedTimestamp = addedTimestamp
        self.submittedTx = submittedTx
        self.completedTx = completedTx
    }
}

/// One proof of a file.
public struct DataHubProofRow: Sendable, Equatable {
    /// 1-based proof index.
    public var index: UInt64
    /// Data-quality score (the DAT amount a reward mints).
    public var score: String?
    public var proofUrl: String?
    /// Recovered signer (`0x` + 40 hex digits), nil when unknown.
    public var signer: String?
    public var txHash: String

    public init(index: UInt64, score: String?, proofUrl: String?, signer: String?, txHash: String) {
        self.index = index
        self.score = score
        self.proofUrl = proofUrl
        self.signer = signer
        self.txHash = txHash
    }
}

/// An account that was given a file's key (PermissionGranted).
public struct DataHubPermissionRow: Sendable, Equatable {
    public var account: String
    /// The RSA-encrypted key as stored (hex text).
    public var key: String?
    public var txHash: String

    public init(account: String, key: String?, txHash: String) {
        self.account = account
        self.key = key
        self.txHash = txHash
    }
}

/// One DataRegistry file (`lazai_files` / `lazai_getFile`).
public struct DataHubFileRow: Sendable, Equatable {
    public var id: UInt64
    /// Owner, `0x` + 40 hex digits.
    public var owner: String
    /// The registered URL and content hash, as the contributor wrote them.
    public var url: String
    public var hash: String
    /// Index of the rewarded proof (0 before a reward).
    public var proofIndex: UInt64
    /// DAT amount minted as the reward (the proof's score), decimal.
    public var rewardAmount: String
    public var rewarded: Bool
    /// The DAT minted for it, nil before a reward.
    public var datTokenId: UInt64?
    public var addedTx: String?
    public var jobs: [DataHubJobRow]
    public var proofs: [DataHubProofRow]
    public var permissions: [DataHubPermissionRow]
    public var rewardTx: String?

    public init(id: UInt64, owner: String, url: String, hash: String, proofIndex: UInt64, rewardAmount: String,
                rewarded: Bool, datTokenId: UInt64? = nil, addedTx: String? = nil, jobs: [DataHubJobRow] = [],
                proofs: [DataHubProofRow] = [], permissions: [DataHubPermissionRow] = [], rewardTx: String? = nil) {
        self.id = id
        self.owner = owner
        self.url = url
        self.hash = hash
        self.proofIndex = proofIndex
        self.rewardAmount = rewardAmount
        self.rewarded = rewarded
        self.datTokenId = datTokenId
        self.addedTx = addedTx
        self.jobs = jobs
        self.proofs = proofs
        self.permissions = permissions
        self.rewardTx = rewardTx
    }
}

/// `GET /datahub/files`.
public struct DataHubFilesView: Sendable, Equatable {
    public var unavailable: String?
    /// All files registered (`filesCount()`).
    public var total: UInt64 = 0
    /// The latest files, newest first.
    public var files: [DataHubFileRow] = []

    public init(unavailable: String? = nil, total: UInt64 = 0, files: [DataHubFileRow] = []) {
        self.unavailable = unavailable
        self.total = total
        self.files = files
    }
}

/// `GET /datahub/jobs`.
public struct DataHubJobsView: Sendable, Equatable {
    public var unavailable: String?
    public var total: UInt64 = 0
    /// The latest jobs, newest first.
    public var jobs: [DataHubJobRow] = []

    public init(unavailable: String? = nil, total: UInt64 = 0, jobs: [DataHubJobRow] = []) {
        self.unavailable = unavailable
        self.total = total
        self.jobs = jobs
    }
}

/// `GET /datahub/nodes`.
public struct DataHubNodesView: Sendable, Equatable {
    public var unavailable: String?
    public var nodes: [DataHubNodeRow] = []

    public init(unavailable: String? = nil, nodes: [DataHubNodeRow] = []) {
        self.unavailable = unavailable
        self.nodes = nodes
    }
}

/// One recordUsage of a DAT.
public struct DATUsageRow: Sendable, Equatable {
    /// The metric as text when printable, else its bytes32 hex.
    public var metric: String
    public var amount: String
    public var actor: String?
    public var txHash: String

    public init(metric: String, amount: String, actor: String?, txHash: String) {
        self.metric = metric
        self.amount = amount
        self.actor = actor
        self.txHash = txHash
    }
}

/// One revenue claim of a DAT.
public struct DATClaimRow: Sendable, Equatable {
    /// Wei, decimal.
    public var amountWei: String
    public var to: String?
    public var txHash: String

    public init(amountWei: String, to: String?, txHash: String) {
        self.amountWei = amountWei
        self.to = to
        self.txHash = txHash
    }
}

/// One DataAnchoringToken (`lazai_dats` / `lazai_getDAT`).
public struct DATRow: Sendable, Equatable {
    public var id: UInt64
    public var owner: String?
    public var classId: UInt64?
    /// Remaining value (usage quota), decimal; nil when the token cannot tell.
    public var value: String?
    public var shareRatio: String?
    /// Unix seconds; 0 = never.
    public var expireAt: UInt64?
    /// The file URL the token anchors (`uri(id)`).
    public var uri: String?
    public var verified: Bool?
    public var usedValue: String?
    /// Origin: the file it rewarded and the mint transaction.
    public var fileId: UInt64?
    public var mintTx: String?
    public var mintBlock: UInt64?
    public var rewardTx: String?
    /// Revenue, wei as decimal strings.
    public var claimedWei: String
    public var pendingWei: String?
    public var usage: [DATUsageRow]
    public var claims: [DATClaimRow]

    public init(id: UInt64, owner: String?, classId: UInt64?, value: String?, shareRatio: String?, expireAt: UInt64?,
                uri: String?, verified: Bool?, usedValue: String?, fileId: UInt64? = nil, mintTx: String? = nil,
                mintBlock: UInt64? = nil, rewardTx: String? = nil, claimedWei: String = "0", pendingWei: String? = nil,
                usage: [DATUsageRow] = [], claims: [DATClaimRow] = []) {
        self.id = id
        self.owner = owner
        self.classId = classId
        self.value = value
        self.shareRatio = shareRatio
        self.expireAt = expireAt
        self.uri = uri
        self.verified = verified
        self.usedValue = usedValue
        self.fileId = fileId
        self.mintTx = mintTx
        self.mintBlock = mintBlock
        self.rewardTx = rewardTx
        self.claimedWei = claimedWei
        self.pendingWei = pendingWei
        self.usage = usage
        self.claims = claims
    }
}

/// `GET /datahub/dats`.
public struct DATsView: Sendable, Equatable {
    public var unavailable: String?
    public var total: UInt64 = 0
    /// The latest tokens, newest first.
    public var dats: [DATRow] = []

    public init(unavailable: String? = nil, total: UInt64 = 0, dats: [DATRow] = []) {
        self.unavailable = unavailable
        self.total = total
        self.dats = dats
    }
}

/// One vote on an iDAO proposal.
public struct ProposalVoteRow: Sendable, Equatable {
    public var voter: String
    public var support: Bool?
    /// DAT class value at vote time, decimal.
    public var weight: String
    public var txHash: String

    public init(voter: String, support: Bool?, weight: String, txHash: String) {
        self.voter = voter
        self.support = support
        self.weight = weight
        self.txHash = txHash
    }
}

/// One iDAO proposal (`lazai_proposals`).
public struct ProposalRow: Sendable, Equatable {
    public var id: UInt64
    public var proposer: String?
    public var target: String?
    /// Wei sent with the call, decimal.
    public var valueWei: String
    /// Calldata, `0x` + hex.
    public var calldata: String
    public var description: String?
    /// Voting ends (Unix seconds).
    public var deadline: UInt64?
    public var forVotes: String
    public var againstVotes: String
    /// "active", "succeeded", "defeated", "executed" (any other value shown as given).
    public var state: String
    public var votes: [ProposalVoteRow]
    public var createdTx: String?
    public var executedTx: String?

    public init(id: UInt64, proposer: String?, target: String?, valueWei: String, calldata: String, description: String?,
                deadline: UInt64?, forVotes: String, againstVotes: String, state: String, votes: [ProposalVoteRow] = [],
                createdTx: String? = nil, executedTx: String? = nil) {
        self.id = id
        self.proposer = proposer
        self.target = target
        self.valueWei = valueWei
        self.calldata = calldata
        self.description = description
        self.deadline = deadline
        self.forVotes = forVotes
        self.againstVotes = againstVotes
        self.state = state
        self.votes = votes
        self.createdTx = createdTx
        self.executedTx = executedTx
    }
}

/// `GET /datahub/idao`.
public struct IDAOView: Sendable, Equatable {
    public var unavailable: String?
    public var address: String = ""
    public var name: String?
    public var description: String?
    /// The DAT class whose value votes.
    public var classId: UInt64?
    /// Seconds a proposal is open.
    public var votingPeriod: UInt64?
    /// Least "for" value that passes.
    public var quorum: String?
    /// ETH the iDAO holds, wei decimal.
    public var balanceWei: String?
    public var total: UInt64 = 0
    /// Newest first.
    public var proposals: [ProposalRow] = []

    public init(unavailable: String? = nil) { self.unavailable = unavailable }
}
