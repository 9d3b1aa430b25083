// Jacobian point arithmetic shared by G1 (over Fp) and G2 (over Fp2): one generic implementation of
// doubling, addition, mixed addition, scalar multiplication, affine conversion, equality and
// Pippenger MSM, for short Weierstrass curves with a = 0 (x = X/Z², y = Y/Z³; Z = 0 is infinity).
// Formulas: Explicit-Formulas Database ("dbl-2009-l", "add-2007-bl", "madd-2007-bl").
// Everything here is internal and @inlinable, so each use is specialised to Fp or Fp2 (no witness-table
// calls in release builds); the public API stays on G1Point/G2Point/G1Affine/G2Affine.

/// The field operations the curve arithmetic needs; Fp and Fp2 provide them.
@usableFromInline
protocol CurveField: Equatable {
    static var zero: Self { get }
    static var one: Self { get }
    var isZero: Bool { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    func squared() -> Self
    func doubled() -> Self
    func inverse() -> Self
}

extension Fp: CurveField {}
extension Fp2: CurveField {}

/// An affine point (x, y) over `Field`, or infinity (then x = y = 0).
@usableFromInline
protocol CurveAffinePoint {
    associatedtype Field: CurveField
    var x: Field { get }
    var y: Field { get }
    var isInfinity: Bool { get }
    init(x: Field, y: Field, isInfinity: Bool)
}

/// A Jacobian point (X, Y, Z) over `Field` representing (X/Z², Y/Z³); Z = 0 is infinity.
@usableFromInline
protocol JacobianPoint {
    associatedtype Field: CurveField
    associatedtype Affine: CurveAffinePoint where Affine.Field == Field
    var x: Field { get }
    var y: Field { get }
    var z: Field { get }
    init(x: Field, y: Field, z: Field)
}

extension G1Affine: CurveAffinePoint {}
extension G2Affine: CurveAffinePoint {}
extension G1Point: JacobianPoint { @usableFromInline typealias Affine = G1Affine }
extension G2Point: JacobianPoint { @usableFromInline typealias Affine = G2Affine }

extension JacobianPoint {
    /// The point at infinity (1, 1, 0).
    @inlinable @inline(__always)
    static var jacInfinity: Self { Self(x: .one, y: .one, z: .zero) }

    /// Lifts an affine point (infinity maps to Z = 0).
    @inlinable @inline(__always)
    init(jacLifting a: Affine) {
        if a.isInfinity { self = .jacInfinity } else { self.init(x: a.x, y: a.y, z: .one) }
    }

    /// 2P ("dbl-2009-l": 2M + 5S).
    @inlinable
    func jacDoubled() -> Self {
        if z.isZero || y.isZero { return .jacInfinity }
        let a = x.squared()
        let b = y.squared()
        let c = b.squared()
        let t = (x + b).squared() - a - c
        let d = t + t
        let e = a + a + a
        let f = e.squared()
        let x3 = f - d - d
        var c8 = c + c; c8 = c8 + c8; c8 = c8 + c8
        let y3 = e * (d - x3) - c8
        let yz = y * z
        return Self(x: x3, y: y3, z: yz + yz)
    }

    /// P + Q ("add-2007-bl": 11M + 5S), handling infinity and P = ±Q.
    @inlinable
    func jacAdding(_ o: Self) -> Self {
        if z.isZero { return o }
        if o.z.isZero { return self }
        let z1z1 = z.squared(), z2z2 = o.z.squared()
        let u1 = x * z2z2, u2 = o.x * z1z1
        let s1 = y * o.z * z2z2, s2 = o.y * z * z1z1
        let h = u2 - u1
        let rr = s2 - s1
        if h.isZero { return rr.isZero ? jacDoubled() : .jacInfinity }
        let h2 = h + h
        let i = h2.squared()
        let j = h * i
        let r = rr + rr
        let v = u1 * i
        let x3 = r.squared() - j - v - v
        let s1j = s1 * j
        let y3 = r * (v - x3) - s1j - s1j
        let z3 = ((z + o.z).squared() - z1z1 - z2z2) * h
        return Self(x: x3, y: y3, z: z3)
    }

    /// P + Q for affine Q ("madd-2007-bl": 7M + 4S), handling infinity and P = ±Q.
    @inlinable
    func jacAdding(affine a: Affine) -> Self {
        if a.isInfinity { return self }
        if z.isZero { return Self(jacLifting: a) }
        let z1z1 = z.squared()
        let u2 = a.x * z1z1
        let s2 = a.y * z * z1z1
        let h = u2 - x
        let rr = s2 - y
        if h.isZero { return rr.isZero ? Self(jacLifting: a).jacDoubled() : .jacInfinity }
        let hh = h.squared()
        var i = hh + hh; i = i + i
        let j = h * i
        let r = rr + rr
        let v = x * i
        let x3 = r.squared() - j - v - v
        let yj = y * j
        let y3 = r * (v - x3) - yj - yj
        let z3 = (z + h).squared() - z1z1 - hh
        return Self(x: x3, y: y3, z: z3)
    }

    /// The affine form (one inversion).
    @inlinable
    var jacAffine: Affine {
        if z.isZero { return Affine(x: .zero, y: .zero, isInfinity: true) }
        let zi = z.inverse()
        let zi2 = zi.squared()
        return Affine(x: x * zi2, y: y * zi2 * zi, isInfinity: false)
    }

    /// Projective equality: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³ (infinities are equal).
    @inlinable
    func jacEquals(_ o: Self) -> Bool {
        if z.isZero || o.z.isZero { return z.isZero && o.z.isZero }
        let z1z1 = z.squared(), z2z2 = o.z.squared()
        guard x * z2z2 == o.x * z1z1 else { return false }
        return y * z2z2 * o.z == o.y * z1z1 * z
    }

    /// [scalar]P, scalar as big-endian bytes of any length (the value need not be < r).
    /// Fixed 4-bit window: 15 precomputed multiples, then 4 doublings and at most one addition per nibble.
    @inlinable
    func jacMultiplied(by scalar: [UInt8]) -> Self {
        var table = [Self](repeating: .jacInfinity, count: 16)
        table[1] = self
        for k in 2..<16 { table[k] = (k & 1 == 0) ? table[k / 2].jacDoubled() : table[k - 1].jacAdding(self) }
        var acc = Self.jacInfinity
        var started = false
        for byte in scalar {
            // High nibble, then low nibble (no array per byte).
            var shift: UInt8 = 4
            while true {
                let nib = (byte >> shift) & 15
                if started { acc = acc.jacDoubled().jacDoubled().jacDoubled().jacDoubled() }
                if nib != 0 { acc = started ? acc.jacAdding(table[Int(nib)]) : table[Int(nib)]; started = true }
                if shift == 0 { break }
                shift = 0
            }
        }
        return acc
    }

    /// [n]P for n given as little-endian 64-bit limbs (plain double-and-add from the top bit).
    @inlinable
    func jacMultiplied(byLimbs n: [UInt64]) -> Self {
        var acc = Self.jacInfinity
        for limb in n.reversed() {
            var bit = 63
            while bit >= 0 {
                acc = acc.jacDoubled()
                if (limb >> UInt64(bit)) & 1 == 1 { acc = acc.jacAdding(self) }
                bit -= 1
            }
        }
        return acc
    }

    /// Σ [scalarsᵢ] pointsᵢ by Pippenger's bucket method (window from `msmWindowBits`); see `G1Point.msm`.
    @inlinable
    static func jacMSM(points: [Affine], scalarLimbs scalars: [UInt64]) -> Self {
        precondition(scalars.count == 4 * points.count, "msm: 4 limbs per scalar")
        let k = points.count
        if k == 0 { return .jacInfinity }
        if k == 1 { return Self(jacLifting: points[0]).jacMultiplied(byLimbs: Array(scalars[0..<4])) }
        let c = msmWindowBits(k)
        let mask = UInt64((1 << c) - 1)
        let windows = (256 + c - 1) / c
        var buckets = [Self](repeating: .jacInfinity, count: (1 << c) - 1)
        var result = Self.jacInfinity
        for w in stride(from: windows - 1, through: 0, by: -1) {
            for _ in 0..<c { result = result.jacDoubled() }
            for j in 0..<buckets.count { buckets[j] = .jacInfinity }
            let bit = w * c, limb = bit >> 6, shift = bit & 63
            for i in 0..<k {
                var d = scalars[4 * i + limb] >> UInt64(shift)
                if shift + c > 64 && limb < 3 { d |= scalars[4 * i + limb + 1] << UInt64(64 - shift) }
                d &= mask
                if d != 0 { buckets[Int(d) - 1] = buckets[Int(d) - 1].jacAdding(affine: points[i]) }
            }
            var running = Self.jacInfinity, sum = Self.jacInfinity
            for j in stride(from: buckets.count - 1, through: 0, by: -1) {
                running = running.jacAdding(buckets[j])
                sum = sum.jacAdding(running)
            }
            result = result.jacAdding(sum)
        }
        return result
    }
}
