import DevnetCrypto
import Foundation
import Node
import Primitives
import Rollup

/// Everything LazAI runs beside the L2 (LAZAI-API.md §3): the file store, the in-process
/// verified-computing / AI nodes (watching JobSubmitted, answering Alith's HTTP API) and the
/// `lazai_` RPC namespace.
///
/// Node `i` signs with `settings.nodeKeys[i]` and is reached at `settings.info.nodes[i].url`
/// (`http://<l2>/lazai/nodes/<i>`). HTTP routes (all JSON unless said otherwise):
/// - `POST /lazai/files` (raw body) → 201 `{"url","id","size","sha256"}`; `GET /lazai/files/<id>` → bytes.
/// - `GET /lazai/nodes/<i>` → the node's status (as in `lazai_nodes`).
/// - `POST /lazai/nodes/<i>/proof` — Alith's ProofRequest → 200 `{"success":true}` once
///   completeJob and addProof are mined; 400 for an unknown job or another node's job; 500
///   `{"error":{"message","type":"internal_error"}}` otherwise.
/// - `POST /lazai/nodes/<i>/v1/chat/completions` (Inference) and `/lazai/nodes/<i>/query` (Query):
///   X-LazAI-User/-Nonce/-Signature checked as Alith's `validate_account_and_signature`
///   (401 `authentication_error`), answered by the built-in `LazAIResponder`, settled on-chain
///   with `settlementFees` (cost = pricePerToken × tokens, wei) before the answer; 402 when the
///   user's account with the node cannot pay.
public final class LazAIServices: Sendable {
    public struct Settings: Sendable {
        public var info: LazAIInfo
        /// The nodes' keys, in the order of `info.nodes`.
        public var nodeKeys: [PrivateKey]
        public var rsaKey: RSAPrivateKey
        /// Directory of the file store (`<data_dir>/lazai-files`); nil keeps files in memory (--ephemeral).
        public var fileStoreDirectory: String?
        /// Scores a decrypted data file for its proof (the DAT's value): returns 1…10000, or throws
        /// (the job fails, with the error's description in the node's `lastError`). nil: the
        /// built-in `LazAIScorer.score`. The devnet passes the `[plugins] scorer` module (issue 8).
        public var scorer: (@Sendable ([UInt8]) throws -> UInt64)?
        /// Answers the nodes' OpenAI-style chat requests (`/v1/chat/completions`): the last user
        /// message in, the reply out (or a throw: the request fails with 502 and is not charged).
        /// nil: the built-in `LazAIResponder`. The devnet passes the `[plugins] inference` module.
        public var responder: Responder?

        public init(info: LazAIInfo, nodeKeys: [PrivateKey], rsaKey: RSAPrivateKey, fileStoreDirectory: String?,
                    scorer: (@Sendable ([UInt8]) throws -> UInt64)? = nil, responder: Responder? = nil) {
            self.info = info
            self.nodeKeys = nodeKeys
            self.rsaKey = rsaKey
            self.fileStoreDirectory = fileStoreDirectory
            self.scorer = scorer
            self.responder = responder
        }
    }

    /// A chat model for the nodes: its name (the answers' `model` when the request names none) and
    /// its reply to a UTF-8 prompt (synchronous; it may take up to the module's time limit).
    public struct Responder: Sendable {
        public var model: String
        public var reply: @Sendable (String) throws -> String

        public init(model: String, reply: @escaping @Sendable (String) throws -> String) {
            self.model = model
            self.reply = reply
        }
    }

    public let settings: Settings
    public let l2: RollupClient
    /// The devnet's file store (`/lazai/files`).
    public let files: LazAIFileStore
    let log: @Sendable (String) -> Void
    let state: LazAINodeState
    let senders: [SerialQueue]
    /// Settles each account's requests in nonce order, several per transaction when they overlap.
    let batcher: LazAISettlementBatcher
    /// Seconds between two eth_getLogs polls of the watcher.
    public static let pollInterval: Double = 0.5
    /// Seconds to wait for a node transaction's receipt.
    public static let receiptTimeout: Double = 60

    /// - Parameters:
    ///   - l2Node: the L2 (its chain id is Alith's 133718 by default).
    ///   - log: one line per event worth telling in the terminal (no trailing newline).
    public convenience init(settings: Settings, l2Node: ChainNode, log: @escaping @Sendable (String) -> Void) {
        self.init(settings: settings, client: RollupClient(node: l2Node, chainId: l2Node.chainId), log: log)
    }

    /// Same, over any `RollupClient` (tests).
    public init(settings: Settings, client: RollupClient, log: @escaping @Sendable (String) -> Void) {
        self.settings = settings
        self.l2 = client
        self.log = log
        self.files = LazAIFileStore(directory: settings.fileStoreDirectory, baseURL: settings.info.fileStoreURL)
        self.state = LazAINodeState(nodes: settings.nodeKeys.count)
        self.senders = settings.nodeKeys.map { _ in SerialQueue() }
        let keys = settings.nodeKeys
        let client = client
        let senders = self.senders
        self.batcher = LazAISettlementBatcher { account, nonce, signature, cost, id in
            let contract = account.kind == Kind.inference.name ? LazAIAddresses.inference : LazAIAddresses.query
            let data = LazAISettlementData(id: id, user: account.user, cost: cost, nonce: nonce, userSignature: signature)
            do {
                let sig = try data.signature(key: keys[account.node])
                return .success(try await Self.transact(client: client, queue: senders[account.node], key: keys[account.node],
                                                         to: contract, data: data.settlementFeesCall(signature: sig),
                                                         label: "\(account.kind).settlementFees"))
            } catch let error as LazAIError {
                return .failure(error)
            } catch {
                return .failure(LazAIError("\(error)"))
            }
        }
    }

    /// The `lazai_` namespace, to install on the L2 node; its `nodeStatus` is `nodeStatus()`.
    public var rpc: any RPCExtension {
        LazAIRPC(client: l2, info: settings.info, nodeStatus: { [self] in await self.nodeStatus() })
    }

    /// The `/lazai/` HTTP routes (file store, nodes' Alith API), for the L2 server.
    public var routes: RPCServer.Routes {
        { [self] request in await self.handle(request) }
    }

    /// Per node: `{"index","address","url","publicKey","jobsProven","lastJob","lastScore",
    /// "settlements","earnedWei" (decimal string),"lastError","lastErrorAt" (unix seconds)}`.
    public func nodeStatus() async -> [JSON] {
        let stats = await state.stats
        return settings.nodeKeys.indices.map { i in
            let s = i < stats.count ? stats[i] : LazAINodeState.NodeStats()
            let record = i < settings.info.nodes.count ? settings.info.nodes[i] : nil
            return .object([
                ("index", .int(i)),
                ("address", .string(settings.nodeKeys[i].address.checksummed)),
                ("url", .optional(record.map { .string($0.url) })),
                ("publicKey", .optional(record.map { .string($0.publicKeyPEM) })),
                ("jobsProven", .int(s.jobsProven)),
                ("lastJob", .optional(s.lastJob.map { .number(String($0)) })),
                ("lastScore", .optional(s.lastScore.map { .number(String($0)) })),
                ("settlements", .int(s.settlements)),
                ("earnedWei", .string(s.earnedWei.decimalString)),
                ("lastError", .optional(s.lastError.map { .string($0) })),
                ("lastErrorAt", .optional(s.lastErrorAt.map { .number(String($0)) })),
            ])
        }
    }

    /// Runs the nodes' watcher until cancelled: polls VerifiedComputing's JobSubmitted logs every
    /// `pollInterval` seconds from block 0 and proves each job assigned to one of the nodes.
    public func run() async {
        guard !settings.nodeKeys.isEmpty else {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            return
        }
        // Not awaited: with mining off the URL updates wait in the pool, and the watcher must not.
        Task { await self.syncNodeURLs() }
        var next: UInt64 = 0
        var lastError: String?
        while !Task.isCancelled {
            do {
                let head = try await l2.blockNumber()
                if next > head + 1 {   // the chain went back (evm_revert, anvil_reset): read it again
                    next = 0
                    await state.forgetJobs()
                }
                if head >= next {
                    // at most 10,000 blocks per eth_getLogs (limits.max_log_block_range is 100,000)
                    let to = min(head, next + 9_999)
                    let logs = try await l2.logs(address: LazAIAddresses.verifiedComputing, topic: Self.jobSubmittedTopic,
                                                 from: next, to: to)
                    for entry in logs { dispatchJob(entry) }
                    next = to + 1
                    await state.setLastBlock(to)
                    if to < head { continue }
                }
                lastError = nil
            } catch {
                let text = "LazAI nodes: cannot read JobSubmitted logs: \(error)"
                if text != lastError { log(text); lastError = text }
            }
            try? await Task.sleep(for: .milliseconds(Int64(Self.pollInterval * 1000)))
        }
    }

    /// Moves each node's registered URL to the one this start serves (genesis registers the
    /// default port's, `LazAIGenesis.genesisBaseURL`): `updateNodeUrl` from the node's own key on
    /// VerifiedComputing, Query, Inference and Training wherever it differs. Nothing is sent on
    /// the default port, so a fresh chain there stays at block 0.
    func syncNodeURLs() async {
        let contracts = [("VerifiedComputing", LazAIAddresses.verifiedComputing), ("Query", LazAIAddresses.query),
                         ("Inference", LazAIAddresses.inference), ("Training", LazAIAddresses.training)]
        for (index, node) in settings.info.nodes.enumerated() where index < settings.nodeKeys.count {
            var moved: [String] = []
            for (name, address) in contracts {
                do {
                    let v = try await view(address, "getNode(address)", [.address(node.address)],
                                           returns: "((address,string,uint8,uint256,uint256,string))")
                    guard let t = v.first?.items, t.count == 6, case .string(let url) = t[1], let status = t[2].word,
                          status == UInt256(1), url != node.url else { continue }
                    try await transact(index, to: address, data: ABI.call("updateNodeUrl(string)", [.string(node.url)]),
                                       label: "\(name).updateNodeUrl")
                    moved.append(name)
                } catch {
                    log("LazAI node \(index): cannot move its URL on \(name) to \(node.url): \(error.message)")
                }
            }
            if !moved.isEmpty {
                log("LazAI node \(index): URL set to \(node.url) on \(moved.joined(separator: ", ")) (genesis registers \(LazAIGenesis.genesisBaseURL))")
            }
        }
    }

    /// topic0 of `JobSubmitted(uint256 indexed jobId, uint256 indexed fileId, address nodeAddress, uint256 bidAmount)`.
    public static let jobSubmittedTopic = ABI.eventTopic("JobSubmitted(uint256,uint256,address,uint256)")

    /// The job id and assigned node of a JobSubmitted log as eth_getLogs returns it (topics[1] =
    /// jobId as a 32-byte word, data = abi.encode(address nodeAddress, uint256 bidAmount)); nil
    /// for anything else.
    static func jobAssignment(_ entry: JSON) -> (job: UInt64, node: Address)? {
        guard case .array(let topics)? = entry["topics"], topics.count >= 3, topics[0].stringValue.flatMap(Hash.init(hex:)) == jobSubmittedTopic,
              let jobHex = topics[1].stringValue, let jobWord = try? Hex.decode(jobHex), jobWord.count == 32,
              let job = UInt256(bigEndian: jobWord[...]).uint64,
              let data = entry["data"]?.stringValue, let bytes = try? Hex.decode(data),
              let values = try? ABI.decode("(address,uint256)", from: bytes), let node = values[0].addressValue else { return nil }
        return (job, node)
    }

    func dispatchJob(_ entry: JSON) {
        guard let (job, node) = Self.jobAssignment(entry),
              let index = settings.nodeKeys.firstIndex(where: { $0.address == node }) else { return }
        Task {
            if await state.watcherTried(job) { return }
            _ = await prove(node: index, job: job, request: nil)
        }
    }

    // MARK: proving

    /// Proves `job` on node `index` once (shared by the watcher and /proof).
    func prove(node index: Int, job: UInt64, request: LazAIProofRequest?) async -> JobOutcome {
        let task = await state.task(for: job, retry: request != nil) { [self] in
            await self.proveOnce(node: index, job: job, request: request)
        }
        return await task.value
    }

    func proveOnce(node index: Int, job: UInt64, request: LazAIProofRequest?) async -> JobOutcome {
        let key = settings.nodeKeys[index]
        do {
            let j = try await getJob(job)
            guard j.status != 0 else { return .rejected("job \(job) does not exist") }
            guard j.node == key.address else {
                return .rejected("job \(job) is assigned to node \(j.node.checksummed), not to node \(index) (\(key.address.checksummed))")
            }
            if let request, request.fileId != j.fileId {
                return .rejected("job \(job) is for file \(j.fileId), not file \(request.fileId)")
            }
            // A completed job is done only when this node's proof of the file is on-chain (the
            // completeJob may have been mined without the addProof, e.g. while mining was off).
            if j.status == 2, try await hasProof(file: j.fileId, by: key.address) { return .alreadyDone }
            guard j.status == 1 || j.status == 2 else { return .rejected("job \(job) is canceled") }
            let file = try await getFile(j.fileId)
            // the password: the request's key, else the node's permission, else DataRegistry's
            var candidates: [(String, String)] = []
            if let request, !request.encryptionKey.isEmpty { candidates.append(("the proof request's encryption_key", request.encryptionKey)) }
            for (who, address) in [("node", key.address), ("DataRegistry", LazAIAddresses.dataRegistry)] {
                let p = try await getPermission(j.fileId, address)
                if !p.isEmpty { candidates.append(("the file permission for \(who)", p)) }
            }
            guard !candidates.isEmpty else {
                if request == nil, await state.markWaiting(job) {
                    log("LazAI node \(index): job \(job) (file \(j.fileId)) has no key for the node yet; waiting for a POST to its /proof")
                }
                return .failed(LazAIError("no encryption key for file \(j.fileId): no encryption_key in the request and no permission for the node or DataRegistry"), needsKey: true)
            }
            var password: String?
            var keyErrors: [String] = []
            for (what, hex) in candidates {
                do {
                    let bytes = try settings.rsaKey.decryptHex(hex)
                    password = String(decoding: bytes, as: UTF8.self)
                    break
                } catch {
                    keyErrors.append("\(what): \(error.message)")
                }
            }
            guard let password else {
                throw LazAIError("cannot decrypt the file's password with the node's RSA key (\(keyErrors.joined(separator: "; ")))")
            }
            let encrypted = try await files.fetch(file.url)
            let plain = try GPG.decryptSymmetric(encrypted, passphrase: password)
            let scorer = settings.scorer
            let score = try await Self.offThePool { try Self.score(plain, with: scorer) }
            let proof = LazAIProofData(fileId: j.fileId, score: UInt256(score), fileUrl: file.url,
                                       proofUrl: request?.proofUrl ?? "")
            let signature = try proof.signature(key: key)
            if j.status == 1 {
                try await transact(index, to: LazAIAddresses.verifiedComputing,
                                   data: ABI.call("completeJob(uint256)", [.uint(UInt256(job))]), label: "completeJob(\(job))")
            }
            try await transact(index, to: LazAIAddresses.dataRegistry, data: proof.addProofCall(signature: signature),
                               label: "addProof(file \(j.fileId))")
            var claimNote = ""
            do {
                try await transact(index, to: LazAIAddresses.verifiedComputing, data: ABI.call("claim()", []), label: "claim()")
                claimNote = ", fee \(j.bid) wei claimed"
            } catch {
                claimNote = ", claim failed: \(error.message)"
            }
            await state.proven(node: index, job: job, score: score)
            log("LazAI node \(index) proved file \(j.fileId) (job \(job)): score \(score), DAT reward pending\(claimNote)")
            return .proven(score: score)
        } catch let error as LazAIError {
            await state.error(node: index, "job \(job): \(error.message)")
            log("LazAI node \(index): job \(job) failed: \(error.message)")
            return .failed(error, needsKey: false)
        } catch {
            await state.error(node: index, "job \(job): \(error)")
            log("LazAI node \(index): job \(job) failed: \(error)")
            return .failed(LazAIError("\(error)"), needsKey: false)
        }
    }

    /// Runs `body` — a module's call, which may block up to its time limit — on a global queue, so
    /// the node's tasks (and the rest of the cooperative pool) keep running meanwhile.
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, any Error>) in
            DispatchQueue.global().async {
                do { done.resume(returning: try body()) } catch { done.resume(throwing: error) }
            }
        }
    }

    /// The file's score: `scorer`'s (checked to be 1…10000), or the built-in `LazAIScorer`'s.
    /// - Throws: `LazAIError` "the scorer failed: …" or "… gave score N, outside 1…10000".
    static func score(_ plain: [UInt8], with scorer: (@Sendable ([UInt8]) throws -> UInt64)?) throws(LazAIError) -> UInt64 {
        guard let scorer else { return LazAIScorer.score(plain) }
        let score: UInt64
        do {
            score = try scorer(plain)
        } catch {
            throw LazAIError("the scorer failed: \(error)")
        }
        guard (1...10_000).contains(score) else { throw LazAIError("the scorer gave score \(score), outside 1…10000") }
        return score
    }

    struct JobInfo { var fileId: UInt256; var bid: UInt256; var status: UInt64; var owner: Address; var node: Address }
    struct FileInfo { var id: UInt256; var owner: Address; var url: String; var hash: String }

    func getJob(_ job: UInt64) async throws(LazAIError) -> JobInfo {
        let v = try await view(LazAIAddresses.verifiedComputing, "getJob(uint256)", [.uint(UInt256(job))],
                               returns: "((uint256,uint256,uint8,uint256,address,address))")
        guard let t = v.first?.items, t.count == 6, let fileId = t[0].word, let bid = t[1].word, let status = t[2].word,
              let owner = t[4].addressValue, let node = t[5].addressValue else {
            throw LazAIError("VerifiedComputing.getJob(\(job)) gave an unexpected answer")
        }
        return JobInfo(fileId: fileId, bid: bid, status: status.low64, owner: owner, node: node)
    }

    func getFile(_ id: UInt256) async throws(LazAIError) -> FileInfo {
        let v = try await view(LazAIAddresses.dataRegistry, "getFile(uint256)", [.uint(id)],
                               returns: "((uint256,address,string,string,uint256,uint256))")
        guard let t = v.first?.items, t.count == 6, let fid = t[0].word, let owner = t[1].addressValue,
              case .string(let url) = t[2], case .string(let hash) = t[3] else {
            throw LazAIError("DataRegistry.getFile(\(id)) gave an unexpected answer")
        }
        guard !fid.isZero, !url.isEmpty else { throw LazAIError("file \(id) is not in DataRegistry") }
        return FileInfo(id: fid, owner: owner, url: url, hash: hash)
    }

    /// Whether DataRegistry holds a proof of `file` (data.id == file) signed by `node` (EIP-191
    /// over keccak256 of the ProofData's ABI encoding, as requestReward checks it).
    func hasProof(file: UInt256, by node: Address) async throws(LazAIError) -> Bool {
        let n = try await view(LazAIAddresses.dataRegistry, "fileProofsCount(uint256)", [.uint(file)], returns: "(uint256)")
        guard let count = n.first?.word?.uint64, count > 0 else { return false }
        for i in stride(from: count, through: 1, by: -1) {
            let v = try await view(LazAIAddresses.dataRegistry, "getFileProofData(uint256,uint256)", [.uint(file), .uint(UInt256(i))],
                                   returns: "((bytes,(uint256,uint256,string,string)))")
            guard let proof = v.first?.items, proof.count == 2, case .bytes(let signature) = proof[0],
                  let data = proof[1].items, data.count == 4, let id = data[0].word, let score = data[1].word,
                  case .string(let url) = data[2], case .string(let proofUrl) = data[3], id == file else { continue }
            let digest = LazAIProofData(fileId: id, score: score, fileUrl: url, proofUrl: proofUrl).hash
            if (try? LazAIRequestAuth.recoverPersonalSign(digest: digest, signature: signature)) == node {
                return true
            }
        }
        return false
    }

    func getPermission(_ file: UInt256, _ account: Address) async throws(LazAIError) -> String {
        let v = try await view(LazAIAddresses.dataRegistry, "getFilePermission(uint256,address)", [.uint(file), .address(account)],
                               returns: "(string)")
        guard case .string(let s)? = v.first else { throw LazAIError("DataRegistry.getFilePermission gave an unexpected answer") }
        return s
    }

    func view(_ to: Address, _ signature: String, _ args: [ABIValue], returns: String) async throws(LazAIError) -> [ABIValue] {
        do {
            return try await l2.call(to: to, signature, args, returns: returns)
        } catch {
            throw LazAIError("\(signature.prefix { $0 != "(" }) failed: \(Self.reason(error))")
        }
    }

    /// Sends a transaction from node `index` (one at a time per key) and waits for its receipt.
    /// - Throws: `LazAIError` naming `label` when it cannot be sent, reverts or is not mined.
    @discardableResult
    func transact(_ index: Int, to: Address, data: [UInt8], label: String) async throws(LazAIError) -> Hash {
        try await Self.transact(client: l2, queue: senders[index], key: settings.nodeKeys[index], to: to, data: data, label: label)
    }

    /// Sends a transaction from `key` through `queue` (one at a time per key) and waits for its receipt.
    /// - Throws: `LazAIError` naming `label` when it cannot be sent, reverts or is not mined.
    static func transact(client: RollupClient, queue: SerialQueue, key: PrivateKey, to: Address, data: [UInt8],
                         label: String) async throws(LazAIError) -> Hash {
        let sent: Result<Hash, RollupClientError> = await queue.run { () async -> Result<Hash, RollupClientError> in
            do throws(RollupClientError) { return .success(try await client.send(from: key, to: to, data: data)) } catch { return .failure(error) }
        }
        let hash: Hash
        switch sent {
        case .success(let h): hash = h
        case .failure(let e): throw LazAIError("\(label) was refused: \(Self.reason(e))")
        }
        let receipt: JSON
        do { receipt = try await client.waitForReceipt(hash, seconds: Self.receiptTimeout) } catch {
            throw LazAIError("\(label): transaction \(hash.hex) sent but not mined after \(Int(Self.receiptTimeout)) s; "
                + "is mining off (evm_setAutomine false)? It stays in the pool and is mined with the next block")
        }
        guard RollupClient.succeeded(receipt) else { throw LazAIError("\(label) reverted (transaction \(hash.hex))") }
        return hash
    }

    /// A client error as short text ("execution reverted: InsufficientFee" rather than the wrapper).
    static func reason(_ e: RollupClientError) -> String {
        if case .rpc(_, _, let message) = e { return message }
        return e.description
    }

    // MARK: HTTP

    func handle(_ request: HTTPRouteRequest) async -> HTTPRouteResponse? {
        let path = request.path
        if path == "/lazai/files" || path == "/lazai/files/" || path.hasPrefix("/lazai/files/") {
            return await files.handle(request)
        }
        let routesText = "LazAI serves POST/GET /lazai/files[/<id>] and, per node i, GET /lazai/nodes/<i>, POST /lazai/nodes/<i>/proof, …/v1/chat/completions and …/query/rag (this devnet runs \(settings.nodeKeys.count) node\(settings.nodeKeys.count == 1 ? "" : "s"))"
        guard path.hasPrefix("/lazai/nodes/") else {
            return LazAIHTTP.error(404, "no route \(request.method) \(path): \(routesText)", type: "not_found")
        }
        let rest = path.dropFirst("/lazai/nodes/".count).split(separator: "/", omittingEmptySubsequences: true)
        guard let first = rest.first, let index = Int(first) else {
            return LazAIHTTP.error(404, "no route \(request.method) \(path): \(routesText)", type: "not_found")
        }
        guard index >= 0, index < settings.nodeKeys.count else {
            return LazAIHTTP.error(404, "no LazAI node \(first) (this devnet runs \(settings.nodeKeys.count))", type: "not_found")
        }
        let action = rest.dropFirst().joined(separator: "/")
        switch (request.method, action) {
        case ("GET", ""):
            let all = await nodeStatus()
            return LazAIHTTP.json(200, all[index])
        case ("POST", "proof"):
            return await handleProof(index, request)
        case ("POST", "v1/chat/completions"):
            return await handleChat(index, request, kind: .inference)
        case ("POST", "query"), ("POST", "query/rag"):
            return await handleChat(index, request, kind: .query)
        default:
            return LazAIHTTP.error(404, "no route \(request.method) \(path): a node serves GET /lazai/nodes/\(index), POST …/proof, …/v1/chat/completions and …/query/rag",
                                   type: "not_found")
        }
    }

    func handleProof(_ index: Int, _ request: HTTPRouteRequest) async -> HTTPRouteResponse {
        let req: LazAIProofRequest
        do { req = try LazAIProofRequest(json: request.body) } catch {
            return LazAIHTTP.error(400, "Invalid proof request: \(error.message)", type: "invalid_request_error")
        }
        guard let job = req.jobId.uint64 else { return LazAIHTTP.error(400, "job \(req.jobId) does not exist", type: "invalid_request_error") }
        // Checked on every request: the job's task (shared with the watcher) may have finished for
        // another request already.
        let key = settings.nodeKeys[index]
        do {
            let j = try await getJob(job)
            guard j.status != 0 else { return LazAIHTTP.error(400, "job \(job) does not exist", type: "invalid_request_error") }
            guard j.node == key.address else {
                return LazAIHTTP.error(400, "job \(job) is assigned to node \(j.node.checksummed), not to node \(index) (\(key.address.checksummed))",
                                       type: "invalid_request_error")
            }
            guard req.fileId == j.fileId else {
                return LazAIHTTP.error(400, "job \(job) is for file \(j.fileId), not file \(req.fileId)", type: "invalid_request_error")
            }
        } catch {
            return LazAIHTTP.error(500, "Error processing request for file_id: \(req.fileId). Error: \(error.message)", type: "internal_error")
        }
        switch await prove(node: index, job: job, request: req) {
        case .proven, .alreadyDone:
            return LazAIHTTP.json(200, .object([("success", .bool(true))]))
        case .rejected(let why):
            return LazAIHTTP.error(400, why, type: "invalid_request_error")
        case .failed(let error, _):
            return LazAIHTTP.error(500, "Error processing request for file_id: \(req.fileId). Error: \(error.message)", type: "internal_error")
        }
    }

    enum Kind {
        case inference, query
        var contract: Address { self == .inference ? LazAIAddresses.inference : LazAIAddresses.query }
        var name: String { self == .inference ? "Inference" : "Query" }
    }

    /// Validates the X-LazAI headers like Alith's `validate_account_and_signature`: the account
    /// (user, node) exists on `kind`'s AIProcess, nonce > account.nonce, the EIP-191 signature over
    /// keccak256(abi.encode(nonce, user, node)) recovers to user.
    /// - Returns: user, nonce, signature and the account's balance (wei).
    func authenticate(_ index: Int, _ request: HTTPRouteRequest, kind: Kind) async throws(LazAIError)
        -> (user: Address, nonce: UInt256, signature: [UInt8], balance: UInt256) {
        guard let userText = request.headers["x-lazai-user"] else { throw LazAIError("missing header X-LazAI-User") }
        guard let nonceText = request.headers["x-lazai-nonce"] else { throw LazAIError("missing header X-LazAI-Nonce") }
        guard let sigText = request.headers["x-lazai-signature"] else { throw LazAIError("missing header X-LazAI-Signature") }
        guard let user = Address(hex: userText.trimmingCharacters()) else { throw LazAIError("X-LazAI-User \(userText) is not an address") }
        guard let nonce = UInt256(decimal: nonceText.trimmingCharacters()) else { throw LazAIError("X-LazAI-Nonce \(nonceText) is not a decimal integer") }
        guard let signature = LazAIHex.decode(sigText) else { throw LazAIError("X-LazAI-Signature is not hex") }
        let node = settings.nodeKeys[index].address
        let account = try await view(kind.contract, "getAccount(address,address)", [.address(user), .address(node)],
                                     returns: "((address,address,uint256,uint256,uint256,(uint256,uint256,uint256,bool)[]))")
        guard let t = account.first?.items, t.count >= 4, let accountUser = t[0].addressValue,
              let lastNonce = t[2].word, let balance = t[3].word else {
            throw LazAIError("\(kind.name).getAccount gave an unexpected answer")
        }
        guard accountUser == user else { throw LazAIError("Account \(user.checksummed) does not exist or is unauthorized") }
        guard nonce > lastNonce else {
            throw LazAIError("Invalid nonce: \(nonce). Must be greater than last nonce: \(lastNonce)")
        }
        let recovered = try LazAIRequestAuth.recover(nonce: nonce, user: user, node: node, signature: signature)
        guard recovered == user else {
            throw LazAIError("Signature verification failed: address mismatch, expect \(user.checksummed) got \(recovered.checksummed)")
        }
        return (user, nonce, signature, balance)
    }

    func handleChat(_ index: Int, _ request: HTTPRouteRequest, kind: Kind) async -> HTTPRouteResponse {
        let auth: (user: Address, nonce: UInt256, signature: [UInt8], balance: UInt256)
        do { auth = try await authenticate(index, request, kind: kind) } catch {
            return LazAIHTTP.error(401, "Validate the request header failed: \(error.message)", type: "authentication_error")
        }
        let account = LazAISettlementBatcher.Account(kind: kind.name, user: auth.user, node: index)
        guard await batcher.register(account, nonce: auth.nonce, signature: auth.signature) else {
            let used = await batcher.highestTaken(account).map { " (nonce \($0) is already being settled)" } ?? ""
            return LazAIHTTP.error(401, "Validate the request header failed: Invalid nonce: \(auth.nonce) is already used\(used); sign new headers",
                                   type: "authentication_error")
        }
        var answered = false
        defer { if !answered { Task { [batcher] in await batcher.cancel(account, nonce: auth.nonce) } } }
        let body: JSON
        do { body = try JSON.parse(request.body) } catch {
            return LazAIHTTP.error(400, "the body is not JSON: \(error)", type: "invalid_request_error")
        }
        let answer: (content: JSON, promptTokens: Int, completionTokens: Int, model: String, stream: Bool)
        switch kind {
        case .inference:
            guard case .array(let messages)? = body["messages"], !messages.isEmpty else {
                return LazAIHTTP.error(400, "messages: a non-empty array of {role, content} is required", type: "invalid_request_error")
            }
            var prompt = 0
            var lastUser = ""
            for m in messages {
                let text = Self.text(of: m["content"])
                prompt += LazAIResponder.tokens(text)
                if m["role"]?.stringValue == "user" || lastUser.isEmpty { lastUser = text }
            }
            let reply: String
            var model = "lazai-devnet-echo"
            if let responder = settings.responder {
                model = responder.model
                do {
                    let prompt = lastUser
                    reply = try await Self.offThePool { try responder.reply(prompt) }
                } catch {
                    return LazAIHTTP.error(502, "the inference module failed: \(error)", type: "api_error")
                }
            } else {
                reply = LazAIResponder.reply(to: lastUser)
            }
            answer = (.string(reply), prompt, LazAIResponder.tokens(reply), body["model"]?.stringValue ?? model,
                      body["stream"] == .bool(true))
        case .query:
            guard let query = body["query"]?.stringValue ?? body["messages"].map({ Self.text(of: $0) }), !query.isEmpty else {
                return LazAIHTTP.error(400, "query: a string is required", type: "invalid_request_error")
            }
            var data: [JSON] = []
            var extra: [(String, JSON)] = []
            let fileId = body["file_id"].flatMap(LazAIJSON.uint) ?? request.headers["x-lazai-file-id"].flatMap { UInt256(decimal: $0) }
            if let fileId, !fileId.isZero {
                do {
                    let text = try await readFile(index, fileId)
                    let limit = body["limit"].flatMap(LazAIJSON.uint)?.int ?? 3
                    data = LazAIResponder.retrieve(query: query, document: text.document, limit: limit).map { .string($0) }
                    extra = [("owner", .string(text.file.owner.checksummed)), ("file_id", .string(fileId.decimalString)),
                             ("file_url", .string(text.file.url)), ("file_hash", .string(text.file.hash))]
                } catch {
                    if error.message.contains("is not in DataRegistry") || error.message.contains("FileNotFound") {
                        return LazAIHTTP.error(404, "File \(fileId) is not in DataRegistry", type: "invalid_request_error")
                    }
                    return LazAIHTTP.error(500, "Error processing request for file \(fileId): \(error.message)", type: "internal_error")
                }
            } else {
                data = [.string(LazAIResponder.reply(to: query))]
            }
            let completion = data.reduce(0) { $0 + LazAIResponder.tokens($1.stringValue ?? "") }
            answer = (.object([("data", .array(data))] + extra), LazAIResponder.tokens(query), completion, "lazai-devnet-query", false)
        }
        let total = answer.promptTokens + answer.completionTokens
        let cost = UInt256(settings.info.config.pricePerToken) &* UInt256(UInt64(total))
        if auth.balance < cost {
            return LazAIHTTP.error(402, "Insufficient balance: this answer costs \(cost) wei (\(total) tokens × \(settings.info.config.pricePerToken) wei) but \(auth.user.checksummed)'s \(kind.name) account with node \(settings.nodeKeys[index].address.checksummed) holds \(auth.balance) wei; deposit with Settlement.deposit\(kind.name)",
                                   type: "insufficient_balance")
        }
        let idHash = Keccak256.hash(Array("\(kind.name):\(auth.user.hex):\(auth.nonce)".utf8)).bytes
        let id = (kind == .inference ? "chatcmpl-" : "query-") + LazAIHex.encode(Array(idHash.prefix(12)))
        answered = true
        let outcome = await batcher.settle(account, nonce: auth.nonce, cost: cost, id: id)
        let tx: Hash
        switch outcome.result {
        case .success(let hash):
            tx = hash
            await state.settled(node: index, cost: cost)
            let many = outcome.requests > 1 ? " (one settlement for \(outcome.requests) requests, \(outcome.total) wei)" : ""
            log("LazAI node \(index) settled \(kind.name) request \(id) for \(auth.user.checksummed): \(total) tokens, \(cost) wei\(many) (tx \(tx.hex))")
        case .failure(let error):
            await state.error(node: index, "settlement \(id): \(error.message)")
            log("LazAI node \(index): \(kind.name) settlement for \(auth.user.checksummed) failed: \(error.message)")
            if error.message.contains("InsufficientBalance") {
                return LazAIHTTP.error(402, "Insufficient balance for \(outcome.total) wei: \(error.message)", type: "insufficient_balance")
            }
            if error.message.contains("NonceTooLow") {
                return LazAIHTTP.error(401, "Validate the request header failed: \(error.message)", type: "authentication_error")
            }
            return LazAIHTTP.error(500, "settlement failed: \(error.message)", type: "internal_error")
        }
        let usage: JSON = .object([("prompt_tokens", .int(answer.promptTokens)), ("completion_tokens", .int(answer.completionTokens)),
                                   ("total_tokens", .int(total))])
        let lazai: JSON = .object([("node", .string(settings.nodeKeys[index].address.checksummed)), ("cost", .string(cost.decimalString)),
                                   ("nonce", .string(auth.nonce.decimalString)), ("settlementTx", .string(tx.hex))])
        let created = JSON.number(String(UInt64(Date().timeIntervalSince1970)))
        switch kind {
        case .query:
            guard case .object(var members) = answer.content else { return LazAIHTTP.json(200, answer.content) }
            members += [("usage", usage), ("lazai", lazai)]
            return LazAIHTTP.json(200, .object(members))
        case .inference:
            let message: JSON = .object([("role", .string("assistant")), ("content", answer.content)])
            if answer.stream {
                let chunk: JSON = .object([("id", .string(id)), ("object", .string("chat.completion.chunk")), ("created", created),
                                           ("model", .string(answer.model)),
                                           ("choices", .array([.object([("index", .int(0)), ("delta", message),
                                                                        ("finish_reason", .string("stop"))])])),
                                           ("usage", usage)])
                let text = "data: " + chunk.text + "\n\ndata: [DONE]\n\n"
                return HTTPRouteResponse(status: 200, contentType: "text/event-stream", body: Array(text.utf8))
            }
            return LazAIHTTP.json(200, .object([
                ("id", .string(id)), ("object", .string("chat.completion")), ("created", created), ("model", .string(answer.model)),
                ("choices", .array([.object([("index", .int(0)), ("message", message), ("finish_reason", .string("stop"))])])),
                ("usage", usage), ("lazai", lazai),
            ]))
        }
    }

    /// Text of an OpenAI message content: a string, or the "text" parts of an array.
    static func text(of content: JSON?) -> String {
        switch content {
        case .string(let s)?: return s
        case .array(let parts)?:
            return parts.compactMap { $0["text"]?.stringValue ?? $0.stringValue }.joined(separator: "\n")
        default: return ""
        }
    }

    /// Fetches and decrypts a registered file with the DataRegistry (or node) permission, for the Query node.
    func readFile(_ index: Int, _ fileId: UInt256) async throws(LazAIError) -> (file: FileInfo, document: String) {
        let file = try await getFile(fileId)
        var hex = try await getPermission(fileId, settings.nodeKeys[index].address)
        if hex.isEmpty { hex = try await getPermission(fileId, LazAIAddresses.dataRegistry) }
        guard !hex.isEmpty else { throw LazAIError("file \(fileId) has no permission for the node or DataRegistry") }
        let password = String(decoding: try settings.rsaKey.decryptHex(hex), as: UTF8.self)
        let plain = try GPG.decryptSymmetric(try await files.fetch(file.url), passphrase: password)
        return (file, String(decoding: plain, as: UTF8.self))
    }
}
