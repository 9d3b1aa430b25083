import Chain
import ChainStore
import DevnetCrypto
import Foundation
import Node
import Primitives
import Testing
@testable import Appliance

/// `node.data_dir`, `--fresh` and `--ephemeral` as `devnet start` applies them.
@Suite struct PersistenceLaunchTests {
    func config(_ dir: String, ephemeral: Bool = false) -> DevnetConfig {
        var c = DevnetConfig.defaults
        c.node.dataDir = dir
        c.node.ephemeral = ephemeral
        return c
    }

    @Test func storesLiveInTheDataDirectoryAndResume() async throws {
        let dir = NSTemporaryDirectory() + "persistence-launch-\(UUID().uuidString)"
        let c = config(dir)
        let keys = try HDWallet.devAccounts(mnemonic: c.accounts.mnemonic, count: 2)
        let head: Hash
        do {
            let store = try DevnetLauncher.openStore(c, file: DevnetLauncher.l2StoreFile, label: "L2")
            #expect(store.location == dir + "/l2.sqlite")
            let node = try DevnetLauncher.makeNode(c.l2, label: "L2", config: c, keys: keys, store: store)
            #expect(await node.read { $0.resumed } == false)
            _ = try await node.call(method: "evm_mine", params: .array([]))
            head = await node.read { $0.head.hash }
        }
        #expect(FileManager.default.fileExists(atPath: dir + "/l2.sqlite"))
        let again = try DevnetLauncher.makeNode(c.l2, label: "L2", config: c, keys: keys,
                                                store: try DevnetLauncher.openStore(c, file: DevnetLauncher.l2StoreFile, label: "L2"))
        #expect(await again.read { ($0.resumed, $0.headNumber, $0.head.hash) } == (true, 1, head))
        // --fresh deletes the database files (with the WAL and shared-memory files).
        try DevnetLauncher.deleteStores(c)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        #expect(!names.contains { $0.hasPrefix("l2.sqlite") || $0.hasPrefix("l1.sqlite") })
    }

    @Test func ephemeralWritesNothing() throws {
        let dir = NSTemporaryDirectory() + "persistence-launch-\(UUID().uuidString)"
        let store = try DevnetLauncher.openStore(config(dir, ephemeral: true), file: DevnetLauncher.l2StoreFile, label: "L2")
        #expect(store.location == ":memory:")
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    @Test func anotherChainInTheDirectoryIsALaunchError() throws {
        let dir = NSTemporaryDirectory() + "persistence-launch-\(UUID().uuidString)"
        var c = config(dir)
        let keys = try HDWallet.devAccounts(mnemonic: c.accounts.mnemonic, count: 2)
        _ = try DevnetLauncher.makeNode(c.l2, label: "L2", config: c, keys: keys,
                                        store: try DevnetLauncher.openStore(c, file: DevnetLauncher.l2StoreFile, label: "L2"))
        c.l2.chainId = 5
        #expect {
            _ = try DevnetLauncher.makeNode(c.l2, label: "L2", config: c, keys: keys,
                                            store: try DevnetLauncher.openStore(c, file: DevnetLauncher.l2StoreFile, label: "L2"))
        } throws: { error in
            guard case LaunchError.storage(let chain, let reason) = error else { return false }
            return chain == "L2" && reason.contains("--fresh") && reason.contains("chain id 133718, not 5")
        }
    }

    @Test func bannerSaysWhereTheDataLives() {
        let text = Banner.render(config: .defaults, accounts: [], readyMilliseconds: 1,
                                 storage: ".devnet (one SQLite database per chain)\n                   L2: resumed at block 7\n")
        #expect(text.contains("State:             .devnet (one SQLite database per chain)\n"))
        #expect(text.contains("L2: resumed at block 7\n"))
    }
}
