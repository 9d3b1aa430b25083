import Chain
import DevnetCrypto
import Foundation
import Node
import Primitives
import Synchronization
import Testing
@testable import Appliance

/// The terminal log: a transfer through eth_sendTransaction prints its block and one line with the
/// transaction's full hash and gas used 21000 (the Yellow Paper's G_transaction for a plain
/// transfer); an empty block mined with evm_mine prints nothing.
@Suite struct BlockLogTests {
    final class Lines: Sendable {
        let text = Mutex("")
        func append(_ s: String) { text.withLock { $0 += s } }
    }

    @Test func transferIsLoggedEmptyBlockIsNot() async throws {
        let config = DevnetConfig.defaults
        let keys = try HDWallet.devAccounts(mnemonic: config.accounts.mnemonic, count: 1)
        let lines = Lines()
        let node = try DevnetLauncher.makeNode(config.l2, label: "Hyperion (L2)", config: config, keys: keys,
                                               output: { lines.append($0) })
        let result = try await node.call(method: "eth_sendTransaction", params: .array([.object([
            ("from", .string(keys[0].address.hex)),
            ("to", .string("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")),
            ("value", .string("0x1")),
        ])]))
        guard case .string(let hash) = result else { Issue.record("no hash: \(result)"); return }
        let logged = lines.text.withLock { $0 }
        #expect(logged.hasPrefix("Hyperion (L2) block 1  0x"))
        #expect(logged.contains("    tx \(hash)  success  gas used 21000\n"))

        _ = try await node.call(method: "evm_mine", params: .array([]))
        #expect(lines.text.withLock { $0 } == logged)
    }
}
