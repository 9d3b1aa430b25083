import Chain
import EVM
import Primitives

/// The JSON objects of execution-apis (block, transaction, receipt, log), built from Chain values.
/// This file and `Encode` are the only places where these shapes exist.
enum Shapes {
    // MARK: block

    /// A block object: exactly the header fields of its fork in header order (so that
    /// keccak(rlp(fields)) rebuilt from the JSON equals `hash`), then `hash`, `size` (bytes of the
    /// RLP block), `totalDifficulty` "0x0", `transactions` (hashes, or full objects when
    /// `fullTransactions`), `uncles` [] and, from Shanghai on, `withdrawals` [].
    static func block(_ block: Block, fullTransactions: Bool) -> JSON {
        let h = block.header
        var m: [(String, JSON)] = [
            ("parentHash", Enc.hash(h.parentHash)),
            ("sha3Uncles", Enc.hash(h.ommersHash)),
            ("miner", Enc.addr(h.coinbase)),
            ("stateRoot", Enc.hash(h.stateRoot)),
            ("transactionsRoot", Enc.hash(h.transactionsRoot)),
            ("receiptsRoot", Enc.hash(h.receiptsRoot)),
            ("logsBloom", Enc.data(h.logsBloom.bytes)),
            ("difficulty", Enc.q(h.difficulty)),
            ("number", Enc.q(h.number)),
            ("gasLimit", Enc.q(h.gasLimit)),
            ("gasUsed", Enc.q(h.gasUsed)),
            ("timestamp", Enc.q(h.timestamp)),
            ("extraData", Enc.data(h.extraData)),
            ("mixHash", Enc.hash(h.mixHash)),
            ("nonce", Enc.data(UInt256(h.nonce).bigEndianBytes.suffix(8))),
        ]
        // Fork fields: a present field implies all earlier ones (EIP-1559, -4895, -4844, -4788, -7685).
        if let v = h.baseFeePerGas {
            m.append(("baseFeePerGas", Enc.q(v)))
            if let v = h.withdrawalsRoot {
                m.append(("withdrawalsRoot", Enc.hash(v)))
                if let used = h.blobGasUsed, let excess = h.excessBlobGas {
                    m.append(("blobGasUsed", Enc.q(used)))
                    m.append(("excessBlobGas", Enc.q(excess)))
                    if let v = h.parentBeaconBlockRoot {
                        m.append(("parentBeaconBlockRoot", Enc.hash(v)))
                        if let v = h.requestsHash { m.append(("requestsHash", Enc.hash(v))) }
                    }
                }
            }
        }
        let blockHash = block.hash
        m.append(("hash", Enc.hash(blockHash)))
        m.append(("size", Enc.q(size(of: block))))
        m.append(("totalDifficulty", .string("0x0")))
        if fullTransactions {
            m.append(("transactions", .array(block.transactions.indices.map { i in
                transaction(block.transactions[i], sender: block.senders[i],
                            location: TxLocation(blockHash: blockHash, blockNumber: h.number, index: i,
                                                 baseFee: h.baseFeePerGas),
                            hash: block.transactionHashes[i])
            })))
        } else {
            m.append(("transactions", .array(block.transactionHashes.map(Enc.hash))))
        }
        m.append(("uncles", .array([])))
        if h.withdrawalsRoot != nil { m.append(("withdrawals", .array([]))) }
        return .object(m)
    }

    /// Bytes of rlp([header, transactions, uncles(, withdrawals)]) — the block's `size`.
    static func size(of block: Block) -> Int {
        let header = block.header.encoded()
        var txPayload = 0
        for tx in block.transactions {
            let enc = tx.encoded()
            // a typed transaction is an RLP string inside the list; a legacy one is already a list
            txPayload += tx.type == .legacy ? enc.count : rlpLength(ofStringOf: enc.count, firstByte: enc.first)
        }
        var payload = header.count + listLength(txPayload) + 1  // uncles: 0xc0
        if block.header.withdrawalsRoot != nil { payload += 1 }    // withdrawals: 0xc0
        return listLength(payload)
    }

    static func listLength(_ payload: Int) -> Int {
        payload < 56 ? 1 + payload : 1 + byteCount(payload) + payload
    }

    static func rlpLength(ofStringOf n: Int, firstByte: UInt8?) -> Int {
        if n == 1, let b = firstByte, b < 0x80 { return 1 }
        return n < 56 ? 1 + n : 1 + byteCount(n) + n
    }

    static func byteCount(_ v: Int) -> Int {
        var n = 0
        var x = v
        while x > 0 { n += 1; x >>= 8 }
        return n
    }

    // MARK: transaction

    /// Where a transaction sits; nil for one still in the pool.
    struct TxLocation {
        var blockHash: Hash
        var blockNumber: UInt64
        var index: Int
        var baseFee: UInt256?
    }

    /// A transaction object. For a mined EIP-1559 transaction `gasPrice` is the effective price
    /// min(maxFee, baseFee + tip); in the pool it is maxFeePerGas (geth's convention).
    static func transaction(_ tx: Transaction, sender: Address, location: TxLocation?, hash: Hash? = nil) -> JSON {
        var m: [(String, JSON)] = [
            ("blockHash", location.map { Enc.hash($0.blockHash) } ?? .null),
            ("blockNumber", location.map { Enc.q($0.blockNumber) } ?? .null),
            ("from", Enc.addr(sender)),
            ("gas", Enc.q(tx.gasLimit)),
        ]
        switch tx.type {
        case .legacy, .accessList:
            m.append(("gasPrice", Enc.q(tx.gasPrice ?? .zero)))
        case .dynamicFee, .blob, .setCode:
            let maxFee = tx.maxFeePerGas ?? .zero
            let tip = tx.maxPriorityFeePerGas ?? .zero
            var price = maxFee
            if let baseFee = location?.baseFee {
                price = FeeMarket.effectiveGasPrice(maxFeePerGas: maxFee, maxPriorityFeePerGas: tip, baseFee: baseFee)
            }
            m.append(("gasPrice", Enc.q(price)))
            m.append(("maxFeePerGas", Enc.q(maxFee)))
            m.append(("maxPriorityFeePerGas", Enc.q(tip)))
        }
        m.append(("hash", Enc.hash(hash ?? tx.hash)))
        m.append(("input", Enc.data(tx.data)))
        m.append(("nonce", Enc.q(tx.nonce)))
        m.append(("to", Enc.addr(tx.to)))
        m.append(("transactionIndex", location.map { Enc.q($0.index) } ?? .null))
        m.append(("value", Enc.q(tx.value)))
        m.append(("type", Enc.q(UInt64(tx.type.rawValue))))
        if tx.type != .legacy {
            m.append(("accessList", .array(tx.accessList.map { e in
                .object([("address", Enc.addr(e.address)), ("storageKeys", .array(e.storageKeys.map(Enc.hash)))])
            })))
        }
        if tx.type == .blob {
            m.append(("maxFeePerBlobGas", Enc.q(tx.maxFeePerBlobGas ?? .zero)))
            m.append(("blobVersionedHashes", .array(tx.blobVersionedHashes.map(Enc.hash))))
        }
        if tx.type == .setCode {
            m.append(("authorizationList", .array(tx.authorizationList.map { a in
                .object([("chainId", Enc.q(a.chainId)), ("address", Enc.addr(a.address)), ("nonce", Enc.q(a.nonce)),
                         ("yParity", Enc.q(UInt64(a.yParity))), ("r", Enc.q(a.r)), ("s", Enc.q(a.s))])
            })))
        }
        if let cid = tx.chainId { m.append(("chainId", Enc.q(cid))) }
        m.append(("v", Enc.q(tx.v)))
        m.append(("r", Enc.q(tx.r)))
        m.append(("s", Enc.q(tx.s)))
        if tx.type != .legacy { m.append(("yParity", Enc.q(tx.v))) }
        return .object(m)
    }

    // MARK: receipt and logs

    /// Per-transaction facts of a mined block that receipts need: gas used by each transaction
    /// (difference of cumulative gas), the block-wide index of its first log.
    struct BlockFacts {
        var gasUsed: [UInt64]
        var firstLogIndex: [Int]
        /// The block's blob base fee in wei per blob gas (EIP-4844 `fake_exponential` of the
        /// header's `excessBlobGas` under the chain's `BlobSchedule`); nil for a header without it.
        var blobGasPrice: UInt256?

        /// - Parameter blobSchedule: the chain's schedule (`Blockchain.executor.blobSchedule`).
        init(_ block: Block, blobSchedule: BlobSchedule) {
            blobGasPrice = block.header.excessBlobGas.map { blobSchedule.baseFee(excessBlobGas: $0) }
            var first: [Int] = []
            var logs = 0
            for r in block.receipts {
                first.append(logs)
                logs += r.logs.count
            }
            gasUsed = block.gasUsed
            firstLogIndex = first
        }
    }

    static func effectiveGasPrice(_ tx: Transaction, baseFee: UInt256?) -> UInt256 {
        switch tx.type {
        case .legacy, .accessList: return tx.gasPrice ?? .zero
        case .dynamicFee, .blob, .setCode:
            return FeeMarket.effectiveGasPrice(maxFeePerGas: tx.maxFeePerGas ?? .zero,
                                               maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? .zero,
                                               baseFee: baseFee ?? .zero)
        }
    }

    /// The receipt of transaction `index` of `block`.
    static func receipt(block: Block, index i: Int, facts: BlockFacts) -> JSON {
        let h = block.header
        let blockHash = block.hash
        let txHash = block.transactionHashes[i]
        let tx = block.transactions[i]
        let r = block.receipts[i]
        let sender = block.senders[i]
        let contract: Address? = tx.to == nil ? ContractAddress.create(sender: sender, nonce: tx.nonce) : nil
        var fields: [(String, JSON)] = [
            ("type", Enc.q(UInt64(tx.type.rawValue))),
            ("transactionHash", Enc.hash(txHash)),
            ("transactionIndex", Enc.q(i)),
            ("blockHash", Enc.hash(blockHash)),
            ("blockNumber", Enc.q(h.number)),
            ("from", Enc.addr(sender)),
            ("to", Enc.addr(tx.to)),
            ("cumulativeGasUsed", Enc.q(r.cumulativeGasUsed)),
            ("gasUsed", Enc.q(facts.gasUsed[i])),
            ("contractAddress", Enc.addr(contract)),
            ("logs", .array(r.logs.indices.map { k in
                log(r.logs[k], blockHash: blockHash, blockNumber: h.number, txHash: txHash, txIndex: i,
                    logIndex: facts.firstLogIndex[i] + k)
            })),
            ("logsBloom", Enc.data(r.logsBloom.bytes)),
            ("status", .string(r.status ? "0x1" : "0x0")),
            ("effectiveGasPrice", Enc.q(block.effectiveGasPrices[i])),
        ]
        // Type 3 only (execution-apis ReceiptInfo, geth's MarshalReceipt): blob gas = 2^17 per blob,
        // bought at the block's blob base fee.
        if tx.type == .blob {
            fields.append(("blobGasUsed", Enc.q(tx.blobGas)))
            fields.append(("blobGasPrice", Enc.q(facts.blobGasPrice ?? .zero)))
        }
        return .object(fields)
    }

    /// A log object; `logIndex` is the position of the log in its block.
    static func log(_ log: Log, blockHash: Hash, blockNumber: UInt64, txHash: Hash, txIndex: Int, logIndex: Int) -> JSON {
        .object([
            ("address", Enc.addr(log.address)),
            ("topics", .array(log.topics.map(Enc.hash))),
            ("data", Enc.data(log.data)),
            ("blockNumber", Enc.q(blockNumber)),
            ("blockHash", Enc.hash(blockHash)),
            ("transactionHash", Enc.hash(txHash)),
            ("transactionIndex", Enc.q(txIndex)),
            ("logIndex", Enc.q(logIndex)),
            ("removed", .bool(false)),
        ])
    }
}
