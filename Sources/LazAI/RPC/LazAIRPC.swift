import Node
import Primitives
import Rollup

/// What the `lazai_` namespace and the dashboard know without asking the chain: addresses, the
/// admin, the in-process nodes, the RSA public key and the file store's base URL.
public struct LazAIInfo: Sendable {
    /// Admin of every LazAI contract (DEFAULT_ADMIN_ROLE, MAINTAINER_ROLE).
    public var admin: Address
    /// The in-process nodes, in key order (`m/44'/60'/0'/3/i`).
    public var nodes: [LazAINodeRecord]
    /// DataRegistry's `publicKey()` (PKCS#1 PEM).
    public var publicKeyPEM: String
    /// Where files are uploaded: `POST <fileStoreURL>` (e.g. "http://127.0.0.1:8545/lazai/files").
    public var fileStoreURL: String
    /// The `[lazai]` settings the devnet runs with.
    public var config: LazAIConfig

    public init(admin: Address, nodes: [LazAINodeRecord], publicKeyPEM: String, fileStoreURL: String, config: LazAIConfig) {
        self.admin = admin
        self.nodes = nodes
        self.publicKeyPEM = publicKeyPEM
        self.fileStoreURL = fileStoreURL
        self.config = config
    }
}

/// The `lazai_` JSON-RPC namespace on the L2 (LAZAI-API.md §3): LazAI's contracts as JSON, read
/// live with eth_call and eth_getLogs through `client` (every read of one request at one block).
///
/// Conventions (as execution-apis): numbers are QUANTITY strings (`0x` + hex, wei for amounts,
/// seconds for times), addresses EIP-55 checksummed, byte strings DATA (`0x` + hex). Ids are given
/// as a QUANTITY string or a JSON number. A well-formed id that names nothing answers `null` (as
/// `eth_getBlockByNumber` does); a malformed parameter answers -32602 with the reason.
///
/// Methods (params → result):
/// - `lazai_getInfo()` → `{chainId, blockNumber, contracts: {DataRegistry, VerifiedComputing,
///   DataAnchoringToken, Query, Inference, Training, Settlement, IDAO}, admin, nodeFee` (wei, read
///   from VerifiedComputing)`, publicKey` (PEM)`, fileStoreURL, registryName, filesCount, jobsCount,
///   datsCount` (null when the token has no `currentTokenId`)`, proposalsCount` (null when unknown)`,
///   config: {nodes, nodeFee, pricePerToken, votingPeriod, quorum, lockTime},
///   nodes: [{index, address, url, publicKey, runtime}]` (runtime: the node service's status object
///   without the fields the entry already has, or null)`, alith: {env: {LAZAI_LOCAL_CHAIN: "1"}, rpcURL, chainConfig, note}}`.
/// - `lazai_files({fromId?, count?})` → `{total, fromId, files: [File]}`: ids `fromId`…, ascending,
///   at most `count` (default 50, at most 500); without `fromId`, the latest `count` files.
/// - `lazai_getFile(fileId)` → `File | null`, File = `{id, owner, url, hash, proofIndex,
///   rewardAmount, rewarded, addedBlock, addedTx, jobs: [Job], proofs: [{index, score, fileUrl,
///   proofUrl, signer, signature, hash, timestamp, txHash}], permissions: [{account, key, txHash}],
///   rewardTx, datTokenId, datMintTx}`.
/// - `lazai_jobs({fromId?, count?, fileId?})` → `{total, fromId, jobs: [Job]}` (by `fileId`: that
///   file's jobs); `lazai_getJob(jobId)` → `Job | null`, Job = `{id, fileId, bidAmount, status`
///   ("submitted" | "completed" | "canceled")`, node, owner, addedTimestamp, submittedTx,
///   completedTx, canceledTx}`.
/// - `lazai_nodes()` → `[{address, url, publicKey, inProcess, index, verifiedComputing,
///   query, inference, training, runtime}]`: every node VerifiedComputing or an AIProcess lists,
///   and every in-process node; each registration `{status` ("active" | "removed" | "none")`,
///   url, amount, jobsCount}` or null when not registered there.
/// - `lazai_dats({fromId?, count?, owner?})` → `{total, fromId, dats: [DAT]}`;
///   `lazai_getDAT(tokenId)` → `DAT | null`, DAT = `{id, owner, classId, value, shareRatio,
///   expireAt, uri, verified, usedValue, origin: {fileId, fileUrl, mintedTo, mintTx, mintBlock,
///   rewardTx}, usage: [{metricType, amount, txHash, blockNumber}], revenue: {claimed, pending,
///   claims: [{amount, to, txHash, blockNumber}]}}` (a field the token cannot tell is null).
/// - `lazai_proposals({fromId?, count?})` → `{total, fromId, proposals: [Proposal]}`;
///   `lazai_getProposal(id)` → `Proposal | null`, Proposal = `{id, proposer, target, value,
///   calldata, description, forVotes, againstVotes, createdTimestamp, deadline, executed, state`
///   ("active" | "succeeded" | "defeated" | "executed")`, votes: [{voter, support, weight, txHash}],
///   createdTx, executedTx}`.
public struct LazAIRPC: RPCExtension {
    /// The L2.
    public let client: RollupClient
    /// What the launcher knows (admin, in-process nodes, key, file store).
    public let info: LazAIInfo
    /// The in-process nodes' run-time status (jobs done, last error…), one JSON object per node,
    /// in the order of `info.nodes` (an object with an "address" field is matched by address).
    public let nodeStatus: @Sendable () async -> [JSON]

    public init(client: RollupClient, info: LazAIInfo, nodeStatus: @escaping @Sendable () async -> [JSON]) {
        self.client = client
        self.info = info
        self.nodeStatus = nodeStatus
    }

    /// Every `lazai_` method → the most positional parameters it takes.
    public var methods: [String: Int] {
        ["lazai_getInfo": 0, "lazai_files": 1, "lazai_getFile": 1, "lazai_jobs": 1, "lazai_getJob": 1,
         "lazai_nodes": 0, "lazai_dats": 1, "lazai_getDAT": 1, "lazai_proposals": 1, "lazai_getProposal": 1]
    }

    /// Every method of the namespace.
    public static let methodNames = ["lazai_getInfo", "lazai_files", "lazai_getFile", "lazai_jobs", "lazai_getJob",
                                     "lazai_nodes", "lazai_dats", "lazai_getDAT", "lazai_proposals", "lazai_getProposal"]

    /// Answers one `lazai_` call.
    /// - Throws: `RPCError` -32602 for a malformed parameter, the node's error for a failed read
    ///   (-32603 "internal error: …" when an answer has an unexpected shape).
    public func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        let args: [JSON] = if case .array(let a) = params { a } else { [params] }
        do {
            let r = try await LazAIChainReader(client: client)
            switch method {
            case "lazai_getInfo": return try await getInfo(r)
            case "lazai_files": return try await files(r, try Page(args.first, allow: []))
            case "lazai_getFile": return try await file(r, id: try Self.id(args.first, "fileId")) ?? .null
            case "lazai_jobs": return try await jobs(r, try Page(args.first, allow: ["fileId"]))
            case "lazai_getJob": return try await job(r, id: try Self.id(args.first, "jobId")) ?? .null
            case "lazai_nodes": return try await nodes(r)
            case "lazai_dats": return try await dats(r, try Page(args.first, allow: ["owner"]))
            case "lazai_getDAT": return try await dat(r, id: try Self.id(args.first, "tokenId")) ?? .null
            case "lazai_proposals": return try await proposals(r, try Page(args.first, allow: []))
            case "lazai_getProposal": return try await proposal(r, id: try Self.id(args.first, "proposalId")) ?? .null
            default: throw RPCError.methodNotFound(method)
            }
        } catch let e as RPCError {
            throw e
        } catch let e as RollupClientError {
            if case .rpc(_, let code, let message) = e { throw RPCError(code: code, message: message) }
            throw RPCError.internalError(e.description)
        } catch {
            throw RPCError.internalError("\(error)")
        }
    }

    // MARK: - Parameters

    /// The paging object of the list methods: `{fromId?, count?}` plus the filters in `allow`.
    struct Page {
        var fromId: UInt64?
        var count: UInt64 = Page.defaultCount
        var fileId: UInt64?
        var owner: Address?

        static let defaultCount: UInt64 = 50
        static let maxCount: UInt64 = 500

        /// - Throws: -32602 for a non-object, an unknown key or a malformed value.
        init(_ json: JSON?, allow: Set<String>) throws(RPCError) {
            guard let json, json != .null else { return }
            guard case .object(let members) = json else {
                throw .invalidParams("expected an object {fromId?, count?\(allow.sorted().map { ", \($0)?" }.joined())}, got \(json.typeName)")
            }
            for (key, value) in members {
                switch key {
                case "fromId": fromId = try LazAIRPC.id(value, "fromId")
                case "count":
                    let c = try LazAIRPC.id(value, "count")
                    guard c >= 1, c <= Page.maxCount else { throw .invalidParams("count must be 1…\(Page.maxCount), got \(c)") }
                    count = c
                case "fileId" where allow.contains("fileId"): fileId = try LazAIRPC.id(value, "fileId")
                case "owner" where allow.contains("owner"):
                    guard let s = value.stringValue, s.count == 42, let a = Address(hex: s) else {
                        throw .invalidParams("owner must be an address (0x + 40 hex digits)")
                    }
                    owner = a
                default:
                    let known = (["fromId", "count"] + allow.sorted()).joined(separator: ", ")
                    throw .invalidParams("unknown field \"\(key)\" (known: \(known))")
                }
            }
        }

        /// The ids to list among 1…total.
        func ids(total: UInt64) -> ClosedRange<UInt64>? {
            guard total > 0 else { return nil }
            let start = fromId ?? (total > count ? total - count + 1 : 1)
            guard start >= 1, start <= total else { return nil }
            let end = min(total, start + count - 1)
            return start...end
        }
    }

    /// An id parameter: a QUANTITY string ("0x1") or a non-negative JSON integer, at most 2^64-1.
    /// - Throws: -32602 naming `name` for anything else.
    static func id(_ json: JSON?, _ name: String) throws(RPCError) -> UInt64 {
        switch json {
        case .string(let s)?:
            if s.hasPrefix("0x"), s.count > 2, s.count <= 18, let v = UInt64(s.dropFirst(2), radix: 16) { return v }
            throw .invalidParams("\(name) must be a QUANTITY (0x-prefixed hex, at most 64 bits) or a number, got \"\(s)\"")
        case .number(let s)?:
            if let v = UInt64(s) { return v }
            throw .invalidParams("\(name) must be a non-negative integer, got \(s)")
        case nil, .null?:
            throw .invalidParams("missing value for required argument \(name)")
        case let other?:
            throw .invalidParams("\(name) must be a QUANTITY or a number, got \(other.typeName)")
        }
    }
}
