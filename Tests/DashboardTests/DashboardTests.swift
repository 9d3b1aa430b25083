import Testing
@testable import Dashboard

// Values used below and where they come from:
// - 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 / 0x70997970C51812dc3A010C7d01b50e0d17dc79C8: anvil's
//   dev accounts 0 and 1 (mnemonic "test test … junk").
// - 0xd4e56740…8fa3: Ethereum mainnet genesis block hash.
// - Transfer/Approval topics: keccak256 of the event signatures (eth_utils.keccak, EIP-20).
// - 1700000000 = 2023-11-14 22:13:20 UTC, 951782400 = 2000-02-29 00:00:00 UTC (Python datetime).

let account0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
let account1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
let mainnetGenesis = "0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3"
let txHash = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
let tokenAddress = "0x5fbdb2315678afecb367f032d93f642f64180aa3"

func sampleBlock(number: UInt64 = 1, transactions: [TransactionSummary]) -> BlockSummary {
    BlockSummary(number: number, hash: mainnetGenesis, parentHash: "0x" + String(repeating: "0", count: 64),
                 timestamp: 1_700_000_000, baseFeeWei: "875000000", gasUsed: 21_000, gasLimit: 30_000_000,
                 miner: "0x0000000000000000000000000000000000000000",
                 stateRoot: "0xd7f8974fb5ac78d9ac099b9ad5018bedc2ce0a72dad1827a1709da30580f0544", transactions: transactions)
}

let sampleTx = TransactionSummary(hash: txHash, from: account0, to: account1,
                                  valueWei: "1500000000000000000", nonce: 0, type: 2)

func sampleHome(chainName: String = "Hyperion") -> HomeView {
    HomeView(title: "metis-devnet 0.1.0", chains: [
        ChainOverview(slug: "l2", name: chainName, chainId: 133_718, rpcURL: "http://127.0.0.1:8545",
                      latestBlocks: [sampleBlock(transactions: [sampleTx])]),
        ChainOverview(slug: "l1", name: "L1", chainId: 31_337, rpcURL: "http://127.0.0.1:9545",
                      latestBlocks: [sampleBlock(number: 0, transactions: [])]),
    ], accounts: [AccountOverview(address: account0, balancesWei: ["10000000000000000000000", "9998500000000000000000"])])
}

func transferLog(valueHex: String) -> LogView {
    LogView(address: tokenAddress,
            topics: [LogDecoder.transferTopic,
                     "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266",
                     "0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8"],
            data: valueHex, logIndex: 0)
}

@Suite struct HTMLEscapingTests {
    @Test func scriptTagIsEscaped() {
        #expect(HTML.escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        #expect(HTML.escape("a & \"b\"") == "a &amp; &quot;b&quot;")
        #expect(HTML.escape("plain 0xabc") == "plain 0xabc")
    }

    @Test func pathSegmentsArePercentEncoded() {
        #expect(HTML.pathSegment("0xAb12") == "0xAb12")
        #expect(HTML.pathSegment("a/b\"<") == "a%2Fb%22%3C")
    }

    @Test func chainStringsInPagesAreEscaped() {
        let evil = "<script>alert(1)</script>"
        let html = Pages.home(sampleHome(chainName: evil))
        #expect(!html.contains(evil))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

        let page = Pages.notFound("No block \(evil)")
        #expect(!page.contains("<script>alert"))
    }

    @Test func logDataIsEscapedOnTheTransactionPage() {
        let log = LogView(address: tokenAddress, topics: ["<img src=x onerror=alert(1)>"], data: "0x<b>", logIndex: 3)
        let view = TransactionPageView(chainSlug: "l2", chainName: "Hyperion", transaction: sampleTx, blockNumber: 1,
                                       blockHash: mainnetGenesis, index: 0, gasLimit: 21_000, input: "0x", success: true,
                                       gasUsed: 21_000, cumulativeGasUsed: 21_000, effectiveGasPriceWei: "1875000000",
                                       contractAddress: nil, logs: [log])
        let html = Pages.transaction(view)
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("0x&lt;b&gt;"))
    }
}

@Suite struct FormatTests {
    @Test func ether() {
        #expect(Format.ether(wei: "1500000000000000000") == "1.5")
        #expect(Format.ether(wei: "10000000000000000000000") == "10000")
        #expect(Format.ether(wei: "0") == "0")
        #expect(Format.ether(wei: "1") == "<0.000001")
        #expect(Format.ether(wei: "000") == "0")
        #expect(Format.ether(wei: "1", fractionDigits: 18) == "0.000000000000000001")
        #expect(Format.ether(wei: "not a number") == "not a number")
    }

    @Test func gwei() {
        #expect(Format.gwei(wei: "1000000000") == "1")
        #expect(Format.gwei(wei: "875000000") == "0.875")
    }

    @Test func hexToDecimal() {
        #expect(Format.decimal(fromHex: "0x0de0b6b3a7640000") == "1000000000000000000")
        #expect(Format.decimal(fromHex: "0x" + String(repeating: "f", count: 64))
            == "115792089237316195423570985008687907853269984665640564039457584007913129639935")
        #expect(Format.decimal(fromHex: "0x0") == "0")
        #expect(Format.decimal(fromHex: "0x") == nil)
        #expect(Format.decimal(fromHex: "12") == nil)
        #expect(Format.decimal(fromHex: "0xzz") == nil)
    }

    @Test func utcTimes() {
        #expect(Format.utc(0) == "1970-01-01 00:00:00")
        #expect(Format.blockTime(0) == "genesis (timestamp 0)")
        #expect(Format.blockTime(1_700_000_000) == "2023-11-14 22:13:20 UTC")
        #expect(Format.utc(1_700_000_000) == "2023-11-14 22:13:20")
        #expect(Format.utc(951_782_400) == "2000-02-29 00:00:00")
    }

    @Test func grouping() {
        #expect(Format.grouped(30_000_000) == "30,000,000")
        #expect(Format.grouped(21_000) == "21,000")
        #expect(Format.grouped(999) == "999")
    }
}

@Suite struct LogDecoderTests {
    @Test func erc20Transfer() throws {
        let event = try #require(LogDecoder.decode(transferLog(valueHex: "0x" + String(repeating: "0", count: 48) + "0de0b6b3a7640000")))
        #expect(event.signature == "Transfer(address,address,uint256)")
        #expect(event.arguments.map(\.name) == ["from", "to", "value"])
        #expect(event.arguments.map(\.value) == ["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
                                                 "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
                                                 "1000000000000000000"])
    }

    @Test func erc20Approval() throws {
        var log = transferLog(valueHex: "0x" + String(repeating: "f", count: 64))
        log.topics[0] = LogDecoder.approvalTopic
        let event = try #require(LogDecoder.decode(log))
        #expect(event.signature == "Approval(address,address,uint256)")
        #expect(event.arguments.map(\.name) == ["owner", "spender", "value"])
        #expect(event.arguments[2].value == "115792089237316195423570985008687907853269984665640564039457584007913129639935")
    }

    @Test func erc721TransferHasTokenIdInTopics() throws {
        var log = transferLog(valueHex: "0x")
        log.topics.append("0x" + String(repeating: "0", count: 62) + "2a")
        let event = try #require(LogDecoder.decode(log))
        #expect(event.arguments.map(\.name) == ["from", "to", "tokenId"])
        #expect(event.arguments[2].value == "42")
    }

    @Test func unknownOrMalformedLogsAreNotDecoded() {
        var unknown = transferLog(valueHex: "0x")
        unknown.topics[0] = "0x" + String(repeating: "1", count: 64)
        #expect(LogDecoder.decode(unknown) == nil)
        // Transfer topic but the amount is not one 32-byte word.
        #expect(LogDecoder.decode(transferLog(valueHex: "0x1234")) == nil)
        #expect(LogDecoder.decode(LogView(address: tokenAddress, topics: [], data: "0x", logIndex: 0)) == nil)
    }
}

@Suite struct PageTests {
    @Test func homeShowsHeadsBlocksTransactionsAndBalances() {
        let html = Pages.home(sampleHome())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta http-equiv=\"refresh\" content=\"5\">"))
        #expect(html.contains("Hyperion <span class=\"muted\">chain 133718</span>"))
        #expect(html.contains("L1 <span class=\"muted\">chain 31337</span>"))
        #expect(html.contains("http://127.0.0.1:8545"))
        #expect(html.contains(mainnetGenesis))                       // head hash, in full
        #expect(html.contains("2023-11-14 22:13:20"))                // head time
        #expect(html.contains("0.875 gwei"))                         // base fee
        #expect(html.contains("href=\"/block/l2/1\""))
        #expect(html.contains("href=\"/tx/l2/\(txHash)\""))
        #expect(html.contains(">1.5<"))                              // tx value in ETH
        #expect(html.contains(account0))
        #expect(html.contains(">10000<"))                            // 10,000 ETH on L2
        #expect(html.contains(">9998.5<"))                           // on L1
        #expect(!html.contains("<script"))
    }

    @Test func blockPageShowsHeaderAndTransactions() {
        let html = Pages.block(BlockPageView(chainSlug: "l2", chainName: "Hyperion", block: sampleBlock(transactions: [sampleTx])))
        #expect(html.contains("Hyperion block 1"))
        #expect(html.contains("21,000 / 30,000,000"))
        #expect(html.contains("0xd7f8974fb5ac78d9ac099b9ad5018bedc2ce0a72dad1827a1709da30580f0544"))
        #expect(html.contains("2023-11-14 22:13:20 UTC (1700000000)"))
        #expect(html.contains(txHash))                               // unshortened on the block page
        #expect(html.contains(account1))
        #expect(!html.contains("http-equiv=\"refresh\""))
    }

    @Test func transactionPageShowsReceiptAndDecodedTransfer() {
        let log = transferLog(valueHex: "0x" + String(repeating: "0", count: 48) + "0de0b6b3a7640000")
        let view = TransactionPageView(chainSlug: "l2", chainName: "Hyperion",
                                       transaction: TransactionSummary(hash: txHash, from: account0, to: tokenAddress,
                                                                       valueWei: "0", nonce: 7, type: 2),
                                       blockNumber: 5, blockHash: mainnetGenesis, index: 0, gasLimit: 60_000,
                                       input: "0xa9059cbb", success: true, gasUsed: 51_234, cumulativeGasUsed: 51_234,
                                       effectiveGasPriceWei: "1875000000", contractAddress: nil, logs: [log])
        let html = Pages.transaction(view)
        #expect(html.contains("Success (1)"))
        #expect(html.contains("href=\"/block/l2/5\""))
        #expect(html.contains("51,234 / 60,000"))
        #expect(html.contains("1.875 gwei"))
        #expect(html.contains("Transfer(address,address,uint256)"))
        #expect(html.contains("1000000000000000000"))
        #expect(html.contains("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"))
        #expect(html.contains(LogDecoder.transferTopic))             // raw topics shown too
        #expect(html.contains("EIP-1559"))
    }

    @Test func revertedCreationIsLabelled() {
        let view = TransactionPageView(chainSlug: "l1", chainName: "L1",
                                       transaction: TransactionSummary(hash: txHash, from: account0, to: nil,
                                                                       valueWei: "0", nonce: 0, type: 0),
                                       blockNumber: 1, blockHash: mainnetGenesis, index: 0, gasLimit: 100_000,
                                       input: "0x6080", success: false, gasUsed: 100_000, cumulativeGasUsed: 100_000,
                                       effectiveGasPriceWei: "1000000000", contractAddress: nil, logs: [])
        let html = Pages.transaction(view)
        #expect(html.contains("Reverted (0)"))
        #expect(html.contains("(contract creation)"))
        #expect(html.contains("No logs."))
    }
}

struct FixedSource: DashboardDataSource {
    func home() async -> HomeView { sampleHome() }
    func block(chain: String, id: BlockIdentifier) async -> BlockPageView? {
        guard chain == "l2", id == .number(1) || id == .hash(mainnetGenesis) else { return nil }
        return BlockPageView(chainSlug: "l2", chainName: "Hyperion", block: sampleBlock(transactions: [sampleTx]))
    }
    func transaction(chain: String, hash: String) async -> TransactionPageView? { nil }
}

@Suite struct RouteTests {
    @Test func blockIdentifiers() {
        #expect(BlockIdentifier("12") == .number(12))
        #expect(BlockIdentifier("0x1f") == .number(31))
        #expect(BlockIdentifier("0x" + mainnetGenesis.dropFirst(2).uppercased()) == .hash(mainnetGenesis))
        #expect(BlockIdentifier("latest") == nil)
        #expect(BlockIdentifier("0x") == nil)
        #expect(BlockIdentifier("-1") == nil)
    }

    @Test func routes() async {
        let source = FixedSource()
        #expect(await DashboardRoutes.respond(path: "/", source: source).status == 200)
        #expect(await DashboardRoutes.respond(path: "/?x=1", source: source).status == 200)
        let block = await DashboardRoutes.respond(path: "/block/l2/1", source: source)
        #expect(block.status == 200 && block.html.contains("Hyperion block 1"))
        #expect(await DashboardRoutes.respond(path: "/block/l2/\(mainnetGenesis)", source: source).status == 200)
        #expect(await DashboardRoutes.respond(path: "/block/l2/2", source: source).status == 404)
        #expect(await DashboardRoutes.respond(path: "/block/l2/xyz", source: source).status == 404)
        #expect(await DashboardRoutes.respond(path: "/tx/l2/\(txHash)", source: source).status == 404)
        #expect(await DashboardRoutes.respond(path: "/tx/l2/0x12", source: source).status == 404)
        let unknownChain = await DashboardRoutes.respond(path: "/block/l3/1", source: source)
        #expect(unknownChain.status == 404 && unknownChain.html.contains("Unknown chain “l3”"))
        let missing = await DashboardRoutes.respond(path: "/<script>", source: source)
        #expect(missing.status == 404 && !missing.html.contains("<script>"))
    }
}

@Suite struct RevertMarkTests {
    /// A reverted transaction (receipt status 0, EIP-658) is marked in block lists; a successful one is not.
    @Test func revertedTransactionsAreMarked() {
        let hash = "0x" + String(repeating: "ab", count: 32)
        let ok = TransactionSummary(hash: hash, from: "0x" + String(repeating: "1", count: 40), to: nil,
                                    valueWei: "0", nonce: 0, type: 2)
        var failed = ok
        failed.success = false
        #expect(!Pages.transactionTable([ok], slug: "l2", shorten: true).contains("reverted"))
        #expect(Pages.transactionTable([failed], slug: "l2", shorten: true).contains("<span class=\"fail\">reverted</span>"))
    }
}
