import EVM
import Primitives
@testable import State

/// Shared values for the State tests. The expected roots and proofs in the tests come from
/// `Reference/state_roots.py` (py-evm 0.12.1b1 `MiningChain.from_genesis(...)` head `state_root`,
/// and py-trie `HexaryTrie.get_proof` for proofs), run in /work/wt/pyenv.
enum Fixture {
    static func address(_ hex: String) -> Address { Address(hex: hex)! }
    static func word(_ hex: String) -> UInt256 { UInt256(hex: hex)! }
    static func bytes(_ hex: String) -> [UInt8] { try! Hex.decode(hex) }

    /// 1 ether in wei.
    static let ether = UInt256(1_000_000_000_000_000_000 as UInt64)
    /// 10,000 ether in wei.
    static let tenThousandEther = UInt256(10_000) &* ether

    /// m/44'/60'/0'/0/0…9 of "test test test test test test test test test test test junk",
    /// from eth-account 0.14.0 `Account.from_mnemonic`.
    static let devAddresses: [Address] = ([
        "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
        "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65", "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
        "0x976EA74026E726554dB657fA54763abd0C3a0aa9", "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
        "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f", "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
    ] as [String]).map(address)

    /// The ten dev accounts with 10,000 ether each.
    static var devGenesis: [Address: Account] {
        Dictionary(uniqueKeysWithValues: devAddresses.map { ($0, Account(balance: tenThousandEther)) })
    }

    /// The contract of the "code and storage" case.
    static let contract = address("0x5FbDB2315678afecb367f032d93F642f64180aa3")
    static let contractCode = bytes("0x6080604052348015600f57600080fd5b50")
    static let contractStorage: [UInt256: UInt256] = [
        0: 1,
        1: 0xdeadbeef,
        UInt256.one << 255: .max,
        0x1234: 0x100,
    ]

    /// The "mixed" state: dev accounts, dev 0 with nonce 1 and 12345 wei less, and the contract
    /// with balance 5, nonce 1, code and storage.
    static var mixedGenesis: [Address: Account] {
        var g = devGenesis
        g[devAddresses[0]] = Account(nonce: 1, balance: tenThousandEther &- UInt256(12345))
        g[contract] = Account(nonce: 1, balance: UInt256(5), code: contractCode, storage: contractStorage)
        return g
    }

    // Reference roots (py-evm 0.12.1b1, Cancun VM, see Reference/state_roots.py).
    static let emptyRoot = Hash(hex: "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")!
    static let devRoot = Hash(hex: "0xe914d7e6a70676d0aecddd6b3e1110d78639f4e45a167334b8ba589316f48632")!
    static let contractOnlyRoot = Hash(hex: "0x5a1f060b331954279148645db123a76f3f5a743a83629c85c076d50bdbfb4fa6")!
    static let mixedRoot = Hash(hex: "0x578a801e0f95dd219e131a1b2be44c65c039ae8d20b312514b4b21d6ffa3465a")!
    static let contractCodeHash = Hash(hex: "0x9782e38b2927e497dbec51c468bc9da14d403478b2bb602f2236aa3d61a26e68")!
    static let contractStorageRoot = Hash(hex: "0xeb705ea56c7e6b3f3f0e6f19190902daba4572bd7a882e8da049ce05068bc5e4")!
}
