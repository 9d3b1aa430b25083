import Testing
@testable import Primitives

/// Keccak-256 vectors: the empty string (the empty code hash, Yellow Paper), "abc" and a
/// two-block input, as published for the original Keccak submission (Keccak team's KAT) and
/// reproduced by eth_hash/pycryptodome `keccak.new(digest_bits=256)`.
@Suite struct KeccakTests {
    @Test func emptyInput() {
        #expect(Keccak256.hash([UInt8]()).hex == "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(Keccak256.emptyHash.hex == "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }

    @Test func abc() {
        #expect(Keccak256.hash(Array("abc".utf8)).hex == "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
    }

    /// 200 bytes of 0xa3 spans two 136-byte blocks (pycryptodome keccak256).
    @Test func multiBlock() {
        #expect(Keccak256.hash([UInt8](repeating: 0xa3, count: 200)).hex == "0x3a57666b048777f2c953dc4456f45a2588e1cb6f2da760122d530ac2ce607d4a")
    }

    /// Exactly one full rate block (136 bytes) forces a separate padding block.
    @Test func exactRate() {
        #expect(Keccak256.hash([UInt8](repeating: 0, count: 136)).hex == "0x3a5912a7c5faa06ee4fe906253e339467a9ce87d533c65be3c15cb231cdb25f9")
    }

    /// keccak256("transfer(address,uint256)") starts with the ERC-20 selector a9059cbb.
    @Test func selector() {
        #expect(Keccak256.hash(Array("transfer(address,uint256)".utf8)).hex.hasPrefix("0xa9059cbb"))
    }
}
