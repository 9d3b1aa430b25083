import Testing
@testable import BLS12381

// Expected values computed with py_ecc 8.0.0 (bls12_381_FQ / bls12_381_FQ2) and Python integers.
@Suite("BLS12-381 Fp and Fp2")
struct FieldTests {
    static let pHex = "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab"
    static let aHex = "0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30"
    static let bHex = "0x12c24d643a4e8097c3103cd7fdc41cf41996ca39343a5ba40e8c207d260f2beb1235eaf513a1eef1daf8f2f3f4f84c4a"

    func fp(_ hex: String) throws -> Fp { try #require(Fp(hex: hex)) }

    @Test func modulusAndRange() throws {
        #expect(Fp.modulusBigEndian.map { String(format2($0)) }.joined() == Self.pHex)
        #expect(Fp(hex: Self.pHex) == nil)                       // p itself is out of range
        let pMinus1 = try fp("0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaaa")
        #expect(pMinus1 == -Fp.one)
        #expect(pMinus1 + Fp.one == Fp.zero)
        #expect(Fp(bigEndian: [UInt8](repeating: 0xff, count: 48)[...]) == nil)
        #expect(Fp(bigEndian: [UInt8](repeating: 0, count: 47)[...]) == nil)
        #expect(Fp.one.bigEndianBytes == [UInt8](repeating: 0, count: 47) + [1])
        #expect(Fp(7).bigEndianBytes == [UInt8](repeating: 0, count: 47) + [7])
    }

    @Test func montgomeryRoundTrip() throws {
        let bytes = (1...48).map { UInt8($0) }
        let a = try #require(Fp(bigEndian: bytes[...]))
        #expect(a.bigEndianBytes == bytes)
        #expect(a.description == Self.aHex)
        #expect(try fp(Self.bHex).description == Self.bHex)
    }

    @Test func arithmeticMatchesPyEcc() throws {
        let a = try fp(Self.aHex), b = try fp(Self.bHex)
        #expect((a * b).description == "0x19e64ab384276c5e60828d16d973ee69c11fad89c66a3f8b88fd426126f92087de978c432175e4d91b07a477a5556320")
        #expect((a + b).description == "0x13c450683f54879fcc1a47e40ad22c042aa8dd4d495072bc27a63b99432d4b0b33580e1938c8161a04231e2022267b7a")
        #expect((a - b).description == "0x0840c78a04376d0a911575ea52959ef35bf2945fd460ce3371becd3fedbfe9592d98382dc2d838360830383838358d91")
        #expect((b - a).description == "0x11c04a603548798fba0631cbf0b60de40884b7251f24448bf572056108f10ccaf113c7d0ee7bc7c9b1cec7c7c7ca1d1a")
        #expect(a.inverse().description == "0x034458c41097aeb412c93e469049d6b6fdd634a9671688a614d9d91ec87f8beab2dc3d73d62e1a09233c51b79595f70a")
        #expect(a * a.inverse() == .one)
        #expect(Fp.zero.inverse() == .zero)
        #expect(Fp(3) * Fp(5) == Fp(15))
        #expect(a.pow([2]) == a.squared())
    }

    @Test func squareRoots() throws {
        let a = try fp(Self.aHex), b = try fp(Self.bHex)
        #expect(!Fp(2).isSquare)
        #expect(!Fp(3).isSquare)
        #expect(a.isSquare)
        #expect(!b.isSquare)
        #expect(Fp(2).sqrt() == nil)
        #expect(b.sqrt() == nil)
        let s = try #require(a.squared().sqrt())
        #expect(s == a || s == -a)
        let r = try #require(a.sqrt())
        #expect(r.squared() == a)
        #expect(Fp(4).sqrt() == Fp(2) || Fp(4).sqrt() == -Fp(2))
        #expect(Fp.zero.sqrt() == .zero)
    }

    @Test func signs() throws {
        #expect(Fp.one.sgn0)
        #expect(!Fp(2).sgn0)
        #expect(!Fp.zero.sgn0)
        #expect((-Fp.one).sgn0 == false)                        // p − 1 is even
        #expect(!Fp.one.isLexicographicallyLargest)
        #expect((-Fp.one).isLexicographicallyLargest)
        // (p − 1)/2 is not largest, (p + 1)/2 is.
        let half = try fp("0x0d0088f51cbff34d258dd3db21a5d66bb23ba5c279c2895fb39869507b587b120f55ffff58a9ffffdcff7fffffffd555")
        #expect(!half.isLexicographicallyLargest)
        #expect((half + .one).isLexicographicallyLargest)
        #expect(half + half == -Fp.one)
    }

    @Test func fp2MatchesPyEcc() throws {
        let a = try fp(Self.aHex), b = try fp(Self.bHex)
        let x = Fp2(a, b), y = Fp2(b, a + Fp(5))
        let xy = x * y
        #expect(xy.c0.description == "0x0a38c4b3c27717725d1d6ea1185a229911eb3af5c8f080c95406a8121c77fcf91fa2693163265545a11f413c37252d3a")
        #expect(xy.c1.description == "0x1301bb069fb6e3074e985fb65e7cfa3d5aadc0c7b348d7fdbdaed6a69230b9f315f2d8361bd5cd3e8486ef453c3362ca")
        let xi = x.inverse()
        #expect(xi.c0.description == "0x0a7cff1100ed7ce95a2b886d94cfff3bb454efdb6cef39f09cfeaba916003d15748aee36176b6f05921fc9ebec363d14")
        #expect(xi.c1.description == "0x12bff0157e9351d2a5c60ba116d607b80cba6dc3b0527ecf3d74174f6b03dcbd9bbe0d3c297025279a47dbc0e88b9d78")
        #expect(x * xi == .one)
        #expect(Fp2.zero.inverse() == .zero)
        #expect(x.squared() == x * x)
        #expect(Fp2.u.squared() == -Fp2.one)
        #expect(x.mulByNonresidue() == x * Fp2(.one, .one))
        #expect(x.conjugate == x.pow(Fp.modulusLimbs))           // Frobenius
        #expect(x * Fp(7) == x * Fp2(Fp(7), .zero))
    }

    @Test func fp2SquareRoots() throws {
        let a = try fp(Self.aHex), b = try fp(Self.bHex)
        let x = Fp2(a, b), y = Fp2(b, a + Fp(5))
        #expect(!x.isSquare)
        #expect(x.sqrt() == nil)
        #expect(y.isSquare)
        let r = try #require(y.sqrt())
        #expect(r.squared() == y)
        let s = try #require(x.squared().sqrt())
        #expect(s == x || s == -x)
        // −1 = u², and pure-Fp non-squares become squares in Fp2.
        let m = try #require(Fp2(-Fp.one, .zero).sqrt())
        #expect(m == Fp2.u || m == -Fp2.u)
        let t = try #require(Fp2(Fp(2), .zero).sqrt())
        #expect(t.squared() == Fp2(Fp(2), .zero))
        #expect(Fp2.zero.sqrt() == .zero)
    }

    @Test func fp2Sign() {
        #expect(Fp2(.one, .zero).sgn0)
        #expect(Fp2(.zero, .one).sgn0)
        #expect(!Fp2(Fp(2), .one).sgn0)
        #expect(!Fp2.zero.sgn0)
    }
}

private func format2(_ b: UInt8) -> String {
    let s = String(b, radix: 16)
    return s.count == 1 ? "0" + s : s
}
