import Node
import Primitives
import Rollup

/// The DataAnchoringToken and iDAO events the namespace reads (Contracts/LazAI/DataAnchoringToken.vy,
/// IDAO.vy; LAZAI-API.md §1.3/§1.4). Indexed parameters lead, so topic i is parameter i.
enum LazAIGovernanceEvents {
    /// UsageRecorded(tokenId indexed, metricType bytes32, amount, actor).
    static let usageRecorded = ABI.eventTopic("UsageRecorded(uint256,bytes32,uint256,address)")
    /// Claimed(tokenId indexed, to indexed, asset indexed, amount).
    static let claimed = ABI.eventTopic("Claimed(uint256,address,address,uint256)")
    /// Minted(tokenId indexed, classId indexed, to, value, shareRatio, expireAt) — ERC-8028 mints.
    static let minted = ABI.eventTopic("Minted(uint256,uint256,address,uint256,uint256,uint64)")
    /// ProposalCreated(id indexed, proposer indexed, target indexed, value, calldata, description, startTime, endTime).
    static let proposalCreated = ABI.eventTopic("ProposalCreated(uint256,address,address,uint256,bytes,string,uint256,uint256)")
    /// VoteCast(voter indexed, proposalId indexed, support, weight).
    static let voteCast = ABI.eventTopic("VoteCast(address,uint256,bool,uint256)")
    /// ProposalExecuted(id indexed, target indexed, value).
    static let proposalExecuted = ABI.eventTopic("ProposalExecuted(uint256,address,uint256)")
}

/// `lazai_dats`/`lazai_getDAT` (DataAnchoringToken) and `lazai_proposals`/`lazai_getProposal` (IDAO).
extension LazAIRPC {
    typealias G = LazAIGovernanceEvents

    /// DAT `tokenInfo(id)`: (owner, classId, value, shareRatio, expireAt, fileUrl, verified, usedValue, claimed).
    static let tokenInfoFields = "address,uint256,uint256,uint256,uint64,string,bool,uint256,uint256"
    /// IDAO `proposals(id)`: (proposer, target, value, calldata, description, startTime, endTime,
    /// forVotes, againstVotes, executed).
    static let proposalFields = "address,address,uint256,bytes,string,uint256,uint256,uint256,uint256,bool"

    // MARK: lazai_dats / lazai_getDAT

    /// The number of DATs minted: `currentTokenId()`, else the TokenMinted + Minted logs.
    func datCount(_ r: LazAIChainReader) async throws -> UInt64 {
        if let n = await r.uint(A.dataAnchoringToken, "currentTokenId()") { return n.low64 }
        var ids = Set<UInt256>()
        for log in try await r.logs(A.dataAnchoringToken, LazAIEvents.tokenMinted) { if let id = log.topic(2) { ids.insert(id) } }
        for log in try await r.logs(A.dataAnchoringToken, G.minted) { if let id = log.topic(1) { ids.insert(id) } }
        return ids.max()?.low64 ?? 0
    }

    func dats(_ r: LazAIChainReader, _ page: Page) async throws -> JSON {
        let total = try await datCount(r)
        var list: [JSON] = []
        if let owner = page.owner {
            let start = max(1, page.fromId ?? 1)
            var first: UInt64?
            if start <= total {
                for id in start...total {
                    guard list.count < Int(page.count), let d = try await dat(r, id: id),
                          d["owner"]?.stringValue == owner.checksummed else { continue }
                    if first == nil { first = id }
                    list.append(d)
                }
            }
            return .object([("total", J.q(total)), ("fromId", first.map(J.q) ?? .null), ("dats", .array(list))])
        }
        if let ids = page.ids(total: total) {
            for id in ids { if let d = try await dat(r, id: id) { list.append(d) } }
        }
        return .object([("total", J.q(total)), ("fromId", page.ids(total: total).map { J.q($0.lowerBound) } ?? .null),
                        ("dats", .array(list))])
    }

    func dat(_ r: LazAIChainReader, id: UInt64) async throws -> JSON? {
        let total = try await datCount(r)
        guard id >= 1, id <= total else { return nil }
        let key = UInt256(id)
        let token = A.dataAnchoringToken
        let t = await r.callStruct(token, "tokenInfo(uint256)", [.uint(key)], fields: Self.tokenInfoFields, flat: true)
        let info = (t?.count == 9) ? t : nil
        let minted = try await r.logs(token, LazAIEvents.tokenMinted).first { $0.topic(2) == key }
        let minted8028 = try await r.logs(token, G.minted, key: key).first
        var owner = info?[0].addressValue
        if owner == nil { owner = await r.address(token, "ownerOf(uint256)", [.uint(key)]) }
        if owner == nil { owner = minted?.topicAddress(1) }
        var uri = info?[5].stringValue
        if uri == nil { uri = await r.string(token, "uri(uint256)", [.uint(key)]) }
        var verified = info?[6].boolValue
        if verified == nil { verified = await r.bool(token, "verified(uint256)", [.uint(key)]) }
        let pending = await r.uint(token, "pendingRevenue(uint256,address)", [.uint(key), .address(.zero)])

        // origin: the mint, and the file it rewarded (RewardRequested in the same transaction)
        let mintTx = minted?.txHash ?? minted8028?.txHash
        let mintLog = minted ?? minted8028
        var fileId: UInt256?
        var rewardTx: String?
        if let mintTx, let reward = try await r.logs(A.dataRegistry, LazAIEvents.rewardRequested).first(where: { $0.txHash == mintTx }) {
            fileId = reward.topic(2)
            rewardTx = reward.txHash
        }
        let mintedURL = minted?.values("(string)")?.first?.stringValue ?? uri
        if fileId == nil, let url = mintedURL, !url.isEmpty,
           let byUrl = await r.uint(A.dataRegistry, "getFileIdByUrl(string)", [.string(url)]), !byUrl.isZero {
            fileId = byUrl
        }
        let origin: JSON = .object([
            ("kind", .string(minted != nil ? "dataContribution" : (minted8028 != nil ? "classMint" : "unknown"))),
            ("fileId", fileId.map(J.q) ?? .null),
            ("fileUrl", J.s(mintedURL)),
            ("mintedTo", J.a(minted?.topicAddress(1) ?? minted8028?.values("(address,uint256,uint256,uint64)")?.first?.addressValue)),
            ("mintTx", J.s(mintTx)),
            ("mintBlock", mintLog.map { J.q($0.blockNumber) } ?? .null),
            ("rewardTx", J.s(rewardTx)),
        ])
        // usage
        var usage: [JSON] = []
        for log in try await r.logs(token, G.usageRecorded, key: key) {
            guard let v = log.values("(bytes32,uint256,address)") else { continue }
            let metric = v[0].bytesValue ?? []
            usage.append(.object([
                ("metricType", J.d(metric)), ("metric", J.s(Self.text(bytes32: metric))),
                ("amount", J.q(v[1].word ?? .zero)), ("actor", J.a(v[2].addressValue)),
                ("txHash", .string(log.txHash)), ("blockNumber", J.q(log.blockNumber)),
            ]))
        }
        // revenue
        var claims: [JSON] = []
        var claimedSum = UInt256.zero
        for log in try await r.logs(token, G.claimed, key: key) {
            let amount = log.values("(uint256)")?.first?.word ?? .zero
            claimedSum = claimedSum &+ amount
            claims.append(.object([
                ("amount", J.q(amount)), ("to", J.a(log.topicAddress(2))), ("asset", J.a(log.topicAddress(3))),
                ("txHash", .string(log.txHash)), ("blockNumber", J.q(log.blockNumber)),
            ]))
        }
        let claimed: UInt256 = info?[8].word ?? claimedSum
        let revenue: JSON = .object([("claimed", J.q(claimed)), ("pending", Self.q(pending)), ("claims", .array(claims))])
        var fields: [(String, JSON)] = [("id", J.q(id)), ("owner", J.a(owner))]
        fields.append(("classId", Self.q(info?[1].word)))
        fields.append(("value", Self.q(info?[2].word)))
        fields.append(("shareRatio", Self.q(info?[3].word)))
        fields.append(("expireAt", Self.q(info?[4].word)))
        fields.append(("uri", J.s(uri)))
        fields.append(("verified", verified.map(JSON.bool) ?? .null))
        fields.append(("usedValue", Self.q(info?[7].word)))
        fields.append(("origin", origin))
        fields.append(("usage", .array(usage)))
        fields.append(("revenue", revenue))
        return .object(fields)
    }

    /// A QUANTITY, or null when the value is unknown.
    static func q(_ v: UInt256?) -> JSON { v.map { J.q($0) } ?? .null }

    /// A bytes32 metric type as text when it is printable ASCII padded with zeros (e.g. "tokens").
    static func text(bytes32 b: [UInt8]) -> String? {
        let trimmed = b.prefix { $0 != 0 }
        guard !trimmed.isEmpty, b.dropFirst(trimmed.count).allSatisfy({ $0 == 0 }),
              trimmed.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        return String(decoding: trimmed, as: UTF8.self)
    }

    // MARK: lazai_proposals / lazai_getProposal

    /// IDAO `proposalCount()`, else the ProposalCreated logs; nil when the iDAO has neither.
    func proposalCount(_ r: LazAIChainReader) async throws -> UInt64? {
        if let n = await r.uint(A.idao, "proposalCount()") { return n.low64 }
        let logs = try await r.logs(A.idao, G.proposalCreated)
        return logs.isEmpty ? nil : logs.compactMap { $0.topic(1)?.low64 }.max()
    }

    func proposals(_ r: LazAIChainReader, _ page: Page) async throws -> JSON {
        let total = try await proposalCount(r) ?? 0
        var list: [JSON] = []
        if let ids = page.ids(total: total) {
            for id in ids { if let p = try await proposal(r, id: id) { list.append(p) } }
        }
        let balance = try? await client.rpc("eth_getBalance", [.string(A.idao.hex), .string(r.block)])
        let idao: JSON = .object([
            ("address", J.a(A.idao)),
            ("name", J.s(await r.string(A.idao, "name()"))),
            ("description", J.s(await r.string(A.idao, "description()"))),
            ("classId", (await r.uint(A.idao, "classId()")).map(J.q) ?? .null),
            ("votingPeriod", (await r.uint(A.idao, "votingPeriod()")).map(J.q) ?? J.q(info.config.votingPeriod)),
            ("quorum", (await r.uint(A.idao, "quorum()")).map(J.q) ?? J.q(info.config.quorum)),
            ("balance", balance ?? .null),
        ])
        return .object([("total", J.q(total)), ("fromId", page.ids(total: total).map { J.q($0.lowerBound) } ?? .null),
                        ("idao", idao), ("proposals", .array(list))])
    }

    /// The name of an IDAO `state(id)` code (0 none, 1 active, 2 defeated, 3 succeeded, 4 executed).
    static func proposalState(_ code: UInt64) -> String {
        switch code {
        case 1: "active"
        case 2: "defeated"
        case 3: "succeeded"
        case 4: "executed"
        default: "none"
        }
    }

    func proposal(_ r: LazAIChainReader, id: UInt64) async throws -> JSON? {
        guard let total = try await proposalCount(r), id >= 1, id <= total else { return nil }
        let key = UInt256(id)
        let created = try await r.logs(A.idao, G.proposalCreated, key: key).first
        let fromLog = created?.values("(uint256,bytes,string,uint256,uint256)")
        let p = await r.callStruct(A.idao, "proposals(uint256)", [.uint(key)], fields: Self.proposalFields, flat: true)
        let view = (p?.count == 10) ? p : nil
        guard view != nil || created != nil else { return nil }
        let votes = try await r.logs(A.idao, G.voteCast).filter { $0.topic(2) == key }
        let executedLog = try await r.logs(A.idao, G.proposalExecuted, key: key).first
        var forVotes = view?[7].word, against = view?[8].word
        if view == nil {
            var f = UInt256.zero, a = UInt256.zero
            for v in votes {
                guard let d = v.values("(bool,uint256)") else { continue }
                if d[0].boolValue == true { f = f &+ (d[1].word ?? .zero) } else { a = a &+ (d[1].word ?? .zero) }
            }
            forVotes = f
            against = a
        }
        let executed = view?[9].boolValue ?? (executedLog != nil)
        var state: String
        if let code = await r.uint(A.idao, "state(uint256)", [.uint(key)]) {
            state = Self.proposalState(code.low64)
        } else {
            state = executed ? "executed" : "unknown"
        }
        if state == "none" { state = "unknown" }
        let voteList: [JSON] = votes.map { v in
            let d = v.values("(bool,uint256)")
            let support: JSON = d?[0].boolValue.map(JSON.bool) ?? .null
            let weight: UInt256 = d?[1].word ?? .zero
            return .object([("voter", J.a(v.topicAddress(1))), ("support", support),
                            ("weight", J.q(weight)), ("txHash", .string(v.txHash))])
        }
        let proposer: Address? = view?[0].addressValue ?? created?.topicAddress(2)
        let target: Address? = view?[1].addressValue ?? created?.topicAddress(3)
        let value: UInt256 = view?[2].word ?? fromLog?[0].word ?? .zero
        let calldata: [UInt8] = view?[3].bytesValue ?? fromLog?[1].bytesValue ?? []
        let description: String? = view?[4].stringValue ?? fromLog?[2].stringValue
        let start: UInt256? = view?[5].word ?? fromLog?[3].word
        let end: UInt256? = view?[6].word ?? fromLog?[4].word
        var fields: [(String, JSON)] = [("id", J.q(id)), ("proposer", J.a(proposer)), ("target", J.a(target))]
        fields.append(("value", J.q(value)))
        fields.append(("calldata", J.d(calldata)))
        fields.append(("description", J.s(description)))
        fields.append(("createdTimestamp", Self.q(start)))
        fields.append(("deadline", Self.q(end)))
        fields.append(("forVotes", J.q(forVotes ?? .zero)))
        fields.append(("againstVotes", J.q(against ?? .zero)))
        fields.append(("executed", .bool(executed)))
        fields.append(("state", .string(state)))
        fields.append(("votes", .array(voteList)))
        fields.append(("createdTx", J.s(created?.txHash)))
        fields.append(("executedTx", J.s(executedLog?.txHash)))
        return .object(fields)
    }
}
