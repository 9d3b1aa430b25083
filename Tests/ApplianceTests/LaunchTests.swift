#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Appliance

@Suite struct BannerTests {
    // Anvil's dev account 0 and its private key (anvil's own banner for "test test … junk").
    let account0 = BannerAccount(address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                                 privateKey: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")

    @Test func bannerNamesChainsAccountsKeysWalletAndDashboard() {
        let text = Banner.render(config: .defaults, accounts: [account0], readyMilliseconds: 42)
        #expect(text.contains(DevnetVersion.string))
        #expect(text.contains("Hyperion (L2)  chain id 133718  http://127.0.0.1:8545  (prague, gas limit 30000000)"))
        #expect(text.contains("L1             chain id 31337   http://127.0.0.1:9545  (prague, gas limit 30000000)"))
        #expect(text.contains("(0) 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 (10000 ETH on each chain)"))
        #expect(text.contains("(0) 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"))
        #expect(text.contains("Mnemonic:          test test test test test test test test test test test junk"))
        #expect(text.contains("Mining:            automine"))
        var manual = DevnetConfig.defaults
        manual.node.automine = false
        #expect(Banner.render(config: manual, accounts: [account0], readyMilliseconds: 1).contains("call evm_mine"))
        #expect(text.contains("Derivation path:   m/44'/60'/0'/0/<index>"))
        #expect(text.contains("Dashboard:         http://127.0.0.1:8545/"))
        #expect(text.contains("Ready in 42 ms"))
    }

    @Test func wildcardHostShowsLoopbackDashboard() throws {
        var o = ConfigOverrides()
        o.host = "0.0.0.0"
        o.l2Port = 18545
        #expect(Banner.dashboardURL(try DevnetConfig.defaults.applying(o)) == "http://127.0.0.1:18545/")
    }
}

@Suite struct PortProbeTests {
    /// Opens a listening TCP socket on 127.0.0.1 at an ephemeral port; returns (fd, port).
    func listener() throws -> (Int32, Int) {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        try #require(fd >= 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        try #require(bound == 0)
        try #require(listen(fd, 1) == 0)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }

    @Test func busyPortIsReportedAndFreedPortIsFree() throws {
        let (fd, port) = try listener()
        #expect(PortProbe.check(host: "127.0.0.1", port: port) == .inUse)
        close(fd)
        #expect(PortProbe.check(host: "127.0.0.1", port: port) == .free)
    }

    @Test func unresolvableHostFails() {
        if case .failed = PortProbe.check(host: "256.1.1.1", port: 8545) {} else {
            Issue.record("an invalid address was not reported")
        }
    }

    @Test func portInUseMessageSaysWhatToDo() {
        let e = LaunchError.portInUse(port: 8545, host: "127.0.0.1", chain: "Hyperion L2", flag: "--l2-port")
        #expect(e.description == "port 8545 on 127.0.0.1 (Hyperion L2) is already in use; stop the process using it (`lsof -i :8545`) or choose another port with --l2-port or in devnet.toml")
    }
}
