import Chain
import DevnetCrypto
@testable import Node

/// What the ChainNode suites share: an in-memory chain with the dev accounts funded, and calls that
/// return the result or the RPC error.
enum NodeTestSupport {
    static let dev0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"

    /// A node over a fresh chain (genesis at 1,700,000,000) with the first `accounts` dev keys unlocked.
    static func makeNode(chainId: UInt64 = 133718, accounts: Int = 3) throws -> ChainNode {
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: accounts)
        let config = try ChainConfig(chainId: chainId, alloc: ChainConfig.devAlloc(keys.map(\.address)),
                                     genesisTimestamp: 1_700_000_000)
        return ChainNode(chain: Blockchain(config: config), devKeys: keys)
    }

    /// The result of `method` with `params` given as JSON text; throws the RPC error.
    static func call(_ node: ChainNode, _ method: String, _ params: String = "[]") async throws -> JSON {
        try await node.call(method: method, params: try JSON.parse(params))
    }

    /// The error `method` answers with, or nil when it succeeds.
    static func error(_ node: ChainNode, _ method: String, _ params: String) async throws -> RPCError? {
        let p = try JSON.parse(params)
        do {
            _ = try await node.call(method: method, params: p)
            return nil
        } catch {
            return error
        }
    }
}
