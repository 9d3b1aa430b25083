import Chain
import DevnetCrypto
import Node
import Primitives

/// Why a rollup service's request to a chain failed.
public enum RollupClientError: Error, Sendable, CustomStringConvertible {
    /// The node answered with a JSON-RPC error.
    case rpc(method: String, code: Int, message: String)
    /// The node's answer does not have the expected shape.
    case badAnswer(method: String, String)
    /// No receipt within the time allowed.
    case timeout(Hash, seconds: Double)
    /// A transaction could not be signed.
    case signing(String)

    public var description: String {
        switch self {
        case .rpc(let m, let c, let msg): "\(m) failed: \(msg) (\(c))"
        case .badAnswer(let m, let why): "\(m) gave an unexpected answer: \(why)"
        case .timeout(let h, let s): "no receipt for \(h.hex) after \(s) s"
        case .signing(let why): "cannot sign: \(why)"
        }
    }
}

/// How a rollup service talks to one chain: JSON-RPC calls on the chain's node (`ChainNode`, or any
/// `RPCHandler`), in process, and real signed transactions. Services never touch a chain's
/// internals (../shared/ARCHITECTURE.md, level 5).
public struct RollupClient: Sendable {
    /// The node answering the calls.
    public let node: any RPCHandler
    /// The chain's EIP-155 id (signed into every transaction).
    public let chainId: UInt64

    public init(node: any RPCHandler, chainId: UInt64) {
        self.node = node
        self.chainId = chainId
    }

    /// One JSON-RPC call.
    /// - Throws: `RollupClientError.rpc` with the node's code and message.
    public func rpc(_ method: String, _ params: [JSON] = []) async throws(RollupClientError) -> JSON {
        do {
            return try await node.call(method: method, params: .array(params))
        } catch {
            throw .rpc(method: method, code: error.code, message: error.message)
        }
    }

    /// A QUANTITY answer as an integer.
    /// - Throws: `RollupClientError.badAnswer` for anything else.
    public static func quantity(_ json: JSON?, _ method: String) throws(RollupClientError) -> UInt256 {
        guard let s = json?.stringValue, let v = try? Hex.parseQuantity(s) else {
            throw .badAnswer(method: method, "expected a hex quantity, got \(json?.text ?? "nothing")")
        }
        return v
    }

    /// A DATA answer as bytes.
    /// - Throws: `RollupClientError.badAnswer` for anything else.
    public static func data(_ json: JSON?, _ method: String) throws(RollupClientError) -> [UInt8] {
        guard let s = json?.stringValue, let v = try? Hex.decode(s) else {
            throw .badAnswer(method: method, "expected hex data, got \(json?.text ?? "nothing")")
        }
        return v
    }

    /// eth_blockNumber.
    public func blockNumber() async throws(RollupClientError) -> UInt64 {
        try Self.quantity(try await rpc("eth_blockNumber"), "eth_blockNumber").low64
    }

    /// eth_getBlockByNumber (`tag` is "latest", "safe", … or a hex number); nil when there is none.
    public func block(_ tag: String, full: Bool = false) async throws(RollupClientError) -> JSON? {
        let b = try await rpc("eth_getBlockByNumber", [.string(tag), .bool(full)])
        return b == .null ? nil : b
    }

    /// eth_getBlockByNumber for a number.
    public func block(number: UInt64, full: Bool = false) async throws(RollupClientError) -> JSON? {
        try await block(Hex.quantity(number), full: full)
    }

    /// eth_call of `data` to `to` at `block`; the return data.
    /// - Throws: `RollupClientError.rpc` when the call reverts (code 3, the revert reason in the message).
    public func call(to: Address, data: [UInt8], from: Address? = nil, block: String = "latest") async throws(RollupClientError) -> [UInt8] {
        var tx: [(String, JSON)] = [("to", .string(to.hex)), ("data", .string(Hex.encode(data)))]
        if let from { tx.append(("from", .string(from.hex))) }
        return try Self.data(try await rpc("eth_call", [.object(tx), .string(block)]), "eth_call")
    }

    /// eth_call of `signature(args)` decoded as `returns` (a type list such as "(uint256,address)").
    public func call(to: Address, _ signature: String, _ args: [ABIValue] = [], returns: String,
                     block: String = "latest") async throws(RollupClientError) -> [ABIValue] {
        let out = try await call(to: to, data: ABI.call(signature, args), block: block)
        do {
            return try ABI.decode(returns, from: out)
        } catch {
            throw .badAnswer(method: "eth_call \(signature)", error.description)
        }
    }

    /// The next nonce of `address`, counting pooled transactions ("pending").
    public func pendingNonce(_ address: Address) async throws(RollupClientError) -> UInt64 {
        try Self.quantity(try await rpc("eth_getTransactionCount", [.string(address.hex), .string("pending")]),
                          "eth_getTransactionCount").low64
    }

    /// eth_getBalance at "latest", in wei.
    public func balance(_ address: Address) async throws(RollupClientError) -> UInt256 {
        try Self.quantity(try await rpc("eth_getBalance", [.string(address.hex), .string("latest")]), "eth_getBalance")
    }

    /// Signs and sends an EIP-1559 transaction from `key`; returns its hash once the pool took it
    /// (with automine it is then already mined).
    /// - Parameters:
    ///   - gas: gas limit; nil = eth_estimateGas × 1.25 + 20,000.
    ///   - nonce: nil = the pending nonce of `key`'s address.
    /// - Throws: `RollupClientError.rpc` when estimation or the pool refuses it (e.g. a revert).
    @discardableResult
    public func send(from key: PrivateKey, to: Address?, data: [UInt8] = [], value: UInt256 = .zero,
                     gas: UInt64? = nil, nonce: UInt64? = nil) async throws(RollupClientError) -> Hash {
        let from = key.address
        let gasLimit: UInt64
        if let gas { gasLimit = gas } else {
            var tx: [(String, JSON)] = [("from", .string(from.hex)), ("data", .string(Hex.encode(data))),
                                        ("value", .string(value.quantityHex))]
            if let to { tx.append(("to", .string(to.hex))) }
            let estimate = try Self.quantity(try await rpc("eth_estimateGas", [.object(tx)]), "eth_estimateGas").low64
            gasLimit = estimate + estimate / 4 + 20_000
        }
        let n: UInt64
        if let nonce { n = nonce } else { n = try await pendingNonce(from) }
        let baseFee = try Self.quantity(try await block("latest")?["baseFeePerGas"], "eth_getBlockByNumber")
        let tip = UInt256(1_000_000_000)
        let unsigned = Transaction(type: .dynamicFee, chainId: chainId, nonce: n, maxPriorityFeePerGas: tip,
                                   maxFeePerGas: baseFee &* UInt256(2) &+ tip, gasLimit: gasLimit, to: to,
                                   value: value, data: data)
        let signed: Transaction
        do {
            signed = try Transaction.sign(unsigned: unsigned, key: key)
        } catch {
            throw .signing("\(error)")
        }
        _ = try await rpc("eth_sendRawTransaction", [.string(Hex.encode(signed.encoded()))])
        return signed.hash
    }

    /// eth_getTransactionReceipt; nil while the transaction is not mined.
    public func receipt(_ hash: Hash) async throws(RollupClientError) -> JSON? {
        let r = try await rpc("eth_getTransactionReceipt", [.string(hash.hex)])
        return r == .null ? nil : r
    }

    /// Waits for the receipt of `hash`, polling every 50 ms.
    /// - Throws: `RollupClientError.timeout` after `seconds`.
    public func waitForReceipt(_ hash: Hash, seconds: Double = 30) async throws(RollupClientError) -> JSON {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(seconds * 1000))
        while true {
            if let r = try await receipt(hash) { return r }
            if clock.now > deadline { throw .timeout(hash, seconds: seconds) }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// True when a receipt's status is 1.
    public static func succeeded(_ receipt: JSON) -> Bool {
        receipt["status"]?.stringValue == "0x1"
    }

    /// eth_getLogs of `address` with topic0 `topic` (nil: any) over blocks `from`…`to` (nil: latest).
    public func logs(address: Address, topic: Hash? = nil, from: UInt64, to: UInt64? = nil) async throws(RollupClientError) -> [JSON] {
        var filter: [(String, JSON)] = [("address", .string(address.hex)), ("fromBlock", .string(Hex.quantity(from))),
                                        ("toBlock", .string(to.map { Hex.quantity($0) } ?? "latest"))]
        if let topic { filter.append(("topics", .array([.string(topic.hex)]))) }
        guard case .array(let list) = try await rpc("eth_getLogs", [.object(filter)]) else {
            throw .badAnswer(method: "eth_getLogs", "expected an array")
        }
        return list
    }
}
