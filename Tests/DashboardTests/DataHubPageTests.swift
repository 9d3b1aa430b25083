import Testing
@testable import Dashboard

// Addresses: anvil's dev accounts 0 and 1 (DashboardTests.swift) and the LazAI contracts at Alith's
// local addresses (alith 0.12.3 contracts.py). The hostile strings are what a contributor can put
// on chain (a file URL, hash, a proof URL, a DAT URI, a proposal description); OWASP XSS rule #1
// escapes & < > " ' — the page must contain only the escaped form.

let hostileQuoted = "\"><img src=x onerror=alert(2)>"
let hostileQuotedEscaped = "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"
let lazaiTx = "0x" + String(repeating: "ab", count: 32)

func sampleFile(url: String = hostile) -> DataHubFileRow {
    DataHubFileRow(
        id: 3, owner: account1, url: url, hash: hostileQuoted, proofIndex: 1, rewardAmount: "5000", rewarded: true,
        datTokenId: 2, addedTx: lazaiTx,
        jobs: [DataHubJobRow(id: 4, fileId: 3, bidWei: "100", status: "completed", node: account0, owner: account1,
                             addedTimestamp: 1_700_000_000, submittedTx: lazaiTx, completedTx: lazaiTx)],
        proofs: [DataHubProofRow(index: 1, score: "5000", proofUrl: hostile, signer: account0, txHash: lazaiTx)],
        permissions: [DataHubPermissionRow(account: account0, key: hostile, txHash: lazaiTx)], rewardTx: lazaiTx)
}

func sampleDAT() -> DATRow {
    DATRow(id: 2, owner: account1, classId: 1, value: "4990", shareRatio: "5000", expireAt: 0, uri: hostile, verified: true,
           usedValue: "10", fileId: 3, mintTx: lazaiTx, mintBlock: 9, rewardTx: lazaiTx, claimedWei: "1000000000000000000",
           pendingWei: "500000000000000000",
           usage: [DATUsageRow(metric: hostile, amount: "10", actor: account0, txHash: lazaiTx)],
           claims: [DATClaimRow(amountWei: "1000000000000000000", to: account1, txHash: lazaiTx)])
}

/// A source with LazAI: one file, one DAT, one node and one proposal, all carrying hostile strings.
struct DataHubSource: DashboardDataSource {
    func home() async -> HomeView { sampleHome() }
    func block(chain: String, id: BlockIdentifier) async -> BlockPageView? { nil }
    func transaction(chain: String, hash: String) async -> TransactionPageView? { nil }

    func dataHub() async -> DataHubView {
        var v = DataHubView()
        v.chainId = 133_718
        v.contracts = [NamedAddress(name: "DataRegistry", address: "0xEAd077726dC83ecF385e3763ed4A0A50E8Ac5AA0")]
        v.admin = account0
        v.nodeFeeWei = "10"
        v.publicKey = "-----BEGIN RSA PUBLIC KEY-----\n" + hostile
        v.fileStoreURL = "http://127.0.0.1:8545/lazai/files"
        v.registryName = hostile
        v.filesCount = 1
        v.jobsCount = 1
        v.datsCount = 1
        v.proposalsCount = 1
        v.nodes = [sampleNode()]
        v.alithChainConfig = "ChainConfig(\"LazAI Devnet\", \"http://127.0.0.1:8545\", 133718)"
        return v
    }
    func dataHubFiles() async -> DataHubFilesView { DataHubFilesView(total: 1, files: [sampleFile()]) }
    func dataHubFile(id: UInt64) async -> DataHubFilesView { DataHubFilesView(total: 1, files: id == 3 ? [sampleFile()] : []) }
    func dataHubJobs() async -> DataHubJobsView { DataHubJobsView(total: 1, jobs: sampleFile().jobs) }
    func dataHubNodes() async -> DataHubNodesView { DataHubNodesView(nodes: [sampleNode()]) }
    func dats() async -> DATsView { DATsView(total: 1, dats: [sampleDAT()]) }
    func dat(id: UInt64) async -> DATsView { DATsView(total: 1, dats: id == 2 ? [sampleDAT()] : []) }
    func idao() async -> IDAOView {
        var v = IDAOView()
        v.address = "0xEA30BA91F4DB33Ef0360Fc04d8E201954474dbD1"
        v.name = "LazAI"
        v.description = hostile
        v.classId = 1
        v.votingPeriod = 60
        v.quorum = "1"
        v.balanceWei = "2000000000000000000"
        v.total = 1
        v.proposals = [ProposalRow(id: 1, proposer: account1, target: "0x815da22D880E3560bCEcc85b6e4938b30c8202C4",
                                   valueWei: "0", calldata: "0x12345678", description: hostileQuoted, deadline: 1_700_000_060,
                                   forVotes: "5000", againstVotes: "0", state: "succeeded",
                                   votes: [ProposalVoteRow(voter: account1, support: true, weight: "5000", txHash: lazaiTx)],
                                   createdTx: lazaiTx)]
        return v
    }

    func sampleNode() -> DataHubNodeRow {
        DataHubNodeRow(address: account0, url: "http://127.0.0.1:8545/lazai/nodes/0", publicKey: hostile, inProcess: true, index: 0,
                       registrations: [DataHubRegistration(registry: "verifiedComputing", status: "active"),
                                       DataHubRegistration(registry: "query", status: "active"),
                                       DataHubRegistration(registry: "inference", status: "removed"),
                                       DataHubRegistration(registry: "training", status: nil)],
                       earnedWei: "100", pendingJobs: 0, runtime: [("lastError", hostile)])
    }
}

let dataHubPaths = ["/datahub", "/datahub/files", "/datahub/files/3", "/datahub/jobs", "/datahub/nodes",
                    "/datahub/dats", "/datahub/dats/2", "/datahub/idao"]

@Suite struct DataHubPageTests {
    @Test func everyPageEscapesOnChainStrings() async {
        for path in dataHubPaths {
            let page = await DashboardRoutes.respond(path: path, source: DataHubSource())
            #expect(page.status == 200, "\(path)")
            #expect(!page.html.contains("<script>alert"), "\(path) has a raw <script>")
            #expect(!page.html.contains("<img src=x"), "\(path) has a raw <img>")
        }
    }

    @Test func aScriptFileURLIsEscapedInTheListAndOnTheFilePage() async {
        let list = await DashboardRoutes.respond(path: "/datahub/files", source: DataHubSource())
        #expect(list.html.contains("<td class=\"mono\">\(hostileEscaped)</td>"))
        let detail = await DashboardRoutes.respond(path: "/datahub/files/3", source: DataHubSource())
        #expect(detail.html.contains("<span class=\"mono\">\(hostileEscaped)</span>"))   // not a link: not http(s)
        #expect(detail.html.contains(hostileQuotedEscaped))                              // the hash
        #expect(!detail.html.contains("href=\"<script"))
    }

    @Test func onlyHttpURLsBecomeLinks() {
        #expect(Pages.link("https://x.example/a?b=1&c=2") == "<a href=\"https://x.example/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">https://x.example/a?b=1&amp;c=2</a>")
        #expect(Pages.link("javascript:alert(1)") == "javascript:alert(1)")
        #expect(Pages.link("ipfs://Qm<b>") == "ipfs://Qm&lt;b&gt;")
        #expect(Pages.link("") == "—")
    }

    @Test func filePageShowsJobsProofsPermissionsAndTheDAT() async {
        let html = await DashboardRoutes.respond(path: "/datahub/files/3", source: DataHubSource()).html
        #expect(html.contains("<h2>File 3</h2>"))
        #expect(html.contains("5000 DAT value for proof 1"))
        #expect(html.contains("<a href=\"/datahub/dats/2\">#2</a>"))
        #expect(html.contains("<span class=\"badge ok\">completed</span>"))
        #expect(html.contains("href=\"/tx/l2/\(lazaiTx)\""))
        #expect(html.contains("2023-11-14 22:13:20"))   // 1,700,000,000 s in UTC
    }

    @Test func datPageShowsOriginUsageAndRevenue() async {
        let html = await DashboardRoutes.respond(path: "/datahub/dats/2", source: DataHubSource()).html
        #expect(html.contains("<h2>DAT #2</h2>"))
        #expect(html.contains("<a href=\"/datahub/files/3\">file 3</a>"))
        #expect(html.contains("<td class=\"mono\">\(hostileEscaped)</td><td class=\"num\">10</td>"))   // the usage row
        #expect(html.contains("1 ETH (1000000000000000000 wei)"))   // claimed
        #expect(html.contains("0.5 ETH (500000000000000000 wei)"))  // pending
        #expect(html.contains(">never<"))                            // expireAt 0
    }

    @Test func idaoPageShowsProposalsVotesAndState() async {
        let html = await DashboardRoutes.respond(path: "/datahub/idao", source: DataHubSource()).html
        #expect(html.contains("<span class=\"badge ok\">succeeded</span>"))
        #expect(html.contains("for 5000 · against 0"))
        #expect(html.contains("1 min 00 s"))                         // voting period 60 s
        #expect(html.contains("<span class=\"badge ok\">for</span>"))
        #expect(html.contains(hostileQuotedEscaped) && html.contains(hostileEscaped))
    }

    @Test func overviewAndNodes() async {
        let html = await DashboardRoutes.respond(path: "/datahub", source: DataHubSource()).html
        #expect(html.contains("0xEAd077726dC83ecF385e3763ed4A0A50E8Ac5AA0"))
        #expect(html.contains("10 wei"))
        #expect(html.contains("<a href=\"/datahub/files\">1</a>"))
        #expect(html.contains("ChainConfig(&quot;LazAI Devnet&quot;"))
        #expect(html.contains("<span class=\"badge fail\">removed</span>") && html.contains("not registered"))
        #expect(html.contains("lastError: \(hostileEscaped)"))
    }

    @Test func unknownIdsAndPathsAre404() async {
        let source = DataHubSource()
        #expect(await DashboardRoutes.respond(path: "/datahub/files/4", source: source).status == 404)
        #expect(await DashboardRoutes.respond(path: "/datahub/files/abc", source: source).status == 404)
        #expect(await DashboardRoutes.respond(path: "/datahub/dats/9", source: source).status == 404)
        #expect(await DashboardRoutes.respond(path: "/datahub/nope", source: source).status == 404)
        #expect(await DashboardRoutes.respond(path: "/datahub/files/0x3", source: source).status == 200)
    }

    @Test func withoutLazAIThePagesSaySo() async {
        for path in dataHubPaths {
            let page = await DashboardRoutes.respond(path: path, source: FixedSource())
            #expect(page.status == 200, "\(path)")
            #expect(page.html.contains("LazAI is not running on this devnet."), "\(path)")
        }
    }

    @Test func theNavLinksTheDataHubAndItsSubpages() async {
        for path in ["/", "/sequencers"] + dataHubPaths {
            let html = await DashboardRoutes.respond(path: path, source: DataHubSource()).html
            #expect(html.contains("<a href=\"/datahub\""), "\(path)")
        }
        let html = await DashboardRoutes.respond(path: "/datahub/jobs", source: DataHubSource()).html
        for path in dataHubPaths where path.split(separator: "/").count <= 2 { #expect(html.contains("<a href=\"\(path)\"")) }
    }
}
