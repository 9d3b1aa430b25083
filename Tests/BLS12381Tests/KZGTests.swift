import Foundation
import Testing
@testable import BLS12381

/// ../shared/fixtures relative to the package root (the directory above this file holding
/// Package.swift); worktrees one level deeper try further ancestors.
fileprivate let fixturesRoot: URL = {
    let fm = FileManager.default
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" && !fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
        dir = dir.deletingLastPathComponent()
    }
    var base = dir.deletingLastPathComponent()
    while true {
        let candidate = base.appendingPathComponent("shared/fixtures")
        if fm.fileExists(atPath: candidate.path) || base.path == "/" { return candidate }
        base = base.deletingLastPathComponent()
    }
}()

fileprivate func bytes(_ hex: String) -> [UInt8] {
    let s = Array(hex.hasPrefix("0x") ? hex.utf8.dropFirst(2) : hex.utf8.dropFirst(0))
    var out = [UInt8]()
    var i = 0
    while i + 1 < s.count {
        out.append(UInt8(String(decoding: s[i...i + 1], as: UTF8.self), radix: 16)!)
        i += 2
    }
    return out
}

@Suite struct KZGTests {
    @Test func trustedSetupPointIsInG2() {
        let t = KZG.tauG2
        #expect(t.isOnCurve)
        #expect(t.isInSubgroup)
        // Compressed form 0xb5bfd7dd…: the low 381 bits of the first 48 bytes are x.c1.
        #expect(t.x.c1.bigEndianBytes == bytes("15bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72"))
    }

    @Test func constants() {
        #expect(KZG.pointEvaluationOutput.count == 64)
        #expect(KZG.pointEvaluationOutput[30] == 0x10 && KZG.pointEvaluationOutput[31] == 0x00)
        #expect(Array(KZG.pointEvaluationOutput[32...]) == bytes("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"))
        #expect(KZG.isCanonicalScalar(bytes("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000")[...]))
        #expect(!KZG.isCanonicalScalar(bytes("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001")[...]))
        #expect(!KZG.isCanonicalScalar([UInt8](repeating: 0xff, count: 32)[...]))
    }

    @Test func decompression() {
        // The G1 generator's ZCash compressed form (draft-irtf-cfrg-pairing-friendly-curves-11 App. C).
        let g = bytes("97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb")
        #expect(KZG.decompressG1(g[...]) == G1Affine.generator)
        var gNeg = g
        gNeg[0] ^= 0x20                        // the other root: −G1
        var minus = G1Affine.generator
        minus.y = -minus.y
        #expect(KZG.decompressG1(gNeg[...]) == minus)
        let inf = [0xc0] + [UInt8](repeating: 0, count: 47)
        #expect(KZG.decompressG1(inf[...])?.isInfinity == true)
        var badInf = inf
        badInf[47] = 1
        #expect(KZG.decompressG1(badInf[...]) == nil)
        var unflagged = g
        unflagged[0] &= 0x7f                   // compression bit missing
        #expect(KZG.decompressG1(unflagged[...]) == nil)
        #expect(KZG.decompressG1(g.dropLast()) == nil)
        // x ≥ p.
        let tooBig = [0x80 | 0x1a] + bytes("0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab")
        #expect(KZG.decompressG1(tooBig[...]) == nil)
    }

    /// c-kzg-4844's verify_kzg_proof vectors, as carried by execution-spec-tests
    /// (cancun/eip4844_blobs/test_external_vectors.json: the call data to 0x0a, and the case name
    /// says whether the proof is correct).
    @Test func externalVectors() throws {
        let url = fixturesRoot.appendingPathComponent("state_tests/cancun/eip4844_blobs/test_external_vectors.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var correct = 0, rejected = 0
        for (name, value) in json where name.contains("fork_Cancun") {
            let tx = try #require((value as? [String: Any])?["transaction"] as? [String: Any])
            let data = try #require((tx["data"] as? [String])?.first)
            let input = bytes(data)
            let expected = name.contains("_case_correct_proof")
            #expect(KZG.verifyPointEvaluation(input) == expected, "\(name)")
            if expected { correct += 1 } else { rejected += 1 }
        }
        #expect(correct == 54 && rejected == 68)
    }
}
