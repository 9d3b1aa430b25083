import Primitives

/// 0x06 ECADD and 0x07 ECMUL on alt_bn128 (EIP-196; gas 150 / 6000 by EIP-1108).
/// Points are (x, y) as two 32-byte big-endian words, (0, 0) = infinity; coordinates must be < p
/// and on y² = x³ + 3, else the call fails. Jacobian coordinates inside, one inversion at the end.
/// (0x08 pairing is not implemented yet.)
enum BN254 {
    static let p = UInt256(hex: "0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47")!

    struct Jacobian { var x: UInt256; var y: UInt256; var z: UInt256 }
    static let infinity = Jacobian(x: .one, y: .one, z: .zero)

    @inline(__always) static func add(_ a: UInt256, _ b: UInt256) -> UInt256 { UInt256.addmod(a, b, p) }
    @inline(__always) static func sub(_ a: UInt256, _ b: UInt256) -> UInt256 { UInt256.addmod(a, b.isZero ? .zero : p &- b, p) }
    @inline(__always) static func mul(_ a: UInt256, _ b: UInt256) -> UInt256 { UInt256.mulmod(a, b, p) }

    static func inverse(_ a: UInt256) -> UInt256 {
        // Fermat: a^(p−2)
        let e = p &- UInt256(2)
        var result = UInt256.one
        var base = a
        for i in 0..<256 {
            if (e >> i).w0 & 1 == 1 { result = mul(result, base) }
            base = mul(base, base)
        }
        return result
    }

    /// Parses an affine point; nil if a coordinate is ≥ p or the point is not on the curve.
    static func point(_ b: [UInt8], _ offset: Int) -> Jacobian? {
        let x = UInt256(bigEndian: b[offset..<offset + 32]), y = UInt256(bigEndian: b[offset + 32..<offset + 64])
        guard x < p, y < p else { return nil }
        if x.isZero && y.isZero { return infinity }
        guard mul(y, y) == add(mul(mul(x, x), x), UInt256(3)) else { return nil }
        return Jacobian(x: x, y: y, z: .one)
    }

    static func double(_ a: Jacobian) -> Jacobian {
        if a.z.isZero || a.y.isZero { return infinity }
        let xx = mul(a.x, a.x), yy = mul(a.y, a.y), yyyy = mul(yy, yy)
        let t = sub(sub(mul(add(a.x, yy), add(a.x, yy)), xx), yyyy)
        let d = add(t, t)
        let e = add(add(xx, xx), xx)
        let f = mul(e, e)
        let x3 = sub(f, add(d, d))
        var c8 = add(yyyy, yyyy); c8 = add(c8, c8); c8 = add(c8, c8)
        let y3 = sub(mul(e, sub(d, x3)), c8)
        let yz = mul(a.y, a.z)
        return Jacobian(x: x3, y: y3, z: add(yz, yz))
    }

    static func addPoints(_ a: Jacobian, _ b: Jacobian) -> Jacobian {
        if a.z.isZero { return b }
        if b.z.isZero { return a }
        let z1z1 = mul(a.z, a.z), z2z2 = mul(b.z, b.z)
        let u1 = mul(a.x, z2z2), u2 = mul(b.x, z1z1)
        let s1 = mul(mul(a.y, b.z), z2z2), s2 = mul(mul(b.y, a.z), z1z1)
        let h = sub(u2, u1)
        let rr = sub(s2, s1)
        if h.isZero { return rr.isZero ? double(a) : infinity }
        let h2 = add(h, h)
        let i = mul(h2, h2)
        let j = mul(h, i)
        let r = add(rr, rr)
        let v = mul(u1, i)
        let x3 = sub(sub(mul(r, r), j), add(v, v))
        let s1j = mul(s1, j)
        let y3 = sub(mul(r, sub(v, x3)), add(s1j, s1j))
        let zs = add(a.z, b.z)
        let z3 = mul(sub(sub(mul(zs, zs), z1z1), z2z2), h)
        return Jacobian(x: x3, y: y3, z: z3)
    }

    static func encode(_ a: Jacobian) -> [UInt8] {
        if a.z.isZero { return [UInt8](repeating: 0, count: 64) }
        let zi = inverse(a.z)
        let zi2 = mul(zi, zi)
        return mul(a.x, zi2).bigEndianBytes + mul(a.y, mul(zi2, zi)).bigEndianBytes
    }

    static func padded(_ input: [UInt8], _ count: Int) -> [UInt8] {
        input.count >= count ? Array(input[0..<count]) : input + [UInt8](repeating: 0, count: count - input.count)
    }

    /// ECADD; nil for invalid points.
    static func ecAdd(_ input: [UInt8]) -> [UInt8]? {
        let b = padded(input, 128)
        guard let p1 = point(b, 0), let p2 = point(b, 64) else { return nil }
        return encode(addPoints(p1, p2))
    }

    /// ECMUL; nil for an invalid point.
    static func ecMul(_ input: [UInt8]) -> [UInt8]? {
        let b = padded(input, 96)
        guard let base = point(b, 0) else { return nil }
        let s = UInt256(bigEndian: b[64..<96])
        var acc = infinity
        var i = s.bitWidthUsed - 1
        while i >= 0 {
            acc = double(acc)
            if (s >> i).w0 & 1 == 1 { acc = addPoints(acc, base) }
            i -= 1
        }
        return encode(acc)
    }
}
