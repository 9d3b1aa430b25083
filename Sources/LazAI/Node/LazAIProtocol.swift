import DevnetCrypto
import Primitives
import Rollup

/// A verified-computing proof's data: DataRegistry's `ProofData{uint256 id; uint256 score; string
/// fileUrl; string proofUrl}` (reference §4.2; Alith's `ProofData`, alith/lazai/proof.py).
public struct LazAIProofData: Sendable, Equatable {
    /// The file id (DataRegistry ids start at 1).
    public var fileId: UInt256
    /// Data-quality score, 1…10000; DataRegistry mints this many DAT units on `requestReward`.
    public var score: UInt256
    /// The file's registered URL.
    public var fileUrl: String
    /// URL of a proof artifact; "" when there is none.
    public var proofUrl: String

    public init(fileId: UInt256, score: UInt256, fileUrl: String, proofUrl: String) {
        self.fileId = fileId
        self.score = score
        self.fileUrl = fileUrl
        self.proofUrl = proofUrl
    }

    static let tupleType: ABIType = .tuple([.uint(256), .uint(256), .string, .string])

    /// The tuple value, for `addProof(uint256,(bytes,(uint256,uint256,string,string)))`.
    public var abiValue: ABIValue { .tuple([.uint(fileId), .uint(score), .string(fileUrl), .string(proofUrl)]) }

    /// `abi.encode(proofData)` of the struct as ONE tuple parameter: a leading offset word 0x20,
    /// then the tuple — exactly eth_abi's `encode(["(uint256,uint256,string,string)"], [data])`
    /// (Alith's `ProofData.abi_encode`) and Solidity's `abi.encode(proof.data)`.
    public var abiEncoded: [UInt8] { ABI.encode([abiValue], types: [Self.tupleType]) }

    /// keccak256(abiEncoded): the hash the node signs and DataRegistry's requestReward recovers (32 bytes).
    public var hash: Hash { Keccak256.hash(abiEncoded) }

    /// The node's attestation: EIP-191 personal_sign of the 32-byte `hash` (r ‖ s ‖ v, v 27/28,
    /// 65 bytes), as eth_account `sign_message(encode_defunct(primitive=hash))` (Alith `add_proof`).
    /// - Throws: `LazAIError` if signing fails.
    public func signature(key: PrivateKey) throws(LazAIError) -> [UInt8] {
        do { return try EIP191.sign(message: hash.bytes, key: key) } catch { throw LazAIError("cannot sign the proof: \(error)") }
    }

    /// Calldata of `DataRegistry.addProof(fileId, (signature, data))`.
    public func addProofCall(signature: [UInt8]) -> [UInt8] {
        ABI.call("addProof(uint256,(bytes,(uint256,uint256,string,string)))",
                 [.uint(fileId), .tuple([.bytes(signature), abiValue])])
    }
}

/// An AIProcess settlement's data: `SettlementData{string id; address user; uint256 cost; uint256
/// nonce; bytes userSignature}` (reference §4.5; Alith `SettlementData`, alith/lazai/proof.py).
public struct LazAISettlementData: Sendable, Equatable {
    /// The request id (e.g. the chat completion's id).
    public var id: String
    public var user: Address
    /// Wei taken from the user's account with the node.
    public var cost: UInt256
    /// The request's X-LazAI-Nonce.
    public var nonce: UInt256
    /// The request's X-LazAI-Signature (65 bytes).
    public var userSignature: [UInt8]

    public init(id: String, user: Address, cost: UInt256, nonce: UInt256, userSignature: [UInt8]) {
        self.id = id
        self.user = user
        self.cost = cost
        self.nonce = nonce
        self.userSignature = userSignature
    }

    static let tupleType: ABIType = .tuple([.string, .address, .uint(256), .uint(256), .bytes])

    public var abiValue: ABIValue {
        .tuple([.string(id), .address(user), .uint(cost), .uint(nonce), .bytes(userSignature)])
    }

    /// eth_abi `encode(["(string,address,uint256,uint256,bytes)"], [data])`: one tuple parameter
    /// with its leading offset word (Alith `SettlementData.abi_encode`).
    public var abiEncoded: [UInt8] { ABI.encode([abiValue], types: [Self.tupleType]) }

    /// keccak256(abiEncoded), 32 bytes.
    public var hash: Hash { Keccak256.hash(abiEncoded) }

    /// The node's EIP-191 signature over `hash` (65 bytes, v 27/28), as Alith's
    /// `inference_settlement_fees` makes it (not checked on-chain).
    /// - Throws: `LazAIError` if signing fails.
    public func signature(key: PrivateKey) throws(LazAIError) -> [UInt8] {
        do { return try EIP191.sign(message: hash.bytes, key: key) } catch { throw LazAIError("cannot sign the settlement: \(error)") }
    }

    /// Calldata of `settlementFees((bytes,(string,address,uint256,uint256,bytes)))` on an AIProcess.
    public func settlementFeesCall(signature: [UInt8]) -> [UInt8] {
        ABI.call("settlementFees((bytes,(string,address,uint256,uint256,bytes)))", [.tuple([.bytes(signature), abiValue])])
    }
}

/// The X-LazAI-User / X-LazAI-Nonce / X-LazAI-Signature request headers (Alith
/// alith/lazai/request.py, settlement.py).
public enum LazAIRequestAuth {
    /// keccak256(abi.encode(uint256 nonce, address user, address node)) — three flat parameters,
    /// no offset word (Alith `SettlementRequest.abi_encode`). 32 bytes.
    public static func digest(nonce: UInt256, user: Address, node: Address) -> Hash {
        Keccak256.hash(ABI.encode([.uint(nonce), .address(user), .address(node)], types: [.uint(256), .address, .address]))
    }

    /// The address that signed `digest` with EIP-191 personal_sign (65-byte r ‖ s ‖ v, v 27/28 or 0/1).
    /// - Throws: `LazAIError` for a signature that is not 65 bytes or does not recover.
    public static func recover(nonce: UInt256, user: Address, node: Address, signature: [UInt8]) throws(LazAIError) -> Address {
        try recoverPersonalSign(digest: digest(nonce: nonce, user: user, node: node), signature: signature)
    }

    /// The address that signed the 32-byte `digest` with EIP-191 personal_sign (65-byte r ‖ s ‖ v,
    /// v 27/28 or 0/1) — how Alith signs request headers and ProofData.
    /// - Throws: `LazAIError` for a signature that is not 65 bytes or does not recover.
    public static func recoverPersonalSign(digest: Hash, signature: [UInt8]) throws(LazAIError) -> Address {
        guard signature.count == 65 else { throw LazAIError("the signature is \(signature.count) bytes, not 65") }
        let v = signature[64]
        let parity: UInt8
        switch v {
        case 27, 28: parity = v - 27
        case 0, 1: parity = v
        default: throw LazAIError("the signature's v is \(v), not 27 or 28")
        }
        let sig = Signature(r: UInt256(bigEndian: signature[0..<32]), s: UInt256(bigEndian: signature[32..<64]), yParity: parity)
        let h = EIP191.hash(message: digest.bytes)
        do { return try Secp256k1.recoverAddress(hash: h, signature: sig) } catch {
            throw LazAIError("the signature does not recover: \(error)")
        }
    }
}

/// The node's built-in data-quality scorer (deterministic; LazAI's Alith validator uses
/// `StandardDQSCalculator` × 10000, or a random 1…10000 with decryption off).
///
/// Heuristic over the decrypted text, each part in [0, 1]:
/// - diversity: distinct words / words (lower-cased, split on non-letters/digits), weight 0.5;
/// - length: min(1, words / 400) — longer contributions count more, up to 400 words, weight 0.3;
/// - cleanliness: share of bytes that are printable UTF-8 text (letters, digits, punctuation,
///   whitespace; not control bytes or invalid UTF-8), weight 0.2.
/// score = max(1, round(10000 × (0.5·diversity + 0.3·length + 0.2·cleanliness))), so 1…10000.
/// Empty data scores 1.
public enum LazAIScorer {
    public static func score(_ data: [UInt8]) -> UInt64 {
        guard !data.isEmpty else { return 1 }
        let text = String(decoding: data, as: UTF8.self)
        var words: [String] = []
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber { current.append(ch) } else if !current.isEmpty { words.append(current); current = "" }
        }
        if !current.isEmpty { words.append(current) }
        var printable = 0
        var total = 0
        for scalar in text.unicodeScalars {
            total += 1
            if scalar == "\u{FFFD}" { continue }
            let v = scalar.value
            if v == 9 || v == 10 || v == 13 || (v >= 32 && v != 127) { printable += 1 }
        }
        let diversity = words.isEmpty ? 0 : Double(Set(words).count) / Double(words.count)
        let length = min(1, Double(words.count) / 400)
        let clean = total == 0 ? 0 : Double(printable) / Double(total)
        let s = (10000 * (0.5 * diversity + 0.3 * length + 0.2 * clean)).rounded()
        return UInt64(max(1, min(10000, s)))
    }
}

/// The node's built-in deterministic "model": not a language model — it answers with a summary of
/// the prompt so inference and settlement can be exercised end to end (a Plugins module can
/// replace it). Tokens are whitespace-separated words.
public enum LazAIResponder {
    /// Counts whitespace-separated words.
    public static func tokens(_ text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).count
    }

    /// The reply to the last user message: "You said N words: "<first 12 words>…". Most frequent
    /// words: a, b, c. (LazAI devnet built-in responder.)"
    public static func reply(to prompt: String) -> String {
        let words = prompt.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard !words.isEmpty else { return "You sent an empty message. (LazAI devnet built-in responder)" }
        let head = words.prefix(12).joined(separator: " ") + (words.count > 12 ? " …" : "")
        var counts: [String: Int] = [:]
        var order: [String] = []
        for w in words {
            let k = String(w.lowercased().filter { $0.isLetter || $0.isNumber })
            guard k.count > 2 else { continue }
            if counts[k] == nil { order.append(k) }
            counts[k, default: 0] += 1
        }
        let top = order.enumerated().sorted { a, b in
            let ca = counts[a.element]!, cb = counts[b.element]!
            return ca != cb ? ca > cb : a.offset < b.offset
        }.prefix(3).map(\.element)
        var out = "You said \(words.count) word\(words.count == 1 ? "" : "s"): \"\(head)\"."
        if !top.isEmpty { out += " Most frequent words: \(top.joined(separator: ", "))." }
        return out + " (LazAI devnet built-in responder)"
    }

    /// The `limit` paragraphs of `document` sharing the most words with `query` (ties: document
    /// order), for the Query node's deterministic retrieval.
    public static func retrieve(query: String, document: String, limit: Int) -> [String] {
        let q = Set(query.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.count > 2 })
        let paragraphs = document.paragraphs()
        let ranked = paragraphs.enumerated().map { i, p -> (Int, Int, String) in
            let words = Set(p.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
            return (q.intersection(words).count, i, p)
        }.filter { $0.0 > 0 }.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        return ranked.prefix(max(0, limit)).map(\.2)
    }
}

extension String {
    /// Non-empty paragraphs separated by blank lines, trimmed.
    func paragraphs() -> [String] {
        var out: [String] = []
        var current: [Substring] = []
        for line in split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy({ $0.isWhitespace }) {
                if !current.isEmpty { out.append(current.joined(separator: "\n")); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { out.append(current.joined(separator: "\n")) }
        return out.map { $0.trimmingCharacters() }
    }
}
