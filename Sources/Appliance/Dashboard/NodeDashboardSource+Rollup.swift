import Dashboard
import Node

/// The Metis-layer pages' data: read through the L2 node's JSON-RPC entry (`ChainNode.call`) from
/// the `devnet_` methods the rollup services install (ROLLUP-API.md §8), so the dashboard depends
/// only on their JSON shapes:
/// - `devnet_sequencers` / `devnet_epochs` / `devnet_stopSequencer` / `devnet_startSequencer` /
///   `devnet_setSequencerBehaviour` (the sequencer set),
/// - `devnet_batches` / `devnet_stateBatches` (batcher and proposer),
/// - `devnet_deposits` / `devnet_withdrawals` (relayer), `rollup_getInfo` (challenge window).
/// A method that is not installed (-32601) makes its part of the page say which service is not
/// running; any other error is shown as the node gave it. Numbers may come as JSON numbers or as
/// `0x` quantities; wei amounts are hex quantities.
extension NodeDashboardSource {
    /// How many batches, state batches and bridge messages the pages list at most.
    static var listLimit: Int { 50 }

    /// The L2 node (the chain with slug "l2", else the first).
    var l2Node: ChainNode? { (chains.first { $0.slug == "l2" } ?? chains.first)?.node }

    /// The result of `method`, or why there is none (a sentence for the page).
    func fetch(_ method: String, _ params: [JSON] = [], service: String) async -> Result<JSON, Unavailable> {
        guard let node = l2Node else { return .failure(Unavailable("No L2 node.")) }
        do {
            return .success(try await node.call(method: method, params: .array(params)))
        } catch {
            if error.code == -32601 {
                return .failure(Unavailable("The \(service) is not running on this devnet (\(method) is not installed on the L2)."))
            }
            return .failure(Unavailable("\(method) failed: \(error.message)"))
        }
    }

    /// A reason a part of a page has no data.
    struct Unavailable: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }

    public func sequencers() async -> SequencersView {
        let list: JSON
        switch await fetch("devnet_sequencers", service: "sequencer set") {
        case .success(let v): list = v
        case .failure(let why): return SequencersView(unavailable: why.text)
        }
        var view = SequencersView()
        view.sequencers = (list.arrayValue ?? []).enumerated().map { i, s in
            SequencerRow(index: Self.int(s["index"]) ?? i, id: Self.uint(s["id"]) ?? 0,
                         address: s["address"]?.stringValue ?? "?",
                         stakeWei: Self.wei(s["stake"]), status: s["status"]?.stringValue ?? "?",
                         behaviour: s["behaviour"]?.stringValue ?? "?",
                         blocksSealed: Self.int(s["blocksSealed"]) ?? 0, rejections: Self.int(s["rejections"]) ?? 0,
                         slashedWei: Self.wei(s["slashed"]), active: s["active"] != .bool(false))
        }
        if case .success(let epochs) = await fetch("devnet_epochs", service: "sequencer set") {
            view.currentEpoch = Self.uint(epochs["currentEpoch"])
            view.epochLength = Self.uint(epochs["epochLength"])
            view.respans = Self.int(epochs["respans"])
            if let stalled = epochs["stalled"], stalled != .null {
                view.stalledBlock = Self.uint(stalled["block"])
                view.stalledLeader = Self.int(stalled["sequencer"])
            }
            view.epochs = Array((epochs["epochs"]?.arrayValue ?? []).compactMap { e -> EpochRow? in
                guard let id = Self.uint(e["epoch"]) else { return nil }
                return EpochRow(epoch: id, signer: e["signer"]?.stringValue ?? "?", sequencer: Self.int(e["sequencer"]),
                                startBlock: Self.uint(e["startBlock"]) ?? 0, endBlock: Self.uint(e["endBlock"]) ?? 0,
                                origin: e["origin"]?.stringValue)
            }.reversed())
        }
        return view
    }

    public func perform(_ action: SequencerAction, sequencer: Int) async -> String? {
        let method: String
        var params: [JSON] = [.int(sequencer)]
        switch action {
        case .stop: method = "devnet_stopSequencer"
        case .start: method = "devnet_startSequencer"
        case .wrongStateRoot, .honest:
            method = "devnet_setSequencerBehaviour"
            params.append(.string(action.rawValue))
        }
        switch await fetch(method, params, service: "sequencer set") {
        case .success: return nil
        case .failure(let why): return why.text
        }
    }

    public func batches() async -> BatchesView {
        var view = BatchesView()
        switch await fetch("devnet_batches", [.int(Self.listLimit)], service: "batcher") {
        case .success(let list):
            view.batches = (list.arrayValue ?? []).compactMap { b in
                guard let index = Self.uint(b["index"]) else { return nil }
                return BatchRow(index: index, l2Start: Self.uint(b["l2Start"]) ?? 0, l2End: Self.uint(b["l2End"]) ?? 0,
                                transactionCount: Self.int(b["transactionCount"]),
                                l1TxHash: b["l1TxHash"]?.stringValue ?? "", l1BlockNumber: Self.uint(b["l1BlockNumber"]),
                                calldataBytes: Self.int(b["calldataBytes"]), uncompressedBytes: Self.int(b["uncompressedBytes"]),
                                status: b["status"]?.stringValue ?? "?")
            }
        case .failure(let why):
            view.batchesUnavailable = why.text
        }
        switch await fetch("devnet_stateBatches", [.int(Self.listLimit)], service: "proposer") {
        case .success(let list):
            view.stateBatches = (list.arrayValue ?? []).compactMap { s in
                guard let index = Self.uint(s["batchIndex"]) else { return nil }
                return StateBatchRow(index: index, elements: Self.uint(s["batchSize"]) ?? 0,
                                     l2Start: Self.uint(s["l2Start"]), l2End: Self.uint(s["l2End"]),
                                     root: s["batchRoot"]?.stringValue ?? "", l1TxHash: s["l1TxHash"]?.stringValue ?? "",
                                     l1BlockNumber: Self.uint(s["l1BlockNumber"]), status: s["status"]?.stringValue ?? "?",
                                     secondsLeft: Self.int(s["secondsLeft"]))
            }
        case .failure(let why):
            view.stateBatchesUnavailable = why.text
        }
        return view
    }

    public func bridge() async -> BridgeView {
        var view = BridgeView()
        switch await fetch("devnet_deposits", service: "relayer") {
        case .success(let list):
            view.deposits = (list.arrayValue ?? []).suffix(Self.listLimit).reversed().map { d in
                var row = Self.message(d)
                row.number = Self.uint(d["queueIndex"])
                return row
            }
        case .failure(let why):
            view.depositsUnavailable = why.text
        }
        switch await fetch("devnet_withdrawals", service: "relayer") {
        case .success(let list):
            view.withdrawals = (list.arrayValue ?? []).suffix(Self.listLimit).reversed().map { w in
                var row = Self.message(w)
                row.number = Self.uint(w["messageNonce"])
                return row
            }
        case .failure(let why):
            view.withdrawalsUnavailable = why.text
        }
        if case .success(let info) = await fetch("rollup_getInfo", service: "rollup layer") {
            view.challengeWindow = Self.int(info["challengeWindow"])
        }
        return view
    }

    /// The fields deposits and withdrawals share.
    static func message(_ m: JSON) -> BridgeMessageRow {
        var transfer: BridgeTransfer?
        if let b = m["bridge"], b != .null {
            transfer = BridgeTransfer(l1Token: b["l1Token"]?.stringValue ?? "?", l2Token: b["l2Token"]?.stringValue ?? "?",
                                      from: b["from"]?.stringValue ?? "?", to: b["to"]?.stringValue ?? "?",
                                      amountWei: wei(b["amount"]))
        }
        return BridgeMessageRow(
            number: nil, status: m["status"]?.stringValue ?? "?", msgHash: m["msgHash"]?.stringValue ?? "",
            l1TxHash: m["l1TxHash"]?.stringValue, l1BlockNumber: uint(m["l1BlockNumber"]),
            l2TxHash: m["l2TxHash"]?.stringValue, l2BlockNumber: uint(m["l2BlockNumber"]),
            target: m["target"]?.stringValue, sender: m["sender"]?.stringValue, transfer: transfer,
            secondsLeft: int(m["secondsLeft"]), stateBatchIndex: uint(m["stateBatchIndex"]),
            error: m["error"]?.stringValue)
    }

    // MARK: - JSON values

    /// A JSON number (decimal, no fraction) or `0x` quantity as UInt64; nil for anything else.
    static func uint(_ v: JSON?) -> UInt64? {
        switch v {
        case .number(let s)?:
            if let n = UInt64(s) { return n }
            // a whole number written with a fraction or exponent ("30.0")
            if let d = Double(s), d >= 0, d < 1.8e19, d == d.rounded() { return UInt64(d) }
            return nil
        case .string(let s)?:
            guard s.hasPrefix("0x"), s.count > 2, s.count <= 18 else { return UInt64(s) }
            return UInt64(s.dropFirst(2), radix: 16)
        default:
            return nil
        }
    }

    static func int(_ v: JSON?) -> Int? {
        if case .number(let s)? = v, let n = Int(s) { return n }
        return uint(v).flatMap { $0 <= UInt64(Int.max) ? Int($0) : nil }
    }

    /// A wei amount (`0x` quantity or decimal) as a decimal string; "0" when absent.
    static func wei(_ v: JSON?) -> String {
        switch v {
        case .string(let s)?: return Format.decimal(fromHex: s) ?? s
        case .number(let s)?: return s
        default: return "0"
        }
    }
}

extension JSON {
    /// The elements of an array, nil for anything else.
    var arrayValue: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }
}

/// The two `RPCServer` hooks of the dashboard (`pages` for GET, `forms` for the buttons' POSTs)
/// over one `DashboardSite`, so both share the form token of this run.
public enum DashboardHTTP {
    /// `RPCServer.Pages` answering with `site.get`.
    public static func pages<S: DashboardDataSource>(_ site: DashboardSite<S>) -> RPCServer.Pages {
        { path, _ in
            let response = await site.get(path: path)
            return (status: response.status, html: response.html)
        }
    }

    /// `RPCServer.Forms` answering with `site.post`.
    public static func forms<S: DashboardDataSource>(_ site: DashboardSite<S>) -> RPCServer.Forms {
        { path, contentType, body in
            guard let response = await site.post(path: path, contentType: contentType, body: body) else { return nil }
            return (status: response.status, location: response.location, html: response.html)
        }
    }
}
