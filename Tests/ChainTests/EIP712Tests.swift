import Foundation
import Testing
import DevnetCrypto
import Primitives

/// EIP-712 hashing and signing against the spec's "Mail" example (its published encodeType, type
/// hash, struct hash, domain separator, digest and signature by keccak256("cow")) and against
/// eth-account 0.14.0 (`encode_typed_data` + `Account.sign_message`, Reference/eip712_vectors.py)
/// for a document using the v4 features (struct arrays, fixed and nested arrays, negative ints,
/// bytes, bytesN, bool, salt).
@Suite struct EIP712Tests {
    static let personFields = [EIP712.Field(name: "name", type: "string"), EIP712.Field(name: "wallet", type: "address")]
    static let mailTypes: [String: [EIP712.Field]] = [
        "EIP712Domain": [.init(name: "name", type: "string"), .init(name: "version", type: "string"),
                         .init(name: "chainId", type: "uint256"), .init(name: "verifyingContract", type: "address")],
        "Person": personFields,
        "Mail": [.init(name: "from", type: "Person"), .init(name: "to", type: "Person"), .init(name: "contents", type: "string")],
    ]
    static let mail = EIP712.TypedData(
        types: mailTypes, primaryType: "Mail",
        domain: .object([("name", .string("Ether Mail")), ("version", .string("1")), ("chainId", .number("1")),
                         ("verifyingContract", .string("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"))]),
        message: .object([
            ("from", .object([("name", .string("Cow")), ("wallet", .string("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"))])),
            ("to", .object([("name", .string("Bob")), ("wallet", .string("0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"))])),
            ("contents", .string("Hello, Bob!")),
        ]))

    @Test func mailExampleMatchesTheSpec() throws {
        #expect(try EIP712.encodeType("Mail", types: Self.mailTypes)
                == "Mail(Person from,Person to,string contents)Person(string name,address wallet)")
        #expect(try EIP712.typeHash("Mail", types: Self.mailTypes).hex
                == "0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2")
        #expect(try EIP712.hashStruct("Mail", Self.mail.message, types: Self.mailTypes).hex
                == "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e")
        #expect(try EIP712.domainSeparator(Self.mail).hex
                == "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f")
        #expect(try EIP712.signingHash(Self.mail).hex
                == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")
        let cow = try PrivateKey(Keccak256.hash(Array("cow".utf8)).bytes)
        #expect(cow.address == Address(hex: "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")!)
        // The spec's v = 28, r = 0x4355…1c9d, s = 0x0729…1562.
        #expect(Hex.encode(try EIP712.sign(Self.mail, key: cow))
                == "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c")
    }

    static func v4Document() throws -> EIP712.Value {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Reference/eip712_v4.json")
        return try JSONDecoder().decode(AnyJSON.self, from: Data(contentsOf: url)).value
    }

    /// Foundation JSON → EIP712.Value (integers keep their decimal text; object order is not kept,
    /// which EIP-712 does not need: members are looked up by name, field order comes from arrays).
    struct AnyJSON: Decodable {
        var value: EIP712.Value
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { value = .null }
            else if let b = try? c.decode(Bool.self) { value = .bool(b) }
            else if let i = try? c.decode(Int64.self) { value = .number(String(i)) }
            else if let s = try? c.decode(String.self) { value = .string(s) }
            else if let a = try? c.decode([AnyJSON].self) { value = .array(a.map(\.value)) }
            else { value = .object(try c.decode([String: AnyJSON].self).map { ($0.key, $0.value.value) }) }
        }
    }

    @Test func v4FeaturesMatchEthAccount() throws {
        let td = try EIP712.TypedData(json: try Self.v4Document())
        #expect(try EIP712.domainSeparator(td).hex == "0x4aac13bbf295715d4ba0d31ab426024c3f82bc8a9e2128945177fd48ad3a3491")
        #expect(try EIP712.hashStruct("Mail", td.message, types: td.types).hex
                == "0x4407cb7975d392f7b17bc7ab89536ca2832f85217fb33e99cc44836f0eea0452")
        #expect(try EIP712.signingHash(td).hex == "0x210c993e18f0a18ae5dfa36e34a2bb43c31df6e8207be131f36ccba63cc9c8f9")
        let dev0 = try PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        #expect(Hex.encode(try EIP712.sign(td, key: dev0))
                == "0x4b30141e56ebd96f34e53ecb3c4a8b8c58b034c6d996be58c784d86b9972abca569cc689538a790cb3adc417130608e0a8de1a846ef3a7a2eaca6c3c4a878c941c")
    }

    @Test func encodeTypeSortsReferencedTypes() throws {
        let td = try EIP712.TypedData(json: try Self.v4Document())
        #expect(try EIP712.encodeType("Mail", types: td.types) == "Mail(Person from,Person[] to,string contents,bytes attachment,bytes4 tag,int64 delta,bool urgent,uint16[3] scores,int8[][] matrix,Group cc)Group(string name,Person[] members)Person(string name,address[] wallets)")
    }

    @Test func badValuesAreRefused() throws {
        func message(_ wallet: EIP712.Value) -> EIP712.TypedData {
            var td = Self.mail
            td.message = .object([("from", .object([("name", .string("Cow")), ("wallet", wallet)])),
                                  ("to", .object([("name", .string("Bob")), ("wallet", wallet)])),
                                  ("contents", .string("x"))])
            return td
        }
        #expect(throws: EIP712Error.self) { try EIP712.signingHash(message(.string("0x1234"))) }
        #expect(throws: EIP712Error.self) { try EIP712.signingHash(message(.number("5"))) }
        var missing = Self.mail
        missing.message = .object([("contents", .string("x"))])
        #expect(throws: EIP712Error.self) { try EIP712.signingHash(missing) }
        var unknown = Self.mail
        unknown.types["Mail"] = [.init(name: "x", type: "Nope")]
        #expect(throws: EIP712Error.unknownType("Nope")) { try EIP712.encodeType("Mail", types: unknown.types) }
        let small: [String: [EIP712.Field]] = ["EIP712Domain": [], "T": [.init(name: "v", type: "uint8")]]
        let td = EIP712.TypedData(types: small, primaryType: "T", domain: .object([]), message: .object([("v", .number("256"))]))
        #expect(throws: EIP712Error.self) { try EIP712.signingHash(td) }
        let signed: [String: [EIP712.Field]] = ["EIP712Domain": [], "T": [.init(name: "v", type: "int8")]]
        let lowest = EIP712.TypedData(types: signed, primaryType: "T", domain: .object([]), message: .object([("v", .number("-128"))]))
        // int8 −128 is the two's complement word 0xff…ff80 (EIP-712: signed integers sign-extended to 256 bits).
        let word = [UInt8](repeating: 0xff, count: 31) + [0x80]
        #expect(try EIP712.hashStruct("T", lowest.message, types: signed)
                == Keccak256.hash(try EIP712.typeHash("T", types: signed).bytes + word))
        let tooLow = EIP712.TypedData(types: signed, primaryType: "T", domain: .object([]), message: .object([("v", .number("-129"))]))
        #expect(throws: EIP712Error.self) { try EIP712.signingHash(tooLow) }
    }
}
