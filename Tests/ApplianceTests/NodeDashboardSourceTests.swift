import Chain
import Dashboard
import DevnetCrypto
import Node
import Primitives
import Testing
@testable import Appliance

/// The adapter against a real chain: genesis from the default settings, one value transfer sent
/// through `eth_sendTransaction`. Expected values are facts of the setup, not our output: anvil's
/// dev accounts, 10,000 ETH = 10^22 wei each, a transfer of exactly 1.5 ETH credited in full to the
/// recipient, chain ids 133718/31337, the genesis base fee of 1 gwei.
@Suite struct NodeDashboardSourceTests {
    static let recipient = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"

    func makeSource() async throws -> (NodeDashboardSource, String) {
        let config = DevnetConfig.defaults
        let keys = try HDWallet.devAccounts(mnemonic: config.accounts.mnemonic, count: 2)
        let l2 = try DevnetLauncher.makeNode(config.l2, label: "Hyperion (L2)", config: config, keys: keys)
        let l1 = try DevnetLauncher.makeNode(config.l1, label: "L1", config: config, keys: keys)
        let result = try await l2.call(method: "eth_sendTransaction", params: .array([.object([
            ("from", .string(keys[0].address.hex)),
            ("to", .string(Self.recipient)),
            ("value", .string("0x14d1120d7b160000")),   // 1.5 ETH = 1_500_000_000_000_000_000 wei
        ])]))
        guard case .string(let hash) = result else { throw CancellationError() }
        let source = NodeDashboardSource(chains: [
            .init(slug: "l2", name: "Hyperion", rpcURL: config.l2.rpcURL, node: l2),
            .init(slug: "l1", name: "L1", rpcURL: config.l1.rpcURL, node: l1),
        ], accounts: keys.map(\.address))
        return (source, hash)
    }

    @Test func homeReadsBothChains() async throws {
        let (source, hash) = try await makeSource()
        let home = await source.home()
        #expect(home.chains.map(\.chainId) == [133_718, 31_337])
        #expect(home.chains[0].head?.number == 1 && home.chains[1].head?.number == 0)
        #expect(home.chains[0].latestBlocks.map(\.number) == [1, 0])
        #expect(home.chains[1].head?.baseFeeWei == "1000000000")
        let tx = try #require(home.chains[0].head?.transactions.first)
        #expect(tx.hash == hash)
        #expect(tx.from == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        #expect(tx.to == Self.recipient)
        #expect(tx.valueWei == "1500000000000000000")
        #expect(home.accounts.map(\.address) == ["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", Self.recipient])
        #expect(home.accounts[1].balancesWei == ["10001500000000000000000", "10000000000000000000000"])
        #expect(home.accounts[0].balancesWei[1] == "10000000000000000000000")
    }

    @Test func blockAndTransactionPages() async throws {
        let (source, hash) = try await makeSource()
        let byNumber = try #require(await source.block(chain: "l2", id: .number(1)))
        let byHash = try #require(await source.block(chain: "l2", id: .hash(byNumber.block.hash)))
        #expect(byHash == byNumber)
        #expect(byNumber.block.gasUsed == 21_000 && byNumber.block.gasLimit == 30_000_000)
        #expect(await source.block(chain: "l2", id: .number(2)) == nil)
        #expect(await source.block(chain: "l9", id: .number(0)) == nil)

        let page = try #require(await source.transaction(chain: "l2", hash: hash))
        #expect(page.success && page.gasUsed == 21_000 && page.blockNumber == 1 && page.index == 0)
        #expect(page.blockHash == byNumber.block.hash)
        #expect(page.logs.isEmpty && page.contractAddress == nil)
        #expect(await source.transaction(chain: "l1", hash: hash) == nil)

        let response = await DashboardRoutes.respond(path: "/tx/l2/\(hash)", source: source)
        #expect(response.status == 200 && response.html.contains("1.5 ETH"))
    }
}
