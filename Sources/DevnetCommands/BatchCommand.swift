import ArgumentParser
import Chain
import Node
import Primitives
import Rollup

/// `devnet batch`: tools for the batches the batcher posts to L1. Its one subcommand is `decode`.
public struct BatchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Read the L2 batches posted to the L1 inbox.",
        subcommands: [BatchDecodeCommand.self])

    public init() {}
}

/// `devnet batch decode <L1 tx hash | 0x-calldata> [--l1-rpc URL] [--json]`: decodes one batch
/// (README "Batches on L1"; ROLLUP-API.md §6). With a transaction hash the calldata is read from
/// the L1 node (eth_getTransactionByHash). Prints the batch index, the L2 start block and per
/// block its timestamp and transactions (hash, sender recovered from the signature, recipient,
/// value, nonce, and the sealer recovered from the seqSign); `--json` prints one JSON document:
/// `{index, l2Start, l2End, blockCount, daType, compressType, calldataBytes, uncompressedBytes,
/// l1TxHash?, l1BlockNumber?, blocks: [{number, timestamp, l1BlockNumber, transactions: [{type:
/// "sequencer", hash, from, to, value (decimal wei string), nonce, raw, seqSign, sealer} | {type:
/// "enqueue", l1TxOrigin, queueIndex}]}]}` (numbers are JSON numbers unless noted).
public struct BatchDecodeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a batch from its L1 transaction hash or its calldata.")

    @Argument(help: "An L1 transaction hash (0x + 64 hex digits) or the batch calldata (0x…).")
    public var input: String

    @Option(name: .customLong("l1-rpc"), help: "The L1 node's JSON-RPC URL (for a transaction hash).")
    public var l1RPC = "http://127.0.0.1:9545"

    @Flag(name: .long, help: "Print one JSON document instead of text.")
    public var json = false

    public init() {}

    public func run() throws {
        let text = input.trimmingCharacters()
        guard let bytes = try? Hex.decode(text) else {
            throw BatchDecodeError("expected an L1 transaction hash or 0x-prefixed calldata, got \(text.prefix(20))…")
        }
        var calldata = bytes
        var l1: (hash: Hash, block: UInt64?)?
        var recipient: String?
        if bytes.count == 32 {
            let (input, block, to) = try Self.fetch(hash: Hash(bytes), url: l1RPC)
            calldata = input
            l1 = (Hash(bytes), block)
            recipient = to
        }
        let batch: Batch
        let header: BatchHeader
        do {
            header = try BatchCodec.decodeHeader(calldata)
            batch = try BatchCodec.decode(calldata)
        } catch {
            if let recipient, !recipient.lowercased().hasPrefix("0xff00") {
                throw BatchDecodeError("not a batch: transaction \(text) was sent to \(recipient), not to the batch inbox (0xff00…, see rollup_getInfo's batchInbox); devnet_batches lists the batch transactions")
            }
            throw BatchDecodeError("not a batch: \(error)")
        }
        let doc = Self.document(batch, header: header, calldata: calldata, l1: l1)
        if json {
            print(String(decoding: doc.serialized(), as: UTF8.self))
        } else {
            print(Self.text(doc))
        }
    }

    /// Reads a transaction's input and block number from the L1 node.
    static func fetch(hash: Hash, url: String) throws -> ([UInt8], UInt64?, String?) {
        let client: HTTPRPC
        do { client = try HTTPRPC(url: url) } catch { throw BatchDecodeError(error.description) }
        let request = JSON.object([("jsonrpc", .string("2.0")), ("id", .number("1")),
                                   ("method", .string("eth_getTransactionByHash")), ("params", .array([.string(hash.hex)]))])
        let body: [UInt8]
        do { body = try client.post(request.serialized()) } catch { throw BatchDecodeError("\(url): \(error.description)") }
        let answer: JSON
        do { answer = try JSON.parse(body) } catch { throw BatchDecodeError("\(url) did not answer JSON: \(error)") }
        if let e = answer["error"], e != .null {
            throw BatchDecodeError("\(url): \(e["message"]?.stringValue ?? "error")")
        }
        guard let tx = answer["result"], tx != .null else {
            throw BatchDecodeError("no transaction \(hash.hex) on the L1 at \(url)")
        }
        guard let input = tx["input"]?.stringValue.flatMap({ try? Hex.decode($0) }) else {
            throw BatchDecodeError("the L1 answered a transaction without input")
        }
        let block = tx["blockNumber"]?.stringValue.flatMap { try? Hex.parseQuantity($0) }?.uint64
        return (input, block, tx["to"]?.stringValue)
    }

    /// The machine-readable form (the e2e test reads it).
    static func document(_ batch: Batch, header: BatchHeader, calldata: [UInt8], l1: (hash: Hash, block: UInt64?)?) -> JSON {
        var blocks: [JSON] = []
        for (i, b) in batch.blocks.enumerated() {
            var txs: [JSON] = []
            for t in b.transactions {
                switch t {
                case .sequencer(let raw, let seqSign):
                    var fields: [(String, JSON)] = [("type", .string("sequencer"))]
                    if let tx = try? Transaction.decode(raw: raw) {
                        let hash = tx.hash
                        fields += [
                            ("hash", .string(hash.hex)),
                            ("from", (try? tx.sender()).map { .string($0.checksummed) } ?? .null),
                            ("to", tx.to.map { .string($0.checksummed) } ?? .null),
                            ("value", .string(tx.value.description)),
                            ("nonce", .number(String(tx.nonce))),
                            ("sealer", BatchSeqSign.signer(seqSign, txHash: hash).map { .string($0.checksummed) } ?? .null),
                        ]
                    } else {
                        fields.append(("error", .string("the raw transaction does not decode")))
                    }
                    fields += [("raw", .string(Hex.encode(raw))), ("seqSign", .string(Hex.encode(seqSign)))]
                    txs.append(.object(fields))
                case .enqueue(let origin, let q):
                    txs.append(.object([("type", .string("enqueue")), ("l1TxOrigin", .string(origin.checksummed)),
                                        ("queueIndex", .string(q.description))]))
                }
            }
            blocks.append(.object([
                ("number", .number(String(batch.l2Start + UInt64(i)))),
                ("timestamp", .number(String(b.timestamp))),
                ("l1BlockNumber", .string(b.l1BlockNumber.description)),
                ("transactions", .array(txs)),
            ]))
        }
        let uncompressed = (try? BatchCodec.blockData(batch.blocks).count) ?? 0
        var fields: [(String, JSON)] = [
            ("index", .number(String(batch.index))), ("l2Start", .number(String(batch.l2Start))),
            ("l2End", .number(String(header.l2End))), ("blockCount", .number(String(header.blockCount))),
            ("daType", .number(String(header.daType))), ("compressType", .number(String(header.compressType))),
            ("calldataBytes", .number(String(calldata.count))), ("uncompressedBytes", .number(String(uncompressed))),
        ]
        if let l1 {
            fields.append(("l1TxHash", .string(l1.hash.hex)))
            fields.append(("l1BlockNumber", l1.block.map { .number(String($0)) } ?? .null))
        }
        fields.append(("blocks", .array(blocks)))
        return .object(fields)
    }

    /// The text form of `document`.
    static func text(_ doc: JSON) -> String {
        func s(_ j: JSON?) -> String {
            switch j {
            case .number(let n)?: n
            case .string(let t)?: t
            default: "-"
            }
        }
        var out: [String] = []
        var line = "batch \(s(doc["index"])): L2 blocks \(s(doc["l2Start"]))…\(s(doc["l2End"])) (\(s(doc["blockCount"])) blocks), "
        line += "\(s(doc["calldataBytes"])) calldata bytes, \(s(doc["uncompressedBytes"])) uncompressed"
        out.append(line)
        if doc["l1TxHash"] != nil {
            out.append("L1 transaction \(s(doc["l1TxHash"])) in L1 block \(s(doc["l1BlockNumber"]))")
        }
        guard case .array(let blocks)? = doc["blocks"] else { return out.joined(separator: "\n") }
        for b in blocks {
            guard case .array(let txs)? = b["transactions"] else { continue }
            out.append("block \(s(b["number"]))  timestamp \(s(b["timestamp"]))  \(txs.count) transaction\(txs.count == 1 ? "" : "s")")
            for t in txs {
                if s(t["type"]) == "enqueue" {
                    out.append("  enqueue  origin \(s(t["l1TxOrigin"]))  queue index \(s(t["queueIndex"]))")
                } else if t["error"] != nil {
                    out.append("  \(s(t["error"]))  raw \(s(t["raw"]))")
                } else {
                    let to = t["to"] == .null ? "(create)" : s(t["to"])
                    out.append("  \(s(t["hash"]))  from \(s(t["from"])) to \(to)  value \(s(t["value"])) wei  nonce \(s(t["nonce"]))  sealer \(s(t["sealer"]))")
                }
            }
        }
        return out.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// A failure of `devnet batch decode` (bad input, the L1 cannot be reached, not a batch): printed as
/// "Error: …" without the usage text, exit status 1.
struct BatchDecodeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
