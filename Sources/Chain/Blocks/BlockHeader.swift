import Primitives

/// An execution-layer block header through Prague (Yellow Paper §4.3 and the EIPs named per field).
///
/// The optional trailing fields appear from their fork on: `baseFeePerGas` London (EIP-1559),
/// `withdrawalsRoot` Shanghai (EIP-4895), `blobGasUsed` and `excessBlobGas` Cancun (EIP-4844),
/// `parentBeaconBlockRoot` Cancun (EIP-4788), `requestsHash` Prague (EIP-7685). Osaka adds none.
/// Encoding stops at the first nil one, so the set of present fields is always a prefix.
public struct BlockHeader: Sendable, Hashable {
    /// Hash of the parent block's header (zero for genesis).
    public var parentHash: Hash
    /// Keccak-256 of the RLP of the ommers list; always ``BlockHeader/emptyOmmersHash`` after the Merge.
    public var ommersHash: Hash
    /// Fee recipient ("miner" in JSON-RPC), 20 bytes.
    public var coinbase: Address
    /// Root of the state trie after the block.
    public var stateRoot: Hash
    /// Root of the trie of the block's raw transactions, keyed by rlp(index).
    public var transactionsRoot: Hash
    /// Root of the trie of the block's EIP-2718 receipts, keyed by rlp(index).
    public var receiptsRoot: Hash
    /// Union of the receipts' blooms (256 bytes).
    public var logsBloom: Bloom
    /// Zero after the Merge (EIP-3675).
    public var difficulty: UInt256
    /// Block number (genesis = 0).
    public var number: UInt64
    /// Gas.
    public var gasLimit: UInt64
    /// Gas.
    public var gasUsed: UInt64
    /// Seconds since the Unix epoch.
    public var timestamp: UInt64
    /// At most ``BlockHeader/maxExtraDataSize`` (32) bytes.
    public var extraData: [UInt8]
    /// `prevRandao` after the Merge (EIP-4399).
    public var mixHash: Hash
    /// 8 bytes on the wire (big-endian); zero after the Merge.
    public var nonce: UInt64
    /// Wei per gas (EIP-1559).
    public var baseFeePerGas: UInt256?
    /// Root of the withdrawals trie (EIP-4895).
    public var withdrawalsRoot: Hash?
    /// Gas (EIP-4844).
    public var blobGasUsed: UInt64?
    /// Gas (EIP-4844).
    public var excessBlobGas: UInt64?
    /// EIP-4788.
    public var parentBeaconBlockRoot: Hash?
    /// EIP-7685: sha256 over the sha256 of each non-empty request list; ``BlockHeader/emptyRequestsHash``
    /// when there are none.
    public var requestsHash: Hash?

    /// Keccak-256 of rlp([]) = 0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347.
    public static let emptyOmmersHash = Hash(hex: "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347")!
    /// EIP-7685 requests hash of a block with no requests: sha256("") =
    /// 0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.
    public static let emptyRequestsHash = Hash(hex: "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")!
    /// Root of an empty Merkle-Patricia trie (transactions, receipts, withdrawals with no entries):
    /// 0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421.
    public static let emptyTrieRoot = Hash(hex: "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")!
    /// Maximum length of `extraData` in bytes (Yellow Paper §4.3.4).
    public static let maxExtraDataSize = 32

    /// A header with the given fields; the defaults are the post-Merge constants (empty ommers hash,
    /// zero difficulty, mixHash and nonce) and empty-trie roots, and the fork fields absent.
    public init(
        parentHash: Hash,
        ommersHash: Hash = BlockHeader.emptyOmmersHash,
        coinbase: Address,
        stateRoot: Hash,
        transactionsRoot: Hash = BlockHeader.emptyTrieRoot,
        receiptsRoot: Hash = BlockHeader.emptyTrieRoot,
        logsBloom: Bloom = .zero,
        difficulty: UInt256 = .zero,
        number: UInt64,
        gasLimit: UInt64,
        gasUsed: UInt64 = 0,
        timestamp: UInt64,
        extraData: [UInt8] = [],
        mixHash: Hash = .zero,
        nonce: UInt64 = 0,
        baseFeePerGas: UInt256? = nil,
        withdrawalsRoot: Hash? = nil,
        blobGasUsed: UInt64? = nil,
        excessBlobGas: UInt64? = nil,
        parentBeaconBlockRoot: Hash? = nil,
        requestsHash: Hash? = nil
    ) {
        self.parentHash = parentHash
        self.ommersHash = ommersHash
        self.coinbase = coinbase
        self.stateRoot = stateRoot
        self.transactionsRoot = transactionsRoot
        self.receiptsRoot = receiptsRoot
        self.logsBloom = logsBloom
        self.difficulty = difficulty
        self.number = number
        self.gasLimit = gasLimit
        self.gasUsed = gasUsed
        self.timestamp = timestamp
        self.extraData = extraData
        self.mixHash = mixHash
        self.nonce = nonce
        self.baseFeePerGas = baseFeePerGas
        self.withdrawalsRoot = withdrawalsRoot
        self.blobGasUsed = blobGasUsed
        self.excessBlobGas = excessBlobGas
        self.parentBeaconBlockRoot = parentBeaconBlockRoot
        self.requestsHash = requestsHash
    }

    /// `mixHash` under its post-Merge name (EIP-4399).
    public var prevRandao: Hash {
        get { mixHash }
        set { mixHash = newValue }
    }

    /// The header's RLP list items in Yellow Paper order, then the optional fields up to the first nil.
    public var rlpItems: [RLP] {
        var items: [RLP] = [
            RLP(parentHash), RLP(ommersHash), RLP(coinbase), RLP(stateRoot), RLP(transactionsRoot),
            RLP(receiptsRoot), .bytes(logsBloom.bytes), .uint(difficulty), .uint(number), .uint(gasLimit),
            .uint(gasUsed), .uint(timestamp), .bytes(extraData), RLP(mixHash), .bytes(Self.nonceBytes(nonce)),
        ]
        guard let baseFeePerGas else { return items }
        items.append(.uint(baseFeePerGas))
        guard let withdrawalsRoot else { return items }
        items.append(RLP(withdrawalsRoot))
        guard let blobGasUsed, let excessBlobGas else { return items }
        items.append(.uint(blobGasUsed))
        items.append(.uint(excessBlobGas))
        guard let parentBeaconBlockRoot else { return items }
        items.append(RLP(parentBeaconBlockRoot))
        guard let requestsHash else { return items }
        items.append(RLP(requestsHash))
        return items
    }

    /// rlp(header) as it is hashed and sent over the wire.
    public func encoded() -> [UInt8] { RLP.list(rlpItems).encoded() }

    /// The block hash: Keccak-256 of ``encoded()`` (32 bytes).
    public var hash: Hash { Keccak256.hash(encoded()) }

    static func nonceBytes(_ nonce: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: nonce >> (56 - 8 * UInt64($0))) }
    }
}
