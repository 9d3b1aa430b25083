import DevnetCrypto
import Primitives
import Testing
import Trie
@testable import Chain

@Suite struct GenesisTests {
    /// Reference/genesis.py: keccak(rlp(header)) with the py-evm state root of the ten dev accounts.
    @Test func genesisHashMatchesReference() throws {
        let config = try ChainConfig(chainId: 31337, alloc: try ChainConfig.devAlloc(), genesisTimestamp: 1_700_000_000)
        let chain = Blockchain(config: config)
        let h = chain.head.header
        #expect(h.number == 0)
        #expect(h.stateRoot == Hash(hex: "0xe914d7e6a70676d0aecddd6b3e1110d78639f4e45a167334b8ba589316f48632")!)
        #expect(h.transactionsRoot == Hash(hex: "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")!)
        #expect(h.receiptsRoot == h.transactionsRoot)
        #expect(h.withdrawalsRoot == h.transactionsRoot)
        #expect(h.ommersHash == Hash(hex: "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347")!)
        #expect(h.requestsHash == Hash(hex: "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")!)
        #expect(h.baseFeePerGas == UInt256(1_000_000_000))
        #expect(h.blobGasUsed == 0 && h.excessBlobGas == 0 && h.parentBeaconBlockRoot == .zero)
        #expect(chain.head.hash == Hash(hex: "0x58e260fde0c05a26e23fc17e1d7656f05d4a053fb939f5e972893518b8a93afd")!)
        #expect(chain.block(hash: chain.head.hash)?.header.number == 0)
    }

    @Test func extraDataIsPartOfTheHashAndLimitedTo32Bytes() throws {
        let config = try ChainConfig(chainId: 31337, alloc: try ChainConfig.devAlloc(), extraData: Array("metis".utf8),
                                     genesisTimestamp: 1_700_000_000)
        #expect(Blockchain(config: config).head.hash == Hash(hex: "0x1fb587904b7bc56a73142c417433c60d8477a4ced1dec91156d12037c2171cbb")!)
        #expect(throws: ChainConfigError.extraDataTooLong(33)) {
            _ = try ChainConfig(chainId: 1, extraData: [UInt8](repeating: 1, count: 33))
        }
    }

    @Test func cancunGenesisHasNoRequestsHash() throws {
        let config = try ChainConfig(chainId: 31337, fork: .cancun)
        #expect(Blockchain(config: config).head.header.requestsHash == nil)
    }
}

@Suite struct DevKeyTests {
    /// The hard-coded test keys are anvil's accounts 0–2 (HDWallet derivation of the test mnemonic).
    @Test func testKeysAreAnvilAccounts() throws {
        let keys = try HDWallet.devAccounts(mnemonic: ChainConfig.devMnemonic, count: 3)
        #expect(keys == [Dev.key0, Dev.key1, Dev.key2])
        #expect(keys.map(\.address) == [Dev.addr0, Dev.addr1, Dev.addr2])
    }
}
