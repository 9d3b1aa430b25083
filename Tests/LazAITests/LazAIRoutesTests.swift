import Foundation
import Testing
@testable import LazAI
import DevnetCrypto
import Node
import Primitives
import Rollup

/// A chain stand-in answering the eth_calls the node makes (getAccount, getJob), so the HTTP
/// routes' checks can be tested without the contracts.
struct FakeChain: RPCHandler {
    /// Inference/Query getAccount answer: (user, node, nonce, balance).
    var account: (Address, Address, UInt256, UInt256)
    /// getJob answer: (fileId, status, node).
    var job: (UInt256, UInt256, Address)

    func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        guard method == "eth_call", case .array(let p) = params, let data = p.first?["data"]?.stringValue,
              let bytes = try? Hex.decode(data) else {
            throw RPCError(code: -32601, message: "FakeChain: \(method) not served")
        }
        let selector = Array(bytes.prefix(4))
        if selector == ABI.selector("getAccount(address,address)") {
            let out = ABI.encode([.tuple([.address(account.0), .address(account.1), .uint(account.2), .uint(account.3), .uint(0), .array([])])],
                                 types: [ABIType("(address,address,uint256,uint256,uint256,(uint256,uint256,uint256,bool)[])")!])
            return .string(Hex.encode(out))
        }
        if selector == ABI.selector("getJob(uint256)") {
            let out = ABI.encode([.tuple([.uint(job.0), .uint(100), .uint(job.1), .uint(1), .address(.zero), .address(job.2)])],
                                 types: [ABIType("(uint256,uint256,uint8,uint256,address,address)")!])
            return .string(Hex.encode(out))
        }
        throw RPCError(code: 3, message: "execution reverted")
    }
}

@Suite struct LazAIRoutesTests {
    static let mnemonic = "test test test test test test test test test test test junk"

    func services(_ chain: FakeChain) throws -> LazAIServices {
        let keys = try LazAIDevKeys.nodeKeys(mnemonic: Self.mnemonic, count: 1)
        let rsa = try RSAPrivateKey(pem: LazAIDevKeys.rsaPrivateKeyPEM)
        let info = LazAIInfo(admin: .zero, nodes: [LazAINodeRecord(address: keys[0].address, url: "http://127.0.0.1:1/lazai/nodes/0",
                                                                     publicKeyPEM: rsa.publicKeyPEM)],
                             publicKeyPEM: rsa.publicKeyPEM, fileStoreURL: "http://127.0.0.1:1/lazai/files", config: LazAIConfig())
        return LazAIServices(settings: .init(info: info, nodeKeys: keys, rsaKey: rsa, fileStoreDirectory: nil),
                             client: RollupClient(node: chain, chainId: 133718), log: { _ in })
    }

    var user: Address { Address(hex: LazAIFixtures.userAddress)! }
    var node: Address { Address(hex: LazAIFixtures.nodeAddress)! }

    func chat(_ s: LazAIServices, headers: [String: String]) async throws -> (Int, JSON) {
        let body = #"{"model":"m","messages":[{"role":"user","content":"What is Alith?"}]}"#
        let r = try #require(await s.routes(HTTPRouteRequest(method: "POST", path: "/lazai/nodes/0/v1/chat/completions",
                                                             headers: headers, body: Array(body.utf8))))
        return (r.status, try JSON.parse(r.body))
    }

    var goodHeaders: [String: String] {
        ["x-lazai-user": LazAIFixtures.userAddress, "x-lazai-nonce": String(LazAIFixtures.nonce),
         "x-lazai-signature": "0x" + LazAIFixtures.headerSignatureHex]
    }

    @Test func missingHeadersAre401() async throws {
        let s = try services(FakeChain(account: (user, node, 0, 1_000_000_000), job: (1, 1, node)))
        let (status, json) = try await chat(s, headers: [:])
        #expect(status == 401)
        #expect(json["error"]?["type"]?.stringValue == "authentication_error")
        #expect(json["error"]?["message"]?.stringValue?.hasPrefix("Validate the request header failed: ") == true)
    }

    @Test func unknownAccountIs401() async throws {
        let s = try services(FakeChain(account: (.zero, .zero, 0, 0), job: (1, 1, node)))
        let (status, json) = try await chat(s, headers: goodHeaders)
        #expect(status == 401)
        #expect(json["error"]?["message"]?.stringValue?.contains("does not exist") == true)
    }

    @Test func usedNonceIs401() async throws {
        let s = try services(FakeChain(account: (user, node, UInt256(LazAIFixtures.nonce), 1_000_000_000), job: (1, 1, node)))
        let (status, json) = try await chat(s, headers: goodHeaders)
        #expect(status == 401)
        #expect(json["error"]?["message"]?.stringValue?.contains("Invalid nonce") == true)
    }

    @Test func wrongSignatureIs401() async throws {
        let s = try services(FakeChain(account: (user, node, 0, 1_000_000_000), job: (1, 1, node)))
        var h = goodHeaders
        h["x-lazai-nonce"] = String(LazAIFixtures.nonce + 1)   // signed for another nonce
        let (status, json) = try await chat(s, headers: h)
        #expect(status == 401)
        #expect(json["error"]?["message"]?.stringValue?.contains("Signature verification failed") == true)
    }

    @Test func shortBalanceIs402() async throws {
        // "What is Alith?" = 3 prompt tokens; any reply costs more than 1 wei at 1000 wei per token
        let s = try services(FakeChain(account: (user, node, 0, 1), job: (1, 1, node)))
        let (status, json) = try await chat(s, headers: goodHeaders)
        #expect(status == 402)
        #expect(json["error"]?["message"]?.stringValue?.contains("Insufficient balance") == true)
    }

    @Test func proofForAnotherNodesJobIs400() async throws {
        let s = try services(FakeChain(account: (user, node, 0, 0), job: (1, 1, user)))
        let body = #"{"job_id":1,"file_id":1,"file_url":"http://x","encryption_key":"00"}"#
        let r = try #require(await s.routes(HTTPRouteRequest(method: "POST", path: "/lazai/nodes/0/proof", body: Array(body.utf8))))
        #expect(r.status == 400)
        let unknown = try services(FakeChain(account: (user, node, 0, 0), job: (0, 0, .zero)))
        let r2 = try #require(await unknown.routes(HTTPRouteRequest(method: "POST", path: "/lazai/nodes/0/proof", body: Array(body.utf8))))
        #expect(r2.status == 400)
        let bad = try #require(await s.routes(HTTPRouteRequest(method: "POST", path: "/lazai/nodes/0/proof", body: Array("{}".utf8))))
        #expect(bad.status == 400)
    }

    @Test func fileStoreRoundTrip() async throws {
        let s = try services(FakeChain(account: (user, node, 0, 0), job: (1, 1, node)))
        let post = try #require(await s.routes(HTTPRouteRequest(method: "POST", path: "/lazai/files", body: Array("abc".utf8))))
        #expect(post.status == 201)
        let json = try JSON.parse(post.body)
        // SHA-256("abc"), FIPS 180-2 appendix B.1
        let id = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(json["id"]?.stringValue == id)
        #expect(json["sha256"]?.stringValue == id)
        #expect(json["size"] == .number("3"))
        #expect(json["url"]?.stringValue == "http://127.0.0.1:1/lazai/files/" + id)
        let get = try #require(await s.routes(HTTPRouteRequest(method: "GET", path: "/lazai/files/" + id)))
        #expect(get.status == 200 && get.body == Array("abc".utf8) && get.contentType == "application/octet-stream")
        let missing = try #require(await s.routes(HTTPRouteRequest(method: "GET", path: "/lazai/files/" + String(repeating: "0", count: 64))))
        #expect(missing.status == 404)
        // the node reads its own store without HTTP
        #expect(try await s.files.fetch("http://localhost:9/lazai/files/" + id) == Array("abc".utf8))
        // any other /lazai/ path: a JSON 404 that lists the routes (not a fall-through to JSON-RPC)
        let other = try #require(await s.routes(HTTPRouteRequest(method: "POST", path: "/lazai/other")))
        #expect(other.status == 404 && String(decoding: other.body, as: UTF8.self).contains("/lazai/nodes/<i>/proof"))
    }

    @Test func fileFetcherReadsFileURLsAndRefusesOtherSchemes() async throws {
        let path = NSTemporaryDirectory() + "lazai-fetch-\(UUID().uuidString)"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try await LazAIFileFetcher.fetch("file://" + path) == Array("hello".utf8))
        await #expect(throws: LazAIError.self) { try await LazAIFileFetcher.fetch("ipfs://Qm123") }
        await #expect(throws: LazAIError.self) { try await LazAIFileFetcher.fetch("file://" + path, maxBytes: 2) }
    }

    @Test func nodeStatusRoute() async throws {
        let s = try services(FakeChain(account: (user, node, 0, 0), job: (1, 1, node)))
        let r = try #require(await s.routes(HTTPRouteRequest(method: "GET", path: "/lazai/nodes/0")))
        #expect(r.status == 200)
        let json = try JSON.parse(r.body)
        #expect(json["address"]?.stringValue == node.checksummed)
        #expect(json["jobsProven"] == .number("0"))
        let none = try #require(await s.routes(HTTPRouteRequest(method: "GET", path: "/lazai/nodes/7")))
        #expect(none.status == 404)
    }
}

@Suite struct LazAIFileStoreTests {
    @Test func directoryStoreKeepsFilesOnDisk() async throws {
        let dir = NSTemporaryDirectory() + "lazai-files-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = LazAIFileStore(directory: dir, baseURL: "http://127.0.0.1:8545/lazai/files/")
        let e = try await store.put(Array("abc".utf8))
        // SHA-256("abc"), FIPS 180-2 appendix B.1
        #expect(e.id == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(e.url == "http://127.0.0.1:8545/lazai/files/" + e.id)
        #expect(FileManager.default.contents(atPath: dir + "/" + e.id) == Data("abc".utf8))
        // a second store over the same directory (a restart) still serves it
        let again = LazAIFileStore(directory: dir, baseURL: "http://127.0.0.1:8545/lazai/files")
        #expect(await again.get(e.id) == Array("abc".utf8))
        #expect(await again.get("../etc/passwd") == nil)
        #expect(await again.count() == 1)
    }
}
