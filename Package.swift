// swift-tools-version:6.0
// metis-devnet: one executable that boots an L1 mock and the Hyperion L2 (see README.md).
import PackageDescription

let package = Package(
    name: "metis-devnet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "devnet", targets: ["devnet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/attaswift/BigInt.git", from: "6.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", exact: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/swiftwasm/WasmKit.git", exact: "0.4.2"),
    ],
    targets: [
        // Level 0
        .target(name: "Primitives", path: "Sources/Primitives"),
        .systemLibrary(name: "CSecp256k1", path: "Sources/CSecp256k1", pkgConfig: "libsecp256k1",
                       providers: [.apt(["libsecp256k1-dev"])]),
        .target(name: "DevnetCrypto", dependencies: [
            "Primitives", "CSecp256k1",
            .product(name: "Crypto", package: "swift-crypto"),
        ], path: "Sources/DevnetCrypto"),
        .target(name: "BLS12381", dependencies: ["Primitives"], path: "Sources/BLS12381"),
        // zlib (RFC 1950/1951) from Debian's zlib1g-dev: the batcher compresses L2 blocks with it.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // OpenSSL's libcrypto from Debian's libssl-dev: RSA PKCS#1 v1.5 for the LazAI node's permission keys.
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Level 1
        .target(name: "EVM", dependencies: [
            "Primitives", "DevnetCrypto", "BLS12381",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "BigInt", package: "BigInt"),
        ], path: "Sources/EVM"),
        .target(name: "Trie", dependencies: ["Primitives"], path: "Sources/Trie"),
        .target(name: "EVMBench", dependencies: ["EVM", "Primitives"], path: "Sources/EVMBench"),
        .executableTarget(name: "evm-bench", dependencies: ["EVMBench"], path: "Benchmarks/EVMBenchmark"),
        // Level 2
        .target(name: "State", dependencies: ["Primitives", "EVM", "Trie"], path: "Sources/State"),
        // Level 3
        .target(name: "Chain", dependencies: ["Primitives", "DevnetCrypto", "EVM", "Trie", "State"], path: "Sources/Chain"),
        // Level 3.5: the durable ChainStore behind Chain's `ChainStore` protocol (system SQLite via GRDB)
        .target(name: "ChainStore", dependencies: [
            "Chain", "State", "EVM", "Primitives",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Sources/ChainStore"),
        // Level 4
        .target(name: "Node", dependencies: [
            "Chain", "State", "EVM", "DevnetCrypto", "Primitives",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Sources/Node"),
        // Level 5: the Metis layer (rollup contracts in genesis, batcher, proposer, relayer; the sequencer set)
        .target(name: "Rollup", dependencies: [
            "Primitives", "DevnetCrypto", "EVM", "State", "Chain", "Node", "CZlib",
        ], path: "Sources/Rollup"),
        .target(name: "Sequencing", dependencies: [
            "Rollup", "Primitives", "DevnetCrypto", "EVM", "State", "Chain", "Node",
        ], path: "Sources/Sequencing"),
        // Level 5: LazAI (its contracts at Alith's local addresses, the verified-computing and AI nodes, lazai_ RPC)
        .target(name: "LazAI", dependencies: [
            "Primitives", "DevnetCrypto", "EVM", "State", "Chain", "Node", "Rollup", "COpenSSL",
            .product(name: "Crypto", package: "swift-crypto"),
        ], path: "Sources/LazAI"),
        // AI modules (Plugins/): manifests, wasm modules in WasmKit (issue 8)
        // glibc's posix_spawn close-from file action (needs _GNU_SOURCE), for AI process modules
        .target(name: "CSpawn", path: "Sources/CSpawn"),
        .target(name: "AIModules", dependencies: [
            "EVM", "Primitives", "CSpawn",
            .product(name: "WasmKit", package: "WasmKit"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ], path: "Sources/AIModules"),
        // Level 6
        .target(name: "Dashboard", dependencies: [], path: "Sources/Dashboard"),
        .target(name: "Appliance", dependencies: [
            "Primitives", "DevnetCrypto", "EVM", "Chain", "ChainStore", "Node", "Dashboard", "Rollup", "Sequencing", "LazAI", "AIModules",
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Sources/Appliance"),
        .target(name: "StateTestRunner", dependencies: [
            "Chain", "State", "EVM", "Trie", "Primitives", "DevnetCrypto",
            .product(name: "BigInt", package: "BigInt"),
        ], path: "Sources/StateTestRunner"),
        .target(name: "DevnetCommands", dependencies: [
            "Appliance", "StateTestRunner", "EVM", "EVMBench", "Rollup", "AIModules",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Sources/DevnetCommands"),
        .executableTarget(name: "devnet", dependencies: ["DevnetCommands"], path: "Sources/devnet"),

        // Tests
        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives", .product(name: "BigInt", package: "BigInt")]),
        .testTarget(name: "DevnetCryptoTests", dependencies: [
            "DevnetCrypto", "Primitives", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "BLS12381Tests", dependencies: ["BLS12381"], exclude: ["Vectors"]),
        .testTarget(name: "EVMTests", dependencies: ["EVM", "Primitives"], exclude: ["Reference"]),
        .testTarget(name: "TrieTests", dependencies: ["Trie", "Primitives"]),
        .testTarget(name: "StateTests", dependencies: ["State", "EVM", "Primitives"], exclude: ["Reference"]),
        .testTarget(name: "ChainTests", dependencies: ["Chain", "State", "EVM", "DevnetCrypto", "Primitives"], exclude: ["Reference"]),
        .testTarget(name: "ChainStoreTests", dependencies: ["ChainStore", "Chain", "State", "EVM", "DevnetCrypto", "Primitives"]),
        .testTarget(name: "NodeTests", dependencies: [
            "Node", "Chain", "Primitives", "DevnetCrypto",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "RollupTests", dependencies: ["Rollup", "Node", "Chain", "State", "EVM", "DevnetCrypto", "Primitives"]),
        .testTarget(name: "SequencingTests", dependencies: ["Sequencing", "Rollup", "Node", "Chain", "State", "EVM", "DevnetCrypto", "Primitives"]),
        .testTarget(name: "LazAITests", dependencies: ["LazAI", "Rollup", "Node", "Chain", "State", "EVM", "DevnetCrypto", "Primitives"]),
        .testTarget(name: "AIModulesTests", dependencies: ["AIModules", .product(name: "WAT", package: "WasmKit")]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard"]),
        .testTarget(name: "ApplianceTests", dependencies: ["Appliance", "AIModules", "Dashboard", "Node", "Chain", "ChainStore", "DevnetCrypto", "Primitives"]),
        .testTarget(name: "StateTestRunnerTests", dependencies: ["StateTestRunner", "EVM", "Primitives"], exclude: ["Reference"]),
        .testTarget(name: "DevnetCommandsTests", dependencies: ["DevnetCommands", "Appliance"]),
        .testTarget(name: "EVMBenchTests", dependencies: ["EVMBench"]),
    ],
    swiftLanguageModes: [.v6]
)
