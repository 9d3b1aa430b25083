import DevnetCrypto
import Node
import Primitives
import Rollup

/// `lazai_getInfo`, `lazai_files`/`lazai_getFile`, `lazai_jobs`/`lazai_getJob`, `lazai_nodes`:
/// DataRegistry and VerifiedComputing (and the AIProcess node registries).
extension LazAIRPC {
    typealias A = LazAIAddresses
    typealias J = LazAIRPCJSON

    /// VerifiedComputing/AIProcess `NodeInfo` (address, url, status, amount, jobsCount, publicKey).
    static let nodeInfoFields = "address,string,uint8,uint256,uint256,string"
    /// VerifiedComputing `Job` (fileId, bidAmount, status, addedTimestamp, owner, node).
    static let jobFields = "uint256,uint256,uint8,uint256,address,address"
    /// DataRegistry `FileResponse` (id, owner, url, hash, proofIndex, rewardAmount).
    static let fileFields = "uint256,address,string,string,uint256,uint256"

    // MARK: lazai_getInfo

    func getInfo(_ r: LazAIChainReader) async throws -> JSON {
        let fee = try await r.call(A.verifiedComputing, "nodeFee()", returns: "(uint256)").first?.word ?? .zero
        let files = await r.uint(A.dataRegistry, "filesCount()")
        let jobs = await r.uint(A.verifiedComputing, "jobsCount()")
        let dats = await r.uint(A.dataAnchoringToken, "currentTokenId()")
        let proposals = try await proposalCount(r)
        let status = await nodeStatus()
        let nodes: [JSON] = info.nodes.enumerated().map { i, n in
            .object([("index", J.q(i)), ("address", J.a(n.address)), ("url", .string(n.url)),
                     ("publicKey", .string(n.publicKeyPEM)), ("runtime", Self.runtime(for: n.address, index: i, in: status) ?? .null)])
        }
        let rpcURL = Self.rpcURL(fromFileStore: info.fileStoreURL)
        let c = info.config
        return .object([
            ("chainId", J.q(client.chainId)),
            ("blockNumber", J.q(r.blockNumber)),
            ("contracts", .object(A.all.map { ($0.name, J.a($0.address)) })),
            ("admin", J.a(info.admin)),
            ("nodeFee", J.q(fee)),
            ("publicKey", .string(await r.string(A.dataRegistry, "publicKey()") ?? info.publicKeyPEM)),
            ("fileStoreURL", .string(info.fileStoreURL)),
            ("registryName", J.s(await r.string(A.dataRegistry, "name()"))),
            ("filesCount", files.map(J.q) ?? .null),
            ("jobsCount", jobs.map(J.q) ?? .null),
            ("datsCount", dats.map(J.q) ?? .null),
            ("proposalsCount", proposals.map(J.q) ?? .null),
            ("config", .object([
                ("nodes", J.q(c.nodes)), ("nodeFee", J.q(c.nodeFee)), ("pricePerToken", J.q(c.pricePerToken)),
                ("votingPeriod", J.q(c.votingPeriod)), ("quorum", J.q(c.quorum)), ("lockTime", J.q(c.lockTime)),
            ])),
            ("nodes", .array(nodes)),
            ("alith", .object([
                ("env", .object([("LAZAI_LOCAL_CHAIN", .string("1"))])),
                ("rpcURL", .string(rpcURL)),
                ("chainConfig", .string("ChainConfig(\"LazAI Devnet\", \"\(rpcURL)\", \(client.chainId))")),
                ("note", .string("Alith's local profile (LAZAI_LOCAL_CHAIN=1) uses these contract addresses and http://localhost:8545; on another port pass the chainConfig above.")),
            ])),
        ])
    }

    /// "http://host:port" from the file store's URL ("http://host:port/lazai/files").
    static func rpcURL(fromFileStore url: String) -> String {
        if let range = url.range(of: "/lazai/") { return String(url[..<range.lowerBound]) }
        return url
    }

    /// The run-time status of node `address` (matched by an "address" field, else by position),
    /// without the fields the node entry already has (index, address, url, publicKey).
    static func runtime(for address: Address, index: Int, in status: [JSON]) -> JSON? {
        var hit = status.first { ($0["address"]?.stringValue).flatMap { Address(hex: $0) } == address }
        if hit == nil, status.allSatisfy({ $0["address"] == nil }), index < status.count { hit = status[index] }
        guard case .object(let fields)? = hit else { return hit }
        return .object(fields.filter { !["index", "address", "url", "publicKey"].contains($0.0) })
    }

    // MARK: lazai_files / lazai_getFile

    func files(_ r: LazAIChainReader, _ page: Page) async throws -> JSON {
        let total = try await r.call(A.dataRegistry, "filesCount()", returns: "(uint256)").first?.word?.low64 ?? 0
        var list: [JSON] = []
        if let ids = page.ids(total: total) {
            for id in ids { if let f = try await file(r, id: id) { list.append(f) } }
        }
        return .object([("total", J.q(total)), ("fromId", page.ids(total: total).map { J.q($0.lowerBound) } ?? .null),
                        ("files", .array(list))])
    }

    func file(_ r: LazAIChainReader, id: UInt64) async throws -> JSON? {
        let total = try await r.call(A.dataRegistry, "filesCount()", returns: "(uint256)").first?.word?.low64 ?? 0
        guard id >= 1, id <= total else { return nil }
        let key = UInt256(id)
        guard let f = await r.callStruct(A.dataRegistry, "getFile(uint256)", [.uint(key)], fields: Self.fileFields), f.count == 6 else {
            throw RPCError.internalError("DataRegistry.getFile(\(id)) gave an unexpected answer")
        }
        let owner = f[1].addressValue ?? .zero
        let url = f[2].stringValue ?? ""
        let proofIndex = f[4].word ?? .zero
        let reward = f[5].word ?? .zero

        let added = try await r.logs(A.dataRegistry, LazAIEvents.fileAdded, key: key).first
        // jobs
        var jobs: [JSON] = []
        let jobIds = (try? await r.call(A.verifiedComputing, "fileJobIds(uint256)", [.uint(key)], returns: "(uint256[])"))?
            .first?.items?.compactMap { $0.word?.low64 }
        let ids: [UInt64]
        if let jobIds { ids = jobIds } else {
            ids = try await r.logs(A.verifiedComputing, LazAIEvents.jobSubmitted).filter { $0.topic(2) == key }.compactMap { $0.topic(1)?.low64 }
        }
        for j in ids { if let job = try await job(r, id: j) { jobs.append(job) } }
        // proofs
        var proofs: [JSON] = []
        for log in try await r.logs(A.dataRegistry, LazAIEvents.proofAdded, key: key) {
            guard let v = log.values("(uint256,string)"), let index = v[0].word else { continue }
            proofs.append(await proof(r, fileId: key, index: index, proofUrl: v[1].stringValue, txHash: log.txHash))
        }
        // permissions
        var permissions: [JSON] = []
        for log in try await r.logs(A.dataRegistry, LazAIEvents.permissionGranted, key: key) {
            guard let account = log.topicAddress(2) else { continue }
            let k = await r.string(A.dataRegistry, "getFilePermission(uint256,address)", [.uint(key), .address(account)])
            permissions.append(.object([("account", J.a(account)), ("key", J.s(k)), ("txHash", .string(log.txHash))]))
        }
        // reward and the DAT minted for it
        let rewardLog = try await r.logs(A.dataRegistry, LazAIEvents.rewardRequested).first { $0.topic(2) == key }
        let mints = try await r.logs(A.dataAnchoringToken, LazAIEvents.tokenMinted)
        let mint: LazAILog? = rewardLog.flatMap { reward in
            let same = mints.filter { $0.txHash == reward.txHash }
            return same.first { $0.values("(string)")?.first?.stringValue == url } ?? same.first
        }
        return .object([
            ("id", J.q(id)),
            ("owner", J.a(owner)),
            ("url", .string(url)),
            ("hash", .string(f[3].stringValue ?? "")),
            ("proofIndex", J.q(proofIndex)),
            ("rewardAmount", J.q(reward)),
            ("rewarded", .bool(rewardLog != nil)),
            ("addedBlock", added.map { J.q($0.blockNumber) } ?? .null),
            ("addedTx", J.s(added?.txHash)),
            ("jobs", .array(jobs)),
            ("proofs", .array(proofs)),
            ("permissions", .array(permissions)),
            ("rewardTx", J.s(rewardLog?.txHash)),
            ("datTokenId", mint?.topic(2).map(J.q) ?? .null),
            ("datMintTx", J.s(mint?.txHash)),
        ])
    }

    /// One proof of a file: DataRegistry's `getFileProofData` (score, URLs, signature) and
    /// `getFileProof` (timestamp, hash); the signer recovered from the signature over the
    /// EIP-191 message of the hash (who attested; an active node for the reward to pass).
    func proof(_ r: LazAIChainReader, fileId: UInt256, index: UInt256, proofUrl: String?, txHash: String) async -> JSON {
        let data = await r.callStruct(A.dataRegistry, "getFileProofData(uint256,uint256)", [.uint(fileId), .uint(index)],
                                      fields: "bytes,(uint256,uint256,string,string)")
        let meta = await r.callStruct(A.dataRegistry, "getFileProof(uint256,uint256)", [.uint(fileId), .uint(index)],
                                      fields: "uint256,bytes32,bytes")
        let signature = data?[0].bytesValue ?? meta?[2].bytesValue
        let pd = data?[1].items
        var signer: Address?
        if let hashBytes = meta?[1].bytesValue, hashBytes.count == 32, let sig = signature {
            signer = try? LazAIRequestAuth.recoverPersonalSign(digest: Hash(hashBytes), signature: sig)
        }
        return .object([
            ("index", J.q(index)),
            ("score", pd?[1].word.map(J.q) ?? .null),
            ("fileUrl", J.s(pd?[2].stringValue)),
            ("proofUrl", J.s(pd?[3].stringValue ?? proofUrl)),
            ("signer", J.a(signer)),
            ("signature", signature.map(J.d) ?? .null),
            ("hash", meta?[1].bytesValue.map(J.d) ?? .null),
            ("timestamp", meta?[0].word.map(J.q) ?? .null),
            ("txHash", .string(txHash)),
        ])
    }

    // MARK: lazai_jobs / lazai_getJob

    func jobs(_ r: LazAIChainReader, _ page: Page) async throws -> JSON {
        let total = try await r.call(A.verifiedComputing, "jobsCount()", returns: "(uint256)").first?.word?.low64 ?? 0
        var list: [JSON] = []
        if let fileId = page.fileId {
            let ids = (try? await r.call(A.verifiedComputing, "fileJobIds(uint256)", [.uint(UInt256(fileId))], returns: "(uint256[])"))?
                .first?.items?.compactMap { $0.word?.low64 } ?? []
            for id in ids where id >= (page.fromId ?? 0) {
                if list.count >= Int(page.count) { break }
                if let j = try await job(r, id: id) { list.append(j) }
            }
            return .object([("total", J.q(ids.count)), ("fromId", ids.first.map(J.q) ?? .null), ("jobs", .array(list))])
        }
        if let ids = page.ids(total: total) {
            for id in ids { if let j = try await job(r, id: id) { list.append(j) } }
        }
        return .object([("total", J.q(total)), ("fromId", page.ids(total: total).map { J.q($0.lowerBound) } ?? .null),
                        ("jobs", .array(list))])
    }

    func job(_ r: LazAIChainReader, id: UInt64) async throws -> JSON? {
        let total = try await r.call(A.verifiedComputing, "jobsCount()", returns: "(uint256)").first?.word?.low64 ?? 0
        guard id >= 1, id <= total else { return nil }
        let key = UInt256(id)
        guard let j = await r.callStruct(A.verifiedComputing, "getJob(uint256)", [.uint(key)], fields: Self.jobFields), j.count == 6 else {
            throw RPCError.internalError("VerifiedComputing.getJob(\(id)) gave an unexpected answer")
        }
        let submitted = try await r.logs(A.verifiedComputing, LazAIEvents.jobSubmitted, key: key).first
        let completed = try await r.logs(A.verifiedComputing, LazAIEvents.jobComplete).first { $0.topic(2) == key }
        let canceled = try await r.logs(A.verifiedComputing, LazAIEvents.jobCanceled, key: key).first
        let status = j[2].word?.low64 ?? 0
        return .object([
            ("id", J.q(id)),
            ("fileId", J.q(j[0].word ?? .zero)),
            ("bidAmount", J.q(j[1].word ?? .zero)),
            ("status", .string(J.jobStatus(status))),
            ("node", J.a(j[5].addressValue)),
            ("owner", J.a(j[4].addressValue)),
            ("addedTimestamp", J.q(j[3].word ?? .zero)),
            ("submittedTx", J.s(submitted?.txHash)),
            ("completedTx", J.s(completed?.txHash)),
            ("canceledTx", J.s(canceled?.txHash)),
        ])
    }

    // MARK: lazai_nodes

    func nodes(_ r: LazAIChainReader) async throws -> JSON {
        let registries: [(key: String, address: Address)] = [
            ("verifiedComputing", A.verifiedComputing), ("query", A.query), ("inference", A.inference), ("training", A.training),
        ]
        var order: [Address] = []
        func add(_ a: Address) { if !order.contains(a) { order.append(a) } }
        for (_, address) in registries { for a in await r.addresses(address, "nodeList()") ?? [] { add(a) } }
        for n in info.nodes { add(n.address) }
        let status = await nodeStatus()
        var out: [JSON] = []
        for node in order {
            var fields: [(String, JSON)] = [("address", J.a(node))]
            var url: String?
            var key: String?
            var regs: [(String, JSON)] = []
            for (name, address) in registries {
                let n = await r.callStruct(address, "getNode(address)", [.address(node)], fields: Self.nodeInfoFields)
                guard let n, n.count == 6, let code = n[2].word?.low64, code != 0 else { regs.append((name, .null)); continue }
                if url == nil || url == "" { url = n[1].stringValue }
                if key == nil || key == "" { key = n[5].stringValue }
                regs.append((name, .object([
                    ("status", .string(J.nodeStatus(code))), ("url", J.s(n[1].stringValue)),
                    ("amount", J.q(n[3].word ?? .zero)), ("jobsCount", J.q(n[4].word ?? .zero)),
                ])))
            }
            let local = info.nodes.firstIndex { $0.address == node }
            fields.append(("url", J.s(url ?? local.map { info.nodes[$0].url })))
            fields.append(("publicKey", J.s(key ?? local.map { info.nodes[$0].publicKeyPEM })))
            fields.append(("inProcess", .bool(local != nil)))
            fields.append(("index", local.map { J.q($0) } ?? .null))
            fields += regs
            fields.append(("runtime", local.flatMap { Self.runtime(for: node, index: $0, in: status) } ?? .null))
            out.append(.object(fields))
        }
        return .array(out)
    }
}
