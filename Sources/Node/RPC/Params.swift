import Primitives

/// Positional JSON-RPC parameters with typed accessors. Every accessor throws `ParamError`
/// (→ -32602) whose message names the argument and says what was wrong, e.g.
/// `invalid argument 0: address must be 20 bytes (40 hex digits), got 2 bytes`.
struct Params {
    let items: [JSON]

    init(_ params: JSON) throws(ParamError) {
        switch params {
        case .array(let a): items = a
        case .null: items = []
        default: throw ParamError("params must be an array of positional arguments")
        }
    }

    var count: Int { items.count }

    /// The argument at `index`, or nil when absent or JSON null.
    func optional(_ index: Int) -> JSON? {
        guard index < items.count else { return nil }
        if case .null = items[index] { return nil }
        return items[index]
    }

    func required(_ index: Int, _ what: String) throws(ParamError) -> JSON {
        guard let v = optional(index) else { throw ParamError("missing value for required argument \(index) (\(what))") }
        return v
    }

    /// Rejects more arguments than the method takes, in geth's words (`rpc/json.go`):
    /// "too many arguments, want at most N". JSON nulls count, as in geth.
    func expectAtMost(_ n: Int) throws(ParamError) {
        if items.count > n { throw ParamError("too many arguments, want at most \(n)") }
    }

    /// eth_call / eth_estimateGas take geth's state and block overrides as arguments 2 and 3; this
    /// devnet does not apply them yet, so a non-null one is refused rather than silently ignored
    /// (a null placeholder is fine).
    func rejectOverrides(from index: Int) throws(ParamError) {
        for i in index..<Swift.max(index, items.count) where optional(i) != nil {
            throw ParamError("invalid argument \(i): \(i == index ? "state" : "block") overrides are not supported by this devnet yet")
        }
    }

    func string(_ index: Int, _ what: String) throws(ParamError) -> String {
        let v = try required(index, what)
        guard case .string(let s) = v else { throw ParamError("invalid argument \(index): \(what) must be a hex string, got \(v.typeName)") }
        return s
    }

    func address(_ index: Int) throws(ParamError) -> Address {
        try ParamDecode.address(try required(index, "address"), "invalid argument \(index)")
    }

    func hash(_ index: Int, _ what: String = "hash") throws(ParamError) -> Hash {
        try ParamDecode.hash(try required(index, what), "invalid argument \(index)", what)
    }

    func data(_ index: Int, _ what: String = "data") throws(ParamError) -> [UInt8] {
        try ParamDecode.data(try required(index, what), "invalid argument \(index)", what)
    }

    /// A strict QUANTITY (no leading zeros); see `ParamDecode.quantity`.
    func quantity(_ index: Int, _ what: String = "quantity") throws(ParamError) -> UInt256 {
        try ParamDecode.quantity(try required(index, what), "invalid argument \(index)", what)
    }

    /// A storage slot: a QUANTITY that may carry leading zeros (geth reads slots as 32-byte words,
    /// and clients send them zero-padded to 64 digits).
    func storageSlot(_ index: Int) throws(ParamError) -> UInt256 {
        try ParamDecode.quantity(try required(index, "storage slot"), "invalid argument \(index)", "storage slot",
                                 allowLeadingZeros: true)
    }

    func uint64(_ index: Int, _ what: String) throws(ParamError) -> UInt64 {
        try ParamDecode.uint64(try required(index, what), "invalid argument \(index)", what)
    }

    func bool(_ index: Int, _ what: String) throws(ParamError) -> Bool {
        let v = try required(index, what)
        guard case .bool(let b) = v else { throw ParamError("invalid argument \(index): \(what) must be true or false, got \(v.typeName)") }
        return b
    }

    func optionalBool(_ index: Int, _ what: String, default d: Bool) throws(ParamError) -> Bool {
        guard optional(index) != nil else { return d }
        return try bool(index, what)
    }

    /// A block parameter (tag, number or EIP-1898 object); `default` when absent.
    func block(_ index: Int, default d: BlockSelector? = .latest) throws(ParamError) -> BlockSelector {
        guard let v = optional(index) else {
            if let d { return d }
            throw ParamError("missing value for required argument \(index) (block number or tag)")
        }
        return try BlockSelector.parse(v, "invalid argument \(index)")
    }
}

/// Decoders shared by positional parameters and the members of request objects.
enum ParamDecode {
    static func hexString(_ v: JSON, _ ctx: String, _ what: String) throws(ParamError) -> String {
        guard case .string(let s) = v else { throw ParamError("\(ctx): \(what) must be a hex string, got \(v.typeName)") }
        return s
    }

    static func bytes(_ s: String, _ ctx: String, _ what: String) throws(ParamError) -> [UInt8] {
        guard s.hasPrefix("0x") || s.hasPrefix("0X") else {
            throw ParamError("\(ctx): \(what) must be hex with a 0x prefix, got \(preview(s))")
        }
        do {
            return try Hex.decode(s.hasPrefix("0X") ? "0x" + s.dropFirst(2) : s)
        } catch .oddLength {
            throw ParamError("\(ctx): \(what) has an odd number of hex digits")
        } catch {
            throw ParamError("\(ctx): \(what) is not valid hex: \(preview(s))")
        }
    }

    static func data(_ v: JSON, _ ctx: String, _ what: String) throws(ParamError) -> [UInt8] {
        try bytes(try hexString(v, ctx, what), ctx, what)
    }

    static func address(_ v: JSON, _ ctx: String, _ what: String = "address") throws(ParamError) -> Address {
        let b = try data(v, ctx, what)
        guard b.count == 20 else { throw ParamError("\(ctx): \(what) must be 20 bytes (40 hex digits), got \(b.count) bytes") }
        return Address(b)
    }

    static func hash(_ v: JSON, _ ctx: String, _ what: String = "hash") throws(ParamError) -> Hash {
        let b = try data(v, ctx, what)
        guard b.count == 32 else { throw ParamError("\(ctx): \(what) must be 32 bytes (64 hex digits), got \(b.count) bytes") }
        return Hash(b)
    }

    /// A QUANTITY (execution-apis `uint`): "0x" + 1…64 hex digits, as geth's `hexutil.Big` reads it:
    /// no leading zero digits ("0x0" is zero, "0x01" is refused with geth's words "hex number with
    /// leading zero digits"), a "0x"/"0X" prefix, at most 256 bits.
    /// - Parameter allowLeadingZeros: true only where geth reads the value more loosely: storage
    ///   slots (eth_getStorageAt, eth_getProof decode them as 32-byte words, so "0x00…01" is normal),
    ///   feeHistory's block count (`math.HexOrDecimal64`), and a transaction object's `type` (geth
    ///   ignores the member).
    /// - Throws: `ParamError` naming `ctx` and `what`.
    static func quantity(_ v: JSON, _ ctx: String, _ what: String,
                         allowLeadingZeros: Bool = false) throws(ParamError) -> UInt256 {
        let s = try hexString(v, ctx, what)
        guard s.hasPrefix("0x") || s.hasPrefix("0X") else {
            throw ParamError("\(ctx): \(what) must be a hex quantity with a 0x prefix, got \(preview(s))")
        }
        let digits = s.dropFirst(2)
        guard !digits.isEmpty else { throw ParamError("\(ctx): \(what) is empty (\"0x\"); zero is \"0x0\"") }
        guard digits.allSatisfy({ $0.isHexDigit }) else { throw ParamError("\(ctx): \(what) is not valid hex: \(preview(s))") }
        let trimmed = digits.drop(while: { $0 == "0" })
        let canonical = "0x" + (trimmed.isEmpty ? "0" : String(trimmed))
        if !allowLeadingZeros && digits.count > 1 && digits.first == "0" {
            throw ParamError("\(ctx): \(what): hex number with leading zero digits, got \(preview(s)) (write \(preview(canonical)))")
        }
        guard trimmed.count <= 64 else { throw ParamError("\(ctx): \(what) does not fit in 256 bits") }
        guard let value = UInt256(hex: canonical) else {
            throw ParamError("\(ctx): \(what) is not valid hex: \(preview(s))")
        }
        return value
    }

    /// A QUANTITY that must fit in 64 bits (geth's `hexutil.Uint64`); same rules as `quantity`.
    static func uint64(_ v: JSON, _ ctx: String, _ what: String,
                       allowLeadingZeros: Bool = false) throws(ParamError) -> UInt64 {
        let q = try quantity(v, ctx, what, allowLeadingZeros: allowLeadingZeros)
        guard let x = q.uint64 else { throw ParamError("\(ctx): \(what) does not fit in 64 bits") }
        return x
    }

    static func preview(_ s: String) -> String {
        s.count <= 20 ? "\"\(s)\"" : "\"\(s.prefix(18))…\""
    }
}

/// A block parameter: a tag, a number, or an EIP-1898 object.
enum BlockSelector: Equatable, Sendable {
    case latest, earliest, pending, safe, finalized
    case number(UInt64)
    /// EIP-1898 `{"blockHash": …, "requireCanonical": bool}`.
    case hash(Hash, requireCanonical: Bool)

    static func parse(_ v: JSON, _ ctx: String) throws(ParamError) -> BlockSelector {
        switch v {
        case .string(let s):
            switch s {
            case "latest": return .latest
            case "earliest": return .earliest
            case "pending": return .pending
            case "safe": return .safe
            case "finalized": return .finalized
            default:
                guard s.hasPrefix("0x") || s.hasPrefix("0X") else {
                    throw ParamError("\(ctx): block must be a hex number or one of latest, earliest, pending, safe, finalized; got \(ParamDecode.preview(s))")
                }
                if s.count == 66 {  // a bare block hash (accepted by geth too)
                    return .hash(try ParamDecode.hash(v, ctx, "block hash"), requireCanonical: false)
                }
                return .number(try ParamDecode.uint64(v, ctx, "block number"))
            }
        case .object:
            if let h = v["blockHash"] {
                if v["blockNumber"] != nil { throw ParamError("\(ctx): give either blockHash or blockNumber, not both") }
                var canonical = false
                if let rc = v["requireCanonical"] {
                    guard case .bool(let b) = rc else { throw ParamError("\(ctx): requireCanonical must be a boolean") }
                    canonical = b
                }
                return .hash(try ParamDecode.hash(h, ctx, "blockHash"), requireCanonical: canonical)
            }
            if let n = v["blockNumber"] {
                let inner = try parse(n, ctx)
                if case .hash = inner { throw ParamError("\(ctx): blockNumber must be a number or tag") }
                return inner
            }
            throw ParamError("\(ctx): a block object needs blockHash or blockNumber (EIP-1898)")
        default:
            throw ParamError("\(ctx): block must be a hex number, a tag or an EIP-1898 object, got \(v.typeName)")
        }
    }
}
