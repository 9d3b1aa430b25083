/// The Metis-style sequencer set of the devnet's L2 (issue 6): staked sequencers on L1, a leader
/// per epoch drawn by stake from a seed, block seals, verification by re-execution, failover.
/// The implementation lands in this target; see ../shared/ARCHITECTURE.md, flow 5.
public enum Sequencing {}
