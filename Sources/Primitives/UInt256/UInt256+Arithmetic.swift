// Wrapping arithmetic, division and shifts on UInt256 (EVM semantics, Yellow Paper §H.2).

extension UInt256 {
    /// Sum and whether it carried out of bit 255.
    @inlinable @inline(__always)
    public func addingReportingOverflow(_ b: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, c0) = w0.addingReportingOverflow(b.w0)
        var (r1, c1) = w1.addingReportingOverflow(b.w1)
        var c: Bool
        if c0 { (r1, c) = r1.addingReportingOverflow(1); c1 = c1 || c }
        var (r2, c2) = w2.addingReportingOverflow(b.w2)
        if c1 { (r2, c) = r2.addingReportingOverflow(1); c2 = c2 || c }
        var (r3, c3) = w3.addingReportingOverflow(b.w3)
        if c2 { (r3, c) = r3.addingReportingOverflow(1); c3 = c3 || c }
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), c3)
    }

    /// Difference and whether it borrowed (b > self).
    @inlinable @inline(__always)
    public func subtractingReportingOverflow(_ b: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, b0) = w0.subtractingReportingOverflow(b.w0)
        var (r1, b1) = w1.subtractingReportingOverflow(b.w1)
        var c: Bool
        if b0 { (r1, c) = r1.subtractingReportingOverflow(1); b1 = b1 || c }
        var (r2, b2) = w2.subtractingReportingOverflow(b.w2)
        if b1 { (r2, c) = r2.subtractingReportingOverflow(1); b2 = b2 || c }
        var (r3, b3) = w3.subtractingReportingOverflow(b.w3)
        if b2 { (r3, c) = r3.subtractingReportingOverflow(1); b3 = b3 || c }
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), b3)
    }

    /// Product modulo 2²⁵⁶ and whether any bit was lost.
    @inlinable
    public func multipliedReportingOverflow(by b: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let full = UInt256.multiplyFull(self, b)
        let lost = (full.4 | full.5 | full.6 | full.7) != 0
        return (UInt256(w0: full.0, w1: full.1, w2: full.2, w3: full.3), lost)
    }

    @inlinable @inline(__always)
    public static func &+ (a: UInt256, b: UInt256) -> UInt256 { a.addingReportingOverflow(b).partialValue }
    @inlinable @inline(__always)
    public static func &- (a: UInt256, b: UInt256) -> UInt256 { a.subtractingReportingOverflow(b).partialValue }
    @inlinable @inline(__always)
    public static func &+= (a: inout UInt256, b: UInt256) { a = a &+ b }
    @inlinable @inline(__always)
    public static func &-= (a: inout UInt256, b: UInt256) { a = a &- b }

    /// Product modulo 2²⁵⁶ (the EVM's MUL).
    @inlinable
    public static func &* (a: UInt256, b: UInt256) -> UInt256 {
        // Only the partial products that land in the low four limbs.
        var r0: UInt64, r1: UInt64, r2: UInt64, r3: UInt64
        var (h, l) = a.w0.multipliedFullWidth(by: b.w0)
        r0 = l; r1 = h
        var c: Bool
        (h, l) = a.w0.multipliedFullWidth(by: b.w1)
        (r1, c) = r1.addingReportingOverflow(l); r2 = h &+ (c ? 1 : 0)
        (h, l) = a.w1.multipliedFullWidth(by: b.w0)
        (r1, c) = r1.addingReportingOverflow(l); var carry2 = h &+ (c ? 1 : 0)
        (r2, c) = r2.addingReportingOverflow(carry2); r3 = c ? 1 : 0
        (h, l) = a.w0.multipliedFullWidth(by: b.w2)
        (r2, c) = r2.addingReportingOverflow(l); r3 = r3 &+ h &+ (c ? 1 : 0)
        (h, l) = a.w1.multipliedFullWidth(by: b.w1)
        (r2, c) = r2.addingReportingOverflow(l); r3 = r3 &+ h &+ (c ? 1 : 0)
        (h, l) = a.w2.multipliedFullWidth(by: b.w0)
        (r2, c) = r2.addingReportingOverflow(l); r3 = r3 &+ h &+ (c ? 1 : 0)
        carry2 = a.w0 &* b.w3 &+ a.w1 &* b.w2 &+ a.w2 &* b.w1 &+ a.w3 &* b.w0
        r3 = r3 &+ carry2
        return UInt256(w0: r0, w1: r1, w2: r2, w3: r3)
    }

    @inlinable @inline(__always)
    public static func &*= (a: inout UInt256, b: UInt256) { a = a &* b }

    /// The full 512-bit product as eight little-endian limbs.
    @inlinable
    public static func multiplyFull(_ a: UInt256, _ b: UInt256)
        -> (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) {
        var r: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &r) { raw in
            let out = raw.baseAddress!.assumingMemoryBound(to: UInt64.self)
            for i in 0..<4 {
                let ai = a[limb: i]
                if ai == 0 { continue }
                var carry: UInt64 = 0
                for j in 0..<4 {
                    let (h, l) = ai.multipliedFullWidth(by: b[limb: j])
                    let (s1, c1) = out[i + j].addingReportingOverflow(l)
                    let (s2, c2) = s1.addingReportingOverflow(carry)
                    out[i + j] = s2
                    carry = h &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
                }
                out[i + 4] = carry
            }
        }
        return r
    }

    // MARK: Bitwise

    @inlinable @inline(__always)
    public static func & (a: UInt256, b: UInt256) -> UInt256 {
        UInt256(w0: a.w0 & b.w0, w1: a.w1 & b.w1, w2: a.w2 & b.w2, w3: a.w3 & b.w3)
    }
    @inlinable @inline(__always)
    public static func | (a: UInt256, b: UInt256) -> UInt256 {
        UInt256(w0: a.w0 | b.w0, w1: a.w1 | b.w1, w2: a.w2 | b.w2, w3: a.w3 | b.w3)
    }
    @inlinable @inline(__always)
    public static func ^ (a: UInt256, b: UInt256) -> UInt256 {
        UInt256(w0: a.w0 ^ b.w0, w1: a.w1 ^ b.w1, w2: a.w2 ^ b.w2, w3: a.w3 ^ b.w3)
    }
    @inlinable @inline(__always)
    public static prefix func ~ (a: UInt256) -> UInt256 {
        UInt256(w0: ~a.w0, w1: ~a.w1, w2: ~a.w2, w3: ~a.w3)
    }

    /// Left shift; a count ≥ 256 gives zero (EIP-145 SHL). Negative counts are not allowed.
    @inlinable
    public static func << (a: UInt256, n: Int) -> UInt256 {
        if n >= 256 { return .zero }
        if n <= 0 { return a }
        let limbs = n >> 6, bits = UInt64(n & 63)
        var r = UInt256.zero
        var i = 3
        while i >= limbs {
            var v = a[limb: i - limbs] << bits
            if bits != 0 && i - limbs - 1 >= 0 { v |= a[limb: i - limbs - 1] >> (64 - bits) }
            r[limb: i] = v
            i -= 1
        }
        return r
    }

    /// Logical right shift; a count ≥ 256 gives zero (EIP-145 SHR).
    @inlinable
    public static func >> (a: UInt256, n: Int) -> UInt256 {
        if n >= 256 { return .zero }
        if n <= 0 { return a }
        let limbs = n >> 6, bits = UInt64(n & 63)
        var r = UInt256.zero
        var i = 0
        while i + limbs <= 3 {
            var v = a[limb: i + limbs] >> bits
            if bits != 0 && i + limbs + 1 <= 3 { v |= a[limb: i + limbs + 1] << (64 - bits) }
            r[limb: i] = v
            i += 1
        }
        return r
    }

    // MARK: Division

    /// Quotient and remainder; both zero when dividing by zero (EVM DIV/MOD).
    @inlinable
    public func quotientAndRemainder(dividingBy d: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        if d.isZero { return (.zero, .zero) }
        if self < d { return (.zero, self) }
        if (w1 | w2 | w3 | d.w1 | d.w2 | d.w3) == 0 {
            return (UInt256(w0 / d.w0), UInt256(w0 % d.w0))
        }
        var u: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (w0, w1, w2, w3, 0, 0, 0, 0, 0)
        var q: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var r = UInt256.zero
        withUnsafeMutableBytes(of: &u) { ub in
            withUnsafeMutableBytes(of: &q) { qb in
                UInt256.divideLimbs(ub.baseAddress!.assumingMemoryBound(to: UInt64.self), 4, d,
                                    qb.baseAddress!.assumingMemoryBound(to: UInt64.self), &r)
            }
        }
        return (UInt256(w0: q.0, w1: q.1, w2: q.2, w3: q.3), r)
    }

    @inlinable @inline(__always)
    public static func / (a: UInt256, b: UInt256) -> UInt256 { a.quotientAndRemainder(dividingBy: b).quotient }
    @inlinable @inline(__always)
    public static func % (a: UInt256, b: UInt256) -> UInt256 { a.quotientAndRemainder(dividingBy: b).remainder }

    /// Divides the `m`-limb number at `u` (which must have room for m+1 limbs; it is destroyed) by
    /// the non-zero `d`, writing m limbs of quotient to `q` and the remainder to `r`.
    /// Knuth, TAOCP vol. 2, §4.3.1, Algorithm D, base 2⁶⁴.
    @usableFromInline
    static func divideLimbs(_ u: UnsafeMutablePointer<UInt64>, _ m: Int, _ d: UInt256,
                            _ q: UnsafeMutablePointer<UInt64>, _ r: inout UInt256) {
        var n = 4
        while n > 0 && d[limb: n - 1] == 0 { n -= 1 }
        for i in 0..<m { q[i] = 0 }
        var um = m
        while um > 0 && u[um - 1] == 0 { um -= 1 }
        if um < n { // dividend smaller in limbs than divisor
            r = .zero
            for i in 0..<um { r[limb: i] = u[i] }
            return
        }
        if n == 1 {
            let dv = d.w0
            var rem: UInt64 = 0
            var i = um - 1
            while i >= 0 {
                let (qq, rr) = dv.dividingFullWidth((rem, u[i]))
                q[i] = qq; rem = rr
                i -= 1
            }
            r = UInt256(rem)
            return
        }
        // Normalize so the top limb of the divisor has its high bit set.
        let s = UInt64(d[limb: n - 1].leadingZeroBitCount)
        var vn: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &vn) { vb in
            let v = vb.baseAddress!.assumingMemoryBound(to: UInt64.self)
            for i in stride(from: n - 1, to: 0, by: -1) {
                v[i] = s == 0 ? d[limb: i] : (d[limb: i] << s) | (d[limb: i - 1] >> (64 - s))
            }
            v[0] = d.w0 << s
            u[um] = s == 0 ? 0 : u[um - 1] >> (64 - s)
            for i in stride(from: um - 1, to: 0, by: -1) {
                u[i] = s == 0 ? u[i] : (u[i] << s) | (u[i - 1] >> (64 - s))
            }
            u[0] = u[0] << s
            let vTop = v[n - 1], vNext = v[n - 2]
            var j = um - n
            while j >= 0 {
                var qhat: UInt64
                var rhat: UInt64
                var rhatOverflow = false
                if u[j + n] >= vTop {
                    qhat = .max
                    (rhat, rhatOverflow) = u[j + n - 1].addingReportingOverflow(vTop)
                } else {
                    (qhat, rhat) = vTop.dividingFullWidth((u[j + n], u[j + n - 1]))
                }
                while !rhatOverflow {
                    let (ph, pl) = qhat.multipliedFullWidth(by: vNext)
                    if ph > rhat || (ph == rhat && pl > u[j + n - 2]) {
                        qhat -= 1
                        (rhat, rhatOverflow) = rhat.addingReportingOverflow(vTop)
                    } else { break }
                }
                // Multiply and subtract.
                var borrow: UInt64 = 0, carry: UInt64 = 0
                for i in 0..<n {
                    let (ph, pl) = qhat.multipliedFullWidth(by: v[i])
                    let (p, c) = pl.addingReportingOverflow(carry)
                    carry = ph &+ (c ? 1 : 0)
                    let (t1, b1) = u[i + j].subtractingReportingOverflow(p)
                    let (t2, b2) = t1.subtractingReportingOverflow(borrow)
                    u[i + j] = t2
                    borrow = (b1 ? 1 : 0) &+ (b2 ? 1 : 0)
                }
                let (t1, b1) = u[j + n].subtractingReportingOverflow(carry)
                let (t2, b2) = t1.subtractingReportingOverflow(borrow)
                u[j + n] = t2
                if b1 || b2 {
                    qhat -= 1
                    var c: UInt64 = 0
                    for i in 0..<n {
                        let (s1, o1) = u[i + j].addingReportingOverflow(v[i])
                        let (s2, o2) = s1.addingReportingOverflow(c)
                        u[i + j] = s2
                        c = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                    }
                    u[j + n] = u[j + n] &+ c
                }
                q[j] = qhat
                j -= 1
            }
            // Unnormalize the remainder.
            var rem = UInt256.zero
            for i in 0..<n {
                rem[limb: i] = s == 0 ? u[i] : (u[i] >> s) | (u[i + 1] << (64 - s))
            }
            r = rem
        }
    }
}
