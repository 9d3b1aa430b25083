/// The operations square-and-multiply needs; Fp, Fp2 and Fp12 share one `pow` through it.
protocol SquareAndMultiply {
    static var one: Self { get }
    static func * (a: Self, b: Self) -> Self
    func squared() -> Self
}

extension SquareAndMultiply {
    /// self^exponent, exponent as little-endian 64-bit limbs (square-and-multiply from the top bit,
    /// not constant time). An all-zero exponent gives `one`.
    func powLimbs(_ exponent: [UInt64]) -> Self {
        var result = Self.one
        var started = false
        for limb in exponent.reversed() {
            var bit = 63
            while bit >= 0 {
                if started { result = result.squared() }
                if (limb >> UInt64(bit)) & 1 == 1 {
                    result = started ? result * self : self
                    started = true
                }
                bit -= 1
            }
        }
        return result
    }
}

extension Fp: SquareAndMultiply {}
extension Fp2: SquareAndMultiply {}
extension Fp12: SquareAndMultiply {}
