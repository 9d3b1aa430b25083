import DevnetCrypto
import Node
import Primitives
import Rollup

/// One decoded-enough event log: its topics as words, its data and where it was mined.
struct LazAILog: Sendable {
    /// topic0…topicN as 256-bit words.
    var topics: [UInt256]
    /// The non-indexed data.
    var data: [UInt8]
    /// Transaction hash, `0x` + 64 hex digits.
    var txHash: String
    var blockNumber: UInt64
    var logIndex: UInt64

    init?(_ json: JSON) {
        guard case .array(let t)? = json["topics"] else { return nil }
        var topics: [UInt256] = []
        for item in t {
            guard let s = item.stringValue, let h = Hash(hex: s) else { return nil }
            topics.append(h.word)
        }
        self.topics = topics
        data = (try? Hex.decode(json["data"]?.stringValue ?? "0x")) ?? []
        txHash = json["transactionHash"]?.stringValue ?? ""
        blockNumber = (json["blockNumber"]?.stringValue).flatMap { try? Hex.parseQuantity($0).low64 } ?? 0
        logIndex = (json["logIndex"]?.stringValue).flatMap { try? Hex.parseQuantity($0).low64 } ?? 0
    }

    /// Indexed parameter `i` (1-based topic index) as a word; nil when the log has fewer topics.
    func topic(_ i: Int) -> UInt256? { i < topics.count ? topics[i] : nil }

    /// Indexed parameter `i` as an address.
    func topicAddress(_ i: Int) -> Address? { topic(i).map { Address($0) } }

    /// The non-indexed parameters, decoded as `types` (e.g. "(uint256,string)"); nil when they do not decode.
    func values(_ types: String) -> [ABIValue]? { try? ABI.decode(types, from: data) }
}

/// The LazAI events the `lazai_` namespace reads (their topic0 is keccak256 of these signatures;
/// indexing as in LAZAI-API.md §1 and Contracts/LazAI/*.vy).
enum LazAIEvents {
    static let fileAdded = ABI.eventTopic("FileAdded(uint256,address,string)")
    static let proofAdded = ABI.eventTopic("ProofAdded(uint256,address,uint256,string)")
    static let permissionGranted = ABI.eventTopic("PermissionGranted(uint256,address)")
    static let rewardRequested = ABI.eventTopic("RewardRequested(address,uint256,uint256,uint256)")
    static let jobSubmitted = ABI.eventTopic("JobSubmitted(uint256,uint256,address,uint256)")
    static let jobCanceled = ABI.eventTopic("JobCanceled(uint256)")
    static let jobComplete = ABI.eventTopic("JobComplete(address,uint256,uint256)")
    static let tokenMinted = ABI.eventTopic("TokenMinted(address,uint256,string)")
}

/// Reads of the LazAI contracts for one `lazai_` request, all pinned to one block (`block`, a hex
/// number) so a request sees one consistent state; logs are fetched once per contract and topic.
final class LazAIChainReader: @unchecked Sendable {
    let client: RollupClient
    /// The block every read is made at, `0x` quantity.
    let block: String
    let blockNumber: UInt64
    private var logCache: [String: [LazAILog]] = [:]

    init(client: RollupClient) async throws(RollupClientError) {
        self.client = client
        blockNumber = try await client.blockNumber()
        block = Hex.quantity(blockNumber)
    }

    /// eth_call decoded as `returns`; throws when the call reverts or the answer does not decode.
    func call(_ to: Address, _ signature: String, _ args: [ABIValue] = [], returns: String) async throws(RollupClientError) -> [ABIValue] {
        try await client.call(to: to, signature, args, returns: returns, block: block)
    }

    /// eth_call returning several fields `fields` ("address,string,…"): as one struct (a single
    /// tuple, how a function returning a struct encodes) or, with `flat`, as a list of return
    /// values; the other form is tried when the first does not decode. nil when neither decodes or
    /// the call reverts (the function is missing, the id unknown).
    func callStruct(_ to: Address, _ signature: String, _ args: [ABIValue] = [], fields: String, flat: Bool = false) async -> [ABIValue]? {
        guard let out = try? await client.call(to: to, data: ABI.call(signature, args), block: block) else { return nil }
        func asStruct() -> [ABIValue]? { (try? ABI.decode("((\(fields)))", from: out))?.first?.items }
        func asList() -> [ABIValue]? { try? ABI.decode("(\(fields))", from: out) }
        return flat ? (asList() ?? asStruct()) : (asStruct() ?? asList())
    }

    /// A single uint256 view; nil when it reverts or is missing.
    func uint(_ to: Address, _ signature: String, _ args: [ABIValue] = []) async -> UInt256? {
        (try? await call(to, signature, args, returns: "(uint256)"))?.first?.word
    }

    /// A single string view; nil when it reverts or is missing.
    func string(_ to: Address, _ signature: String, _ args: [ABIValue] = []) async -> String? {
        guard let v = try? await call(to, signature, args, returns: "(string)"), case .string(let s)? = v.first else { return nil }
        return s
    }

    /// A single address view; nil when it reverts or is missing.
    func address(_ to: Address, _ signature: String, _ args: [ABIValue] = []) async -> Address? {
        (try? await call(to, signature, args, returns: "(address)"))?.first?.addressValue
    }

    /// A single bool view; nil when it reverts or is missing.
    func bool(_ to: Address, _ signature: String, _ args: [ABIValue] = []) async -> Bool? {
        guard let v = try? await call(to, signature, args, returns: "(bool)"), case .bool(let b)? = v.first else { return nil }
        return b
    }

    /// An `address[]` view; nil when it reverts or is missing.
    func addresses(_ to: Address, _ signature: String) async -> [Address]? {
        guard let v = try? await call(to, signature, returns: "(address[])"), let items = v.first?.items else { return nil }
        return items.compactMap(\.addressValue)
    }

    /// The logs of `address` with topic0 `topic` from block 0 to `block` (cached for the request).
    func logs(_ address: Address, _ topic: Hash) async throws(RollupClientError) -> [LazAILog] {
        let key = address.hex + topic.hex
        if let cached = logCache[key] { return cached }
        let list = try await client.logs(address: address, topic: topic, from: 0, to: blockNumber).compactMap(LazAILog.init)
        logCache[key] = list
        return list
    }

    /// The logs of `address` with any of the topic0s `topics`, by topic0 (for events whose
    /// exact signature may differ between contract versions: whichever signature is in use matches).
    func logs(_ address: Address, anyOf topics: [Hash]) async throws(RollupClientError) -> [LazAILog] {
        var all: [LazAILog] = []
        for t in topics { all += try await logs(address, t) }
        return all.sorted { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }
    }

    /// The logs of `address` with topic0 `topic` and topic1 == `key`.
    func logs(_ address: Address, _ topic: Hash, key: UInt256) async throws(RollupClientError) -> [LazAILog] {
        try await logs(address, topic).filter { $0.topic(1) == key }
    }
}

/// JSON shapes shared by the `lazai_` answers.
enum LazAIRPCJSON {
    /// A QUANTITY (`0x` + hex without leading zeros, "0x0" for zero), as execution-apis.
    static func q(_ v: UInt256) -> JSON { .string(v.quantityHex) }
    static func q(_ v: UInt64) -> JSON { .string(Hex.quantity(v)) }
    static func q(_ v: Int) -> JSON { .string(Hex.quantity(UInt64(max(0, v)))) }
    /// An EIP-55 checksummed address.
    static func a(_ v: Address) -> JSON { .string(v.checksummed) }
    static func a(_ v: Address?) -> JSON { v.map { .string($0.checksummed) } ?? .null }
    /// DATA: `0x` + lowercase hex.
    static func d(_ v: [UInt8]) -> JSON { .string(Hex.encode(v)) }
    static func s(_ v: String?) -> JSON { v.map { .string($0) } ?? .null }

    /// Name of a VerifiedComputing/AIProcess node status (0 None, 1 Active, 2 Removed).
    static func nodeStatus(_ code: UInt64) -> String {
        switch code {
        case 0: "none"
        case 1: "active"
        case 2: "removed"
        default: "unknown(\(code))"
        }
    }

    /// Name of a VerifiedComputing job status (0 None, 1 Submitted, 2 Completed, 3 Canceled).
    static func jobStatus(_ code: UInt64) -> String {
        switch code {
        case 0: "none"
        case 1: "submitted"
        case 2: "completed"
        case 3: "canceled"
        default: "unknown(\(code))"
        }
    }
}

extension ABIValue {
    /// The string of a `.string`; nil otherwise.
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The value of a `.bool` (or a 0/1 `.uint`); nil otherwise.
    var boolValue: Bool? {
        switch self {
        case .bool(let b): b
        case .uint(let v): v.isZero ? false : (v == .one ? true : nil)
        default: nil
        }
    }
}
