import ArgumentParser
import Node
import Primitives
import Rollup
import Testing
@testable import DevnetCommands

/// `devnet batch decode`: the calldata of BatchCodecTests (made by a Python encoder with zlib and
/// eth-account; the script is in that file) and the values eth-account gave for it.
@Suite struct BatchDecodeCommandTests {
    static let calldata = "0x000b0000000000000000000000000000000000000000000000000000000000000007000000000000000000000000000000000000000000000000000000000000000c0000000378da63606064480dfec8400428f891d7d0623deb14435310c714532ca083f7c1b6cdcb5318181a9a59442e2cb8fce95ac2ea8949533ebd339f2a16e4d4cc297427f2cd91ca16fd8f617fe5ca17c62cb0cb6dd97aeef1c25b116b75e636b52c0f9bbe6801475b0cf3ecada9c9b71fc81e706260707ca11fb79267dd82bec823fe0157fe469f39772163d316ed00a747bfec8f6d137f2d54f4e9a6d0c64695b2ef1f162bbe747d22d1db30f9c89e179716d8da9f9c5cf063adaa0c030313c87f4c44f86f1bd38fcdcd4c5c618c604fb66cba10c7d0ccd8b6608a13a65281861d2e2b59e7ec4616c31622046c643dc0b8e0dc34b65babf71c9b372fad7d45f2e7cd577ab5369d6131dae7ae2669b49d77a14cc702319d39ef22a2ecd2d65ebc7bfcc88cafa63a2feee8df39cab23337d48979c7c38bd64073188178351640c07a4e10010c1c664221030044d39e9a"

    @Test func parsesArguments() throws {
        let c = try BatchDecodeCommand.parse(["0xabcd", "--l1-rpc", "http://127.0.0.1:15645", "--json"])
        #expect(c.input == "0xabcd" && c.l1RPC == "http://127.0.0.1:15645" && c.json)
        let d = try BatchDecodeCommand.parse(["0xabcd"])
        #expect(d.l1RPC == "http://127.0.0.1:9545" && !d.json)
    }

    @Test func documentCarriesRecoveredSendersAndSealer() throws {
        let bytes = try Hex.decode(Self.calldata)
        let batch = try BatchCodec.decode(bytes)
        let header = try BatchCodec.decodeHeader(bytes)
        let doc = BatchDecodeCommand.document(batch, header: header, calldata: bytes, l1: nil)
        #expect(doc["index"] == .number("7") && doc["l2Start"] == .number("12") && doc["l2End"] == .number("14"))
        guard case .array(let blocks)? = doc["blocks"], blocks.count == 3,
              case .array(let txs0)? = blocks[0]["transactions"], case .array(let txs1)? = blocks[1]["transactions"] else {
            Issue.record("unexpected document shape"); return
        }
        #expect(blocks[0]["number"] == .number("12") && blocks[0]["timestamp"] == .number("1700000000"))
        let t = txs0[0]
        #expect(t["hash"]?.stringValue == "0xd5380d4e3f48908984bcf0786c05a81d77851a7294dee51f70e9a290ac4433c6")
        #expect(t["from"]?.stringValue == "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")
        #expect(t["to"]?.stringValue == "0x3535353535353535353535353535353535353535")
        #expect(t["value"]?.stringValue == "1000000000000000000" && t["nonce"] == .number("0"))
        #expect(t["sealer"]?.stringValue == "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A")
        #expect(txs1[0]["sealer"] == .null && txs1[0]["nonce"] == .number("1"))
        #expect(txs1[1]["type"]?.stringValue == "enqueue" && txs1[1]["queueIndex"]?.stringValue == "9")
        let text = BatchDecodeCommand.text(doc)
        #expect(text.hasPrefix("batch 7: L2 blocks 12…14 (3 blocks)"))
        #expect(text.contains("0xd5380d4e3f48908984bcf0786c05a81d77851a7294dee51f70e9a290ac4433c6"))
    }

    @Test func httpBodiesAreUnframed() throws {
        let plain = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".utf8)
        #expect(try HTTPRPC.body(of: plain) == Array("hello".utf8))
        let chunked = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n".utf8)
        #expect(try HTTPRPC.body(of: chunked) == Array("hello".utf8))
        #expect(throws: HTTPRPCError.self) { try HTTPRPC.body(of: Array("HTTP/1.1 404 Not Found\r\n\r\n".utf8)) }
        #expect(throws: HTTPRPCError.self) { try HTTPRPC(url: "https://x") }
        let u = try HTTPRPC(url: "http://localhost:15645/rpc")
        #expect(u.host == "localhost" && u.port == 15645 && u.path == "/rpc")
    }
}
