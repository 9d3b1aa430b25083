import Chain
import DevnetCrypto
import Foundation
import Primitives
import Rollup
import Synchronization

/// How a sequencer seals blocks (fault injection, `devnet_setSequencerBehaviour`).
public enum SequencerBehaviour: String, Sendable, CaseIterable {
    /// Writes the true state root.
    case honest
    /// Writes a wrong state root into the header of every block it seals (while at least one other
    /// sequencer is live to notice); the verifiers reject such a block. (Behaviour affects sealing
    /// only: as a verifier every live sequencer checks honestly.)
    case wrongStateRoot
}

/// How a leader came to lead an epoch.
public enum EpochOrigin: String, Sendable {
    /// The stake-weighted draw of the epoch (sheet §4, `abi.encode(seed, k)`).
    case draw
    /// A re-span after the leader stalled for `stallTimeout` seconds (`abi.encode(seed, k, attempt)`).
    case stall
    /// A re-span after the verifiers rejected the leader's block.
    case rejected
    /// Epoch 1, set by genesis (`MetisSequencerSet.initialize`), or a signer the set does not know.
    case genesis
}

/// What the set knows about one on-chain epoch it opened.
public struct EpochRecord: Sendable, Equatable {
    /// The MetisSequencerSet epoch id.
    public var epoch: UInt64
    /// Index of the leader in the set (sequencer i = key m/44'/60'/0'/2/i).
    public var leader: Int
    public var origin: EpochOrigin
    /// The `k` of the draw (for a re-span: the id of the epoch whose leader failed, or of the epoch
    /// that was about to open).
    public var drawEpoch: UInt64
    /// The re-span attempt (0 for a plain draw).
    public var attempt: UInt64
    /// The first block the leader sealed in it.
    public var firstBlock: UInt64
    /// The stakes the draw used (wei of METIS; zero for a sequencer that is not Active), by index.
    public var stakes: [UInt256]
    /// The L1 block at which those stakes were read (nil: genesis values, not read from L1).
    public var stakesL1Block: UInt64?
}

/// One sequencer's state, as `devnet_sequencers` reports it.
public struct SequencerInfo: Sendable {
    /// Index in the set (key m/44'/60'/0'/2/index).
    public var index: Int
    /// LockingPool sequencer id (0 when not staked).
    public var id: UInt64
    public var address: Address
    /// Stake locked in LockingPool (wei of METIS), as last read from L1.
    public var stake: UInt256
    /// LockingPool status Active (2).
    public var active: Bool
    public var live: Bool
    public var behaviour: SequencerBehaviour
    public var blocksSealed: Int
    public var rejections: Int
    /// METIS (wei) slashed on L1 so far by this devnet.
    public var slashed: UInt256
}

/// A slash the set asks for after a rejected block: `LockingPool.slash(id, amount)` on L1.
public struct SlashRequest: Sendable, Equatable {
    public var index: Int
    public var id: UInt64
    /// wei of METIS: 10 % of the stake last read from L1 (`SequencerSet.slashPercent`).
    public var amount: UInt256
    /// The rejected L2 block (number and hash).
    public var blockNumber: UInt64
    public var blockHash: Hash
}

/// The devnet's sequencer set (issue 6, flow 5): N sequencers with keys m/44'/60'/0'/2/i, their L1
/// stakes, the epoch leader draw, the `BlockPrelude` that keeps MetisSequencerSet's epochs and the
/// `BlockSealer` that makes the leader seal each block and the other live sequencers verify it.
///
/// Leader of block n (read from the parent state through the hook's view):
/// - a re-span chose a leader for n → that one;
/// - else the MetisSequencerSet epoch covering n has a signer from the set → that signer;
/// - else (no epoch covers n: a new epoch k = currentEpochNumber() + 1 opens at n) → the draw of k
///   (`SequencerDraw`, stakes as last read from L1, fixed when the epoch is first asked for).
/// A stopped leader gives no block (`sealer` → nil, the stall is noted); `tick(now:)` re-spans once
/// it has been stopped for `stallTimeout` seconds. A rejected block re-spans at once and asks for a
/// slash. Re-span: `SequencerDraw` with attempt 1, 2, … (up to 64) for the failed epoch's k,
/// skipping stopped, misbehaving (not honest) and the failed sequencer; failing that, the first
/// such sequencer in index order.
///
/// Verification: the chain re-executes each block once and every live non-leader sequencer
/// compares that one re-executed root with the header's (`verifiedBy` lists them): one
/// re-execution per block shared by the verifiers.
///
/// Thread-safe: the hooks run on the L2 node's actor, RPC and the service's tasks elsewhere; every
/// mutable field sits behind one `Mutex`.
public final class SequencerSet: BlockPrelude, BlockSealer, Sendable {
    /// Fixed settings.
    public struct Config: Sendable {
        /// `[rollup] seed` (32 bytes).
        public var seed: Hash
        /// Seconds a stopped leader stalls the L2 before the set re-spans (`[rollup] stall_timeout`).
        public var stallTimeout: Double
        /// MetisSequencerSet's L2 address.
        public var contract: Address
        /// The sequencers' keys (owner = signer), index i = m/44'/60'/0'/2/i.
        public var keys: [PrivateKey]
        /// Their stakes until read from L1 (wei of METIS), e.g. the genesis stake; all Active.
        public var initialStakes: [UInt256]

        public init(seed: Hash, stallTimeout: Double, contract: Address = SequencerSet.metisSequencerSet,
                    keys: [PrivateKey], initialStakes: [UInt256]) {
            self.seed = seed
            self.stallTimeout = stallTimeout
            self.contract = contract
            self.keys = keys
            self.initialStakes = initialStakes
        }
    }

    /// MetisSequencerSet on the L2 (sheet §1; Metis Andromeda's address).
    public static let metisSequencerSet = Address(hex: "0x0fe382b74C3894B65c10E5C12ae60Bbd8FAf5b48")!
    /// Blocks whose verifiers are remembered (older ones answer `verifiedBy: null`).
    public static let verifiedWindow = 131_072
    /// The part of its stake a sequencer loses on L1 per rejected block: 10 %.
    public static let slashPercent: UInt64 = 10

    struct Member {
        var key: PrivateKey
        var id: UInt64
        var stake: UInt256
        var active = true
        var live = true
        var stoppedAt: Double?
        var behaviour = SequencerBehaviour.honest
        var blocksSealed = 0
        var rejections = 0
        var slashed = UInt256.zero
    }

    struct State {
        var members: [Member]
        var stakesL1Block: UInt64?
        /// Epochs opened by this set, by MetisSequencerSet epoch id.
        var epochs: [UInt64: EpochRecord] = [:]
        /// Draws already made for epochs about to open (stakes fixed at first use), by epoch id.
        var draws: [UInt64: EpochRecord] = [:]
        /// Re-span leaders by block number.
        var overrides: [UInt64: EpochRecord] = [:]
        /// Leader records waiting for their block to be appended, by block number.
        var opening: [UInt64: EpochRecord] = [:]
        /// The block that cannot be sealed and its leader (and that epoch's draw k).
        var stall: (block: UInt64, leader: Int, drawEpoch: UInt64)?
        /// The last leader resolved by `sealer(forBlock:view:)`: block, leader, draw k.
        var resolved: (block: UInt64, leader: Int, drawEpoch: UInt64)?
        /// Verifiers of blocks being verified / appended, by block hash.
        var verifying: [Hash: [Int]] = [:]
        /// Verifiers of appended blocks, by block number: the block's hash and a bit per sequencer
        /// index (at most 16 sequencers); only the newest `verifiedWindow` blocks are kept.
        var verifiedBy: [UInt64: (hash: Hash, mask: UInt32)] = [:]
        var respans = 0
        /// The block number each sequencer was last slashed for.
        var slashedFor: [Int: UInt64] = [:]
        var rejectedBlocks: [(number: UInt64, hash: Hash, sealer: Int)] = []
    }

    public let config: Config
    let state: Mutex<State>
    /// Monotonic seconds (tests replace it).
    let now: @Sendable () -> Double
    /// Slash requests for the service (`slashes`).
    let slashContinuation: AsyncStream<SlashRequest>.Continuation
    /// Slash requests after rejected blocks, in order; the service turns them into L1 transactions.
    public let slashes: AsyncStream<SlashRequest>

    /// - Parameter now: monotonic seconds (default: `ContinuousClock`).
    public init(config: Config, now: (@Sendable () -> Double)? = nil) {
        self.config = config
        let start = ContinuousClock.now
        self.now = now ?? {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        var members: [Member] = []
        for (i, key) in config.keys.enumerated() {
            let stake = i < config.initialStakes.count ? config.initialStakes[i] : .zero
            members.append(Member(key: key, id: UInt64(i + 1), stake: stake, active: !stake.isZero))
        }
        self.state = Mutex(State(members: members))
        (slashes, slashContinuation) = AsyncStream.makeStream(of: SlashRequest.self)
    }

    // MARK: stakes

    /// Sets the LockingPool id, stake and Active flag of each sequencer as read from L1 at
    /// `l1Block` (arrays by index; shorter arrays leave the rest unchanged).
    public func updateStakes(ids: [UInt64], stakes: [UInt256], active: [Bool], l1Block: UInt64) {
        state.withLock { s in
            for i in s.members.indices where i < ids.count && i < stakes.count && i < active.count {
                s.members[i].id = ids[i]
                s.members[i].stake = stakes[i]
                s.members[i].active = active[i] && ids[i] != 0
            }
            s.stakesL1Block = l1Block
        }
    }

    /// The stakes the draw uses, by index: zero for a sequencer that is not Active on L1.
    static func drawStakes(_ s: State) -> [UInt256] {
        s.members.map { $0.active ? $0.stake : .zero }
    }

    // MARK: fault injection

    /// Stops (`live` false) or starts a sequencer. A stopped sequencer seals nothing and verifies
    /// nothing. Returns false for an unknown index.
    @discardableResult
    public func setLive(_ index: Int, _ live: Bool) -> Bool {
        let t = now()
        return state.withLock { s in
            guard s.members.indices.contains(index) else { return false }
            if s.members[index].live != live {
                s.members[index].live = live
                s.members[index].stoppedAt = live ? nil : t
            }
            if live, let stall = s.stall, stall.leader == index { s.stall = nil }
            return true
        }
    }

    /// Sets how a sequencer seals. Returns false for an unknown index.
    @discardableResult
    public func setBehaviour(_ index: Int, _ behaviour: SequencerBehaviour) -> Bool {
        state.withLock { s in
            guard s.members.indices.contains(index) else { return false }
            s.members[index].behaviour = behaviour
            return true
        }
    }

    /// The index of the sequencer with this address or LockingPool id, if any.
    public func index(of address: Address) -> Int? {
        state.withLock { s in s.members.firstIndex { $0.key.address == address } }
    }

    /// The index of the sequencer with this LockingPool id, if any.
    public func index(ofId id: UInt64) -> Int? {
        state.withLock { s in s.members.firstIndex { $0.id == id } }
    }

    // MARK: reading

    /// Every sequencer's state, by index.
    public var sequencers: [SequencerInfo] {
        state.withLock { s in
            s.members.enumerated().map { i, m in
                SequencerInfo(index: i, id: m.id, address: m.key.address, stake: m.stake, active: m.active, live: m.live,
                              behaviour: m.behaviour, blocksSealed: m.blocksSealed, rejections: m.rejections,
                              slashed: m.slashed)
            }
        }
    }

    /// The epochs this set opened (since the process started), by epoch id.
    public var epochRecords: [UInt64: EpochRecord] { state.withLock { $0.epochs } }

    /// The L1 block at which stakes were last read (nil: not yet).
    public var stakesL1Block: UInt64? { state.withLock { $0.stakesL1Block } }

    /// The block waiting for a stopped leader, with the leader's index; nil when none.
    public var stalled: (block: UInt64, leader: Int)? {
        state.withLock { s in s.stall.map { ($0.block, $0.leader) } }
    }

    /// Re-spans made so far.
    public var respanCount: Int { state.withLock { $0.respans } }

    /// The indexes of the sequencers that verified block `number` with hash `hash` (nil: unknown,
    /// e.g. sealed before a restart or older than `verifiedWindow` blocks).
    public func verifiers(ofBlock number: UInt64, hash: Hash) -> [Int]? {
        state.withLock { s in
            guard let entry = s.verifiedBy[number], entry.hash == hash else { return nil }
            return s.members.indices.filter { $0 < 32 && entry.mask & (1 << UInt32($0)) != 0 }
        }
    }

    /// The address of sequencer `index`.
    public func address(_ index: Int) -> Address? {
        state.withLock { s in s.members.indices.contains(index) ? s.members[index].key.address : nil }
    }

    /// A sequencer's 65-byte signature r ‖ s ‖ v (v = 27 + yParity) over any 32-byte hash (e.g. the
    /// batch format's per-transaction `seqSign` over a transaction hash, sheet §6); nil when `sealer`
    /// is not in the set. Deterministic (RFC 6979).
    public func signature(of hash: Hash, by sealer: Address) -> [UInt8]? {
        seal(blockHash: hash, sealer: sealer)
    }

    /// The seal of a block: the sealer's 65-byte signature r ‖ s ‖ v (v = 27 + yParity) over the
    /// 32-byte block hash (no prefix), deterministic (RFC 6979), so it is recomputed rather than
    /// stored. nil when `sealer` is not in the set.
    public func seal(blockHash: Hash, sealer: Address) -> [UInt8]? {
        let key = state.withLock { s in s.members.first { $0.key.address == sealer }?.key }
        guard let key, let sig = try? key.sign(hash: blockHash) else { return nil }
        return sig.bytes65
    }

    /// Records a slash done on L1 (`amount` wei of METIS) for sequencer `index`.
    public func noteSlashed(_ index: Int, amount: UInt256) {
        state.withLock { s in
            if s.members.indices.contains(index) { s.members[index].slashed = s.members[index].slashed &+ amount }
        }
    }

    // MARK: stall monitor

    /// One check of the stall monitor at `now()`: when the block waiting for a stopped leader has
    /// waited `stallTimeout` seconds since that leader stopped, re-spans (the block gets another
    /// leader). Returns true when pending transactions should be mined again (a re-span happened).
    public func tick() -> Bool {
        let t = now()
        return state.withLock { s in
            // (A re-span leader that is stopped in turn stalls again and is replaced the same way.)
            guard let stall = s.stall else { return false }
            let m = s.members[stall.leader]
            if m.live { s.stall = nil; return true }
            guard let since = m.stoppedAt, t - since >= config.stallTimeout else { return false }
            guard respan(&s, block: stall.block, drawEpoch: stall.drawEpoch, failed: stall.leader, origin: .stall) else {
                return false
            }
            s.stall = nil
            return true
        }
    }

    /// Picks a new leader for `block` (sheet §4) and records it; false when no sequencer is eligible.
    func respan(_ s: inout State, block: UInt64, drawEpoch k: UInt64, failed: Int, origin: EpochOrigin) -> Bool {
        let stakes = Self.drawStakes(s)
        func eligible(_ i: Int) -> Bool {
            i != failed && s.members[i].live && s.members[i].behaviour == .honest && !stakes[i].isZero
        }
        var chosen: (index: Int, attempt: UInt64)?
        for attempt in UInt64(1)...64 {
            if let i = SequencerDraw.leader(seed: config.seed, epoch: k, attempt: attempt, stakes: stakes), eligible(i) {
                chosen = (i, attempt)
                break
            }
        }
        if chosen == nil, let i = s.members.indices.first(where: eligible) { chosen = (i, 0) }
        guard let chosen else { return false }
        s.overrides[block] = EpochRecord(epoch: 0, leader: chosen.index, origin: origin, drawEpoch: k, attempt: chosen.attempt,
                                         firstBlock: block, stakes: stakes, stakesL1Block: s.stakesL1Block)
        s.respans += 1
        return true
    }

    // MARK: BlockPrelude

    /// MetisSequencerSet's rule (sheet §3) at block n with miner S, epoch length E read from the
    /// contract: no epoch covers n → `commitEpoch(cur+1, n, n+E-1, S)` when n is the current epoch's
    /// end + 1, else `recommitEpoch(cur, cur+1, n, n+E-1, S)` (a gap: blocks mined without the
    /// rule); the covering epoch's signer ≠ S → `recommitEpoch(cur, cur+1, n, n+E-1, S)`; else
    /// nothing. No calls when the contract is absent.
    public func systemCalls(number n: UInt64, timestamp: UInt64, coinbase: Address, view: ChainStateView) -> [SystemCall] {
        let c = config.contract
        guard let onChain = Self.readEpochs(view, contract: c, block: n) else { return [] }
        let e = onChain.epochLength
        guard e > 0, n <= UInt64.max - e else { return [] }
        let end = n + e - 1
        let cur = onChain.current
        if let covering = onChain.covering {
            guard covering.signer != coinbase else { return [] }
            return [SystemCall(target: c, data: ABI.call("recommitEpoch(uint256,uint256,uint256,uint256,address)",
                [.uint64(cur), .uint64(cur + 1), .uint64(n), .uint64(end), .address(coinbase)]))]
        }
        if onChain.currentEnd &+ 1 == n {
            return [SystemCall(target: c, data: ABI.call("commitEpoch(uint256,uint256,uint256,address)",
                [.uint64(cur + 1), .uint64(n), .uint64(end), .address(coinbase)]))]
        }
        return [SystemCall(target: c, data: ABI.call("recommitEpoch(uint256,uint256,uint256,uint256,address)",
            [.uint64(cur), .uint64(cur + 1), .uint64(n), .uint64(end), .address(coinbase)]))]
    }

    /// MetisSequencerSet as seen from a block's parent state.
    struct OnChainEpochs {
        var epochLength: UInt64
        var current: UInt64
        var currentEnd: UInt64
        /// The epoch covering the block asked about (id and signer), nil when none.
        var covering: (id: UInt64, signer: Address)?
    }

    /// Reads MetisSequencerSet's views for block `n`; nil when the contract is absent or answers
    /// something unexpected.
    static func readEpochs(_ view: ChainStateView, contract c: Address, block n: UInt64) -> OnChainEpochs? {
        func word(_ sig: String, _ args: [ABIValue]) -> UInt256? {
            guard let out = view.call(to: c, data: ABI.call(sig, args)), out.count >= 32 else { return nil }
            return UInt256(bigEndian: out[0..<32])
        }
        func epoch(_ id: UInt64) -> (signer: Address, start: UInt64, end: UInt64)? {
            guard let out = view.call(to: c, data: ABI.call("epochs(uint256)", [.uint64(id)])),
                  let v = try? ABI.decode("(uint256,address,uint256,uint256)", from: out), v.count == 4,
                  let signer = v[1].addressValue, let start = v[2].word, let end = v[3].word else { return nil }
            return (signer, start.low64, end.low64)
        }
        guard let length = word("epochLength()", []), let cur = word("currentEpochNumber()", []),
              let byBlock = word("getEpochByBlock(uint256)", [.uint64(n)]),
              let current = epoch(cur.low64) else { return nil }
        var covering: (UInt64, Address)?
        if byBlock != .max, let e = epoch(byBlock.low64) { covering = (byBlock.low64, e.signer) }
        return OnChainEpochs(epochLength: length.low64, current: cur.low64, currentEnd: current.end, covering: covering)
    }

    // MARK: BlockSealer

    public func sealer(forBlock n: UInt64, view: ChainStateView) -> Address? {
        let onChain = Self.readEpochs(view, contract: config.contract, block: n)
        return state.withLock { s -> Address? in
            let leader: Int
            let drawEpoch: UInt64
            // The id the prelude gives an epoch opened or taken over at n (commitEpoch / recommitEpoch).
            let nextId = (onChain?.current ?? 0) + 1
            if var o = s.overrides[n] {
                leader = o.leader
                drawEpoch = o.drawEpoch
                o.epoch = nextId
                s.opening[n] = o
            } else if let onChain, let covering = onChain.covering,
                      let i = s.members.firstIndex(where: { $0.key.address == covering.signer }) {
                leader = i
                drawEpoch = covering.id
                s.opening[n] = nil
            } else {
                // A new epoch opens at n (or the covering epoch's signer is not in the set): the draw
                // of that epoch (k = the new epoch's id, or the foreign epoch's id).
                let k = onChain?.covering?.id ?? nextId
                let record: EpochRecord
                if let r = s.draws[k] {
                    record = r
                } else {
                    let stakes = Self.drawStakes(s)
                    guard let i = SequencerDraw.leader(seed: config.seed, epoch: k, stakes: stakes) else { return nil }
                    record = EpochRecord(epoch: nextId, leader: i, origin: .draw, drawEpoch: k, attempt: 0, firstBlock: n,
                                         stakes: stakes, stakesL1Block: s.stakesL1Block)
                    s.draws[k] = record
                }
                leader = record.leader
                drawEpoch = k
                var opening = record
                opening.firstBlock = n
                opening.epoch = nextId
                s.opening[n] = opening
            }
            s.resolved = (n, leader, drawEpoch)
            guard s.members[leader].live else {
                if s.stall?.block != n || s.stall?.leader != leader { s.stall = (n, leader, drawEpoch) }
                return nil
            }
            if s.stall?.block == n { s.stall = nil }
            return s.members[leader].key.address
        }
    }

    public func stallReason(forBlock n: UInt64) -> String {
        let t = now()
        return state.withLock { s in
            guard let stall = s.stall, stall.block == n else {
                return "no block \(n): no live sequencer can seal it"
            }
            let m = s.members[stall.leader]
            let waited = m.stoppedAt.map { max(0, t - $0) } ?? 0
            let left = max(0, config.stallTimeout - waited)
            let others = s.members.indices.contains {
                $0 != stall.leader && s.members[$0].live && s.members[$0].behaviour == .honest && s.members[$0].active
            }
            return "no block \(n): its leader, sequencer \(stall.leader) (LockingPool id \(m.id), \(m.key.address.checksummed)), "
                + "is stopped; the sequencer set re-spans to another sequencer once it has been stopped for "
                + "stall_timeout = \(Self.seconds(config.stallTimeout)) s (\(Self.seconds(left)) s left)"
                + (others ? "" : ", but no other sequencer is live and honest: start one with devnet_startSequencer")
        }
    }

    static func seconds(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }

    public func sealedStateRoot(computed: Hash, number: UInt64, sealer: Address) -> Hash {
        state.withLock { s in
            guard let i = s.members.firstIndex(where: { $0.key.address == sealer }),
                  s.members[i].behaviour == .wrongStateRoot,
                  s.members.indices.contains(where: { $0 != i && s.members[$0].live }) else { return computed }
            // A deterministic wrong root: keccak256("wrong state root" ‖ true root).
            return Keccak256.hash(Array("wrong state root".utf8) + computed.bytes)
        }
    }

    public func wantsVerification(sealer: Address) -> Bool {
        state.withLock { s in s.members.contains { $0.live && $0.key.address != sealer } }
    }

    public func verify(_ block: Block, reexecutedStateRoot: Hash) -> Bool {
        let sealer = block.header.coinbase
        return state.withLock { s in
            let verifiers = s.members.indices.filter { s.members[$0].live && s.members[$0].key.address != sealer }
            s.verifying[block.hash] = verifiers
            return verifiers.isEmpty || block.header.stateRoot == reexecutedStateRoot
        }
    }

    public func rejected(_ block: Block, reexecutedStateRoot: Hash) {
        let n = block.header.number
        let request: SlashRequest? = state.withLock { s in
            s.verifying[block.hash] = nil
            guard let i = s.members.firstIndex(where: { $0.key.address == block.header.coinbase }) else { return nil }
            s.members[i].rejections += 1
            s.rejectedBlocks.append((n, block.hash, i))
            let k = s.resolved.flatMap { $0.block == n ? $0.drawEpoch : nil } ?? s.opening[n]?.drawEpoch ?? n
            s.overrides[n] = nil
            _ = respan(&s, block: n, drawEpoch: k, failed: i, origin: .rejected)
            let amount = s.members[i].stake / UInt256(Self.slashPercent)
            // One slash per sequencer and block number (a block rejected again after a failed re-span).
            guard s.members[i].id != 0, !amount.isZero, s.slashedFor[i] != n else { return nil }
            s.slashedFor[i] = n
            return SlashRequest(index: i, id: s.members[i].id, amount: amount, blockNumber: n, blockHash: block.hash)
        }
        if let request { slashContinuation.yield(request) }
    }

    public func appended(_ block: Block) {
        let n = block.header.number
        state.withLock { s in
            let i = s.members.firstIndex { $0.key.address == block.header.coinbase }
            if let i { s.members[i].blocksSealed += 1 }
            let verifiers = s.verifying.removeValue(forKey: block.hash) ?? []
            s.verifiedBy[n] = (block.hash, verifiers.reduce(UInt32(0)) { $1 < 32 ? $0 | (1 << UInt32($1)) : $0 })
            if n % 4096 == 0, s.verifiedBy.count > Self.verifiedWindow {
                s.verifiedBy = s.verifiedBy.filter { $0.key + UInt64(Self.verifiedWindow) > n }
            }
            if let opening = s.opening.removeValue(forKey: n), opening.leader == i {
                // The block opened an epoch (a draw) or took one over (a re-span).
                s.epochs[opening.epoch] = opening
            }
            s.overrides = s.overrides.filter { $0.key > n }
            s.opening = s.opening.filter { $0.key > n }
            if let stall = s.stall, stall.block <= n { s.stall = nil }
        }
    }
}
