import Primitives

/// EIP-712 typed structured data hashing and signing (eth_signTypedData_v4, MetaMask's "v4":
/// arrays and nested structs allowed).
///
/// - `encodeType(T)` = `T(type1 name1,…)` followed by every struct type T references (directly or
///   through other structs, arrays stripped), sorted by name, each in the same form.
/// - `hashStruct(T, v)` = keccak256(keccak256(encodeType(T)) ‖ encodeData(v)), each field encoded
///   as one 32-byte word: `bool`, `address`, `uintN`, `intN` (two's complement) left-padded;
///   `bytesN` right-padded; `bytes` and `string` as keccak256 of their content; a struct as its
///   `hashStruct`; an array as keccak256 of its elements' words concatenated.
/// - The signing hash is keccak256(0x19 ‖ 0x01 ‖ hashStruct(EIP712Domain, domain) ‖
///   hashStruct(primaryType, message)), the message part left out when `primaryType` is
///   `EIP712Domain` (as eth-account and MetaMask do).
public enum EIP712 {
    /// A JSON value (the RPC layer converts its own JSON into this). Numbers keep their literal text.
    public indirect enum Value: Sendable {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array([Value])
        case object([(String, Value)])

        /// The member `key` of an object, nil otherwise or when absent.
        public subscript(key: String) -> Value? {
            guard case .object(let members) = self else { return nil }
            for (k, v) in members where k == key { return v }
            return nil
        }
    }

    /// One member of a struct type: `{"name": …, "type": …}`.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: String
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    /// A whole eth_signTypedData_v4 document: `{types, primaryType, domain, message}`.
    public struct TypedData: Sendable {
        /// Struct types by name; includes `EIP712Domain` (inferred from the domain's members in the
        /// canonical order name, version, chainId, verifyingContract, salt when the document omits it).
        public var types: [String: [Field]]
        public var primaryType: String
        public var domain: Value
        public var message: Value

        /// Reads the document.
        /// - Throws: `EIP712Error.malformed` when a member is missing or of the wrong JSON type.
        public init(json: Value) throws(EIP712Error) {
            guard case .object = json else { throw .malformed("typed data must be a JSON object") }
            guard case .object(let typeMembers)? = json["types"] else { throw .malformed("\"types\" must be an object") }
            var types: [String: [Field]] = [:]
            for (name, list) in typeMembers {
                guard case .array(let entries) = list else { throw .malformed("types.\(name) must be an array") }
                var fields: [Field] = []
                for e in entries {
                    guard case .string(let n)? = e["name"], case .string(let t)? = e["type"] else {
                        throw .malformed("each member of types.\(name) needs a string \"name\" and \"type\"")
                    }
                    fields.append(Field(name: n, type: t))
                }
                types[name] = fields
            }
            guard case .string(let primary)? = json["primaryType"] else { throw .malformed("\"primaryType\" must be a string") }
            let domain = json["domain"] ?? .object([])
            guard case .object(let domainMembers) = domain else { throw .malformed("\"domain\" must be an object") }
            if types["EIP712Domain"] == nil {
                let canonical: [(String, String)] = [("name", "string"), ("version", "string"), ("chainId", "uint256"),
                                                     ("verifyingContract", "address"), ("salt", "bytes32")]
                let present = Set(domainMembers.map(\.0))
                types["EIP712Domain"] = canonical.filter { present.contains($0.0) }.map { Field(name: $0.0, type: $0.1) }
            }
            self.types = types
            self.primaryType = primary
            self.domain = domain
            self.message = json["message"] ?? .object([])
        }

        /// A document from its parts (`types` must contain `EIP712Domain`).
        public init(types: [String: [Field]], primaryType: String, domain: Value, message: Value) {
            self.types = types
            self.primaryType = primaryType
            self.domain = domain
            self.message = message
        }
    }

    // MARK: - hashing

    /// `encodeType` of struct `name`: e.g. `Mail(Person from,Person to,string contents)Person(string name,address wallet)`.
    /// - Throws: `EIP712Error.unknownType` if `name` or a referenced type is not defined.
    public static func encodeType(_ name: String, types: [String: [Field]]) throws(EIP712Error) -> String {
        guard types[name] != nil else { throw .unknownType(name) }
        var found: Set<String> = []
        try collectDependencies(name, types: types, into: &found)
        found.remove(name)
        var out = ""
        for t in [name] + found.sorted() {
            out += t + "(" + types[t]!.map { "\($0.type) \($0.name)" }.joined(separator: ",") + ")"
        }
        return out
    }

    private static func collectDependencies(_ name: String, types: [String: [Field]], into found: inout Set<String>) throws(EIP712Error) {
        let base = baseType(name)
        guard let fields = types[base], found.insert(base).inserted else { return }
        for f in fields {
            let t = baseType(f.type)
            if types[t] != nil {
                try collectDependencies(t, types: types, into: &found)
            } else if !isAtomicOrDynamic(t) {
                throw .unknownType(f.type)
            }
        }
    }

    /// keccak256(encodeType(name)), 32 bytes.
    public static func typeHash(_ name: String, types: [String: [Field]]) throws(EIP712Error) -> Hash {
        Keccak256.hash(Array(try encodeType(name, types: types).utf8))
    }

    /// hashStruct(name, value) = keccak256(typeHash ‖ encodeData(value)), 32 bytes.
    /// - Throws: `EIP712Error` for a missing field, a value of the wrong shape or out of range.
    public static func hashStruct(_ name: String, _ value: Value, types: [String: [Field]]) throws(EIP712Error) -> Hash {
        guard let fields = types[name] else { throw .unknownType(name) }
        guard case .object = value else { throw .badValue(field: name, "expected an object") }
        var data = try typeHash(name, types: types).bytes
        data.reserveCapacity(32 * (fields.count + 1))
        for f in fields {
            guard let v = value[f.name] else { throw .badValue(field: "\(name).\(f.name)", "missing") }
            data += try encodeValue(f.type, v, types: types, field: "\(name).\(f.name)")
        }
        return Keccak256.hash(data)
    }

    /// The domain separator: hashStruct(EIP712Domain, domain).
    public static func domainSeparator(_ td: TypedData) throws(EIP712Error) -> Hash {
        try hashStruct("EIP712Domain", td.domain, types: td.types)
    }

    /// keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)), the digest that is signed.
    public static func signingHash(_ td: TypedData) throws(EIP712Error) -> Hash {
        var data: [UInt8] = [0x19, 0x01]
        data += try domainSeparator(td).bytes
        if td.primaryType != "EIP712Domain" {
            data += try hashStruct(td.primaryType, td.message, types: td.types).bytes
        }
        return Keccak256.hash(data)
    }

    /// 65 bytes r ‖ s ‖ v (v ∈ {27, 28}) over `signingHash(td)`, as eth-account's
    /// `Account.sign_message(encode_typed_data(full_message=td))` and MetaMask return.
    /// - Throws: `EIP712Error` for bad typed data; `.signing` if the key fails to sign.
    public static func sign(_ td: TypedData, key: PrivateKey) throws(EIP712Error) -> [UInt8] {
        let hash = try signingHash(td)
        do { return try key.sign(hash: hash).bytes65 } catch { throw .signing("\(error)") }
    }

    // MARK: - field encoding

    /// `T[]` / `T[n]` → `T`, repeatedly (`uint8[2][]` → `uint8`).
    static func baseType(_ t: String) -> String {
        var s = Substring(t)
        while s.hasSuffix("]"), let open = s.lastIndex(of: "[") { s = s[..<open] }
        return String(s)
    }

    static func isAtomicOrDynamic(_ t: String) -> Bool {
        switch t {
        case "address", "bool", "string", "bytes": return true
        default:
            if let n = bitWidth(t, prefix: "uint") ?? bitWidth(t, prefix: "int") { return n > 0 }
            if t.hasPrefix("bytes"), let n = Int(t.dropFirst(5)), (1...32).contains(n) { return true }
            return false
        }
    }

    /// N of `uintN` / `intN` (8…256, multiple of 8; `uint` alone is 256); nil if not that type.
    static func bitWidth(_ t: String, prefix: String) -> Int? {
        guard t.hasPrefix(prefix) else { return nil }
        let rest = t.dropFirst(prefix.count)
        if rest.isEmpty { return 256 }
        guard let n = Int(rest), n % 8 == 0, (8...256).contains(n) else { return nil }
        return n
    }

    static func encodeValue(_ type: String, _ v: Value, types: [String: [Field]], field: String) throws(EIP712Error) -> [UInt8] {
        if type.hasSuffix("]"), let open = type.lastIndex(of: "[") {
            let inner = String(type[..<open])
            let lengthText = type[type.index(after: open)..<type.index(before: type.endIndex)]
            guard case .array(let items) = v else { throw .badValue(field: field, "expected an array for \(type)") }
            if !lengthText.isEmpty {
                guard let n = Int(lengthText), n == items.count else {
                    throw .badValue(field: field, "\(type) needs exactly \(lengthText) elements, got \(items.count)")
                }
            }
            var data: [UInt8] = []
            data.reserveCapacity(32 * items.count)
            for (i, item) in items.enumerated() {
                data += try encodeValue(inner, item, types: types, field: "\(field)[\(i)]")
            }
            return Keccak256.hash(data).bytes
        }
        if types[type] != nil { return try hashStruct(type, v, types: types).bytes }
        switch type {
        case "string":
            guard case .string(let s) = v else { throw .badValue(field: field, "expected a string") }
            return Keccak256.hash(Array(s.utf8)).bytes
        case "bytes":
            return Keccak256.hash(try bytes(v, field: field)).bytes
        case "bool":
            switch v {
            case .bool(let b): return UInt256(b ? 1 : 0).bigEndianBytes
            case .number("0"), .string("0"), .string("false"): return UInt256.zero.bigEndianBytes
            case .number("1"), .string("1"), .string("true"): return UInt256(1).bigEndianBytes
            default: throw .badValue(field: field, "expected a boolean")
            }
        case "address":
            guard case .string(let s) = v, let b = try? Hex.decode(s), b.count == 20 else {
                throw .badValue(field: field, "expected a 20-byte hex address")
            }
            return [UInt8](repeating: 0, count: 12) + b
        default:
            break
        }
        if type.hasPrefix("bytes"), let n = Int(type.dropFirst(5)), (1...32).contains(n) {
            let b = try bytes(v, field: field)
            guard b.count <= n else { throw .badValue(field: field, "\(type) takes at most \(n) bytes, got \(b.count)") }
            return b + [UInt8](repeating: 0, count: 32 - b.count)
        }
        if let bits = bitWidth(type, prefix: "uint") {
            let (negative, magnitude) = try integer(v, field: field)
            guard !negative || magnitude.isZero else { throw .badValue(field: field, "\(type) cannot be negative") }
            guard bits == 256 || magnitude >> bits == .zero else { throw .badValue(field: field, "value does not fit \(type)") }
            return magnitude.bigEndianBytes
        }
        if let bits = bitWidth(type, prefix: "int") {
            let (negative, magnitude) = try integer(v, field: field)
            // Range −2^(bits−1) … 2^(bits−1) − 1.
            let limit = UInt256(1) << (bits - 1)
            if negative {
                guard magnitude <= limit else { throw .badValue(field: field, "value does not fit \(type)") }
                return (UInt256.zero &- magnitude).bigEndianBytes
            }
            guard magnitude < limit else { throw .badValue(field: field, "value does not fit \(type)") }
            return magnitude.bigEndianBytes
        }
        throw .unknownType(type)
    }

    /// Bytes from a 0x-hex string.
    static func bytes(_ v: Value, field: String) throws(EIP712Error) -> [UInt8] {
        guard case .string(let s) = v, let b = try? Hex.decode(s) else {
            throw .badValue(field: field, "expected 0x-prefixed hex bytes")
        }
        return b
    }

    /// An integer given as a JSON number, a decimal string or a 0x-hex string (optionally with a
    /// leading minus): sign and magnitude.
    static func integer(_ v: Value, field: String) throws(EIP712Error) -> (negative: Bool, magnitude: UInt256) {
        var text: Substring
        switch v {
        case .number(let s): text = Substring(s)
        case .string(let s): text = Substring(s)
        default: throw .badValue(field: field, "expected an integer (number or string)")
        }
        var negative = false
        if text.hasPrefix("-") { negative = true; text = text.dropFirst() }
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            guard let m = UInt256(hex: String(text)) else { throw .badValue(field: field, "bad hex integer") }
            return (negative, m)
        }
        guard !text.isEmpty else { throw .badValue(field: field, "empty integer") }
        var r = UInt256.zero
        let maxDiv10 = UInt256.max / UInt256(10)
        for c in text.utf8 {
            guard c >= 48, c <= 57 else { throw .badValue(field: field, "not an integer: \(text)") }
            let d = UInt256(UInt64(c - 48))
            guard r <= maxDiv10 else { throw .badValue(field: field, "integer above 2^256") }
            let (sum, overflow) = (r &* UInt256(10)).addingReportingOverflow(d)
            guard !overflow else { throw .badValue(field: field, "integer above 2^256") }
            r = sum
        }
        return (negative, r)
    }
}

/// Why typed data could not be hashed or signed.
public enum EIP712Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document's structure is wrong (missing `types`, `primaryType`, …).
    case malformed(String)
    /// A type that is neither a defined struct nor an EIP-712 atomic/dynamic type.
    case unknownType(String)
    /// A field's value is missing, of the wrong JSON type, or out of range.
    case badValue(field: String, String)
    /// The key could not sign.
    case signing(String)

    public var description: String {
        switch self {
        case .malformed(let s): return "invalid typed data: \(s)"
        case .unknownType(let t): return "invalid typed data: unknown type \(t)"
        case .badValue(let f, let s): return "invalid typed data: \(f): \(s)"
        case .signing(let s): return "signing failed: \(s)"
        }
    }
}
