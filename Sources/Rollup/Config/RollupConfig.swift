import Primitives

/// The Metis layer's settings (devnet.toml `[rollup]`, ROLLUP-API.md §5), shared by the launcher
/// (genesis), the sequencer set, the batcher, the proposer and the relayer.
public struct RollupConfig: Sendable, Equatable {
    /// Whether the Metis layer runs at all; false gives the two plain chains of issues 1–5
    /// (no rollup contracts in genesis, no services).
    public var enabled: Bool
    /// N, the number of sequencers staked at genesis (LockingPool ids 1…N), 1…16.
    public var sequencers: Int
    /// E, L2 blocks per epoch (MetisSequencerSet `epochLength`), at least 2.
    public var epochLength: UInt64
    /// Seed of the leader draw (§4), 32 bytes. Default keccak256("metis-devnet").
    public var seed: Hash
    /// Seconds a stopped leader stalls the L2 before the set re-spans.
    public var stallTimeout: UInt64
    /// SCC FRAUD_PROOF_WINDOW, seconds.
    public var challengeWindow: UInt64
    /// Seconds between batcher / proposer rounds.
    public var batchInterval: UInt64
    /// METIS (whole tokens, 10^18 base units each) each sequencer locks at genesis, within
    /// LockingPool's min and max lock (20,000 … 100,000 METIS).
    public var stake: UInt64

    public init(enabled: Bool = true, sequencers: Int = 3, epochLength: UInt64 = 8, seed: Hash = RollupConfig.defaultSeed,
                stallTimeout: UInt64 = 3, challengeWindow: UInt64 = 30, batchInterval: UInt64 = 2, stake: UInt64 = 50_000) {
        self.enabled = enabled
        self.sequencers = sequencers
        self.epochLength = epochLength
        self.seed = seed
        self.stallTimeout = stallTimeout
        self.challengeWindow = challengeWindow
        self.batchInterval = batchInterval
        self.stake = stake
    }

    /// The defaults of ROLLUP-API.md §5.
    public static let defaults = RollupConfig()

    /// keccak256("metis-devnet") = 0x… (the default leader-draw seed).
    public static let defaultSeed = Keccak256.hash(Array("metis-devnet".utf8))

    /// Allowed sequencer counts.
    public static let sequencerRange: ClosedRange<Int> = 1...16
    /// LockingPool's minimum lock, whole METIS (Metis mainnet: 20,000).
    public static let minLock: UInt64 = 20_000
    /// LockingPool's maximum lock, whole METIS (Metis mainnet: 100,000).
    public static let maxLock: UInt64 = 100_000
    /// 10^18: base units per METIS (18 decimals), and wei per ETH.
    public static let unit = UInt256(1_000_000_000_000_000_000 as UInt64)

    /// Each sequencer's stake in METIS base units (`stake` × 10^18).
    public var stakeWei: UInt256 { UInt256(stake) &* Self.unit }

    /// Checks the ranges together.
    /// - Throws: `RollupConfigError` naming the `[rollup]` key: `sequencers` outside 1…16,
    ///   `epoch_length` below 2, `stake` outside 20,000…100,000, `batch_interval` or
    ///   `stall_timeout` of 0 (a `challenge_window` of 0 is allowed: state roots final at once).
    public func validate() throws(RollupConfigError) {
        guard Self.sequencerRange.contains(sequencers) else {
            throw RollupConfigError(key: "sequencers", message: "is \(sequencers), must be between 1 and 16")
        }
        guard epochLength >= 2 else {
            throw RollupConfigError(key: "epoch_length", message: "is \(epochLength), must be at least 2 blocks")
        }
        guard (Self.minLock...Self.maxLock).contains(stake) else {
            throw RollupConfigError(key: "stake", message: "is \(stake) METIS, must be between LockingPool's min lock 20000 and max lock 100000")
        }
        guard stallTimeout >= 1 else {
            throw RollupConfigError(key: "stall_timeout", message: "is 0, must be at least 1 second")
        }
        guard batchInterval >= 1 else {
            throw RollupConfigError(key: "batch_interval", message: "is 0, must be at least 1 second")
        }
    }

    /// Parses a seed: `0x` followed by exactly 64 hex digits (32 bytes).
    /// - Throws: `RollupConfigError` for key `seed` otherwise.
    public static func parseSeed(_ text: String) throws(RollupConfigError) -> Hash {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else {
            throw RollupConfigError(key: "seed", message: "\"\(text)\" must be 0x followed by 64 hex digits (32 bytes)")
        }
        let digits = text.dropFirst(2)
        guard digits.count == 64, digits.allSatisfy(\.isHexDigit), let hash = Hash(hex: "0x" + digits) else {
            throw RollupConfigError(key: "seed", message: "\"\(text)\" must be 0x followed by 64 hex digits (32 bytes), got \(digits.count) characters")
        }
        return hash
    }
}

/// A `[rollup]` setting that cannot be used.
public struct RollupConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The devnet.toml key in `[rollup]`, e.g. `"sequencers"`.
    public var key: String
    /// What is wrong with it.
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    /// "`rollup.<key>` <message>".
    public var description: String { "`rollup.\(key)` \(message)" }
}
