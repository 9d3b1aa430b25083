import Primitives

/// One entry of a block in a batch (Metis' inbox format, tx-batch-submitter-inbox.ts).
public enum BatchTransaction: Sendable, Hashable {
    /// Type 0: a transaction the sequencer took, `raw` its signed encoding (EIP-2718 typed or
    /// legacy RLP, as eth_sendRawTransaction takes it), `seqSign` the block sealer's 65-byte
    /// signature over its hash (r‖s‖v, v ∈ {27, 28}), or empty when none is known.
    case sequencer(raw: [UInt8], seqSign: [UInt8])
    /// Type 1: an L1→L2 queue transaction, named by its L1 origin and CTC queue index. The devnet
    /// never writes this type (its relayer sends L1→L2 messages as ordinary L2 transactions); the
    /// decoder reads it.
    case enqueue(l1TxOrigin: Address, queueIndex: UInt256)
}

/// One L2 block in a batch.
public struct BatchBlock: Sendable, Hashable {
    /// The block's timestamp, seconds since the Unix epoch (5 bytes on the wire: < 2^40).
    public var timestamp: UInt64
    /// The L1 block number the block's first transaction came from; 0 = not tracked (the devnet).
    public var l1BlockNumber: UInt256
    /// The block's transactions, in order.
    public var transactions: [BatchTransaction]

    public init(timestamp: UInt64, l1BlockNumber: UInt256 = .zero, transactions: [BatchTransaction]) {
        self.timestamp = timestamp
        self.l1BlockNumber = l1BlockNumber
        self.transactions = transactions
    }
}

/// The fixed part of a batch's calldata (70 bytes), readable without inflating anything.
public struct BatchHeader: Sendable, Hashable {
    /// DA type: 0 = L1 calldata (the only one the devnet writes).
    public var daType: UInt8
    /// Compression: 11 = zlib, 0 = none.
    public var compressType: UInt8
    /// The batch's index (batches count from 0).
    public var index: UInt64
    /// The L2 number of the batch's first block (blocks count from 1; genesis is never posted).
    public var l2Start: UInt64
    /// How many consecutive L2 blocks the batch holds.
    public var blockCount: UInt32

    /// The L2 number of the batch's last block (`l2Start + blockCount − 1`); `l2Start − 1` when empty.
    public var l2End: UInt64 { l2Start &+ UInt64(blockCount) &- 1 }
}

/// A decoded batch: its header and its blocks.
public struct Batch: Sendable, Hashable {
    /// The batch's index (from 0).
    public var index: UInt64
    /// The L2 number of `blocks[0]`.
    public var l2Start: UInt64
    /// Consecutive L2 blocks, oldest first.
    public var blocks: [BatchBlock]

    public init(index: UInt64, l2Start: UInt64, blocks: [BatchBlock]) {
        self.index = index
        self.l2Start = l2Start
        self.blocks = blocks
    }
}

/// Why calldata is not a batch, or a batch cannot be encoded.
public enum BatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The calldata is shorter than the 70-byte header.
    case shortHeader(Int)
    /// DA type other than 0 (L1 calldata).
    case unsupportedDAType(UInt8)
    /// Compression other than 11 (zlib) or 0 (none).
    case unsupportedCompression(UInt8)
    /// A 32-byte number does not fit the devnet's 64-bit field (`field` names it).
    case numberTooLarge(field: String)
    /// The block data ends inside the named field.
    case truncated(field: String, offset: Int)
    /// Bytes follow the header's last block in the block data.
    case trailingBytes(Int)
    /// A transaction type other than 0 (sequencer) or 1 (enqueue) at `offset`.
    case unknownTransactionType(UInt8, offset: Int)
    /// A value is too large for its fixed-width field when encoding.
    case fieldOverflow(field: String, value: UInt64)
    /// The compressed block data is invalid.
    case zlib(ZlibError)

    public var description: String {
        switch self {
        case .shortHeader(let n): "batch calldata is \(n) bytes; the header alone is \(BatchCodec.headerSize)"
        case .unsupportedDAType(let t): "unsupported batch DA type \(t) (only 0, L1 calldata)"
        case .unsupportedCompression(let t): "unsupported batch compression type \(t) (11 = zlib, 0 = none)"
        case .numberTooLarge(let f): "batch \(f) does not fit in 64 bits"
        case .truncated(let f, let o): "batch block data ends inside \(f) at byte \(o)"
        case .trailingBytes(let n): "\(n) bytes follow the batch's last block"
        case .unknownTransactionType(let t, let o): "unknown batch transaction type \(t) at byte \(o)"
        case .fieldOverflow(let f, let v): "\(f) \(v) is too large for its batch field"
        case .zlib(let e): "batch block data: \(e)"
        }
    }
}

/// The inbox batch format (ROLLUP-API.md §6; Metis' mvm batch-submitter
/// `tx-batch-submitter-inbox.ts`), all integers big-endian:
/// ```
/// [1B DA type = 0][1B compress type = 11][32B batch index][32B L2 start block][4B block count]
/// zlib( per block: [3B tx count][5B timestamp][32B l1BlockNumber]
///         per tx:  [1B type 0][3B raw length][raw signed tx][3B seqSign length][seqSign]
///               or [1B type 1][3B = 0][20B l1TxOrigin][32B queueIndex] )
/// ```
public enum BatchCodec {
    /// Bytes before the block data: DA type, compress type, index, start, count.
    public static let headerSize = 70
    /// DA type 0: the block data is in the calldata.
    public static let daCalldata: UInt8 = 0
    /// Compress type 11: the block data is one zlib stream (RFC 1950).
    public static let compressZlib: UInt8 = 11
    /// Compress type 0: the block data follows the header as is.
    public static let compressNone: UInt8 = 0
    /// The most block data `decode` inflates by default: 16 MiB (a batch on L1 is at most
    /// 90,000 calldata bytes; this leaves room for a ratio of ~180 and stops zlib bombs).
    public static let defaultMaxBlockData = 16 << 20

    // MARK: encoding

    /// The uncompressed block data of `blocks`.
    /// - Throws: `BatchError.fieldOverflow` for a count, length or timestamp too large for its field.
    public static func blockData(_ blocks: [BatchBlock]) throws(BatchError) -> [UInt8] {
        var out: [UInt8] = []
        for b in blocks {
            try appendBlock(b, to: &out)
        }
        return out
    }

    /// Appends one block's bytes to `out`.
    public static func appendBlock(_ b: BatchBlock, to out: inout [UInt8]) throws(BatchError) {
        try put(UInt64(b.transactions.count), bytes: 3, field: "transaction count", &out)
        try put(b.timestamp, bytes: 5, field: "timestamp", &out)
        out += b.l1BlockNumber.bigEndianBytes
        for tx in b.transactions {
            switch tx {
            case .sequencer(let raw, let sig):
                out.append(0)
                try put(UInt64(raw.count), bytes: 3, field: "raw transaction length", &out)
                out += raw
                try put(UInt64(sig.count), bytes: 3, field: "seqSign length", &out)
                out += sig
            case .enqueue(let origin, let queueIndex):
                out.append(1)
                out += [0, 0, 0]
                out += origin.bytes
                out += queueIndex.bigEndianBytes
            }
        }
    }

    /// The 70-byte header.
    public static func header(index: UInt64, l2Start: UInt64, blockCount: UInt32,
                              compressType: UInt8 = compressZlib) -> [UInt8] {
        var out: [UInt8] = [daCalldata, compressType]
        out += UInt256(index).bigEndianBytes
        out += UInt256(l2Start).bigEndianBytes
        out += [UInt8(blockCount >> 24), UInt8(truncatingIfNeeded: blockCount >> 16),
                UInt8(truncatingIfNeeded: blockCount >> 8), UInt8(truncatingIfNeeded: blockCount)]
        return out
    }

    /// The calldata of `batch`: header, then the zlib-compressed block data (compress type 11).
    /// - Throws: `BatchError.fieldOverflow` (too many blocks or a field too large), `.zlib`.
    public static func encode(_ batch: Batch) throws(BatchError) -> [UInt8] {
        guard batch.blocks.count <= Int(UInt32.max) else {
            throw .fieldOverflow(field: "block count", value: UInt64(batch.blocks.count))
        }
        let data = try blockData(batch.blocks)
        let compressed: [UInt8]
        do { compressed = try Zlib.compress(data) } catch { throw .zlib(error) }
        return header(index: batch.index, l2Start: batch.l2Start, blockCount: UInt32(batch.blocks.count)) + compressed
    }

    // MARK: decoding

    /// Reads the 70-byte header only.
    /// - Throws: `BatchError.shortHeader`, `.unsupportedDAType`, `.unsupportedCompression`,
    ///   `.numberTooLarge` (an index or start beyond 2^64 − 1).
    public static func decodeHeader(_ calldata: [UInt8]) throws(BatchError) -> BatchHeader {
        guard calldata.count >= headerSize else { throw .shortHeader(calldata.count) }
        guard calldata[0] == daCalldata else { throw .unsupportedDAType(calldata[0]) }
        guard calldata[1] == compressZlib || calldata[1] == compressNone else {
            throw .unsupportedCompression(calldata[1])
        }
        guard let index = UInt256(bigEndian: calldata[2..<34]).uint64 else { throw .numberTooLarge(field: "index") }
        guard let start = UInt256(bigEndian: calldata[34..<66]).uint64 else { throw .numberTooLarge(field: "L2 start block") }
        let count = UInt32(calldata[66]) << 24 | UInt32(calldata[67]) << 16 | UInt32(calldata[68]) << 8 | UInt32(calldata[69])
        return BatchHeader(daType: calldata[0], compressType: calldata[1], index: index, l2Start: start, blockCount: count)
    }

    /// Decodes a whole batch. The block data must hold exactly the header's block count.
    /// - Parameter maxBlockData: the most bytes the block data may inflate to.
    /// - Throws: every `BatchError`; nothing in the input can make it trap or allocate more than
    ///   `maxBlockData` plus the input's size.
    public static func decode(_ calldata: [UInt8], maxBlockData: Int = defaultMaxBlockData) throws(BatchError) -> Batch {
        let h = try decodeHeader(calldata)
        let body = Array(calldata[headerSize...])
        let data: [UInt8]
        if h.compressType == compressZlib {
            do { data = try Zlib.decompress(body, maxOutput: maxBlockData) } catch { throw .zlib(error) }
        } else {
            data = body
        }
        var r = Reader(bytes: data)
        var blocks: [BatchBlock] = []
        for _ in 0..<h.blockCount {
            let txCount = try r.uint(3, "transaction count")
            let timestamp = try r.uint(5, "timestamp")
            let l1Block = UInt256(bigEndian: try r.bytes(32, "l1BlockNumber"))
            var txs: [BatchTransaction] = []
            for _ in 0..<txCount {
                let at = r.offset
                let type = try r.uint(1, "transaction type")
                switch type {
                case 0:
                    let n = try r.uint(3, "raw transaction length")
                    let raw = try r.bytes(Int(n), "raw transaction")
                    let m = try r.uint(3, "seqSign length")
                    let sig = try r.bytes(Int(m), "seqSign")
                    txs.append(.sequencer(raw: raw, seqSign: sig))
                case 1:
                    _ = try r.uint(3, "enqueue marker")
                    let origin = Address(try r.bytes(20, "l1TxOrigin"))
                    let q = UInt256(bigEndian: try r.bytes(32, "queueIndex"))
                    txs.append(.enqueue(l1TxOrigin: origin, queueIndex: q))
                default:
                    throw .unknownTransactionType(UInt8(type), offset: at)
                }
            }
            blocks.append(BatchBlock(timestamp: timestamp, l1BlockNumber: l1Block, transactions: txs))
        }
        if r.offset < data.count { throw .trailingBytes(data.count - r.offset) }
        return Batch(index: h.index, l2Start: h.l2Start, blocks: blocks)
    }

    // MARK: helpers

    private static func put(_ v: UInt64, bytes n: Int, field: String, _ out: inout [UInt8]) throws(BatchError) {
        guard n == 8 || v >> UInt64(8 * n) == 0 else { throw .fieldOverflow(field: field, value: v) }
        for i in stride(from: n - 1, through: 0, by: -1) {
            out.append(UInt8(truncatingIfNeeded: v >> UInt64(8 * i)))
        }
    }

    /// A bounds-checked cursor over block data.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func bytes(_ n: Int, _ field: String) throws(BatchError) -> [UInt8] {
            guard n >= 0, n <= bytes.count - offset else { throw .truncated(field: field, offset: offset) }
            defer { offset += n }
            return Array(bytes[offset..<(offset + n)])
        }

        mutating func uint(_ n: Int, _ field: String) throws(BatchError) -> UInt64 {
            guard n <= bytes.count - offset else { throw .truncated(field: field, offset: offset) }
            var v: UInt64 = 0
            for i in 0..<n { v = v << 8 | UInt64(bytes[offset + i]) }
            offset += n
            return v
        }
    }
}
