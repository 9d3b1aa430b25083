import Foundation
import Primitives
import State

/// The state dump document of anvil_dumpState / anvil_loadState, version 1 (a UTF-8 JSON text):
///
///     {"version": 1, "devnet": "metis-devnet", "chainId": 133718,
///      "head": {"number": "0x5", "hash": "0x…32 bytes", "stateRoot": "0x…32 bytes"},
///      "accounts": {"0x…20 bytes": {"balance": "0x… wei", "nonce": 3, "code": "0x…",
///                                   "storage": {"0x…32-byte slot": "0x…32-byte value"}}}}
///
/// `accounts` holds every account of the head state (with cheat edits), keyed by lowercase address.
/// The account fields have the shapes of anvil's `SerializableAccountRecord` (balance a hex QUANTITY,
/// nonce a JSON number, code hex DATA, storage hex slot → hex value), so `load` also reads anvil's
/// own (uncompressed) dumps, which have `accounts` but no `version`.
///
/// Compatibility rule: a later devnet reads every version up to `StateDump.currentVersion`; a
/// version above it is refused with `StateDumpError.unsupportedVersion`.
public struct StateDump: Sendable, Equatable {
    /// The version this devnet writes (and the newest it reads).
    public static let currentVersion = 1
    /// The `devnet` member written into every dump.
    public static let producer = "metis-devnet"

    /// One account: balance in wei, nonce, code bytes, storage (non-zero slots only).
    public struct AccountRecord: Sendable, Equatable {
        public var balance: UInt256
        public var nonce: UInt64
        public var code: [UInt8]
        public var storage: [UInt256: UInt256]
        public init(balance: UInt256, nonce: UInt64, code: [UInt8], storage: [UInt256: UInt256]) {
            self.balance = balance
            self.nonce = nonce
            self.code = code
            self.storage = storage
        }
    }

    /// The document version read (0 for anvil's own, version-less dumps).
    public var version: Int
    /// Chain id the dump was taken on (nil in anvil's dumps).
    public var chainId: UInt64?
    /// Head block number and hash when the dump was taken (nil in anvil's dumps).
    public var headNumber: UInt64?
    public var headHash: Hash?
    /// The head state root when the dump was taken (32 bytes; nil in anvil's dumps).
    public var stateRoot: Hash?
    public var accounts: [Address: AccountRecord]

    public init(version: Int = StateDump.currentVersion, chainId: UInt64?, headNumber: UInt64?, headHash: Hash?,
                stateRoot: Hash?, accounts: [Address: AccountRecord]) {
        self.version = version
        self.chainId = chainId
        self.headNumber = headNumber
        self.headHash = headHash
        self.stateRoot = stateRoot
        self.accounts = accounts
    }

    // MARK: writing

    /// The version-1 JSON text (UTF-8), members in a fixed order and accounts / slots sorted, so the
    /// same state always gives the same bytes.
    public func encoded() -> [UInt8] {
        var out = "{\"version\":\(StateDump.currentVersion),\"devnet\":\"\(StateDump.producer)\""
        if let chainId { out += ",\"chainId\":\(chainId)" }
        if headNumber != nil || headHash != nil || stateRoot != nil {
            var head: [String] = []
            if let headNumber { head.append("\"number\":\"\(Hex.quantity(headNumber))\"") }
            if let headHash { head.append("\"hash\":\"\(headHash.hex)\"") }
            if let stateRoot { head.append("\"stateRoot\":\"\(stateRoot.hex)\"") }
            out += ",\"head\":{" + head.joined(separator: ",") + "}"
        }
        out += ",\"accounts\":{"
        var firstAccount = true
        for address in accounts.keys.sorted(by: { $0.hex < $1.hex }) {
            let a = accounts[address]!
            if !firstAccount { out += "," }
            firstAccount = false
            out += "\"\(address.hex)\":{\"balance\":\"\(a.balance.quantityHex)\",\"nonce\":\(a.nonce),"
            out += "\"code\":\"\(Hex.encode(a.code))\",\"storage\":{"
            var firstSlot = true
            for slot in a.storage.keys.sorted() {
                if !firstSlot { out += "," }
                firstSlot = false
                out += "\"\(Hex.encode(slot.bigEndianBytes))\":\"\(Hex.encode(a.storage[slot]!.bigEndianBytes))\""
            }
            out += "}}"
        }
        out += "}}"
        return Array(out.utf8)
    }

    // MARK: reading

    /// Reads a dump: a version-1 document, or anvil's version-less `{"accounts": …}` JSON.
    /// - Throws: `StateDumpError.compressed` for gzip/zlib input, `.unsupportedVersion` for a
    ///   version above `currentVersion`, `.malformed` for anything else that is not a dump.
    public static func decode(_ bytes: [UInt8]) throws(StateDumpError) -> StateDump {
        if bytes.count >= 2, (bytes[0] == 0x1f && bytes[1] == 0x8b) || (bytes[0] == 0x78 && [0x01, 0x5e, 0x9c, 0xda].contains(bytes[1])) {
            throw .compressed
        }
        let any: Any
        do { any = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
            throw .malformed("not JSON: \(error.localizedDescription)")
        }
        guard let root = any as? [String: Any] else { throw .malformed("the dump must be a JSON object") }
        let version: Int
        if let v = root["version"] {
            guard let n = v as? NSNumber, let i = Int(exactly: n.doubleValue), i >= 1 else {
                throw .malformed("\"version\" must be a positive integer")
            }
            version = i
        } else {
            guard root["accounts"] != nil else { throw .malformed("no \"version\" and no \"accounts\": not a state dump") }
            version = 0   // anvil's SerializableState
        }
        switch version {
        case 0: return try decodeV1(root, version: 0)
        case 1: return try decodeV1(root, version: 1)
        default: throw .unsupportedVersion(version, newest: currentVersion)
        }
    }

    /// Version 1 and anvil's format share the account shapes; anvil's has no head or chain id.
    private static func decodeV1(_ root: [String: Any], version: Int) throws(StateDumpError) -> StateDump {
        guard let rawAccounts = root["accounts"] as? [String: Any] else { throw .malformed("\"accounts\" must be an object") }
        var accounts: [Address: AccountRecord] = [:]
        for (key, value) in rawAccounts {
            guard let address = Address(hex: key) else { throw .malformed("account key \(key) is not a 20-byte hex address") }
            guard let a = value as? [String: Any] else { throw .malformed("account \(key) must be an object") }
            let balance = try quantity(a["balance"] ?? "0x0", "\(key).balance")
            let nonce256 = try quantity(a["nonce"] ?? "0x0", "\(key).nonce")
            guard let nonce = nonce256.uint64 else { throw .malformed("\(key).nonce is above 2^64-1") }
            var code: [UInt8] = []
            if let c = a["code"], !(c is NSNull) {
                guard let s = c as? String, let b = try? Hex.decode(s, requirePrefix: false) else {
                    throw .malformed("\(key).code must be hex bytes")
                }
                code = b
            }
            var storage: [UInt256: UInt256] = [:]
            if let s = a["storage"], !(s is NSNull) {
                guard let slots = s as? [String: Any] else { throw .malformed("\(key).storage must be an object") }
                for (k, v) in slots {
                    guard let slot = UInt256(hex: k) else { throw .malformed("\(key).storage key \(k) is not a 32-byte hex word") }
                    let value = try quantity(v, "\(key).storage[\(k)]")
                    if !value.isZero { storage[slot] = value }
                }
            }
            accounts[address] = AccountRecord(balance: balance, nonce: nonce, code: code, storage: storage)
        }
        var chainId: UInt64?
        if let c = root["chainId"] {
            guard let n = try quantity(c, "chainId").uint64 else { throw .malformed("chainId is above 2^64-1") }
            chainId = n
        }
        let head = root["head"] as? [String: Any]
        let headNumber = try head?["number"].map { (v) throws(StateDumpError) in try quantity(v, "head.number").uint64 } ?? nil
        let headHash = (head?["hash"] as? String).flatMap(Hash.init(hex:))
        let stateRoot = (head?["stateRoot"] as? String).flatMap(Hash.init(hex:))
        return StateDump(version: version, chainId: chainId, headNumber: headNumber, headHash: headHash,
                         stateRoot: stateRoot, accounts: accounts)
    }

    /// A number given as a hex string (leading zeros allowed), a decimal string or a JSON integer.
    private static func quantity(_ v: Any, _ what: String) throws(StateDumpError) -> UInt256 {
        if let s = v as? String {
            if s.hasPrefix("0x") || s.hasPrefix("0X") {
                if s.count == 2 { return .zero }
                if let n = UInt256(hex: s) { return n }
            } else if let n = UInt64(s) {
                return UInt256(n)
            }
            throw .malformed("\(what) is not a number: \(s)")
        }
        if let n = v as? NSNumber, let u = UInt64(n.stringValue) { return UInt256(u) }
        throw .malformed("\(what) must be a hex string or a non-negative integer")
    }
}

/// Why a state dump could not be loaded.
public enum StateDumpError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document is not a state dump (message says what is wrong).
    case malformed(String)
    /// A dump written by a newer devnet: `version` is above what this one reads (`newest`).
    case unsupportedVersion(Int, newest: Int)
    /// gzip / zlib input (anvil's compressed dumps); this devnet reads uncompressed JSON only.
    case compressed

    public var description: String {
        switch self {
        case .malformed(let s): return "invalid state dump: \(s)"
        case .unsupportedVersion(let v, let newest):
            return "state dump version \(v) is newer than this devnet reads (versions 1…\(newest)); upgrade the devnet"
        case .compressed:
            return "compressed (gzip/zlib) state dumps are not supported: decompress to JSON, hex-encode and load that"
        }
    }
}

extension Blockchain {
    /// anvil_dumpState: every account of the head state (including cheat edits) with the head's
    /// number, hash and state root, as a `StateDump` (use `encoded()` for the version-1 JSON bytes).
    public func dumpState() -> StateDump {
        let state = state(at: headNumber)!
        var accounts: [Address: StateDump.AccountRecord] = [:]
        accounts.reserveCapacity(state.accounts.count)
        for (address, a) in state.accounts {
            accounts[address] = StateDump.AccountRecord(balance: a.balance, nonce: a.nonce, code: a.code.bytes,
                                                        storage: a.storage)
        }
        return StateDump(chainId: config.chainId, headNumber: headNumber, headHash: head.hash,
                         stateRoot: state.stateRoot, accounts: accounts)
    }

    /// anvil_loadState: merges `dump`'s accounts into the head state in place, as anvil does — per
    /// account the balance, nonce and code are set and each dumped storage slot is written (slots
    /// not in the dump keep their values; accounts not in the dump are untouched). Goes through the
    /// cheat setters (`setBalance`, `setNonce`, `setCode`, `setStorage`), so no block is mined.
    /// Accounts are applied in address order. The dump's chain id and head are informational.
    public func loadState(_ dump: StateDump) {
        for address in dump.accounts.keys.sorted(by: { $0.hex < $1.hex }) {
            let a = dump.accounts[address]!
            setBalance(address, wei: a.balance)
            setNonce(address, a.nonce)
            setCode(address, a.code)
            for slot in a.storage.keys.sorted() { setStorage(address, slot: slot, value: a.storage[slot]!) }
        }
    }
}
