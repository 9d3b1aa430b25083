import Chain
import DevnetCrypto
import Node
import Primitives
import Testing
@testable import LazAI
@testable import Rollup

/// LazAI's genesis (LazAIGenesis.steps) with the real Vyper contracts of Contracts/LazAI, read back
/// and driven through the L2 node's JSON-RPC. Expected values come from LAZAI-API.md (defaults: node
/// fee 10 wei, lock time 3600 s, the registry name, Alith's local addresses) and the contracts'
/// documented rules (Contracts/README.md, LazAI section: revert reasons are the upstream error names).
@Suite struct LazAIGenesisContractsTests {
    static let mnemonic = "test test test test test test test test test test test junk"
    typealias A = LazAIAddresses

    struct Env {
        let l2: RollupClient
        let dev: [PrivateKey]
        let nodes: [PrivateKey]
    }

    /// An L2 with LazAI's genesis and two nodes, admin = dev account 0.
    static func env(nodes count: Int = 2) throws -> Env {
        let dev = try HDWallet.devAccounts(mnemonic: mnemonic, count: 3)
        let nodeKeys = try LazAIDevKeys.nodeKeys(mnemonic: mnemonic, count: count)
        let records = nodeKeys.enumerated().map { i, key in
            LazAINodeRecord(address: key.address, url: "http://127.0.0.1:8545/lazai/nodes/\(i)",
                            publicKeyPEM: LazAIDevKeys.rsaPublicKeyPEM)
        }
        var config = try ChainConfig(chainId: 133718, alloc: ChainConfig.devAlloc(dev.map(\.address)))
        let steps = LazAIGenesis.steps(config: LazAIConfig(), admin: dev[0].address, nodes: records,
                                       publicKeyPEM: LazAIDevKeys.rsaPublicKeyPEM)
        config.alloc = try GenesisBuilder.build(alloc: config.alloc, steps: steps, config: config)
        let node = ChainNode(chain: Blockchain(config: config), devKeys: dev)
        return Env(l2: RollupClient(node: node, chainId: 133718), dev: dev, nodes: nodeKeys)
    }

    static func one(_ c: RollupClient, _ to: Address, _ sig: String, _ args: [ABIValue] = [], _ type: String) async throws -> ABIValue {
        try #require(try await c.call(to: to, sig, args, returns: "(\(type))").first)
    }

    static func uint(_ c: RollupClient, _ to: Address, _ sig: String, _ args: [ABIValue] = []) async throws -> UInt256 {
        try #require(try await one(c, to, sig, args, "uint256").word)
    }

    static func bool(_ c: RollupClient, _ to: Address, _ sig: String, _ args: [ABIValue] = []) async throws -> Bool {
        try await uint(c, to, sig, args) == .one
    }

    @Test func genesisInitialisesEveryContract() async throws {
        let env = try Self.env()
        let l2 = env.l2, admin = env.dev[0].address
        #expect(try await Self.one(l2, A.dataRegistry, "name()", [], "string") == .string(LazAIGenesis.registryName))
        #expect(try await Self.one(l2, A.dataRegistry, "publicKey()", [], "string") == .string(LazAIDevKeys.rsaPublicKeyPEM))
        #expect(try await Self.one(l2, A.dataRegistry, "token()", [], "address") == .address(A.dataAnchoringToken))
        #expect(try await Self.uint(l2, A.verifiedComputing, "nodeFee()") == UInt256(10))
        #expect(try await Self.uint(l2, A.verifiedComputing, "activeNodesCount()") == UInt256(2))
        let maintainer = ABIValue.bytes32(Keccak256.hash(Array("MAINTAINER_ROLE".utf8)))
        for process in [A.query, A.inference, A.training] {
            #expect(try await Self.one(l2, process, "settlement()", [], "address") == .address(A.settlement))
            #expect(try await Self.uint(l2, process, "lockTime()") == UInt256(3600))
            #expect(try await Self.bool(l2, process, "hasRole(bytes32,address)", [maintainer, .address(A.idao)]))
            for node in env.nodes {
                #expect(try await Self.bool(l2, process, "isNode(address)", [.address(node.address)]))
            }
        }
        for node in env.nodes {
            #expect(try await Self.bool(l2, A.verifiedComputing, "isNode(address)", [.address(node.address)]))
        }
        #expect(try await Self.bool(l2, A.verifiedComputing, "hasRole(bytes32,address)", [maintainer, .address(A.idao)]))
        #expect(try await Self.bool(l2, A.verifiedComputing, "hasRole(bytes32,address)", [.bytes32(.zero), .address(admin)]))
        #expect(try await Self.one(l2, A.settlement, "inference()", [], "address") == .address(A.inference))
        // getNode → NodeInfo(nodeAddress, url, status, amount, jobsCount, publicKey), one tuple
        let info = try await l2.call(to: A.verifiedComputing, "getNode(address)", [.address(env.nodes[1].address)],
                                     returns: "((address,string,uint8,uint256,uint256,string))")
        #expect(info == [.tuple([.address(env.nodes[1].address), .string("http://127.0.0.1:8545/lazai/nodes/1"),
                                 .uint(.one), .uint(.zero), .uint(.zero), .string(LazAIDevKeys.rsaPublicKeyPEM)])])
    }

    @Test func proofRequestsAndSettlementThroughTransactions() async throws {
        let env = try Self.env()
        let l2 = env.l2, user = env.dev[1]
        // a proof request below the node fee is refused with the upstream error name
        await #expect {
            try await l2.send(from: user, to: A.verifiedComputing, data: ABI.call("requestProof(uint256)", [.uint64(1)]),
                              value: UInt256(9))
        } throws: { error in
            "\(error)".contains("InsufficientFee")
        }
        try await l2.send(from: user, to: A.verifiedComputing, data: ABI.call("requestProof(uint256)", [.uint64(1)]),
                          value: UInt256(10))
        // job 1 goes to activeNodeList[1 % 2] = the second node
        let job = try await l2.call(to: A.verifiedComputing, "getJob(uint256)", [.uint64(1)],
                                    returns: "((uint256,uint256,uint8,uint256,address,address))")
        guard case .tuple(let fields) = try #require(job.first) else { Issue.record("not a tuple"); return }
        #expect(fields[0] == .uint(.one) && fields[1] == .uint(UInt256(10)) && fields[2] == .uint(.one))
        #expect(fields[4] == .address(user.address) && fields[5] == .address(env.nodes[1].address))

        // Settlement: deposit then withdraw change the stored balances (the upstream bug is fixed)
        try await l2.send(from: user, to: A.settlement, data: ABI.call("addUser()", []), value: UInt256(1000))
        try await l2.send(from: user, to: A.settlement, data: ABI.call("deposit()", []), value: UInt256(500))
        try await l2.send(from: user, to: A.settlement, data: ABI.call("withdraw(uint256)", [.uint64(300)]))
        let got = try await l2.call(to: A.settlement, "getUser(address)", [.address(user.address)],
                                    returns: "((address,uint256,uint256,address[],address[],address[]))")
        #expect(got == [.tuple([.address(user.address), .uint(UInt256(1200)), .uint(UInt256(1200)),
                                .array([]), .array([]), .array([])])])
        #expect(try await l2.balance(A.settlement) == UInt256(1200))
    }
}
