import Testing
@testable import Appliance
import Node

/// devnet.toml `[limits]`: defaults are geth's, values reach the node's and server's limits, and a
/// bad value is refused with the key's name.
@Suite struct LimitSettingsTests {
    @Test func defaultsAreGethsWhereGethHasThem() {
        let l = DevnetConfig.defaults.limits
        #expect(l.maxRequestBytes == 5 * 1024 * 1024)        // geth rpc/http.go defaultBodyLimit
        #expect(l.maxBatchLength == 1000)                    // geth BatchRequestLimit
        #expect(l.callGasCap == 50_000_000)                  // geth RPCGasCap
        #expect(l.wsMaxMessageBytes == 32 * 1024 * 1024)     // geth wsDefaultReadLimit
        #expect(l.rpcLimits == RPCLimits())
    }

    @Test func limitsSectionIsRead() throws {
        let toml = """
        [limits]
        max_request_bytes = 4096
        max_batch_length = 7
        call_gas_cap = 1000000
        max_log_block_range = 50
        max_log_results = 20
        max_subscriptions_per_connection = 3
        ws_max_frame_bytes = 2048
        ws_max_message_bytes = 8192
        """
        let c = try DevnetConfig.parse(toml: toml, source: "t.toml")
        #expect(c.limits.callGasCap == 1_000_000)
        #expect(c.limits.maxLogBlockRange == 50)
        #expect(c.limits.maxLogResults == 20)
        #expect(c.limits.rpcLimits == RPCLimits(maxRequestBytes: 4096, maxBatchLength: 7, maxSubscriptionsPerConnection: 3,
                                                wsMaxMessageBytes: 8192, wsMaxFrameBytes: 2048))
        #expect(try DevnetConfig.parse(toml: c.tomlText(), source: "x.toml") == c)
    }

    @Test func outOfRangeIsAnErrorNamingTheKey() {
        #expect(throws: ConfigError.self) { try DevnetConfig.parse(toml: "[limits]\nmax_batch_length = 0", source: "t.toml") }
        do {
            _ = try DevnetConfig.parse(toml: "[limits]\nmax_batch_length = 0", source: "t.toml")
        } catch {
            #expect(error.message.contains("limits.max_batch_length"))
        }
    }
}
