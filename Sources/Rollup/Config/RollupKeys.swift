import DevnetCrypto
import Primitives

/// The Metis layer's own keys (ROLLUP-API.md §0), derived from the dev mnemonic (`[accounts]
/// mnemonic`, empty BIP-39 passphrase) on paths apart from the dev accounts' m/44'/60'/0'/0/i, so the
/// rollup's transactions never disturb the users' nonces.
///
/// | role | path |
/// |---|---|
/// | admin (deployer/owner of every rollup contract, SCC fraud verifier, LockingPool mpc) | m/44'/60'/0'/1/0 |
/// | batcher (batches to the inbox) | m/44'/60'/0'/1/1 |
/// | proposer (SCC state batches) | m/44'/60'/0'/1/2 |
/// | relayer (L1→L2 and L2→L1 messages) | m/44'/60'/0'/1/3 |
/// | sequencer i (owner = signer), i = 0…N−1, LockingPool id i+1 | m/44'/60'/0'/2/i |
public struct RollupKeys: Sendable, Equatable {
    public let admin: PrivateKey
    public let batcher: PrivateKey
    public let proposer: PrivateKey
    public let relayer: PrivateKey
    /// Sequencer keys in LockingPool id order (index 0 = id 1).
    public let sequencers: [PrivateKey]

    /// BIP-44 path of a role key: `m/44'/60'/0'/1/<index>` (admin 0, batcher 1, proposer 2, relayer 3).
    public static func rolePath(_ index: Int) -> String { "m/44'/60'/0'/1/\(index)" }
    /// BIP-44 path of sequencer `i` (0-based): `m/44'/60'/0'/2/<i>`.
    public static func sequencerPath(_ i: Int) -> String { "m/44'/60'/0'/2/\(i)" }

    /// Derives every key.
    /// - Parameters:
    ///   - mnemonic: a BIP-39 mnemonic (checked as `HDWallet.validateMnemonic` does).
    ///   - sequencers: N, the number of sequencer keys (≥ 0).
    /// - Throws: `CryptoError` for an invalid mnemonic or a failed derivation.
    public init(mnemonic: String, sequencers: Int) throws(CryptoError) {
        try HDWallet.validateMnemonic(mnemonic)
        let seed = HDWallet.seed(mnemonic: mnemonic)
        admin = try HDWallet.derive(seed: seed, path: Self.rolePath(0))
        batcher = try HDWallet.derive(seed: seed, path: Self.rolePath(1))
        proposer = try HDWallet.derive(seed: seed, path: Self.rolePath(2))
        relayer = try HDWallet.derive(seed: seed, path: Self.rolePath(3))
        var list: [PrivateKey] = []
        for i in 0..<max(0, sequencers) { list.append(try HDWallet.derive(seed: seed, path: Self.sequencerPath(i))) }
        self.sequencers = list
    }

    /// The sequencer with LockingPool id `id` (1-based), if any.
    public func sequencer(id: Int) -> PrivateKey? {
        id >= 1 && id <= sequencers.count ? sequencers[id - 1] : nil
    }
}
