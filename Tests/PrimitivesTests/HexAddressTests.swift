import Testing
@testable import Primitives

@Suite struct HexAddressTests {
    /// EIP-55's own examples (all-caps, all-lower and mixed groups).
    @Test(arguments: [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func eip55(_ s: String) throws {
        let a = try #require(Address(hex: s))
        #expect(a.checksummed == s)
        #expect(a.hex == s.lowercased())
    }

    @Test func addressWordRoundTrip() throws {
        let a = try #require(Address(hex: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
        #expect(Address(a.word) == a)
        #expect(a.word.bigEndianBytes.suffix(20).elementsEqual(a.bytes))
        #expect(a.word.bigEndianBytes.prefix(12).allSatisfy { $0 == 0 })
    }

    @Test func quantities() throws {
        #expect(Hex.quantity(0) == "0x0")
        #expect(Hex.quantity(26) == "0x1a")
        #expect(UInt256.zero.quantityHex == "0x0")
        #expect(UInt256.max.quantityHex == "0x" + String(repeating: "f", count: 64))
        #expect(try Hex.parseQuantity("0x1a") == UInt256(26))
        #expect(throws: HexError.leadingZeros) { try Hex.parseQuantity("0x01") }
        #expect(throws: HexError.missingPrefix) { try Hex.parseQuantity("12") }
        #expect(throws: HexError.empty) { try Hex.parseQuantity("0x") }
        #expect(throws: HexError.tooLong) { try Hex.parseQuantity("0x1" + String(repeating: "0", count: 64)) }
    }

    @Test func data() throws {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "0x00abff")
        #expect(try Hex.decode("0x00ABff") == [0x00, 0xab, 0xff])
        #expect(try Hex.decode("0x") == [])
        #expect(throws: HexError.oddLength) { try Hex.decode("0x123") }
        #expect(throws: HexError.invalidCharacter) { try Hex.decode("0xzz") }
        #expect(throws: HexError.missingPrefix) { try Hex.decode("abcd") }
    }

    /// Logs bloom bits (Yellow Paper §4.3.1) against the `eth-bloom` package's BloomFilter:
    /// adding the address 0x0000…0001 and a zero topic gives exactly this 2048-bit number.
    @Test func bloomMatchesReference() throws {
        let expected = "0x2000000000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000000000800000001000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000100000000000000000000000000000000"
        var bloom = Bloom()
        let addr = try #require(Address(hex: "0x0000000000000000000000000000000000000001"))
        bloom.add(addr.bytes)
        bloom.add([UInt8](repeating: 0, count: 32))
        let digits = Hex.encode(bloom.bytes).dropFirst(2).drop { $0 == "0" }
        #expect("0x" + digits == expected)
        #expect(bloom.contains(addr.bytes))
        #expect(!Bloom.zero.contains(addr.bytes))
        #expect(Bloom(bloom.bytes) == bloom)
    }
}
