import Chain
import Node
import Primitives

/// Where the batcher and proposer read L2 blocks: sealed `Block`s with their raw transactions
/// (JSON-RPC has no raw-transaction getter, and re-encoding from JSON would be slow). `ChainNode`
/// is one (through `ChainNode.read`).
public protocol L2BlockSource: Sendable {
    /// The number of the newest block.
    func l2HeadNumber() async -> UInt64
    /// The block with this number; nil beyond the head.
    func l2Block(number: UInt64) async -> Block?
}

extension ChainNode: L2BlockSource {
    public func l2HeadNumber() async -> UInt64 { read { $0.headNumber } }
    public func l2Block(number: UInt64) async -> Block? { read { $0.block(number: number) } }
}

/// The finality the rollup services give an L2 (`safe`, `finalized`; ROLLUP-API.md §7), held in
/// one place so the batcher (safe) and the proposer (finalized) can update their halves
/// independently; each change goes to the L2 node's `setFinality`.
public actor FinalityTracker {
    /// Highest L2 block whose batch transaction is in an L1 block (0: none yet).
    public private(set) var safe: UInt64 = 0
    /// Highest L2 block whose state root is past the challenge window (0: none yet).
    public private(set) var finalized: UInt64 = 0
    private let apply: @Sendable (UInt64, UInt64) async -> Void

    /// - Parameter apply: called with (safe, finalized) after every change.
    public init(apply: @escaping @Sendable (_ safe: UInt64, _ finalized: UInt64) async -> Void) {
        self.apply = apply
    }

    /// Tracks `node`'s tags: every change is `node.setFinality(safe:finalized:)`.
    public init(node: ChainNode) {
        self.apply = { s, f in await node.setFinality(safe: s, finalized: f) }
    }

    /// Sets `safe` (and lowers `finalized` to it if needed: a finalized block is always safe).
    public func setSafe(_ n: UInt64) async {
        let f = min(finalized, n)
        guard n != safe || f != finalized else { return }
        safe = n
        finalized = f
        await apply(safe, finalized)
    }

    /// Sets `finalized`, never above `safe`.
    public func setFinalized(_ n: UInt64) async {
        let f = min(n, safe)
        guard f != finalized else { return }
        finalized = f
        await apply(safe, finalized)
    }

    /// Publishes the current values (the services call it once at start, so the tags stop meaning
    /// "latest" before the first round).
    public func publish() async {
        await apply(safe, finalized)
    }
}

/// The batch inbox address of a pair of chains (ROLLUP-API.md §1; Metis' rollupcfg.go):
/// 0xff, zero padding, then the L1 chain id and the L2 chain id written in decimal digits, read
/// as hex nibbles (31337 and 133718 → 0xfF00000000000000000000000000031337133718).
/// Nil when the digits do not fit in 19 bytes.
public enum BatchInbox {
    public static func address(l1ChainId: UInt64, l2ChainId: UInt64) -> Address? {
        let digits = String(l1ChainId) + String(l2ChainId)
        guard digits.count <= 38 else { return nil }
        return Address(hex: "ff" + String(repeating: "0", count: 38 - digits.count) + digits)
    }
}
