/// The Ethereum hard forks the EVM implements, in activation order.
///
/// Rules are applied fork by fork: a feature introduced in fork F is active when `fork >= F`.
/// Cancun = EIP-1153, 4844, 5656, 6780, 7516; Prague = EIP-2537, 2935, 7623, 7685, 7702;
/// Osaka = EIP-7939 (CLZ), 7951 (P256VERIFY) and friends.
public enum Hardfork: Int, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    /// Cancun (March 2024): EIP-1153, 4844, 5656, 6780, 7516.
    case cancun = 0
    /// Prague (May 2025): EIP-2537, 2935, 7623, 7685, 7702.
    case prague = 1
    /// Osaka: here only CLZ (EIP-7939) and the P256VERIFY address; the rest is Prague.
    case osaka = 2

    /// The fork's name as the specs spell it: "Cancun", "Prague", "Osaka".
    public var name: String {
        switch self {
        case .cancun: "Cancun"
        case .prague: "Prague"
        case .osaka: "Osaka"
        }
    }

    /// Parses a fork name case-insensitively ("prague", "Prague", "PRAGUE"); nil for unknown names.
    public init?(name: String) {
        let lower = name.lowercased()
        guard let fork = Hardfork.allCases.first(where: { $0.name.lowercased() == lower }) else { return nil }
        self = fork
    }

    /// Same as `name`.
    public var description: String { name }

    public static func < (lhs: Hardfork, rhs: Hardfork) -> Bool { lhs.rawValue < rhs.rawValue }
}
