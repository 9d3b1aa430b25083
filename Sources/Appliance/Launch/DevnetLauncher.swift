import Chain
import ChainStore
import Dashboard
import DevnetCrypto
import EVM
import AIModules
import Foundation
import Logging
import Node
import Primitives
import LazAI
import Rollup
import Sequencing
import ServiceLifecycle

/// Boots the two chains described by a `DevnetConfig` and serves them until SIGINT or SIGTERM.
///
/// Both chains are the same code (`Blockchain` in a `ChainNode`, served by an `RPCServer`) with
/// different settings; only the L2 server answers `GET` with the dashboard. Both servers run in one
/// swift-service-lifecycle `ServiceGroup` that shuts them down gracefully on a signal.
public enum DevnetLauncher {
    /// Runs the devnet; returns after a graceful shutdown.
    /// - Parameter output: where the banner goes (standard output by default).
    /// - Throws: `LaunchError` for a busy port, an address that cannot be bound, a mnemonic that
    ///   gives no keys or a chain that cannot be set up; other errors of the servers as they come.
    public static func run(config: DevnetConfig, output: @escaping @Sendable (String) -> Void = printFlushed) async throws {
        let clock = ContinuousClock()
        let started = clock.now

        let l2Label = Banner.label(config.l2.name, role: "L2"), l1Label = Banner.label(config.l1.name, role: "L1")
        let chains = [(config.l2, "--l2-port", l2Label), (config.l1, "--l1-port", l1Label)]
        for (chain, flag, label) in chains {
            switch PortProbe.check(host: chain.host, port: chain.port) {
            case .free: break
            case .inUse: throw LaunchError.portInUse(port: chain.port, host: chain.host, chain: label, flag: flag)
            case .failed(let reason): throw LaunchError.cannotBind(port: chain.port, host: chain.host, chain: label, reason: reason)
            }
        }

        let keys: [PrivateKey]
        do {
            keys = try HDWallet.devAccounts(mnemonic: config.accounts.mnemonic, count: config.accounts.count)
        } catch {
            throw LaunchError.badMnemonic("\(error)")
        }
        // The Metis layer's keys and inbox (ROLLUP-API.md §0, §1); nil with `[rollup] enabled = false`.
        var rollupKeys: RollupKeys?
        var rollupAddresses: RollupAddresses?
        if config.rollup.enabled {
            do {
                rollupKeys = try RollupKeys(mnemonic: config.accounts.mnemonic, sequencers: config.rollup.sequencers)
                rollupAddresses = try RollupAddresses(l1ChainId: config.l1.chainId, l2ChainId: config.l2.chainId)
            } catch {
                throw LaunchError.chainSetup(chain: "rollup", reason: "\(error)")
            }
        }
        // LazAI (LAZAI-API.md §0): its contracts at Alith's local addresses, the nodes registered.
        let lazai = config.lazai.enabled ? try lazaiSetup(config, devKeys: keys) : nil
        let l2Genesis = (rollupKeys.map { RollupGenesis.l2Steps(config: config.rollup, keys: $0) } ?? [])
            + (lazai.map { settings in
                // Genesis registers the nodes at the default port's URLs (a port change must not
                // change the genesis); the nodes move them at start when the port differs.
                let nodes = settings.info.nodes.enumerated().map { i, node in
                    LazAINodeRecord(address: node.address, url: LazAIGenesis.nodeURL(base: LazAIGenesis.genesisBaseURL, index: i),
                                    publicKeyPEM: node.publicKeyPEM)
                }
                return LazAIGenesis.steps(config: config.lazai, admin: settings.info.admin, nodes: nodes,
                                          publicKeyPEM: settings.info.publicKeyPEM)
            } ?? [])
        let l1Genesis = rollupKeys.map { RollupGenesis.l1Steps(config: config.rollup, keys: $0) } ?? []
        if config.fresh, !config.node.ephemeral {
            try deleteStores(config)
        }
        // The AI modules (`[plugins]`, AI-API.md): one host for the precompile, LazAI and the dashboard.
        let plugins = PluginsRuntime(config: config.plugins, log: { output($0 + "\n") })
        let l2Store = try openStore(config, file: l2StoreFile, label: l2Label)
        let l1Store = try openStore(config, file: l1StoreFile, label: l1Label)
        let l2Node = try makeNode(config.l2, label: l2Label, config: config, keys: keys, output: output,
                                  genesisSteps: l2Genesis, store: l2Store, aiOracle: plugins.oracle)
        let l1Node = try makeNode(config.l1, label: l1Label, config: config, keys: keys, output: output,
                                  acceptsBlobTransactions: true,   // the L1 mock has a blob market; the L2 refuses type 3
                                  genesisSteps: l1Genesis, store: l1Store)

        // The Metis layer: `RollupLayer` is what the rollup services take their inputs from. Each
        // service appends to `rollupServices` (they run in the servers' ServiceGroup, start with
        // the servers and are cancelled with them on Ctrl-C / SIGTERM; see `RollupService`), e.g.
        //   rollupServices.append(RollupService(name: "batcher", report: output) { try await batcher.run() })
        var rollupServices: [RollupService] = []
        var rollupText: String?
        if let rollupKeys, let rollupAddresses {
            let layer = RollupLayer(config: config.rollup, keys: rollupKeys, addresses: rollupAddresses,
                                    l1Node: l1Node, l2Node: l2Node)
            await layer.installRPC()   // rollup_getInfo, rollup_gasPrices on both nodes

            // MARK: sequencing
            // The sequencer set: stakes from L1, the L2's BlockPrelude/BlockSealer installed before
            // any block is mined, devnet_sequencers & co. on the L2, the stall monitor and slasher.
            let sequencing = SequencingService(layer: layer) { output($0 + "\n") }
            await sequencing.start()
            await l2Node.install(SequencingRPC(service: sequencing))
            rollupServices.append(RollupService(name: "sequencer set", report: output) { try await sequencing.run() })

            // MARK: batcher
            // Batcher and proposer (ROLLUP-API.md §6–§8): L2 blocks to the inbox, state roots to the
            // SCC, the L2's `safe`/`finalized` tags, devnet_batches / devnet_stateBatches on the L2.
            // seqSign: the block sealer's signature over each transaction hash, from the sequencer set.
            let sequencerSet = sequencing.set
            let batchServices = BatchServices(
                l1Node: l1Node, l2Node: l2Node, batcherKey: layer.keys.batcher, proposerKey: layer.keys.proposer,
                fraudVerifier: layer.keys.admin, inbox: layer.addresses.batchInbox, scc: RollupAddresses.stateCommitmentChain,
                interval: Double(max(1, layer.config.batchInterval)),
                signTx: { miner, txHash in sequencerSet.signature(of: txHash, by: miner) },
                log: { output($0 + "\n") })
            await l2Node.install(batchServices.rpc)
            rollupServices.append(RollupService(name: "batcher", report: output) { await batchServices.run() })

            // MARK: relayer
            // The bridge relayer (ROLLUP-API.md §2, §8): CTC deposits relayed to the L2 messenger,
            // L2→L1 messages proven and relayed on L1 after the fraud-proof window, from the relayer
            // key; devnet_deposits / devnet_withdrawals / devnet_getWithdrawalProof on both nodes.
            let relayer = Relayer(l1: layer.l1, l2: layer.l2, key: layer.keys.relayer,
                                  log: { output($0 + "\n") },
                                  nextL1Timestamp: { await l1Node.read { $0.nextBlockTimestampEstimate } })
            await l2Node.install(RelayerRPC(relayer: relayer))
            await l1Node.install(RelayerRPC(relayer: relayer))
            rollupServices.append(RollupService(name: "relayer", report: output) { await relayer.run() })

            rollupText = Banner.rollupLines(config.rollup)
        }
        // MARK: LazAI
        // The file store, the in-process nodes (JobSubmitted → proof; Alith's /proof and
        // /v1/chat/completions) and lazai_ on the L2; its HTTP routes go to the L2 server.
        var lazaiRoutes: RPCServer.Routes?
        if var lazai {
            lazai.scorer = plugins.scorer         // nil: the built-in LazAIScorer
            lazai.responder = plugins.responder   // nil: the built-in LazAIResponder
            let services = LazAIServices(settings: lazai, l2Node: l2Node) { output($0 + "\n") }
            await l2Node.install(services.rpc)
            lazaiRoutes = services.routes
            rollupServices.append(RollupService(name: "lazai nodes", report: output) { await services.run() })
        } else {
            await l2Node.install(LazAIDisabled.RPC())
            lazaiRoutes = LazAIDisabled.routes
        }
        var storageText = config.node.ephemeral
            ? "in memory (--ephemeral: nothing is written; a restart begins again from genesis)\n"
            : "\(config.node.dataDir) (one SQLite database per chain; --fresh starts over)\n"
        var modes: [MiningMode] = []
        for (label, node) in [("L2", l2Node), ("L1", l1Node)] {
            let (resumed, head, mode) = await node.read { ($0.resumed, $0.headNumber, $0.miningMode) }
            storageText += "                   \(label): " + (resumed ? "resumed at block \(head)" : "fresh") + "\n"
            modes.append(mode)
        }
        // A resumed chain keeps its own mining mode: show what the chains do, not what devnet.toml says.
        let miningText = modes[0] == modes[1] ? Banner.miningLine(modes[0])
            : "L2 " + Banner.miningLine(modes[0]) + "                   L1 " + Banner.miningLine(modes[1])

        let source = NodeDashboardSource(chains: [
            .init(slug: "l2", name: config.l2.name, rpcURL: config.l2.rpcURL, node: l2Node),
            .init(slug: "l1", name: config.l1.name, rpcURL: config.l1.rpcURL, node: l1Node),
        ], accounts: keys.map(\.address), plugins: plugins)
        // The dashboard: GET pages and the sequencer buttons' form posts, sharing one form token
        // made fresh at each start (DashboardSite).
        let dashboard = DashboardSite(source: source)

        let lazaiText = lazai.map { Banner.lazaiLines(config: config, nodes: $0.info.nodes.map { ($0.address.checksummed, $0.url) },
                                                      fileStoreURL: $0.info.fileStoreURL) }
            ?? "off (--no-lazai or lazai.enabled = false): no LazAI contracts, nodes or lazai_ methods\n"
        let storage = storageText, mining = miningText, rollup = rollupText, pluginsText = plugins.bannerLines
        let accounts = keys.map { BannerAccount(address: $0.address.checksummed, privateKey: Hex.encode($0.bytes)) }
        let ready = ReadyGate(expected: 2) {
            let ms = Int((clock.now - started) / .milliseconds(1))
            output(Banner.render(config: config, accounts: accounts, readyMilliseconds: ms, storage: storage,
                                 mining: mining, rollup: rollup, lazai: lazaiText, plugins: pluginsText))
        }

        var logger = Logger(label: "metis-devnet")
        logger.logLevel = .warning
        let l2Server = RPCServer(node: l2Node, host: config.l2.host, port: config.l2.port, limits: config.limits.rpcLimits,
                                 pages: DashboardHTTP.pages(dashboard), forms: DashboardHTTP.forms(dashboard),
                                 routes: lazaiRoutes, logger: logger,
                                 onListening: { _ in await ready.arrive() })
        let l1Server = RPCServer(node: l1Node, host: config.l1.host, port: config.l1.port, limits: config.limits.rpcLimits,
                                 pages: nil, logger: logger,
                                 onListening: { _ in await ready.arrive() })
        var groupConfig = ServiceGroupConfiguration(
            services: [.init(service: l2Server), .init(service: l1Server)]
                + rollupServices.map { .init(service: $0, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // Ctrl-C or SIGTERM finishes the requests in flight; a client stalled mid-request must
        // not keep the devnet alive, so after 3 s the shutdown turns into cancellation.
        groupConfig.maximumGracefulShutdownDuration = .seconds(3)
        let group = ServiceGroup(configuration: groupConfig)
        // Interval mining (block_time) runs on each node's actor; stopped again once the servers are down.
        await l2Node.applyMiningMode()
        await l1Node.applyMiningMode()
        // A resumed chain in automine mode mines what its pool kept (e.g. transactions sent while
        // every sequencer was stopped), rather than waiting for the next transaction to arrive.
        await l2Node.minePending()
        await l1Node.minePending()
        do {
            try await group.run()
            await l2Node.stopMining()
            await l1Node.stopMining()
            plugins.host.stop()
        } catch {
            await l2Node.stopMining()
            await l1Node.stopMining()
            plugins.host.stop()
            let text = String(describing: error)
            if text.contains("Address already in use") {
                throw LaunchError.portInUse(port: config.l2.port, host: config.l2.host,
                                            chain: "\(l2Label), or port \(config.l1.port) of \(l1Label)",
                                            flag: "--l2-port/--l1-port")
            }
            throw error
        }
        output("Stopped.\n")
    }

    /// LazAI's settings for genesis and its services: admin (devnet.toml or dev account 0), node keys,
    /// the RSA key (devnet.toml's file or the devnet's well-known one), node URLs on the L2 port.
    /// - Throws: `LaunchError.chainSetup` for an unreadable RSA key file or a bad mnemonic.
    static func lazaiSetup(_ config: DevnetConfig, devKeys: [PrivateKey]) throws -> LazAIServices.Settings {
        do {
            var pem = LazAIDevKeys.rsaPrivateKeyPEM
            if let file = config.lazai.rsaKeyFile {
                let path = URL(fileURLWithPath: file).standardizedFileURL.path   // relative: to the working directory
                do { pem = try String(contentsOfFile: path, encoding: .utf8) } catch {
                    throw LazAIError("lazai.rsa_key_file \(path) cannot be read: \(error.localizedDescription)")
                }
            }
            let rsa = try RSAPrivateKey(pem: pem)
            // Alith encrypts a 130-character password with PKCS#1 v1.5, which needs a modulus of at
            // least 141 bytes; ask for the usual 2048 bits.
            if rsa.modulusBytes < 256 {
                throw LazAIError("lazai.rsa_key_file holds a \(rsa.modulusBytes * 8)-bit RSA key; LazAI needs at least 2048 bits (Alith encrypts 130-character passwords to it)")
            }
            let nodeKeys = try LazAIDevKeys.nodeKeys(mnemonic: config.accounts.mnemonic, count: config.lazai.nodes)
            let base = String(Banner.dashboardURL(config).dropLast())   // http://host:port, a wildcard host shown as 127.0.0.1
            let nodes = nodeKeys.enumerated().map { i, key in
                LazAINodeRecord(address: key.address, url: LazAIGenesis.nodeURL(base: base, index: i), publicKeyPEM: rsa.publicKeyPEM)
            }
            let admin = config.lazai.admin ?? devKeys.first?.address ?? .zero
            let info = LazAIInfo(admin: admin, nodes: nodes, publicKeyPEM: rsa.publicKeyPEM,
                                 fileStoreURL: "\(base)/lazai/files", config: config.lazai)
            let directory = config.node.ephemeral ? nil
                : (config.node.dataDir as NSString).appendingPathComponent(lazaiFilesDirectory)
            return LazAIServices.Settings(info: info, nodeKeys: nodeKeys, rsaKey: rsa, fileStoreDirectory: directory)
        } catch {
            throw LaunchError.chainSetup(chain: "lazai", reason: "\(error)")
        }
    }

    /// LazAI's file store inside `node.data_dir` (`POST /lazai/files`).
    public static let lazaiFilesDirectory = "lazai-files"

    /// The database file of the L2 and of the L1 inside `node.data_dir`.
    public static let l2StoreFile = "l2.sqlite"
    public static let l1StoreFile = "l1.sqlite"

    /// The store of one chain: its database file in the data directory, or an in-memory database
    /// with `node.ephemeral`.
    /// - Throws: `LaunchError.storage` when the file cannot be opened.
    static func openStore(_ config: DevnetConfig, file: String, label: String) throws -> SQLiteChainStore {
        do {
            if config.node.ephemeral { return try SQLiteChainStore() }
            return try SQLiteChainStore(path: (config.node.dataDir as NSString).appendingPathComponent(file))
        } catch {
            // A file that is not a database, a damaged one, or one of a newer schema: say how to go on.
            let hint = config.node.ephemeral ? "" : "; start over with --fresh (deletes the stored chains) or choose another directory with --data-dir"
            throw LaunchError.storage(chain: label, reason: error.description + hint)
        }
    }

    /// `--fresh`: deletes both chains' database files (with their WAL and shared-memory files).
    static func deleteStores(_ config: DevnetConfig) throws {
        let fm = FileManager.default
        for file in [l2StoreFile, l1StoreFile] {
            for suffix in ["", "-wal", "-shm"] {
                let path = (config.node.dataDir as NSString).appendingPathComponent(file + suffix)
                guard fm.fileExists(atPath: path) else { continue }
                do { try fm.removeItem(atPath: path) } catch {
                    throw LaunchError.storage(chain: file, reason: "--fresh cannot delete \(path): \(error.localizedDescription)")
                }
            }
        }
        let files = (config.node.dataDir as NSString).appendingPathComponent(lazaiFilesDirectory)
        if fm.fileExists(atPath: files) {
            do { try fm.removeItem(atPath: files) } catch {
                throw LaunchError.storage(chain: "lazai", reason: "--fresh cannot delete \(files): \(error.localizedDescription)")
            }
        }
    }

    /// Builds one chain from its settings: genesis with the dev accounts funded (then
    /// `genesisSteps` applied: the Metis layer's contracts), the base fee and automine setting,
    /// in its `ChainNode`.
    /// `output`, when given, receives `BlockLog`'s lines for every mined block with transactions.
    /// `aiOracle` makes the AI precompile at 0x…0999 active on the chain (the L2's `PluginsRuntime.oracle`).
    /// `acceptsBlobTransactions` is `ChainConfig.acceptsBlobTransactions` (EIP-4844 type 3 in the pool).
    /// With a `store` the chain is committed to it and resumed from it (its stored dev settings,
    /// automine included, win over devnet.toml's on a resumed chain).
    /// - Throws: `LaunchError.chainSetup`, or `.storage` when the store holds another chain or fails.
    static func makeNode(_ chain: ChainSettings, label: String, config: DevnetConfig, keys: [PrivateKey],
                         output: (@Sendable (String) -> Void)? = nil,
                         acceptsBlobTransactions: Bool = false, genesisSteps: [GenesisBuilder.Step] = [],
                         store: sending (any ChainStore)? = nil,
                         aiOracle: (any AIPrecompileOracle)? = nil) throws -> ChainNode {
        guard let fork = Hardfork(name: chain.fork) else {
            throw LaunchError.chainSetup(chain: label, reason: "unknown fork \(chain.fork)")
        }
        let oneEther = UInt256(1_000_000_000_000_000_000 as UInt64)
        let balance = UInt256(config.accounts.balanceEth) &* oneEther
        var chainConfig: ChainConfig
        do {
            chainConfig = try ChainConfig(
                chainId: chain.chainId, gasLimit: chain.gasLimit, fork: fork,
                alloc: ChainConfig.devAlloc(keys.map(\.address), balance: balance),
                initialBaseFee: UInt256(config.node.baseFeeGwei) &* ChainConfig.gwei,
                genesisTimestamp: config.node.genesisTimestamp, callGasCap: config.limits.callGasCap,
                acceptsBlobTransactions: acceptsBlobTransactions)
        } catch {
            throw LaunchError.chainSetup(chain: label, reason: "\(error)")
        }
        if !genesisSteps.isEmpty {   // the Metis layer's contracts, stakes and balances (RollupGenesis)
            do {
                chainConfig.alloc = try GenesisBuilder.build(alloc: chainConfig.alloc, steps: genesisSteps, config: chainConfig)
            } catch {
                throw LaunchError.chainSetup(chain: label, reason: "rollup genesis: \(error)")
            }
        }
        let blockchain: Blockchain
        if let store {
            do {
                blockchain = try Blockchain(config: chainConfig, store: store)
            } catch {
                throw LaunchError.storage(chain: label, reason: error.description)
            }
            if !blockchain.resumed { blockchain.automine = config.node.automine }
        } else {
            blockchain = Blockchain(config: chainConfig)
            blockchain.automine = config.node.automine
        }
        // The AI precompile (issue 8): set before any block is mined, so mining records its witnesses.
        blockchain.aiOracle = aiOracle
        if !blockchain.resumed, config.node.blockTime > 0 { blockchain.miningMode = .interval(seconds: config.node.blockTime) }
        if let output {
            blockchain.onBlockAppended = { block, receipts in
                let text = BlockLog.render(chain: label, block: block, receipts: receipts)
                if !text.isEmpty { output(text) }
            }
        }
        return ChainNode(chain: blockchain, devKeys: keys, clientVersion: "metis-devnet/\(DevnetVersion.number)",
                         maxLogRange: config.limits.maxLogBlockRange, maxLogResults: config.limits.maxLogResults)
    }

    /// Writes to standard output unbuffered, so the banner shows at once when output is a file or pipe.
    @Sendable public static func printFlushed(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Calls `action` once, when `arrive()` has been called `expected` times.
actor ReadyGate {
    private var remaining: Int
    private let action: @Sendable () -> Void

    init(expected: Int, action: @escaping @Sendable () -> Void) {
        self.remaining = expected
        self.action = action
    }

    func arrive() {
        remaining -= 1
        if remaining == 0 { action() }
    }
}
