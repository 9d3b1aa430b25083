import DevnetCrypto
import EVM
import Primitives
import State
@testable import Chain

/// anvil's dev keys 0–2 (mnemonic "test test … junk", m/44'/60'/0'/0/i) and helpers to sign.
enum Dev {
    static let key0 = try! PrivateKey(hex: "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
    static let key1 = try! PrivateKey(hex: "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
    static let key2 = try! PrivateKey(hex: "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a")
    static let addr0 = Address(hex: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")!
    static let addr1 = Address(hex: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")!
    static let addr2 = Address(hex: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")!
    /// An address nobody holds a key for.
    static let sink = Address(hex: "0x00000000000000000000000000000000000000aa")!
    static let gwei = UInt256(1_000_000_000)
    static let ether = UInt256(1_000_000_000_000_000_000 as UInt64)
}

/// A chain with dev accounts 0–2 funded with 10,000 ETH, a fixed clock and Prague rules.
func makeChain(chainId: UInt64 = 31337, automine: Bool = true, extraAlloc: [Address: Account] = [:],
               genesisTimestamp: UInt64 = 1_700_000_000) -> Blockchain {
    var alloc = ChainConfig.devAlloc([Dev.addr0, Dev.addr1, Dev.addr2])
    for (a, acct) in extraAlloc { alloc[a] = acct }
    let config = try! ChainConfig(chainId: chainId, alloc: alloc, genesisTimestamp: genesisTimestamp)
    let chain = Blockchain(config: config)
    chain.automine = automine
    var now: UInt64 = 1_700_000_100
    chain.clock = { now += 1; return now }
    return chain
}

/// A signed EIP-1559 transaction.
func dynamicTx(_ key: PrivateKey, nonce: UInt64, to: Address?, value: UInt256 = .zero, data: [UInt8] = [],
               gas: UInt64 = 21_000, maxFee: UInt256 = UInt256(2_000_000_000), tip: UInt256 = UInt256(1_000_000_000),
               chainId: UInt64 = 31337, accessList: [AccessListEntry] = []) -> Transaction {
    let unsigned = Transaction(type: .dynamicFee, chainId: chainId, nonce: nonce, maxPriorityFeePerGas: tip,
                               maxFeePerGas: maxFee, gasLimit: gas, to: to, value: value, data: data, accessList: accessList)
    return try! Transaction.sign(unsigned: unsigned, key: key)
}

/// A signed legacy transaction (EIP-155 when `chainId` is set, else v = 27/28).
func legacyTx(_ key: PrivateKey, nonce: UInt64, to: Address?, value: UInt256 = .zero, data: [UInt8] = [],
              gas: UInt64 = 21_000, gasPrice: UInt256 = UInt256(2_000_000_000), chainId: UInt64? = 31337) -> Transaction {
    let unsigned = Transaction(type: .legacy, chainId: chainId, nonce: nonce, gasPrice: gasPrice, gasLimit: gas,
                               to: to, value: value, data: data)
    return try! Transaction.sign(unsigned: unsigned, key: key)
}

/// 32-byte big-endian word.
func word(_ v: UInt64) -> [UInt8] { UInt256(v).bigEndianBytes }

/// The hand-assembled contract of Reference/contract.py.
enum TestContract {
    static let initcode = try! Hex.decode("0x60076000556053601160003960536000f33615603b576000358015604757806000556000527fdf7a95aebff315db1b7716215d602ab537373cdb769232aae6055c06e798425b60206000a1005b60005460005260206000f35b61beef60005260206000fd")
    static let runtime = try! Hex.decode("0x3615603b576000358015604757806000556000527fdf7a95aebff315db1b7716215d602ab537373cdb769232aae6055c06e798425b60206000a1005b60005460005260206000f35b61beef60005260206000fd")
    /// keccak256("Set(uint256)").
    static let setTopic = Hash(hex: "0xdf7a95aebff315db1b7716215d602ab537373cdb769232aae6055c06e798425b")!
    /// create(dev 0, nonce 0).
    static let address = Address(hex: "0x5FbDB2315678afecb367f032d93F642f64180aa3")!
}
