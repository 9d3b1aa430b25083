import Foundation
import BigInt
import Testing
@testable import Primitives

/// ethereum/tests RLPTests from ../shared/fixtures: every valid case encodes to exactly `out` and
/// decodes back; every invalid case is refused by the canonical decoder.
@Suite struct RLPFixtureTests {
    /// Turns a fixture `in` value into an RLP item: strings are raw bytes, "#digits" a big integer,
    /// numbers scalars, arrays lists.
    static func item(_ v: Any) -> RLP {
        if let s = v as? String {
            if s.hasPrefix("#") { return .bytes(Array(BigUInt(String(s.dropFirst()))!.serialize())) }  // may exceed 256 bits
            return .bytes(Array(s.utf8))
        }
        if let n = v as? NSNumber { return .uint(n.uint64Value) }
        if let a = v as? [Any] { return .list(a.map(item)) }
        fatalError("unexpected fixture value \(v)")
    }

    @Test func validEncodings() throws {
        let cases = try Fixtures.json("RLPTests/rlptest.json")
        #expect(cases.count == 28)
        for (name, raw) in cases {
            let c = raw as! [String: Any]
            let expected = try Hex.decode(c["out"] as! String)
            let encoded = Self.item(c["in"]!).encoded()
            #expect(encoded == expected, "\(name)")
            #expect(try RLP.decode(expected) == Self.item(c["in"]!), "\(name) round trip")
        }
    }

    @Test func invalidEncodingsAreRefused() throws {
        let cases = try Fixtures.json("RLPTests/invalidRLPTest.json")
        #expect(cases.count > 20)
        for (name, raw) in cases {
            // A few invalid vectors are written without the 0x prefix.
            let bytes = try Hex.decode((raw as! [String: Any])["out"] as! String, requirePrefix: false)
            #expect(throws: RLPError.self, "\(name)") { try RLP.decode(bytes) }
        }
    }

    @Test func randomValid() throws {
        let cases = try Fixtures.json("RLPTests/RandomRLPTests/example.json")
        for (name, raw) in cases {
            let bytes = try Hex.decode((raw as! [String: Any])["out"] as! String)
            let item = try RLP.decode(bytes)
            #expect(item.encoded() == bytes, "\(name)")
        }
    }

    @Test func readersRejectNonCanonicalScalars() {
        #expect(throws: RLPError.leadingZeros) { try RLP.bytes([0, 1]).asUInt64() }
        #expect(throws: RLPError.tooLarge) { try RLP.bytes([UInt8](repeating: 1, count: 33)).asUInt256() }
        #expect(throws: RLPError.wrongLength(expected: 20, got: 19)) { try RLP.bytes([UInt8](repeating: 1, count: 19)).asAddress() }
    }
}
