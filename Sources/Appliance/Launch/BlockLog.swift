import Chain
import Primitives

/// The lines `devnet start` prints for each mined block that holds transactions, in the manner of
/// anvil's terminal output: the block, then one line per transaction with its full hash (so it can be
/// pasted into cast or the dashboard), status, gas used and the contract it created; a block whose
/// miner is not the zero address (the L2's sequencer that sealed it) names it.
///
/// Empty blocks (evm_mine, anvil_mine) print nothing, so mining thousands of them stays quiet.
public enum BlockLog {
    /// The text for one block, or "" for a block without transactions.
    /// - Parameters:
    ///   - chain: the chain's display label, e.g. "Hyperion (L2)".
    ///   - block: the mined block.
    ///   - receipts: its receipts, in transaction order.
    public static func render(chain: String, block: Block, receipts: [ReceiptInfo]) -> String {
        if receipts.isEmpty { return "" }
        let total = receipts.last?.cumulativeGasUsed ?? 0
        var s = "\(chain) block \(block.number)  \(block.hash.hex)  \(receipts.count) tx\(receipts.count == 1 ? "" : "s")  gas used \(total)"
        // On the L2 with the Metis layer, the block's miner is the sequencer that sealed it.
        let miner = block.header.coinbase
        s += miner == .zero ? "\n" : "  sealed by \(miner.checksummed)\n"
        for r in receipts {
            s += "    tx \(r.transactionHash.hex)  \(r.status ? "success" : "REVERTED")  gas used \(r.gasUsed)"
            if let created = r.contractAddress, r.status {
                s += "  contract created \(created.checksummed)"
            }
            s += "\n"
        }
        return s
    }
}
