import Chain
import Node
import Primitives
import Rollup

/// The `devnet_` methods of the sequencer set (sheet §8), answered on the L2:
///
/// - `devnet_sequencers()` → `[{index, id, address, stake (hex wei), active, status "live"|"stopped",
///   behaviour "honest"|"wrongStateRoot", blocksSealed, rejections, slashed (hex wei)}]`, by index.
/// - `devnet_epochs()` → `{seed, epochLength, stallTimeout, stakesL1Block, currentEpoch, stalled,
///   respans, epochs: [{epoch, signer, sequencer (index or null), startBlock, endBlock, origin
///   "genesis"|"draw"|"stall"|"rejected"|null, drawEpoch, attempt, stakes, stakesL1Block}]}` (the
///   newest 256 epochs of MetisSequencerSet, oldest first; origin null = opened before this process).
/// - `devnet_getBlockSeal(blockNumberOrTag)` → `{blockNumber, blockHash, sealer, sequencer,
///   signature (65 bytes r‖s‖v over the block hash, v 27/28), verifiedBy: [address] | null}`.
/// - `devnet_stopSequencer(index | address)`, `devnet_startSequencer(index | address)` → true.
/// - `devnet_setSequencerBehaviour(index | address, "honest" | "wrongStateRoot")` → true.
///
/// A sequencer is named by its index in the set (0-based, key m/44'/60'/0'/2/index), given as a JSON
/// number or hex quantity, or by its address.
public struct SequencingRPC: RPCExtension {
    public let service: SequencingService

    public init(service: SequencingService) {
        self.service = service
    }

    /// Method → most positional params.
    public var methods: [String: Int] {
        ["devnet_sequencers": 0, "devnet_epochs": 0, "devnet_getBlockSeal": 1, "devnet_stopSequencer": 1,
         "devnet_startSequencer": 1, "devnet_setSequencerBehaviour": 2]
    }

    var set: SequencerSet { service.set }

    public func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        let p: [JSON]
        switch params {
        case .array(let a): p = a
        case .null: p = []
        default: throw RPCError.invalidParams("params must be an array")
        }
        if let most = methods[method], p.count > most {
            throw RPCError.invalidParams("too many arguments, want at most \(most)")
        }
        switch method {
        case "devnet_sequencers":
            return .array(set.sequencers.map(Self.encode))
        case "devnet_epochs":
            return try await epochs()
        case "devnet_getBlockSeal":
            return try await seal(p.first ?? .string("latest"))
        case "devnet_stopSequencer", "devnet_startSequencer":
            let i = try index(p.first, method)
            _ = await service.setLive(i, method == "devnet_startSequencer")
            return .bool(true)
        case "devnet_setSequencerBehaviour":
            let i = try index(p.first, method)
            guard p.count > 1, let name = p[1].stringValue, let b = SequencerBehaviour(rawValue: name) else {
                throw RPCError.invalidParams("invalid argument 1: behaviour must be \"honest\" or \"wrongStateRoot\"")
            }
            set.setBehaviour(i, b)
            return .bool(true)
        default:
            throw RPCError.methodNotFound(method)
        }
    }

    /// The index named by `v` (number, hex quantity or address).
    func index(_ v: JSON?, _ method: String) throws(RPCError) -> Int {
        let count = set.sequencers.count
        switch v {
        case .number(let s)?:
            if let i = Int(s), i >= 0, i < count { return i }
        case .string(let s)?:
            if s.count == 42, let a = Address(hex: s) {
                if let i = set.index(of: a) { return i }
                throw RPCError.invalidParams("invalid argument 0: \(a.checksummed) is not a sequencer")
            }
            if let q = try? Hex.parseQuantity(s), q < UInt256(UInt64(count)) { return Int(q.low64) }
        default:
            break
        }
        throw RPCError.invalidParams("invalid argument 0: a sequencer index 0…\(count - 1) or address is required")
    }

    static func encode(_ s: SequencerInfo) -> JSON {
        .object([
            ("index", .int(s.index)), ("id", .int(Int(s.id))), ("address", .string(s.address.checksummed)),
            ("stake", .string(s.stake.quantityHex)), ("active", .bool(s.active)),
            ("status", .string(s.live ? "live" : "stopped")), ("behaviour", .string(s.behaviour.rawValue)),
            ("blocksSealed", .int(s.blocksSealed)), ("rejections", .int(s.rejections)),
            ("slashed", .string(s.slashed.quantityHex)),
        ])
    }

    func rpcFailure(_ e: RollupClientError) -> RPCError {
        if case .rpc(_, let code, let message) = e { return RPCError(code: code, message: message) }
        return RPCError.server(e.description)
    }

    func epochs() async throws(RPCError) -> JSON {
        let c = set.config.contract
        let l2 = service.l2
        let records = set.epochRecords
        let sequencers = set.sequencers
        var list: [JSON] = []
        var current: UInt64 = 0, length: UInt64 = 0
        do {
            current = try await l2.call(to: c, "currentEpochNumber()", returns: "(uint256)").first?.word?.low64 ?? 0
            length = try await l2.call(to: c, "epochLength()", returns: "(uint256)").first?.word?.low64 ?? 0
            let first = current > 256 ? current - 255 : 1
            if current >= 1 {
                for id in first...current {
                    let v = try await l2.call(to: c, "epochs(uint256)", [.uint64(id)], returns: "(uint256,address,uint256,uint256)")
                    guard v.count == 4, let signer = v[1].addressValue else { continue }
                    let seq = sequencers.first { $0.address == signer }
                    let r = records[id]
                    var fields: [(String, JSON)] = [
                        ("epoch", .int(Int(id))), ("signer", .string(signer.checksummed)),
                        ("sequencer", seq.map { .int($0.index) } ?? .null),
                        ("startBlock", .int(Int(v[2].word?.low64 ?? 0))), ("endBlock", .int(Int(v[3].word?.low64 ?? 0))),
                    ]
                    if let r, r.leader == seq?.index {
                        fields += [("origin", .string(r.origin.rawValue)), ("drawEpoch", .int(Int(r.drawEpoch))),
                                   ("attempt", .int(Int(r.attempt))), ("stakes", .array(r.stakes.map { .string($0.quantityHex) })),
                                   ("stakesL1Block", r.stakesL1Block.map { .int(Int($0)) } ?? .null)]
                    } else {
                        fields += [("origin", id == 1 ? .string(EpochOrigin.genesis.rawValue) : .null)]
                    }
                    list.append(.object(fields))
                }
            }
        } catch {
            throw rpcFailure(error)
        }
        let stalled = set.stalled
        return .object([
            ("seed", .string(set.config.seed.hex)), ("epochLength", .int(Int(length))),
            ("stallTimeout", .number(SequencerSet.seconds(set.config.stallTimeout))),
            ("stakesL1Block", set.stakesL1Block.map { .int(Int($0)) } ?? .null),
            ("currentEpoch", .int(Int(current))),
            ("stalled", stalled.map { .object([("block", .int(Int($0.block))), ("sequencer", .int($0.leader))]) } ?? .null),
            ("respans", .int(set.respanCount)),
            ("epochs", .array(list)),
        ])
    }

    func seal(_ tag: JSON) async throws(RPCError) -> JSON {
        let spec: String
        switch tag {
        case .string(let s): spec = s
        case .number(let s): spec = UInt64(s).map { "0x" + String($0, radix: 16) } ?? s
        default: throw RPCError.invalidParams("invalid argument 0: a block number or tag is required")
        }
        let block: JSON?
        do { block = try await service.l2.block(spec) } catch { throw rpcFailure(error) }
        guard let block, let hashHex = block["hash"]?.stringValue, let hash = Hash(hex: hashHex),
              let minerHex = block["miner"]?.stringValue, let miner = Address(hex: minerHex) else { return .null }
        guard let signature = set.seal(blockHash: hash, sealer: miner) else {
            throw RPCError.server("block \(hashHex) was not sealed by a sequencer of the set (miner \(miner.checksummed))")
        }
        let number = block["number"]?.stringValue.flatMap { try? Hex.parseQuantity($0) }?.low64 ?? 0
        let verifiers = set.verifiers(ofBlock: number, hash: hash)
        let sequencers = set.sequencers
        return .object([
            ("blockNumber", block["number"] ?? .null), ("blockHash", .string(hash.hex)), ("sealer", .string(miner.checksummed)),
            ("sequencer", sequencers.first { $0.address == miner }.map { .int($0.index) } ?? .null),
            ("signature", .string(Hex.encode(signature))),
            ("verifiedBy", verifiers.map { .array($0.map { i in .string(sequencers[i].address.checksummed) }) } ?? .null),
        ])
    }
}
