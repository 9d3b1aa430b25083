import Chain
import DevnetCrypto
import HummingbirdTesting
import Primitives
import Testing
@testable import Node

/// eth_unsubscribe with a non-string id named the wrong problem ("missing value").
@Suite(.serialized) struct TesterWebSocketTests {
    @Test func unsubscribeWithANumberSaysTheTypeIsWrong() async throws {
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 1)
        let config = try ChainConfig(chainId: 133718, alloc: ChainConfig.devAlloc(keys.map(\.address)),
                                     genesisTimestamp: 1_700_000_000)
        let node = ChainNode(chain: Blockchain(config: config), devKeys: keys)
        let server = RPCServer(node: node, port: 0, limits: RPCLimits())
        try await server.makeApplication().test(.live) { client in
            let ws = try await WSTestClient.connect(port: try #require(client.port))
            let bad = try await ws.request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_unsubscribe\",\"params\":[5]}")
            #expect(bad["error"]?["code"] == .number("-32602"))
            #expect(bad["error"]?["message"] == .string("invalid argument 0: subscription id must be a string, got number"))
            let missing = try await ws.request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_unsubscribe\",\"params\":[]}")
            #expect(missing["error"]?["message"] == .string("missing value for required argument 0"))
        }
    }
}
