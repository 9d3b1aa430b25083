/// Hex text as execution-apis uses it: DATA is "0x" + an even number of lowercase digits,
/// QUANTITY is "0x" + digits without leading zeros ("0x0" for zero).
public enum Hex {
    /// DATA form: "0x" followed by two lowercase digits per byte.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(2 + bytes.count * 2)
        out.append(48); out.append(120)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes DATA. Requires the "0x" prefix unless `requirePrefix` is false, and an even count
    /// of hex digits (either case).
    /// - Throws: `HexError.missingPrefix`, `.oddLength`, `.invalidCharacter`.
    public static func decode(_ s: String, requirePrefix: Bool = true) throws(HexError) -> [UInt8] {
        var utf8 = Substring(s).utf8[...]
        if utf8.starts(with: "0x".utf8) || utf8.starts(with: "0X".utf8) {
            utf8 = utf8.dropFirst(2)
        } else if requirePrefix {
            throw .missingPrefix
        }
        if utf8.count % 2 != 0 { throw .oddLength }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var it = utf8.makeIterator()
        while let a = it.next(), let b = it.next() {
            guard let hi = hexDigitValue(a), let lo = hexDigitValue(b) else { throw .invalidCharacter }
            out.append(hi << 4 | lo)
        }
        return out
    }

    /// QUANTITY form of a 64-bit value: "0x0", "0x1a".
    public static func quantity(_ v: UInt64) -> String {
        "0x" + String(v, radix: 16)
    }

    /// Parses a strict QUANTITY: "0x" + 1…64 hex digits, no leading zeros (except "0x0").
    /// - Throws: `HexError.missingPrefix`, `.empty`, `.leadingZeros`, `.tooLong`, `.invalidCharacter`.
    public static func parseQuantity(_ s: String) throws(HexError) -> UInt256 {
        var utf8 = Substring(s).utf8[...]
        guard utf8.starts(with: "0x".utf8) || utf8.starts(with: "0X".utf8) else { throw .missingPrefix }
        utf8 = utf8.dropFirst(2)
        if utf8.isEmpty { throw .empty }
        if utf8.count > 1 && utf8.first == 48 { throw .leadingZeros }
        if utf8.count > 64 { throw .tooLong }
        var r = UInt256.zero
        for c in utf8 {
            guard let v = hexDigitValue(c) else { throw .invalidCharacter }
            r = (r << 4) | UInt256(UInt64(v))
        }
        return r
    }
}

/// Why hex text was refused.
public enum HexError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingPrefix, oddLength, invalidCharacter, leadingZeros, empty, tooLong

    public var description: String {
        switch self {
        case .missingPrefix: return "hex string without 0x prefix"
        case .oddLength: return "hex string of odd length"
        case .invalidCharacter: return "invalid hex character"
        case .leadingZeros: return "hex number with leading zero digits"
        case .empty: return "hex string \"0x\" with no digits"
        case .tooLong: return "hex number larger than 256 bits"
        }
    }
}
