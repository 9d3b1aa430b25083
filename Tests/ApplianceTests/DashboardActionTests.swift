import Chain
import Dashboard
import DevnetCrypto
import Node
import Primitives
import Synchronization
import Testing
@testable import Appliance

/// The dashboard's buttons end to end below HTTP: `DashboardHTTP.forms` (the hook the L2's
/// RPCServer calls) → `DashboardSite` (token check) → `NodeDashboardSource` → the L2 node's
/// JSON-RPC → an installed `devnet_` extension. The extension stands in for the sequencing
/// helper's `SequencingRPC` and answers in its documented shape (ROLLUP-API.md §8).
@Suite struct DashboardActionTests {
    final class FakeSequencing: RPCExtension, Sendable {
        let calls = Mutex<[String]>([])
        var methods: [String: Int] {
            ["devnet_sequencers": 0, "devnet_epochs": 0, "devnet_stopSequencer": 1, "devnet_startSequencer": 1,
             "devnet_setSequencerBehaviour": 2]
        }
        func call(method: String, params: JSON) async throws(RPCError) -> JSON {
            switch method {
            case "devnet_sequencers":
                return .array([.object([
                    ("index", .int(0)), ("id", .int(1)), ("address", .string("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")),
                    ("stake", .string("0xa968163f0a57b400000")),   // 50,000 * 10^18
                    ("active", .bool(true)), ("status", .string("live")), ("behaviour", .string("honest")),
                    ("blocksSealed", .int(4)), ("rejections", .int(0)), ("slashed", .string("0x0")),
                ])])
            case "devnet_epochs":
                return .object([
                    ("currentEpoch", .int(1)), ("epochLength", .int(8)), ("stalled", .null), ("respans", .int(0)),
                    ("epochs", .array([.object([("epoch", .int(1)), ("signer", .string("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")),
                                                ("sequencer", .int(0)), ("startBlock", .int(1)), ("endBlock", .int(8)),
                                                ("origin", .string("genesis"))])])),
                ])
            default:
                calls.withLock { $0.append("\(method) \(params)") }
                return .bool(true)
            }
        }
    }

    func makeSite() throws -> (DashboardSite<NodeDashboardSource>, FakeSequencing, ChainNode) {
        let config = DevnetConfig.defaults
        let keys = try HDWallet.devAccounts(mnemonic: config.accounts.mnemonic, count: 1)
        let l2 = try DevnetLauncher.makeNode(config.l2, label: "L2", config: config, keys: keys)
        let fake = FakeSequencing()
        let source = NodeDashboardSource(chains: [.init(slug: "l2", name: "Hyperion", rpcURL: config.l2.rpcURL, node: l2)],
                                         accounts: keys.map(\.address))
        return (DashboardSite(source: source, token: DashboardToken(value: "f00d")), fake, l2)
    }

    @Test func aPostWithoutTheTokenIs403AndChangesNothing() async throws {
        let (site, fake, node) = try makeSite()
        await node.install(fake)
        let forms = DashboardHTTP.forms(site)
        for body in ["sequencer=0&action=stop", "token=f00e&sequencer=0&action=stop"] {
            let r = try #require(await forms("/dashboard/action", "application/x-www-form-urlencoded", Array(body.utf8)))
            #expect(r.status == 403 && r.location == nil)
        }
        #expect(fake.calls.withLock { $0 }.isEmpty)
    }

    @Test func aPostWithTheTokenCallsTheNodeAndRedirects() async throws {
        let (site, fake, node) = try makeSite()
        await node.install(fake)
        let forms = DashboardHTTP.forms(site)
        let stop = try #require(await forms("/dashboard/action", "application/x-www-form-urlencoded",
                                            Array("token=f00d&sequencer=0&action=stop".utf8)))
        #expect(stop.status == 303 && stop.location == "/sequencers")
        _ = await forms("/dashboard/action", nil, Array("token=f00d&sequencer=2&action=wrongStateRoot".utf8))
        _ = await forms("/dashboard/action", nil, Array("token=f00d&sequencer=2&action=honest".utf8))
        _ = await forms("/dashboard/action", nil, Array("token=f00d&sequencer=1&action=start".utf8))
        #expect(fake.calls.withLock { $0 } == [
            "devnet_stopSequencer \(JSON.array([.int(0)]))",
            "devnet_setSequencerBehaviour \(JSON.array([.int(2), .string("wrongStateRoot")]))",
            "devnet_setSequencerBehaviour \(JSON.array([.int(2), .string("honest")]))",
            "devnet_startSequencer \(JSON.array([.int(1)]))",
        ])
        // Not a dashboard path: nil, the server answers it as JSON-RPC.
        #expect(await forms("/", "application/json", Array("{}".utf8)) == nil)
    }

    @Test func theSequencerPageReadsTheSet() async throws {
        let (site, fake, node) = try makeSite()
        await node.install(fake)
        let view = await site.source.sequencers()
        #expect(view.unavailable == nil)
        #expect(view.sequencers.map(\.stakeWei) == ["50000000000000000000000"])
        #expect(view.sequencers.first?.blocksSealed == 4)
        #expect(view.currentEpoch == 1 && view.leader == 0 && view.epochLength == 8)
        let page = await site.get(path: "/sequencers")
        #expect(page.html.contains("name=\"token\" value=\"f00d\""))
    }

    @Test func withoutTheServicesThePagesSaySo() async throws {
        let (site, _, _) = try makeSite()
        let view = await site.source.sequencers()
        #expect(view.unavailable?.contains("devnet_sequencers is not installed") == true)
        let batches = await site.source.batches()
        #expect(batches.batchesUnavailable?.contains("devnet_batches") == true)
        #expect(batches.stateBatchesUnavailable?.contains("devnet_stateBatches") == true)
        let bridge = await site.source.bridge()
        #expect(bridge.depositsUnavailable?.contains("devnet_deposits") == true)
        // An action on a missing set is refused with the reason, not redirected.
        let r = await site.post(path: "/dashboard/action", contentType: nil, body: Array("token=f00d&sequencer=0&action=stop".utf8))
        #expect(r?.status == 400)
        #expect(r?.html.contains("devnet_stopSequencer is not installed") == true)
    }
}
