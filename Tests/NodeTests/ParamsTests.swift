import Primitives
import Testing
@testable import Node

/// Parameter validation: every bad input is a ParamError (→ -32602) with a readable message.
@Suite struct ParamsTests {
    func params(_ text: String) throws -> Params { try Params(try JSON.parse(text)) }

    @Test func addressChecks() throws {
        let p = try params("[\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\", \"0xZZ39Fd6e51aad88F6F4ce6aB8827279cffFb9226\", \"0x1234\", 5, \"f39Fd6e51aad88F6F4ce6aB8827279cffFb92266\"]")
        #expect(try p.address(0) == Address(hex: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"))
        #expect(throws: ParamError.self) { try p.address(1) }
        do { _ = try p.address(2); Issue.record("wrong length accepted") } catch {
            #expect(error.message.contains("20 bytes"))
        }
        do { _ = try p.address(3); Issue.record("number accepted") } catch {
            #expect(error.message.contains("number"))
        }
        #expect(throws: ParamError.self) { try p.address(4) }       // no 0x prefix
        do { _ = try p.address(5); Issue.record("missing accepted") } catch {
            #expect(error.message.contains("missing"))
        }
    }

    @Test func quantities() throws {
        let p = try params("[\"0x0\", \"0x1a\", \"0x\", \"0x00ff\", \"0xg\", \"0x1" + String(repeating: "0", count: 64) + "\"]")
        #expect(try p.quantity(0) == .zero)
        #expect(try p.quantity(1) == UInt256(26))
        #expect(throws: ParamError.self) { try p.quantity(2) }
        #expect(try p.quantity(3) == UInt256(255))   // wallets send leading zeros; accepted on input
        #expect(throws: ParamError.self) { try p.quantity(4) }
        #expect(throws: ParamError.self) { try p.quantity(5) }  // 2^256 does not fit
    }

    @Test func booleans() throws {
        let p = try params("[\"latest\", \"yes\", true]")
        #expect(throws: ParamError.self) { try p.bool(1, "flag") }
        #expect(try p.bool(2, "flag") == true)
    }

    @Test func blockSelectors() throws {
        let h = "0x" + String(repeating: "ab", count: 32)
        let p = try params("""
            ["latest", "earliest", "pending", "safe", "finalized", "0x10", {"blockHash": "\(h)"},
             {"blockHash": "\(h)", "requireCanonical": true}, {"blockNumber": "0x2"}, "0xzz", "head", 7, {}]
            """)
        #expect(try p.block(0) == .latest)
        #expect(try p.block(1) == .earliest)
        #expect(try p.block(2) == .pending)
        #expect(try p.block(3) == .safe)
        #expect(try p.block(4) == .finalized)
        #expect(try p.block(5) == .number(16))
        #expect(try p.block(6) == .hash(Hash(hex: h)!, requireCanonical: false))
        #expect(try p.block(7) == .hash(Hash(hex: h)!, requireCanonical: true))
        #expect(try p.block(8) == .number(2))
        for i in 9...12 { #expect(throws: ParamError.self) { try p.block(i) } }
        #expect(try p.block(20) == .latest)                      // absent → default
        #expect(throws: ParamError.self) { try p.block(20, default: nil) }
    }

    @Test func logQueryTopics() throws {
        let a = "0x" + String(repeating: "11", count: 32)
        let b = "0x" + String(repeating: "22", count: 32)
        let q = try LogQuery.parse(try JSON.parse("""
            {"address": ["0x\(String(repeating: "33", count: 20))"], "topics": [null, "\(a)", ["\(a)", "\(b)"], [null, "\(b)"]],
             "fromBlock": "earliest", "toBlock": "0x5"}
            """), "arg")
        #expect(q.addresses.count == 1)
        #expect(q.topics.count == 4)
        #expect(q.topics[0] == nil)
        #expect(q.topics[1] == [Hash(hex: a)!])
        #expect(q.topics[2] == [Hash(hex: a)!, Hash(hex: b)!])
        #expect(q.topics[3] == nil)                                // a null alternative matches anything
        #expect(q.from == .earliest && q.to == .number(5))
    }

    @Test func revertReasonDecoding() {
        // Error(string) per the Solidity ABI: selector keccak("Error(string)")[0..4] = 0x08c379a0,
        // then offset 0x20, length 15, "value too small" right-padded to 32 bytes.
        var data: [UInt8] = [0x08, 0xc3, 0x79, 0xa0]
        data += [UInt8](repeating: 0, count: 31) + [0x20]
        data += [UInt8](repeating: 0, count: 31) + [15]
        data += Array("value too small".utf8) + [UInt8](repeating: 0, count: 17)
        #expect(RevertReason.decode(data) == "value too small")
        let e = RPCError.reverted(data)
        #expect(e.code == 3)
        #expect(e.message == "execution reverted: value too small")
        #expect(e.data == .string(Hex.encode(data)))
        let empty = RPCError.reverted([])
        #expect(empty.code == 3 && empty.data == nil)
        #expect(RevertReason.decode(Array(data.prefix(40))) == nil)
    }
}
