// EIP-2537 byte encodings of field elements and points.

/// EIP-2537 encodings (https://eips.ethereum.org/EIPS/eip-2537, "Fine points and encoding").
///
/// - Fp: 64 bytes, big-endian, the top 16 bytes zero, value < p.
/// - Fp2: 128 bytes, c0 then c1.
/// - G1: 128 bytes, x ‖ y; G2: 256 bytes, x ‖ y. Infinity is all zero bytes.
/// Decoding checks the field range and that the point is on the curve; it never checks the subgroup.
public enum EIP2537 {
    /// Bytes of one encoded Fp element.
    public static let fpLength = 64
    /// Bytes of one encoded G1 point.
    public static let g1Length = 128
    /// Bytes of one encoded G2 point.
    public static let g2Length = 256

    /// Decodes 64 bytes: 16 zero bytes then 48 big-endian bytes. nil on wrong length, a non-zero top
    /// byte, or a value ≥ p.
    public static func decodeFp(_ b: ArraySlice<UInt8>) -> Fp? {
        guard b.count == 64 else { return nil }
        let s = b.startIndex
        for i in s..<s + 16 where b[i] != 0 { return nil }
        return Fp(bigEndian: b[(s + 16)..<(s + 64)])
    }

    /// Decodes 128 bytes: c0 (64 bytes) then c1 (64 bytes).
    public static func decodeFp2(_ b: ArraySlice<UInt8>) -> Fp2? {
        guard b.count == 128 else { return nil }
        let s = b.startIndex
        guard let c0 = decodeFp(b[s..<s + 64]), let c1 = decodeFp(b[(s + 64)..<(s + 128)]) else { return nil }
        return Fp2(c0, c1)
    }

    /// Decodes a 128-byte G1 point; all zeros is infinity. nil if a coordinate is invalid or the
    /// point is not on y² = x³ + 4. No subgroup check.
    public static func decodeG1(_ b: ArraySlice<UInt8>) -> G1Affine? {
        guard b.count == 128 else { return nil }
        let s = b.startIndex
        guard let x = decodeFp(b[s..<s + 64]), let y = decodeFp(b[(s + 64)..<(s + 128)]) else { return nil }
        if x.isZero && y.isZero { return .infinity }
        let p = G1Affine(x: x, y: y)
        return p.isOnCurve ? p : nil
    }

    /// Decodes a 256-byte G2 point; all zeros is infinity. nil if a coordinate is invalid or the
    /// point is not on y² = x³ + 4(1 + u). No subgroup check.
    public static func decodeG2(_ b: ArraySlice<UInt8>) -> G2Affine? {
        guard b.count == 256 else { return nil }
        let s = b.startIndex
        guard let x = decodeFp2(b[s..<s + 128]), let y = decodeFp2(b[(s + 128)..<(s + 256)]) else { return nil }
        if x.isZero && y.isZero { return .infinity }
        let p = G2Affine(x: x, y: y)
        return p.isOnCurve ? p : nil
    }

    /// 64 bytes: 16 zero bytes ‖ 48-byte big-endian value.
    public static func encode(_ a: Fp) -> [UInt8] {
        [UInt8](repeating: 0, count: 16) + a.bigEndianBytes
    }

    /// 128 bytes: c0 ‖ c1.
    public static func encode(_ a: Fp2) -> [UInt8] {
        encode(a.c0) + encode(a.c1)
    }

    /// 128 bytes (infinity: zeros).
    public static func encode(_ p: G1Affine) -> [UInt8] {
        if p.isInfinity { return [UInt8](repeating: 0, count: 128) }
        return encode(p.x) + encode(p.y)
    }

    /// 256 bytes (infinity: zeros).
    public static func encode(_ p: G2Affine) -> [UInt8] {
        if p.isInfinity { return [UInt8](repeating: 0, count: 256) }
        return encode(p.x) + encode(p.y)
    }
}
