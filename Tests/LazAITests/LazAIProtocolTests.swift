import Foundation
import Testing
@testable import LazAI
import DevnetCrypto
import Primitives
import Node

/// ProofData, SettlementData and the X-LazAI header digest against eth_abi / eth_account values
/// (scripts/generate-lazai-fixtures.py, the libraries Alith 0.12.3 uses).
@Suite struct LazAIProtocolTests {
    static let mnemonic = "test test test test test test test test test test test junk"

    func nodeKey() throws -> PrivateKey { try LazAIDevKeys.nodeKeys(mnemonic: Self.mnemonic, count: 1)[0] }

    @Test func nodeKeyIsEthAccountsDerivation() throws {
        #expect(try nodeKey().address == Address(hex: LazAIFixtures.nodeAddress))
    }

    @Test func proofDataEncodingHashAndSignatureMatchAlith() throws {
        let proof = LazAIProofData(fileId: UInt256(LazAIFixtures.proofFileId), score: UInt256(LazAIFixtures.proofScore),
                                   fileUrl: LazAIFixtures.proofFileUrl, proofUrl: "")
        #expect(Hex.encode(proof.abiEncoded) == "0x" + LazAIFixtures.proofEncodedHex)
        // one tuple parameter: the first word is the offset 0x20
        #expect(proof.abiEncoded.prefix(32) == ArraySlice(ABIWord.offset32))
        #expect(proof.hash.hex == "0x" + LazAIFixtures.proofHashHex.replacingOccurrences(of: "0x", with: ""))
        let sig = try proof.signature(key: try nodeKey())
        #expect(Hex.encode(sig) == "0x" + LazAIFixtures.proofSignatureHex)
        #expect(sig[64] == 27 || sig[64] == 28)
    }

    @Test func addProofCalldataHasTheSelectorOfAlithsABI() throws {
        let proof = LazAIProofData(fileId: 1, score: 2, fileUrl: "u", proofUrl: "")
        let data = proof.addProofCall(signature: [UInt8](repeating: 0, count: 65))
        // keccak256("addProof(uint256,(bytes,(uint256,uint256,string,string)))")[0..4]
        #expect(Array(data.prefix(4)) == Array(Keccak256.hash(Array("addProof(uint256,(bytes,(uint256,uint256,string,string)))".utf8)).bytes.prefix(4)))
    }

    @Test func settlementDataMatchesAlith() throws {
        let sigBytes = try #require(LazAIHex.decode(LazAIFixtures.headerSignatureHex))
        let data = LazAISettlementData(id: LazAIFixtures.settlementId, user: try #require(Address(hex: LazAIFixtures.userAddress)),
                                       cost: UInt256(LazAIFixtures.settlementCost), nonce: UInt256(LazAIFixtures.nonce),
                                       userSignature: sigBytes)
        #expect(Hex.encode(data.abiEncoded) == "0x" + LazAIFixtures.settlementEncodedHex)
        #expect(data.hash.hex == "0x" + LazAIFixtures.settlementHashHex.replacingOccurrences(of: "0x", with: ""))
        #expect(Hex.encode(try data.signature(key: try nodeKey())) == "0x" + LazAIFixtures.settlementSignatureHex)
    }

    @Test func headerDigestAndRecoveryMatchAlith() throws {
        let user = try #require(Address(hex: LazAIFixtures.userAddress))
        let node = try #require(Address(hex: LazAIFixtures.nodeAddress))
        let nonce = UInt256(LazAIFixtures.nonce)
        #expect(LazAIRequestAuth.digest(nonce: nonce, user: user, node: node).hex
                == "0x" + LazAIFixtures.headerHashHex.replacingOccurrences(of: "0x", with: ""))
        let sig = try #require(LazAIHex.decode(LazAIFixtures.headerSignatureHex))
        #expect(try LazAIRequestAuth.recover(nonce: nonce, user: user, node: node, signature: sig) == user)
        // another nonce or node recovers someone else
        #expect(try LazAIRequestAuth.recover(nonce: nonce &+ 1, user: user, node: node, signature: sig) != user)
        #expect(try LazAIRequestAuth.recover(nonce: nonce, user: user, node: user, signature: sig) != user)
        #expect(throws: LazAIError.self) { try LazAIRequestAuth.recover(nonce: nonce, user: user, node: node, signature: [1, 2]) }
    }

    @Test func scorerFollowsItsDocumentedFormula() {
        #expect(LazAIScorer.score([]) == 1)
        // "the cat sat on the mat": 6 words, 5 distinct, all printable
        // 10000 × (0.5·5/6 + 0.3·6/400 + 0.2·1) = 6211.67 → 6212
        #expect(LazAIScorer.score(Array("the cat sat on the mat".utf8)) == 6212)
        // "spam spam spam spam": 4 words, 1 distinct: 10000 × (0.5·0.25 + 0.3·0.01 + 0.2) = 3280
        #expect(LazAIScorer.score(Array("spam spam spam spam".utf8)) == 3280)
        // 400 distinct words, printable: the maximum
        let many = (0..<400).map { "w\($0)" }.joined(separator: " ")
        #expect(LazAIScorer.score(Array(many.utf8)) == 10000)
        // a control byte lowers cleanliness: "\0ab": words [ab], 2 of 3 scalars printable
        // 10000 × (0.5·1 + 0.3·1/400 + 0.2·2/3) = 6340.83 → 6341
        #expect(LazAIScorer.score([0, 0x61, 0x62]) == 6341)
    }

    @Test func responderIsDeterministicAndCountsWords() {
        #expect(LazAIResponder.tokens("  What is   Alith?\n") == 3)
        let a = LazAIResponder.reply(to: "What is Alith? Alith is an agent framework")
        #expect(a == LazAIResponder.reply(to: "What is Alith? Alith is an agent framework"))
        #expect(a.hasPrefix("You said 8 words: \"What is Alith? Alith is an agent framework\"."))
        #expect(a.contains("Most frequent words: alith, what, agent."))
        let doc = "Alith is an agent framework.\n\nLazAI anchors data with DATs.\n\nNothing here."
        #expect(LazAIResponder.retrieve(query: "what anchors data?", document: doc, limit: 3) == ["LazAI anchors data with DATs."])
    }

    @Test func proofRequestParsesAlithsJSON() throws {
        let body = #"{"job_id": 3, "file_id": 2, "file_url": "http://x/f", "encryption_key": "abcd", "encryption_seed": "Sign", "proof_url": null, "nonce": null}"#
        let r = try LazAIProofRequest(json: Array(body.utf8))
        #expect(r.jobId == 3 && r.fileId == 2 && r.fileUrl == "http://x/f" && r.encryptionKey == "abcd" && r.proofUrl == nil)
        #expect(throws: LazAIError.self) { try LazAIProofRequest(json: Array(#"{"job_id": 3}"#.utf8)) }
        #expect(throws: LazAIError.self) { try LazAIProofRequest(json: Array("not json".utf8)) }
    }
}

enum ABIWord {
    static let offset32: [UInt8] = [UInt8](repeating: 0, count: 31) + [0x20]
}

@Suite struct LazAIWatcherTests {
    @Test func readsJobSubmittedLogs() throws {
        // JobSubmitted(jobId=1 indexed, fileId=1 indexed, nodeAddress, bidAmount=100): topic0 =
        // keccak256("JobSubmitted(uint256,uint256,address,uint256)") (eth_utils), topics are
        // 32-byte words (with leading zeros, not QUANTITYs), data = abi.encode(address, uint256)
        let log = try JSON.parse("""
        {"address":"0x815da22d880e3560bcecc85b6e4938b30c8202c4",
         "topics":["0x489e923ac6ba31ef19d89736ac6998000e3fe5b1d1f26174a2c12e02393aa67e",
                   "0x0000000000000000000000000000000000000000000000000000000000000007",
                   "0x0000000000000000000000000000000000000000000000000000000000000001"],
         "data":"0x0000000000000000000000004e0ebc370cadc5d152505ea4febcf839e7e2d3f80000000000000000000000000000000000000000000000000000000000000064"}
        """)
        let a = try #require(LazAIServices.jobAssignment(log))
        #expect(a.job == 7)
        #expect(a.node == Address(hex: "0x4E0eBc370cAdc5d152505EA4FEbcf839E7E2D3F8"))
        #expect(LazAIServices.jobSubmittedTopic.hex == "0x489e923ac6ba31ef19d89736ac6998000e3fe5b1d1f26174a2c12e02393aa67e")
        #expect(LazAIServices.jobAssignment(try JSON.parse(#"{"topics":[],"data":"0x"}"#)) == nil)
    }
}
