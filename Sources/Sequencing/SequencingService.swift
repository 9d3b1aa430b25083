import Chain
import DevnetCrypto
import Node
import Primitives
import Rollup
import Synchronization

/// Runs the sequencer set against the two chains: reads the stakes from L1 LockingPool, installs
/// the set's hooks on the L2 node, watches for stalls (a stopped leader → re-span after
/// `stallTimeout`, then the pending pool is mined) and slashes the sealer of every rejected block on
/// L1 (`LockingPool.slash(id, amount)` from the admin key, amount = 10 % of its stake).
public final class SequencingService: Sendable {
    /// LockingPool on L1 (sheet §1).
    public static let lockingPool = Address(hex: "0xD54c868362C2098E0E46F12E7D924C6A332952Dd")!
    /// How often the stall monitor looks (seconds).
    public static let monitorInterval = 0.1
    /// How often stakes are read again from L1 (seconds; also after every slash).
    public static let stakeRefreshInterval = 5.0

    public let set: SequencerSet
    public let l1: RollupClient
    public let l2: RollupClient
    public let l2Node: ChainNode
    let admin: PrivateKey
    let lockingPool: Address
    let tasks = Mutex<[Task<Void, Never>]>([])
    /// Failures and events worth a line on standard error.
    let log: @Sendable (String) -> Void
    /// Slashes done on L1: request and transaction hash.
    let slashLog = Mutex<[(SlashRequest, Hash)]>([])

    /// - Parameters:
    ///   - l1: the L1 node (LockingPool), `admin` signs slashes there.
    ///   - l2Node: the L2 node whose blocks the set seals.
    ///   - admin: key m/44'/60'/0'/1/0, LockingPool's owner.
    public init(set: SequencerSet, l1: RollupClient, l2Node: ChainNode, admin: PrivateKey,
                lockingPool: Address = SequencingService.lockingPool, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.set = set
        self.l1 = l1
        self.l2Node = l2Node
        self.l2 = RollupClient(node: l2Node, chainId: l2Node.chainId)
        self.admin = admin
        self.lockingPool = lockingPool
        self.log = log
    }

    /// Reads every sequencer's LockingPool id (`seqSigners(signer)`), stake and status
    /// (`sequencers(id)`: amount, status Active = 2) at the current L1 head, and gives them to the set.
    /// - Throws: `RollupClientError` when L1 does not answer as expected.
    public func refreshStakes() async throws(RollupClientError) {
        let head = try await l1.blockNumber()
        let tag = "0x" + String(head, radix: 16)
        var ids: [UInt64] = [], stakes: [UInt256] = [], active: [Bool] = []
        for info in set.sequencers {
            let idWord = try await l1.call(to: lockingPool, "seqSigners(address)", [.address(info.address)], returns: "(uint256)",
                                           block: tag)
            let id = idWord.first?.word?.low64 ?? 0
            var stake = UInt256.zero, isActive = false
            if id != 0 {
                let v = try await l1.call(to: lockingPool, "sequencers(uint256)", [.uint64(id)],
                                          returns: "((uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,address,address,bytes,address,uint8))",
                                          block: tag)
                if let fields = v.first?.items, fields.count == 13 {
                    stake = fields[0].word ?? .zero
                    isActive = fields[12].word == UInt256(2)
                }
            }
            ids.append(id)
            stakes.append(stake)
            active.append(isActive)
        }
        set.updateStakes(ids: ids, stakes: stakes, active: active, l1Block: head)
    }

    /// Reads the stakes (a failure is logged; the set keeps its initial stakes), installs the hooks
    /// on the L2 node, and starts the stall monitor, the slasher and the stake refresher.
    public func start() async {
        do { try await refreshStakes() } catch { log("sequencing: cannot read the stakes from L1: \(error)") }
        await l2Node.installBlockHooks(prelude: set, sealer: set)
        let monitor = Task { [weak self] in
            var sinceRefresh = 0.0
            while !Task.isCancelled {
                do { try await Task.sleep(for: .seconds(Self.monitorInterval)) } catch { return }
                guard let self else { return }
                self.reportStall()
                let respans = self.set.respanCount
                if self.set.tick() {
                    await self.l2Node.minePending()
                    if self.set.respanCount > respans { self.reportRespan() }
                }
                sinceRefresh += Self.monitorInterval
                if sinceRefresh >= Self.stakeRefreshInterval {
                    sinceRefresh = 0
                    try? await self.refreshStakes()
                }
            }
        }
        let slasher = Task { [weak self] in
            guard let stream = self?.set.slashes else { return }
            for await request in stream {
                guard let self else { return }
                await self.slash(request)
            }
        }
        tasks.withLock { $0 += [monitor, slasher] }
    }

    /// Stops the service's tasks (the hooks stay on the chain).
    public func stop() {
        set.slashContinuation.finish()
        tasks.withLock { t in
            for task in t { task.cancel() }
            t = []
        }
    }

    /// Sends `LockingPool.slash(id, amount)` from the admin key and waits for it; then reads the stakes again.
    func slash(_ r: SlashRequest) async {
        do {
            let hash = try await l1.send(from: admin, to: lockingPool,
                                         data: ABI.call("slash(uint256,uint256)", [.uint64(r.id), .uint(r.amount)]))
            let receipt = try await l1.waitForReceipt(hash, seconds: 30)
            if RollupClient.succeeded(receipt) {
                set.noteSlashed(r.index, amount: r.amount)
                slashLog.withLock { $0.append((r, hash)) }
                log("sequencing: sequencer \(r.index) (\(set.address(r.index)?.checksummed ?? "?")) sealed block \(r.blockNumber) with a wrong state root; the others rejected it and it was slashed \(Self.metis(r.amount)) METIS on L1 (tx \(hash.hex))")
            } else {
                log("sequencing: LockingPool.slash(\(r.id), \(r.amount)) reverted (tx \(hash.hex))")
            }
            try await refreshStakes()
        } catch {
            log("sequencing: cannot slash sequencer \(r.id) for block \(r.blockNumber): \(error)")
        }
    }

    /// The stall last reported (block, leader), so each stall is told once.
    let reportedStall = Mutex<(block: UInt64, leader: Int)?>(nil)

    /// Tells the terminal when a block starts waiting for a stopped leader.
    func reportStall() {
        let now = set.stalled
        let changed = reportedStall.withLock { last -> Bool in
            defer { last = now }
            return now != nil && (last?.block != now?.block || last?.leader != now?.leader)
        }
        guard changed, let now else { return }
        log("sequencing: block \(now.block) waits for its leader, sequencer \(now.leader) (\(set.address(now.leader)?.checksummed ?? "?")), which is stopped; the set re-spans after \(set.config.stallTimeout) s unless it starts again")
    }

    /// Tells the terminal who took over after a re-span (the newest epoch opened).
    func reportRespan() {
        guard let (id, e) = set.epochRecords.max(by: { $0.key < $1.key }) else { return }
        log("sequencing: re-spanned: epoch \(id) from block \(e.firstBlock) is sealed by sequencer \(e.leader) (\(set.address(e.leader)?.checksummed ?? "?"))")
    }

    /// `wei` as METIS with up to 4 decimals.
    static func metis(_ wei: UInt256) -> String {
        let unit = UInt256(1_000_000_000_000_000_000 as UInt64)
        let whole = wei / unit, frac = (wei % unit) / UInt256(100_000_000_000_000 as UInt64)
        return frac.isZero ? "\(whole)" : "\(whole).\(String(String(frac.low64 + 10_000).dropFirst()))"
    }

    /// The L1 transactions of the slashes done so far (request, transaction hash).
    public var slashes: [(SlashRequest, Hash)] { slashLog.withLock { $0 } }

    /// Stops or starts sequencer `index`; starting one (or stopping a non-leader) lets the L2 mine
    /// what waits. Returns false for an unknown index.
    public func setLive(_ index: Int, _ live: Bool) async -> Bool {
        let was = set.sequencers.first { $0.index == index }?.live
        guard set.setLive(index, live) else { return false }
        if was != live {
            log("sequencing: sequencer \(index) (\(set.address(index)?.checksummed ?? "?")) " + (live ? "started" : "stopped"))
        }
        if live { await l2Node.minePending() }
        return true
    }
}

extension SequencingService {
    /// The service for the devnet's rollup layer: `[rollup]` seed and stall_timeout, the sequencer
    /// keys m/44'/60'/0'/2/i staked `[rollup] stake` METIS each at genesis, MetisSequencerSet and
    /// LockingPool at their sheet addresses, the admin key to slash.
    public convenience init(layer: RollupLayer, log: @escaping @Sendable (String) -> Void = { _ in }) {
        let c = layer.config
        let set = SequencerSet(config: .init(seed: c.seed, stallTimeout: Double(c.stallTimeout),
                                             contract: RollupAddresses.metisSequencerSet, keys: layer.keys.sequencers,
                                             initialStakes: Array(repeating: c.stakeWei, count: layer.keys.sequencers.count)))
        self.init(set: set, l1: layer.l1, l2Node: layer.l2Node, admin: layer.keys.admin,
                  lockingPool: RollupAddresses.lockingPool, log: log)
    }

    /// Runs until cancelled (the launcher's ServiceGroup), then stops the service's tasks.
    public func run() async throws {
        await withTaskCancellationHandler {
            while !Task.isCancelled {
                do { try await Task.sleep(for: .seconds(3600)) } catch { break }
            }
        } onCancel: {
            self.stop()
        }
    }
}
