import Chain
import DevnetCrypto
import Node
import Primitives

/// The batcher and the proposer of one devnet, wired together: one `FinalityTracker` on the L2
/// node (safe from the batcher, finalized from the proposer), the proposer committing roots only
/// for blocks already batched, `finalized` judged against the timestamp the next L1 block would
/// get (`Blockchain.nextBlockTimestampEstimate` of the L1 node), and `BatchesRPC` for
/// devnet_batches / devnet_stateBatches.
public struct BatchServices: Sendable {
    public let batcher: Batcher
    public let proposer: Proposer
    public let finality: FinalityTracker
    public let rpc: BatchesRPC

    /// - Parameters:
    ///   - l1Node, l2Node: the two chains.
    ///   - batcherKey, proposerKey: ROLLUP-API.md §0 keys m/44'/60'/0'/1/1 and /1/2.
    ///   - fraudVerifier: the SCC's fraud verifier (the admin key, m/44'/60'/0'/1/0): deletes state
    ///     batches made stale by an L2 revert while inside their window; nil = never.
    ///   - inbox: the batch inbox address; scc: StateCommitmentChain on L1.
    ///   - interval: seconds between rounds (`[rollup] batch_interval`).
    ///   - signTx: the seqSign of a transaction (the sealer's signature over its hash), nil → empty.
    ///   - log: one line per notable event (errors, L1 reverts).
    public init(l1Node: ChainNode, l2Node: ChainNode, batcherKey: PrivateKey, proposerKey: PrivateKey,
                fraudVerifier: PrivateKey? = nil, inbox: Address, scc: Address, interval: Double,
                signTx: @escaping @Sendable (_ miner: Address, _ txHash: Hash) -> [UInt8]? = { _, _ in nil },
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        let finality = FinalityTracker(node: l2Node)
        let l1 = RollupClient(node: l1Node, chainId: l1Node.chainId)
        let batcher = Batcher(l1: l1, l2: l2Node, key: batcherKey, inbox: inbox, interval: interval,
                              signTx: signTx, finality: finality, log: log)
        let proposer = Proposer(l1: l1, l2: l2Node, key: proposerKey, scc: scc, interval: interval,
                                commitLimit: { await batcher.postedThrough },
                                nextL1Timestamp: { await l1Node.read { $0.nextBlockTimestampEstimate } },
                                finality: finality, fraudVerifier: fraudVerifier, log: log)
        self.batcher = batcher
        self.proposer = proposer
        self.finality = finality
        self.rpc = BatchesRPC(batcher: batcher, proposer: proposer)
    }

    /// Runs both services until the task is cancelled (publishes safe = finalized = 0 first, so
    /// the tags stop meaning "latest").
    public func run() async {
        await finality.publish()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await batcher.run() }
            group.addTask { await proposer.run() }
        }
    }
}
