import Testing
@testable import BLS12381

/// RFC 9380 map_to_curve / clear_cofactor for BLS12-381 and the EIP-2537 map precompiles
/// (vectors in MapToCurveVectors.swift, with their sources).
@Suite struct MapToCurveTests {
    // MARK: G1

    @Test func rfcMapToCurveG1() throws {
        for v in rfcMapG1 {
            let q = MapToCurve.mapToCurveG1(try fp(v.u))
            #expect(!q.isInfinity)
            let x = try fp(v.qx), y = try fp(v.qy)
            #expect(q.x == x, "x for u = \(v.u)")
            #expect(q.y == y, "y for u = \(v.u)")
        }
    }

    @Test func rfcEncodeToCurveG1() throws {
        for v in rfcEncodeG1 + [zeroMapG1] {
            let u = try fp(v.map.u)
            let qx = try fp(v.map.qx), qy = try fp(v.map.qy), px = try fp(v.px), py = try fp(v.py)
            let q = MapToCurve.mapToCurveG1(u)
            #expect(q.x == qx && q.y == qy, "Q for u = \(v.map.u)")
            let p = MapToCurve.clearCofactorG1(q)
            #expect(p.x == px && p.y == py, "P for u = \(v.map.u)")
            #expect(p.isOnCurve && p.isInSubgroup)
            #expect(MapToCurve.mapToG1(u) == p)
        }
    }

    @Test func sswuG1LandsOnIsogenousCurve() throws {
        for v in rfcMapG1 {
            let (xn, xd, y) = MapToCurve.sswuG1(try fp(v.u))
            let x = xn * xd.inverse()
            #expect(y.squared() == (x.squared() + MapG1Constants.a) * x + MapG1Constants.b)
        }
    }

    @Test func eipMapFpToG1() throws {
        for v in eipMapG1 {
            let input = try bytes(v.input), expected = try bytes(v.expected)
            #expect(BLSPrecompiles.mapFpToG1(input) == expected, "\(v.name)")
        }
        #expect(BLSPrecompiles.mapFpToG1Gas == 5500)
    }

    @Test func eipMapFpToG1Failures() throws {
        for v in eipFailMapG1 {
            let input = try bytes(v.input)
            #expect(BLSPrecompiles.mapFpToG1(input) == nil, "\(v.name)")
        }
        // p itself is not a canonical field element.
        let p = [UInt8](repeating: 0, count: 16) + Fp.modulusBigEndian
        #expect(BLSPrecompiles.mapFpToG1(p) == nil)
    }

    // MARK: G2

    @Test func rfcMapToCurveG2() throws {
        for v in rfcMapG2 {
            let q = MapToCurve.mapToCurveG2(try fp2(v.u))
            #expect(!q.isInfinity)
            let x = try fp2(v.qx), y = try fp2(v.qy)
            #expect(q.x == x, "x for u = \(v.u)")
            #expect(q.y == y, "y for u = \(v.u)")
        }
    }

    @Test func rfcEncodeToCurveG2() throws {
        for v in rfcEncodeG2 + [zeroMapG2] {
            let u = try fp2(v.map.u)
            let qx = try fp2(v.map.qx), qy = try fp2(v.map.qy), px = try fp2(v.px), py = try fp2(v.py)
            let q = MapToCurve.mapToCurveG2(u)
            #expect(q.x == qx && q.y == qy, "Q for u = \(v.map.u)")
            let p = MapToCurve.clearCofactorG2(q)
            #expect(p.x == px && p.y == py, "P for u = \(v.map.u)")
            #expect(p.isOnCurve && p.isInSubgroup)
            #expect(MapToCurve.mapToG2(u) == p)
        }
    }

    /// The ψ method equals multiplication by h_eff (RFC 9380 §8.8.2's constant).
    @Test func clearCofactorG2MatchesHEff() throws {
        let hEff = try bytes("0bc69f08f2ee75b3584c6a0ea91b352888e2a8e9145ad7689986ff031508ffe1329c2f178731db956d82bf015d1212b02ec0ec69d7477c1ae954cbc06689f6a359894c0adebbf6b4e8020005aaa95551")
        for v in rfcMapG2.prefix(4) {
            let q = MapToCurve.mapToCurveG2(try fp2(v.u))
            #expect(MapToCurve.clearCofactorG2(q) == G2Point(q).multiplied(by: hEff).affine)
        }
    }

    @Test func eipMapFp2ToG2() throws {
        for v in eipMapG2 {
            let input = try bytes(v.input), expected = try bytes(v.expected)
            #expect(BLSPrecompiles.mapFp2ToG2(input) == expected, "\(v.name)")
        }
        #expect(BLSPrecompiles.mapFp2ToG2Gas == 23800)
    }

    @Test func eipMapFp2ToG2Failures() throws {
        for v in eipFailMapG2 {
            let input = try bytes(v.input)
            #expect(BLSPrecompiles.mapFp2ToG2(input) == nil, "\(v.name)")
        }
        // c1 = p is not canonical.
        let zero64 = [UInt8](repeating: 0, count: 64)
        let p = [UInt8](repeating: 0, count: 16) + Fp.modulusBigEndian
        #expect(BLSPrecompiles.mapFp2ToG2(zero64 + p) == nil)
        #expect(BLSPrecompiles.mapFp2ToG2(zero64 + zero64) != nil)
    }

    // MARK: helpers

    struct BadHex: Error { let text: String }

    private func fp(_ hex: String) throws -> Fp {
        guard let v = Fp(hex: hex) else { throw BadHex(text: hex) }
        return v
    }

    private func fp2(_ pair: (String, String)) throws -> Fp2 {
        Fp2(try fp(pair.0), try fp(pair.1))
    }

    private func bytes(_ hex: String) throws -> [UInt8] {
        let digits = Array(hex.hasPrefix("0x") ? hex.dropFirst(2) : Substring(hex))
        guard digits.count % 2 == 0 else { throw BadHex(text: hex) }
        var out = [UInt8]()
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let hi = digits[i].hexDigitValue, let lo = digits[i + 1].hexDigitValue else { throw BadHex(text: hex) }
            out.append(UInt8(hi << 4 | lo))
            i += 2
        }
        return out
    }
}
