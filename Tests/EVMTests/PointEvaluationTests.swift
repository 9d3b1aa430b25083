import Testing
@testable import EVM

@Suite struct PointEvaluationTests {
    /// c-kzg-4844 verify_kzg_proof_case_correct_proof_1ce8e4f69d5df899, as called in
    /// execution-spec-tests cancun/eip4844_blobs/test_external_vectors.json (z = r − 1, y = 0).
    static let correct: [UInt8] = hex(
        "01ad7666ef9d8f53b5adf54f029b13b6f171b1d0bd346a2ede315d3e243484ef"
        + "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000"
        + "0000000000000000000000000000000000000000000000000000000000000000"
        + "93efc82d2017e9c57834a1246463e64774e56183bb247c8fc9dd98c56817e878d97b05f5c8d900acf1fbbbca6f146556"
        + "92c51ff81dd71dab71cefecd79e8274b4b7ba36a0f40e2dc086bc4061c7f63249877db23297212991fd63e07b7ebc348")

    static func hex(_ s: String) -> [UInt8] {
        let c = Array(s.utf8)
        return stride(from: 0, to: c.count, by: 2).map { UInt8(String(decoding: c[$0...$0 + 1], as: UTF8.self), radix: 16)! }
    }

    @Test func correctProofReturnsBlobConstants() {
        let out = PointEvaluation.run(Self.correct)
        // FIELD_ELEMENTS_PER_BLOB = 4096 and BLS_MODULUS (EIP-4844).
        #expect(out == [UInt8](repeating: 0, count: 30) + [0x10, 0x00]
                + Self.hex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"))
        #expect(PointEvaluation.gas == 50000)
    }

    @Test func rejectsBadVersionedHashLengthAndValues() {
        var badVersion = Self.correct
        badVersion[0] = 0x02                 // the version byte must be 0x01
        #expect(PointEvaluation.run(badVersion) == nil)
        var badHash = Self.correct
        badHash[31] ^= 1
        #expect(PointEvaluation.run(badHash) == nil)
        #expect(PointEvaluation.run(Array(Self.correct.dropLast())) == nil)
        #expect(PointEvaluation.run(Self.correct + [0]) == nil)
        var wrongY = Self.correct
        wrongY[95] = 1                       // y = 1 instead of 0: the proof no longer matches
        #expect(PointEvaluation.run(wrongY) == nil)
        var zTooBig = Self.correct
        zTooBig[63] = 0x01                   // z = r: not a canonical field element
        #expect(PointEvaluation.run(zTooBig) == nil)
    }
}
