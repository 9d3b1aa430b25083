/// Display formatting for chain values. Pure functions on strings and integers; no Foundation.
public enum Format {
    /// Formats a wei amount (decimal string) as ether with up to `fractionDigits` decimals, trailing
    /// zeros removed: `"1500000000000000000"` → `"1.5"`, `"0"` → `"0"`; a non-zero amount too small
    /// to show is `"<0.000001"` (for 6 digits). 1 ether = 10^18 wei.
    /// A string that is not a non-negative decimal integer is returned unchanged.
    public static func ether(wei: String, fractionDigits: Int = 6) -> String {
        let shown = shift(decimal: wei, by: 18, fractionDigits: fractionDigits)
        if shown == "0" && wei.contains(where: { $0 != "0" }) && fractionDigits > 0 {
            return "<0." + String(repeating: "0", count: fractionDigits - 1) + "1"
        }
        return shown
    }

    /// Formats a wei amount (decimal string) as gwei (10^9 wei): `"1000000000"` → `"1"`,
    /// `"875000000"` → `"0.875"`.
    public static func gwei(wei: String, fractionDigits: Int = 9) -> String {
        shift(decimal: wei, by: 9, fractionDigits: fractionDigits)
    }

    /// Divides a non-negative decimal integer string by 10^places, keeping at most `fractionDigits`
    /// decimals (truncated) and dropping trailing zeros.
    static func shift(decimal: String, by places: Int, fractionDigits: Int) -> String {
        guard !decimal.isEmpty, decimal.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return decimal }
        var digits = Array(decimal.drop { $0 == "0" })
        if digits.isEmpty { return "0" }
        if digits.count <= places {
            digits = Array(repeating: "0", count: places - digits.count + 1) + digits
        }
        let integerPart = String(digits[..<(digits.count - places)])
        var fraction = String(digits[(digits.count - places)...].prefix(fractionDigits))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? integerPart : integerPart + "." + fraction
    }

    /// Converts a `0x` hex string of any length (up to 256 bits and beyond) to a decimal string:
    /// `"0x0de0b6b3a7640000"` → `"1000000000000000000"`. Returns `nil` for a string that is not
    /// `0x` followed by at least one hex digit.
    public static func decimal(fromHex hex: String) -> String? {
        guard hex.hasPrefix("0x") || hex.hasPrefix("0X") else { return nil }
        let body = hex.utf8.dropFirst(2)
        guard !body.isEmpty else { return nil }
        // Little-endian base-10^9 limbs.
        var limbs: [UInt64] = [0]
        for c in body {
            let nibble: UInt64
            switch c {
            case 48...57: nibble = UInt64(c - 48)
            case 97...102: nibble = UInt64(c - 87)
            case 65...70: nibble = UInt64(c - 55)
            default: return nil
            }
            var carry = nibble
            for i in limbs.indices {
                let v = limbs[i] * 16 + carry
                limbs[i] = v % 1_000_000_000
                carry = v / 1_000_000_000
            }
            if carry > 0 { limbs.append(carry) }
        }
        var out = String(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let s = String(limb)
            out += String(repeating: "0", count: 9 - s.count) + s
        }
        return out
    }

    /// Inserts thousands separators into a decimal integer: `30000000` → `"30,000,000"`.
    public static func grouped(_ value: UInt64) -> String {
        let s = String(value)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return out
    }

    /// Shortens a long hex string for tables: `0x1234…cdef` (first 6 and last 4 digits).
    /// Strings of 14 characters or fewer are returned unchanged.
    public static func short(_ hex: String) -> String {
        guard hex.count > 14 else { return hex }
        return String(hex.prefix(8)) + "…" + String(hex.suffix(4))
    }

    /// `text` cut to `limit` characters with "…" (`limit` ≥ 1); shorter text is returned unchanged.
    public static func clip(_ text: String, limit: Int = 120) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// A block's time for display: "2023-11-14 22:13:20 UTC", or "genesis (timestamp 0)" for the
    /// fixed zero timestamp the default genesis uses (`[node] genesis_timestamp = 0`).
    public static func blockTime(_ timestamp: UInt64) -> String {
        timestamp == 0 ? "genesis (timestamp 0)" : utc(timestamp) + " UTC"
    }

    /// Formats a Unix timestamp (seconds) as UTC `YYYY-MM-DD HH:MM:SS` (proleptic Gregorian calendar;
    /// days-from-civil algorithm of H. Hinnant).
    public static func utc(_ timestamp: UInt64) -> String {
        let days = Int64(timestamp / 86_400)
        let secs = Int(timestamp % 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(Int(month)))-\(two(Int(day))) \(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))"
    }
}

extension Format {
    /// Time left in a window, for tables: `0` → `"0 s"`, `25` → `"25 s"`, `65` → `"1 min 05 s"`,
    /// `3725` → `"1 h 02 min"`. Negative values count as 0.
    public static func duration(seconds: Int) -> String {
        let s = max(0, seconds)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(two(s % 60)) s" }
        return "\(s / 3600) h \(two(s / 60 % 60)) min"
    }

    /// The words for a status value of the `devnet_` methods: `"onL1"` → `"on L1"`, `"inWindow"` and
    /// `"inChallengeWindow"` → `"in challenge window"`, `"waitingForStateBatch"` → `"waiting for
    /// state batch"`, `"ready"` → `"ready to relay"`, `"sent"` → `"relay sent"`,
    /// `"wrongStateRoot"` → `"wrong state root"`; any other value is returned unchanged.
    public static func status(_ value: String) -> String {
        switch value {
        case "onL1": "on L1"
        case "inWindow", "inChallengeWindow": "in challenge window"
        case "waitingForStateBatch": "waiting for state batch"
        case "ready": "ready to relay"
        case "sent": "relay sent"
        case "wrongStateRoot": "wrong state root"
        default: value
        }
    }

    /// The time-left cell of a state batch or withdrawal: `"finalized"` once the window is over
    /// (status `finalized`, `ready`, `sent` or `relayed`, or 0 seconds left), `"25 s left"` inside it,
    /// `"—"` when there is no window yet (no state batch) or the time is unknown.
    public static func timeLeft(status: String, secondsLeft: Int?) -> String {
        switch status {
        case "finalized", "ready", "sent", "relayed": return "finalized"
        case "waitingForStateBatch", "pending": return "—"
        default:
            guard let secondsLeft else { return "—" }
            return secondsLeft <= 0 ? "finalized" : duration(seconds: secondsLeft) + " left"
        }
    }
}
