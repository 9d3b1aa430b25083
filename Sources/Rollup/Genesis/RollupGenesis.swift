import Chain
import DevnetCrypto
import Primitives
import State

/// The genesis steps that put the Metis layer into the two chains (ROLLUP-API.md §0–§2): runtime
/// bytecode of `RollupContracts` at the fixed `RollupAddresses`, each contract's `initialize` called
/// by the admin key, the sequencers' METIS minted, approved and locked in LockingPool (ids 1…N in
/// key order), the role keys funded, and the L2 bridge's native-coin reserve.
///
/// Deterministic: the same config, keys and chain settings give the same alloc, so the same
/// genesis hash.
public enum RollupGenesis {
    /// LockingPool's WITHDRAWAL_DELAY, seconds between `unlock` and `unlockClaim` (Metis: 21 days).
    public static let withdrawalDelay: UInt64 = 60
    /// Native coin L2StandardBridge holds at genesis: 2^200 wei (ETH deposits are paid out of it).
    public static let l2BridgeReserve = UInt256.one << 200
    /// 10^18 wei.
    public static let ether = RollupConfig.unit
    /// L1 balance of the admin, batcher, proposer and relayer keys: 1,000,000 ETH.
    public static let l1RoleBalance = UInt256(1_000_000) &* ether
    /// L1 balance of each sequencer key: 100 ETH.
    public static let l1SequencerBalance = UInt256(100) &* ether
    /// L2 balance of the admin key: 1,000 ETH.
    public static let l2AdminBalance = UInt256(1_000) &* ether
    /// L2 balance of the relayer key: 1,000,000 ETH.
    public static let l2RelayerBalance = UInt256(1_000_000) &* ether

    /// The signer of epoch 1 (MetisSequencerSet's `firstSigner`): the §4 draw for epoch 1 over the
    /// genesis stakes (every sequencer locks `config.stake`).
    public static func firstSigner(config: RollupConfig, keys: RollupKeys) -> Address {
        let stakes = keys.sequencers.map { _ in config.stakeWei }
        let index = SequencerDraw.leader(seed: config.seed, epoch: 1, stakes: stakes) ?? 0
        return keys.sequencers[index].address
    }

    /// The L1 steps: funding, MetisToken, LockingPool (owner and mpc = admin), StateCommitmentChain
    /// (owner and fraud verifier = admin, proposer, FRAUD_PROOF_WINDOW = `challengeWindow` s),
    /// CanonicalTransactionChain, L1CrossDomainMessenger, L1StandardBridge, then per sequencer i:
    /// `mint(seq, stake)` by the admin, `approve(LockingPool, stake)` and
    /// `lockFor(seq, stake, pubkey)` by the sequencer.
    public static func l1Steps(config: RollupConfig, keys: RollupKeys) -> [GenesisBuilder.Step] {
        typealias A = RollupAddresses
        let admin = keys.admin.address
        var steps: [GenesisBuilder.Step] = []
        for key in [keys.admin, keys.batcher, keys.proposer, keys.relayer] { steps.append(.balance(key.address, l1RoleBalance)) }
        for key in keys.sequencers { steps.append(.balance(key.address, l1SequencerBalance)) }
        steps += [
            .code(A.metisToken, RollupContracts.metisTokenRuntime),
            .code(A.lockingPool, RollupContracts.lockingPoolRuntime),
            .code(A.stateCommitmentChain, RollupContracts.stateCommitmentChainRuntime),
            .code(A.canonicalTransactionChain, RollupContracts.canonicalTransactionChainRuntime),
            .code(A.l1CrossDomainMessenger, RollupContracts.l1CrossDomainMessengerRuntime),
            .code(A.l1StandardBridge, RollupContracts.l1StandardBridgeRuntime),
            call(admin, A.metisToken, "MetisToken.initialize", "initialize(address)", [.address(admin)]),
            call(admin, A.lockingPool, "LockingPool.initialize", "initialize(address,address,address,uint256)",
                 [.address(admin), .address(A.metisToken), .address(admin), .uint(UInt256(withdrawalDelay))]),
            call(admin, A.stateCommitmentChain, "StateCommitmentChain.initialize", "initialize(address,address,address,uint256)",
                 [.address(admin), .address(keys.proposer.address), .address(admin), .uint(UInt256(config.challengeWindow))]),
            call(admin, A.canonicalTransactionChain, "CanonicalTransactionChain.initialize", "initialize(address,address)",
                 [.address(admin), .address(A.l1CrossDomainMessenger)]),
            call(admin, A.l1CrossDomainMessenger, "L1CrossDomainMessenger.initialize",
                 "initialize(address,address,address,address,address)",
                 [.address(admin), .address(A.canonicalTransactionChain), .address(A.stateCommitmentChain),
                  .address(A.l2CrossDomainMessenger), .address(A.l2ToL1MessagePasser)]),
            call(admin, A.l1StandardBridge, "L1StandardBridge.initialize", "initialize(address,address,address)",
                 [.address(admin), .address(A.l1CrossDomainMessenger), .address(A.l2StandardBridge)]),
        ]
        let stake = UInt256(config.stake) &* RollupConfig.unit
        for (i, key) in keys.sequencers.enumerated() {
            let seq = key.address
            steps += [
                call(admin, A.metisToken, "MetisToken.mint(sequencer \(i))", "mint(address,uint256)", [.address(seq), .uint(stake)]),
                call(seq, A.metisToken, "MetisToken.approve(sequencer \(i))", "approve(address,uint256)",
                     [.address(A.lockingPool), .uint(stake)]),
                call(seq, A.lockingPool, "LockingPool.lockFor(sequencer \(i))", "lockFor(address,uint256,bytes)",
                     [.address(seq), .uint(stake), .bytes(key.publicKey)]),
            ]
        }
        return steps
    }

    /// The L2 steps: funding (admin, relayer, the bridge's 2^200 wei reserve), the L2 contracts and
    /// the L2StandardERC20 template, L2CrossDomainMessenger (relayer = the relayer key),
    /// L2StandardBridge, L2StandardTokenFactory and MetisSequencerSet (mpc = SYSTEM_ADDRESS, epoch 1
    /// = blocks 1…E for `firstSigner(config:keys:)`).
    public static func l2Steps(config: RollupConfig, keys: RollupKeys) -> [GenesisBuilder.Step] {
        typealias A = RollupAddresses
        let admin = keys.admin.address
        return [
            .balance(admin, l2AdminBalance),
            .balance(keys.relayer.address, l2RelayerBalance),
            .balance(A.l2StandardBridge, l2BridgeReserve),
            .code(A.l2ToL1MessagePasser, RollupContracts.l2ToL1MessagePasserRuntime),
            .code(A.l2CrossDomainMessenger, RollupContracts.l2CrossDomainMessengerRuntime),
            .code(A.l2StandardBridge, RollupContracts.l2StandardBridgeRuntime),
            .code(A.l2StandardTokenFactory, RollupContracts.l2StandardTokenFactoryRuntime),
            .code(A.l2StandardERC20Template, RollupContracts.l2StandardERC20Runtime),
            .code(A.metisSequencerSet, RollupContracts.metisSequencerSetRuntime),
            call(admin, A.l2CrossDomainMessenger, "L2CrossDomainMessenger.initialize", "initialize(address,address,address,address)",
                 [.address(admin), .address(A.l1CrossDomainMessenger), .address(keys.relayer.address),
                  .address(A.l2ToL1MessagePasser)]),
            call(admin, A.l2StandardBridge, "L2StandardBridge.initialize", "initialize(address,address,address)",
                 [.address(admin), .address(A.l2CrossDomainMessenger), .address(A.l1StandardBridge)]),
            call(admin, A.l2StandardTokenFactory, "L2StandardTokenFactory.initialize", "initialize(address,address)",
                 [.address(A.l2StandardBridge), .address(A.l2StandardERC20Template)]),
            call(admin, A.metisSequencerSet, "MetisSequencerSet.initialize", "initialize(address,address,uint256,address)",
                 [.address(admin), .address(A.systemAddress), .uint(UInt256(config.epochLength)),
                  .address(firstSigner(config: config, keys: keys))]),
        ]
    }

    /// `base` (e.g. the dev accounts) with the L1 steps applied, for `ChainConfig.alloc` of the L1.
    /// - Parameter chain: the L1's settings (chain id, fork, timestamp, …) for the calls' block context.
    /// - Throws: `GenesisBuildError` naming the failed step.
    public static func l1Alloc(base: [Address: Account], chain: ChainConfig, config: RollupConfig,
                               keys: RollupKeys) throws(GenesisBuildError) -> [Address: Account] {
        try GenesisBuilder.build(alloc: base, steps: l1Steps(config: config, keys: keys), config: chain)
    }

    /// `base` with the L2 steps applied, for `ChainConfig.alloc` of the L2.
    /// - Throws: `GenesisBuildError` naming the failed step.
    public static func l2Alloc(base: [Address: Account], chain: ChainConfig, config: RollupConfig,
                               keys: RollupKeys) throws(GenesisBuildError) -> [Address: Account] {
        try GenesisBuilder.build(alloc: base, steps: l2Steps(config: config, keys: keys), config: chain)
    }

    static func call(_ from: Address, _ to: Address, _ label: String, _ signature: String, _ args: [ABIValue]) -> GenesisBuilder.Step {
        .call(from: from, to: to, data: ABI.call(signature, args), label: label)
    }
}
