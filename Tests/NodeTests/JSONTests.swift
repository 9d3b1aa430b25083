import Testing
@testable import Node

/// RFC 8259 parsing and serialization.
@Suite struct JSONTests {
    @Test func parsesAllValueKinds() throws {
        let v = try JSON.parse(" {\"a\": [1, -2.5e+3, true, false, null, \"x\"], \"b\": {}} ")
        #expect(v == .object([("a", .array([.number("1"), .number("-2.5e+3"), .bool(true), .bool(false), .null, .string("x")])),
                              ("b", .object([]))]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        // U+1F600 is the surrogate pair D83D DE00 (RFC 8259 §7)
        let v = try JSON.parse("\"q\\\"b\\\\s\\/n\\n\\u00e9\\ud83d\\ude00\"")
        #expect(v == .string("q\"b\\s/n\n\u{e9}\u{1F600}"))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "1e", "tru", "\"abc", "\"\\x\"",
                      "\"\\ud83d\"", "[1] 2", "{1:2}", "\"a\u{01}b\""])
    func rejectsInvalidText(text: String) {
        #expect(throws: JSONError.self) { try JSON.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONError.self) { try JSON.parse([0x22, 0xff, 0xfe, 0x22]) }
    }

    @Test func limitsNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { try JSON.parse(deep) }
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try JSON.parse(ok)
    }

    @Test func serializesCompactlyWithEscapes() {
        let v: JSON = .object([("s", .string("a\"b\\c\n\u{01}é")), ("n", .number("12")), ("z", .null)])
        #expect(v.text == "{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"n\":12,\"z\":null}")
    }

    @Test func roundTrips() throws {
        let text = "{\"jsonrpc\":\"2.0\",\"id\":[1,{\"k\":\"v\"}],\"result\":[true,false,null,\"\\u0000\"]}"
        #expect(try JSON.parse(text).text == text)
    }
}
