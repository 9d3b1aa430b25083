import Synchronization
import Testing
@testable import Dashboard

// Values below: anvil's dev account 0 (see DashboardTests.swift); 50,000 METIS = 5 * 10^22 wei and
// 5,000 METIS = 5 * 10^21 wei (10^18 wei per token, EIP-20 decimals 18); form encoding per the
// WHATWG URL Standard §5.1 (application/x-www-form-urlencoded: "+" is a space, %XX a byte).

let hostile = "<script>alert(1)</script>"
let hostileEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;"

func sampleSequencers(address: String = account0, status: String = "live", behaviour: String = "honest") -> SequencersView {
    SequencersView(
        sequencers: [
            SequencerRow(index: 0, id: 1, address: address, stakeWei: "50000000000000000000000", status: status,
                         behaviour: behaviour, blocksSealed: 7, rejections: 1, slashedWei: "5000000000000000000000"),
            SequencerRow(index: 1, id: 2, address: account1, stakeWei: "50000000000000000000000", status: "stopped",
                         behaviour: "wrongStateRoot", blocksSealed: 0, rejections: 0, slashedWei: "0"),
        ],
        currentEpoch: 3,
        epochs: [EpochRow(epoch: 3, signer: account1, sequencer: 1, startBlock: 17, endBlock: 24, origin: "stall"),
                 EpochRow(epoch: 2, signer: address, sequencer: 0, startBlock: 9, endBlock: 16, origin: "draw")],
        epochLength: 8, stalledBlock: 20, stalledLeader: 1, respans: 2)
}

@Suite struct RollupPageTests {
    @Test func sequencersPageShowsTheSetEpochAndLeader() {
        let html = Pages.sequencers(sampleSequencers(), token: DashboardToken(value: "ab12"))
        #expect(html.contains(">50000<"))                    // stake in METIS
        #expect(html.contains(">5000<"))                     // slashed
        #expect(html.contains("3 · blocks 17–24"))           // current epoch and its blocks
        #expect(html.contains("<tr class=\"leader\"><td>1</td>"))  // sequencer #1 leads epoch 3
        #expect(html.contains("block 20 waits for sequencer #1"))
        #expect(html.contains("re-span after a stall"))
        #expect(html.contains("wrong state root"))
        // one form per sequencer, with the token, its index and four buttons
        #expect(html.split(separator: "<form class=\"actions\" method=\"post\" action=\"/dashboard/action\">").count == 3)
        #expect(html.contains("<input type=\"hidden\" name=\"token\" value=\"ab12\">"))
        #expect(html.contains("<input type=\"hidden\" name=\"sequencer\" value=\"1\">"))
        #expect(html.contains("value=\"wrongStateRoot\">Seal a wrong state root</button>"))
        // sequencer 1 is stopped and dishonest: Stop and "Seal a wrong state root" are disabled for it
        #expect(html.contains("<input type=\"hidden\" name=\"sequencer\" value=\"1\"><button type=\"submit\" name=\"action\" value=\"stop\" disabled>Stop</button><button type=\"submit\" name=\"action\" value=\"start\">Start</button><button type=\"submit\" name=\"action\" value=\"wrongStateRoot\" disabled>"))
    }

    @Test func withoutATokenThePageHasNoButtons() {
        let html = Pages.sequencers(sampleSequencers(), token: nil)
        #expect(!html.contains("<form"))
        #expect(html.contains("Read-only"))
    }

    @Test func missingDataSourcesSaySo() async {
        let seq = await DashboardRoutes.respond(path: "/sequencers", source: FixedSource())
        #expect(seq.status == 200 && seq.html.contains("This devnet has no sequencer set."))
        let batches = await DashboardRoutes.respond(path: "/batches", source: FixedSource())
        #expect(batches.status == 200 && batches.html.contains("no batcher") && batches.html.contains("no proposer"))
        let bridge = await DashboardRoutes.respond(path: "/bridge", source: FixedSource())
        #expect(bridge.status == 200 && bridge.html.contains("no relayer"))
    }

    @Test func everyPageLinksToTheOthers() {
        for html in [Pages.home(sampleHome()), Pages.batches(BatchesView()), Pages.bridge(BridgeView()),
                     Pages.sequencers(SequencersView(), token: nil)] {
            for path in ["/", "/sequencers", "/batches", "/bridge"] { #expect(html.contains("<a href=\"\(path)\"")) }
        }
    }

    @Test func batchesPageShowsRangesTransactionsAndWindows() {
        let l1Tx = "0x" + String(repeating: "ab", count: 32)
        let view = BatchesView(
            batches: [BatchRow(index: 4, l2Start: 9, l2End: 12, transactionCount: 3, l1TxHash: l1Tx, l1BlockNumber: 40,
                               calldataBytes: 1234, uncompressedBytes: 4321, status: "onL1"),
                      BatchRow(index: 5, l2Start: 13, l2End: 13, l1TxHash: l1Tx, l1BlockNumber: nil, status: "pending")],
            stateBatches: [StateBatchRow(index: 2, elements: 4, l2Start: 9, l2End: 12, root: mainnetGenesis, l1TxHash: l1Tx,
                                         l1BlockNumber: 41, status: "inWindow", secondsLeft: 65),
                           StateBatchRow(index: 1, elements: 8, l2Start: 1, l2End: 8, root: mainnetGenesis, l1TxHash: l1Tx,
                                         l1BlockNumber: 30, status: "finalized", secondsLeft: 0)])
        let html = Pages.batches(view)
        #expect(html.contains("<a href=\"/block/l2/9\">9</a>–<a href=\"/block/l2/12\">12</a>"))
        #expect(html.contains("href=\"/tx/l1/\(l1Tx)\""))
        #expect(html.contains("<a href=\"/block/l1/40\">40</a>"))
        #expect(html.contains(">1,234<") && html.contains("4,321 bytes uncompressed"))
        #expect(html.contains(">on L1<") && html.contains(">pending<"))
        #expect(html.contains(">in challenge window<") && html.contains("1 min 05 s left"))
        #expect(html.contains("<td>finalized</td>"))
    }

    @Test func bridgePageShowsAmountsStatusesAndTimeLeft() {
        let eth = BridgeTransfer(l1Token: "0x" + String(repeating: "0", count: 40), l2Token: "0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000",
                                 from: account0, to: account1, amountWei: "1500000000000000000")
        let view = BridgeView(
            deposits: [BridgeMessageRow(number: 0, status: "relayed", msgHash: mainnetGenesis, l1TxHash: txHash,
                                        l2TxHash: txHash, transfer: eth)],
            withdrawals: [BridgeMessageRow(number: 3, status: "inChallengeWindow", msgHash: mainnetGenesis, l2TxHash: txHash,
                                           transfer: eth, secondsLeft: 25, stateBatchIndex: 2),
                          BridgeMessageRow(number: 2, status: "waitingForStateBatch", msgHash: mainnetGenesis, l2TxHash: txHash,
                                           target: account1, sender: account0)],
            challengeWindow: 30)
        let html = Pages.bridge(view)
        #expect(html.contains("1.5 ETH"))
        #expect(html.contains(">relayed<") && html.contains(">in challenge window<") && html.contains(">waiting for state batch<"))
        #expect(html.contains("<td>25 s left</td>"))
        #expect(html.contains("has been 30 s on L1"))
        #expect(html.contains("href=\"/tx/l2/\(txHash)\"") && html.contains("href=\"/tx/l1/\(txHash)\""))
        #expect(html.contains(">message<"))               // a plain messenger message has no amount
    }

    @Test func hostileStringsAreEscapedOnEveryRollupPage() {
        var seq = sampleSequencers(address: hostile, status: hostile, behaviour: hostile)
        seq.epochs[0].signer = hostile
        seq.epochs[0].origin = hostile
        let seqHTML = Pages.sequencers(seq, token: DashboardToken(value: "\"><script>x</script>"))
        #expect(!seqHTML.contains("<script"))
        #expect(seqHTML.contains(hostileEscaped))
        #expect(seqHTML.contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""))

        let batchHTML = Pages.batches(BatchesView(
            batches: [BatchRow(index: 0, l2Start: 1, l2End: 2, l1TxHash: hostile, l1BlockNumber: 1, status: hostile)],
            stateBatches: [StateBatchRow(index: 0, elements: 1, root: hostile, l1TxHash: "\"onmouseover=\"x",
                                         l1BlockNumber: nil, status: hostile, secondsLeft: 3)]))
        #expect(!batchHTML.contains("<script"))
        #expect(!batchHTML.contains("\"onmouseover"))
        #expect(batchHTML.contains(hostileEscaped))

        let t = BridgeTransfer(l1Token: hostile, l2Token: hostile, from: hostile, to: hostile, amountWei: hostile)
        let bridgeHTML = Pages.bridge(BridgeView(
            deposits: [BridgeMessageRow(number: nil, status: hostile, msgHash: hostile, l1TxHash: hostile, transfer: t, error: hostile)],
            withdrawals: [BridgeMessageRow(number: nil, status: hostile, msgHash: hostile, target: hostile, sender: hostile,
                                           error: hostile)]))
        #expect(!bridgeHTML.contains("<script"))
        #expect(bridgeHTML.contains(hostileEscaped))

        let unavailable = Pages.batches(BatchesView(batchesUnavailable: hostile, stateBatchesUnavailable: hostile))
        #expect(!unavailable.contains("<script") && unavailable.contains(hostileEscaped))
        #expect(!Pages.formError(status: 400, message: hostile).contains("<script"))
    }
}

@Suite struct RollupFormatTests {
    @Test func durations() {
        #expect(Format.duration(seconds: 0) == "0 s")
        #expect(Format.duration(seconds: 29) == "29 s")
        #expect(Format.duration(seconds: 60) == "1 min 00 s")
        #expect(Format.duration(seconds: 605) == "10 min 05 s")
        #expect(Format.duration(seconds: 3725) == "1 h 02 min")   // 3600 + 120 + 5
        #expect(Format.duration(seconds: -4) == "0 s")
    }

    @Test func timeLeft() {
        #expect(Format.timeLeft(status: "inWindow", secondsLeft: 12) == "12 s left")
        #expect(Format.timeLeft(status: "inChallengeWindow", secondsLeft: 0) == "finalized")
        #expect(Format.timeLeft(status: "finalized", secondsLeft: 0) == "finalized")
        #expect(Format.timeLeft(status: "ready", secondsLeft: nil) == "finalized")
        #expect(Format.timeLeft(status: "relayed", secondsLeft: nil) == "finalized")
        #expect(Format.timeLeft(status: "waitingForStateBatch", secondsLeft: nil) == "—")
        #expect(Format.timeLeft(status: "inWindow", secondsLeft: nil) == "—")
    }

    @Test func statusWords() {
        #expect(Format.status("onL1") == "on L1")
        #expect(Format.status("inWindow") == "in challenge window")
        #expect(Format.status("waitingForStateBatch") == "waiting for state batch")
        #expect(Format.status("wrongStateRoot") == "wrong state root")
        #expect(Format.status("live") == "live")
    }
}

@Suite struct FormTests {
    @Test func formBodiesDecode() {
        let form = FormBody.decode(Array("token=ab%2Bc&action=stop&note=a+b%20c&empty=&token=second&bad=%zz%4".utf8))
        #expect(form["token"] == "ab+c")          // first value wins
        #expect(form["action"] == "stop")
        #expect(form["note"] == "a b c")
        #expect(form["empty"] == "")
        #expect(form["bad"] == "%zz%4")           // malformed escapes are kept as written
        #expect(FormBody.decode(Array("caf%C3%A9=%E2%9C%93".utf8))["café"] == "✓")
        #expect(FormBody.decode([]).isEmpty)
    }

    @Test func tokensAreRandomHexAndCompareExactly() {
        let a = DashboardToken(), b = DashboardToken()
        #expect(a.value.count == 64 && a.value.allSatisfy(\.isHexDigit))
        #expect(a != b)
        #expect(a.matches(a.value))
        #expect(!a.matches(String(a.value.dropLast())))
        #expect(!a.matches(a.value + "0"))
        #expect(!a.matches(""))
        #expect(!a.matches(nil))
        #expect(!DashboardToken(value: "").matches(""))
    }
}

/// A source that records the actions it is asked to perform.
final class RecordingSource: DashboardDataSource, Sendable {
    let done = Mutex<[String]>([])
    let refuse: String?
    init(refuse: String? = nil) { self.refuse = refuse }

    func home() async -> HomeView { sampleHome() }
    func block(chain: String, id: BlockIdentifier) async -> BlockPageView? { nil }
    func transaction(chain: String, hash: String) async -> TransactionPageView? { nil }
    func sequencers() async -> SequencersView { sampleSequencers() }
    func perform(_ action: SequencerAction, sequencer: Int) async -> String? {
        if let refuse { return refuse }
        done.withLock { $0.append("\(action.rawValue) \(sequencer)") }
        return nil
    }
}

@Suite struct FormPostTests {
    let token = DashboardToken(value: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
    let form = "application/x-www-form-urlencoded"

    func post(_ site: DashboardSite<RecordingSource>, _ body: String, path: String = "/dashboard/action",
              type: String? = "application/x-www-form-urlencoded") async -> DashboardResponse? {
        await site.post(path: path, contentType: type, body: Array(body.utf8))
    }

    @Test func withoutTheRightTokenNothingHappens() async throws {
        let source = RecordingSource()
        let site = DashboardSite(source: source, token: token)
        for body in ["sequencer=0&action=stop", "token=&sequencer=0&action=stop",
                     "token=\(token.value.dropLast())&sequencer=0&action=stop",
                     "token=\(DashboardToken().value)&sequencer=0&action=stop"] {
            let r = try #require(await post(site, body))
            #expect(r.status == 403)
            #expect(r.location == nil)
        }
        #expect(source.done.withLock { $0 }.isEmpty)
    }

    @Test func withTheTokenTheActionIsDoneAndRedirects() async throws {
        let source = RecordingSource()
        let site = DashboardSite(source: source, token: token)
        let r = try #require(await post(site, "token=\(token.value)&sequencer=2&action=wrongStateRoot"))
        #expect(r.status == 303)
        #expect(r.location == "/sequencers")
        _ = await post(site, "action=stop&sequencer=0&token=\(token.value)", type: "application/x-www-form-urlencoded; charset=UTF-8")
        #expect(source.done.withLock { $0 } == ["wrongStateRoot 2", "stop 0"])
    }

    @Test func badFormsAreRefused() async throws {
        let source = RecordingSource()
        let site = DashboardSite(source: source, token: token)
        #expect(await post(site, "token=\(token.value)&sequencer=0&action=explode")?.status == 400)
        #expect(await post(site, "token=\(token.value)&sequencer=-1&action=stop")?.status == 400)
        #expect(await post(site, "token=\(token.value)&action=stop")?.status == 400)
        // JSON (a JSON-RPC client posting to this path) is not a form: left to JSON-RPC.
        #expect(await post(site, "{\"token\":\"\(token.value)\"}", type: "application/json") == nil)
        #expect(await post(site, "token=\(token.value)&sequencer=0&action=stop", path: "/dashboard/other")?.status == 404)
        #expect(source.done.withLock { $0 }.isEmpty)
        // Not a dashboard path: left to JSON-RPC.
        #expect(await post(site, "{}", path: "/") == nil)
        #expect(await post(site, "{}", path: "/dashboardx") == nil)
    }

    @Test func aRefusedActionShowsItsReason() async throws {
        let site = DashboardSite(source: RecordingSource(refuse: "devnet_stopSequencer failed: <no such sequencer>"), token: token)
        let r = try #require(await post(site, "token=\(token.value)&sequencer=9&action=stop"))
        #expect(r.status == 400)
        #expect(r.html.contains("devnet_stopSequencer failed: &lt;no such sequencer&gt;"))
    }

    @Test func theSiteEmbedsItsTokenInTheSequencerPage() async {
        let site = DashboardSite(source: RecordingSource(), token: token)
        let page = await site.get(path: "/sequencers")
        #expect(page.status == 200)
        #expect(page.html.contains("name=\"token\" value=\"\(token.value)\""))
    }
}
