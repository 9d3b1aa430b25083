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
        // geth's hexutil refuses leading zeros in a QUANTITY ("hex number with leading zero digits")
        do { _ = try p.quantity(3, "value"); Issue.record("leading zeros accepted") } catch {
            #expect(error.message.contains("invalid argument 3: value: hex number with leading zero digits"))
            #expect(error.message.contains("\"0xff\""))               // says how to write it
        }
        #expect(throws: ParamError.self) { try p.quantity(4) }
        #expect(throws: ParamError.self) { try p.quantity(5) }  // 2^256 does not fit
    }

    /// hexutil.checkNumber: "0x0" is the only QUANTITY that may start with a 0 digit.
    @Test func leadingZerosAreRefusedExceptInStorageSlots() throws {
        let padded = "0x" + String(repeating: "0", count: 63) + "1"
        let p = try params("[\"0x00\", \"0x01\", \"0X0a\", \"\(padded)\", \"0x0\"]")
        for i in 0...3 {
            #expect(throws: ParamError.self) { try p.quantity(i) }
            #expect(throws: ParamError.self) { try p.uint64(i, "index") }
        }
        #expect(try p.quantity(4) == .zero)
        // storage slots are 32-byte words in geth (decodeHash): zero padding is normal there
        #expect(try p.storageSlot(0) == .zero)
        #expect(try p.storageSlot(1) == UInt256(1))
        #expect(try p.storageSlot(3) == UInt256(1))
        #expect(try ParamDecode.uint64(p.items[2], "ctx", "type", allowLeadingZeros: true) == 10)
    }

    /// geth rpc/json.go: "too many arguments, want at most N"; nulls count as arguments.
    @Test func tooManyArguments() throws {
        let p = try params("[\"0x1\", null]")
        #expect(throws: Never.self) { try p.expectAtMost(2) }
        do { try p.expectAtMost(1); Issue.record("extra null accepted") } catch {
            #expect(error.message == "too many arguments, want at most 1")
        }
        let two = try params("[1, 2]")
        do { try two.expectAtMost(0); Issue.record("extra params accepted") } catch {
            #expect(error.message == "too many arguments, want at most 0")
        }
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
        // BlockNumber in geth goes through hexutil.DecodeUint64: no leading zeros, in objects too
        let z = try params("[\"0x01\", \"0x00\", {\"blockNumber\": \"0x02\"}]")
        for i in 0...2 {
            do { _ = try z.block(i); Issue.record("leading zeros accepted in block \(i)") } catch {
                #expect(error.message.contains("invalid argument \(i): block number: hex number with leading zero digits"))
            }
        }
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
