import EVM
import Primitives
import Trie

/// The genesis block of a `ChainConfig`, and the constant header fields of post-merge blocks.
public enum Genesis {
    /// keccak256(rlp([])): the ommers hash of every post-merge block (EIP-3675).
    public static let emptyOmmersHash = BlockHeader.emptyOmmersHash
    /// sha256("") — the EIP-7685 requestsHash of a block without requests (Prague).
    public static let emptyRequestsHash = BlockHeader.emptyRequestsHash

    /// Block 0: no transactions (empty trie roots 0x56e8…b421), ommersHash 0x1dcc…9347, the state
    /// root of `config.alloc`, withdrawalsRoot = empty root, blobGasUsed = excessBlobGas = 0,
    /// parentBeaconBlockRoot = 0, requestsHash = sha256("") from Prague, base fee = `config.initialBaseFee`.
    public static func block(config: ChainConfig, stateRoot: Hash) -> Block {
        let header = BlockHeader(
            parentHash: .zero, ommersHash: emptyOmmersHash, coinbase: config.coinbase, stateRoot: stateRoot,
            transactionsRoot: emptyTrieRoot, receiptsRoot: emptyTrieRoot, logsBloom: .zero, difficulty: .zero,
            number: 0, gasLimit: config.gasLimit, gasUsed: 0, timestamp: config.genesisTimestamp,
            extraData: config.extraData, mixHash: .zero, nonce: 0,
            baseFeePerGas: config.initialBaseFee, withdrawalsRoot: emptyTrieRoot, blobGasUsed: 0, excessBlobGas: 0,
            parentBeaconBlockRoot: .zero, requestsHash: config.fork >= .prague ? emptyRequestsHash : nil)
        return Block(header: header, transactions: [], senders: [], receipts: [], gasUsed: [], effectiveGasPrices: [],
                     contractAddresses: [])
    }
}
