import Node
import Primitives

/// The `rollup_` JSON-RPC methods (ROLLUP-API.md §8), an `RPCExtension` installed on the L2 node
/// (and on the L1 node) by the launcher. Answers are read live from both chains through their
/// `RollupClient`s.
///
/// - `rollup_getInfo()` → `{mode: "sequencer", syncing: false,
///   ethContext: {blockNumber, timestamp}` (the L1 head, JSON numbers as Metis' l2geth)`,
///   rollupContext: {index` (L2 head)`, queueIndex` (CTC `getQueueLength()`)`, verifiedIndex`
///   (the L2 `finalized` block)`},
///   addresses: {l1: {MetisToken, LockingPool, StateCommitmentChain, CanonicalTransactionChain,
///   L1CrossDomainMessenger, L1StandardBridge}, l2: {L2ToL1MessagePasser, L2CrossDomainMessenger,
///   L2StandardBridge, L2StandardTokenFactory, L2StandardERC20Template, MetisSequencerSet},
///   nativeToken, systemAddress}` (EIP-55 addresses)`, batchInbox,
///   sequencers: [{id, address, stake` (hex wei, LockingPool `sequencers(id).amount`)`, status}`
///   (LockingPool status: 0 unavailable, 1 inactive, 2 active, 3 unlocked)`],
///   epochLength, challengeWindow` (seconds)`, seed` (0x + 64 hex)`}`.
/// - `rollup_gasPrices()` → `{l1GasPrice, l2GasPrice}`: each chain's eth_gasPrice (hex wei).
public struct RollupRPC: RPCExtension {
    public let config: RollupConfig
    public let addresses: RollupAddresses
    public let l1: RollupClient
    public let l2: RollupClient

    public init(config: RollupConfig, addresses: RollupAddresses, l1: RollupClient, l2: RollupClient) {
        self.config = config
        self.addresses = addresses
        self.l1 = l1
        self.l2 = l2
    }

    public var methods: [String: Int] { ["rollup_getInfo": 0, "rollup_gasPrices": 0] }

    public func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        do {
            switch method {
            case "rollup_getInfo": return try await info()
            case "rollup_gasPrices": return try await gasPrices()
            default: throw RPCError.methodNotFound(method)
            }
        } catch let e as RPCError {
            throw e
        } catch let e as RollupClientError {
            if case .rpc(_, let code, let message) = e { throw RPCError(code: code, message: message) }
            throw RPCError.internalError(e.description)
        } catch {
            throw RPCError.internalError("\(error)")
        }
    }

    /// `rollup_gasPrices`.
    func gasPrices() async throws -> JSON {
        let l1Price = try await l1.rpc("eth_gasPrice")
        let l2Price = try await l2.rpc("eth_gasPrice")
        return .object([("l1GasPrice", l1Price), ("l2GasPrice", l2Price)])
    }

    /// The Solidity return type of LockingPool's `sequencers(uint256)` (the Sequencer struct).
    static let sequencerStruct = "((uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,address,address,bytes,address,uint8))"

    /// `rollup_getInfo`.
    func info() async throws -> JSON {
        typealias A = RollupAddresses
        guard let l1Head = try await l1.block("latest") else { throw RPCError.internalError("L1 has no head block") }
        let l1Number = try RollupClient.quantity(l1Head["number"], "eth_getBlockByNumber").low64
        let l1Time = try RollupClient.quantity(l1Head["timestamp"], "eth_getBlockByNumber").low64
        let l2Number = try await l2.blockNumber()
        var finalized: UInt64 = 0
        if let f = try? await l2.block("finalized"), let n = f["number"]?.stringValue, let v = try? Hex.parseQuantity(n) {
            finalized = v.low64
        }
        let queue = try await l1.call(to: A.canonicalTransactionChain, "getQueueLength()", returns: "(uint256)")
        let count = try await l1.call(to: A.lockingPool, "seqCount()", returns: "(uint256)")
        var sequencers: [JSON] = []
        let n = count.first?.word?.low64 ?? 0
        for id in 1...max(1, n) where n > 0 {
            let out = try await l1.call(to: A.lockingPool, "sequencers(uint256)", [.uint(UInt256(id))], returns: Self.sequencerStruct)
            guard let fields = out.first?.items, fields.count == 13 else {
                throw RPCError.internalError("LockingPool.sequencers(\(id)) gave an unexpected answer")
            }
            sequencers.append(.object([
                ("id", .int(Int(id))),
                ("address", .string(fields[9].addressValue?.checksummed ?? "")),
                ("stake", .string((fields[0].word ?? .zero).quantityHex)),
                ("status", .int(Int(fields[12].word?.low64 ?? 0))),
            ]))
        }
        func table(_ list: [(name: String, address: Address)]) -> JSON {
            .object(list.map { ($0.name, .string($0.address.checksummed)) })
        }
        return .object([
            ("mode", .string("sequencer")),
            ("syncing", .bool(false)),
            ("ethContext", .object([("blockNumber", .number(String(l1Number))), ("timestamp", .number(String(l1Time)))])),
            ("rollupContext", .object([
                ("index", .number(String(l2Number))),
                ("queueIndex", .number(String(queue.first?.word?.low64 ?? 0))),
                ("verifiedIndex", .number(String(finalized))),
            ])),
            ("addresses", .object([
                ("l1", table(A.l1Contracts)), ("l2", table(A.l2Contracts)),
                ("nativeToken", .string(A.nativeToken.checksummed)),
                ("systemAddress", .string(A.systemAddress.checksummed)),
            ])),
            ("batchInbox", .string(addresses.batchInbox.checksummed)),
            ("sequencers", .array(sequencers)),
            ("epochLength", .number(String(config.epochLength))),
            ("challengeWindow", .number(String(config.challengeWindow))),
            ("seed", .string(config.seed.hex)),
        ])
    }
}
