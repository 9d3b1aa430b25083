import Primitives

/// Scalar encoders for execution-apis shapes: QUANTITY is "0x" + hex without leading zeros ("0x0"
/// for zero); DATA is "0x" + lowercase even-length hex; addresses and hashes are DATA of 20/32 bytes.
enum Enc {
    static func q(_ v: UInt64) -> JSON { .string(Hex.quantity(v)) }
    static func q(_ v: Int) -> JSON { .string(Hex.quantity(UInt64(v))) }
    static func q(_ v: UInt256) -> JSON { .string(v.quantityHex) }
    static func data(_ b: some Collection<UInt8>) -> JSON { .string(Hex.encode(b)) }
    static func addr(_ a: Address) -> JSON { .string(a.hex) }
    static func addr(_ a: Address?) -> JSON { a.map { .string($0.hex) } ?? .null }
    static func hash(_ h: Hash) -> JSON { .string(h.hex) }
    static func word(_ w: UInt256) -> JSON { .string(Hex.encode(w.bigEndianBytes)) }

    /// A Double as a JSON number (shortest round-trip form); non-finite values become 0.
    static func double(_ d: Double) -> JSON {
        guard d.isFinite else { return .number("0") }
        if d == d.rounded(), abs(d) < 1e15 { return .number(String(Int64(d))) }
        return .number("\(d)")
    }
}
