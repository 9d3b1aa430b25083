// KZG point-evaluation verification for EIP-4844 (precompile 0x0a). The versioned-hash check needs
// SHA-256 and lives with the precompile in Sources/EVM/Precompiles/PointEvaluation.swift; this file
// has the curve side: ZCash-format G1 decompression, the trusted setup's [τ]G2, and the pairing check.

/// EIP-4844 KZG proof verification on BLS12-381.
public enum KZG {
    /// FIELD_ELEMENTS_PER_BLOB (EIP-4844).
    public static let fieldElementsPerBlob = 4096

    /// BLS_MODULUS, the order r of G1 and G2, as 32 big-endian bytes:
    /// 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001.
    public static let blsModulusBigEndian: [UInt8] = [
        0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
        0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
    ]

    /// [τ]G2 of the Ethereum KZG ceremony (g2_monomial[1] of the mainnet trusted setup; compressed
    /// 0xb5bfd7dd…c1def2, as KZG_SETUP_G2_MONOMIAL_1 in the execution specs), decompressed.
    public static let tauG2: G2Affine = {
        func fp(_ h: String) -> Fp { Fp(hex: h)! }
        return G2Affine(
            x: Fp2(fp("0x185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2"),
                   fp("0x15bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72")),
            y: Fp2(fp("0x014353bdb96b626dd7d5ee8599d1fca2131569490e28de18e82451a496a9c9794ce26d105941f383ee689bfbbb832a99"),
                   fp("0x1666c54b0a32529503432fcae0181b4bef79de09fc63671fda5ed1ba9bfa07899495346f3d7ac9cd23048ef30d0a154f")),
            isInfinity: false)
    }()

    /// True if the 32 big-endian bytes are a canonical field element, i.e. < BLS_MODULUS.
    public static func isCanonicalScalar(_ b: ArraySlice<UInt8>) -> Bool {
        guard b.count == 32 else { return false }
        var i = b.startIndex
        for m in blsModulusBigEndian {
            if b[i] != m { return b[i] < m }
            i += 1
        }
        return false   // equal to the modulus
    }

    /// Decodes a 48-byte compressed G1 point in the ZCash format (the form of EIP-4844 commitments
    /// and proofs): top bits of byte 0 are compression (must be 1), infinity, and sign ("y is the
    /// lexicographically larger root"); the remaining 381 bits are x, big-endian. Infinity must be
    /// exactly 0xc0 followed by 47 zero bytes.
    /// - Returns: nil if the flags are inconsistent, x ≥ p, x³ + 4 has no square root, or the point
    ///   is not in the order-r subgroup.
    public static func decompressG1(_ bytes: ArraySlice<UInt8>) -> G1Affine? {
        guard bytes.count == 48 else { return nil }
        let s = bytes.startIndex
        let flags = bytes[s]
        guard flags & 0x80 != 0 else { return nil }
        let infinity = flags & 0x40 != 0
        let largest = flags & 0x20 != 0
        if infinity {
            guard !largest, flags & 0x1f == 0, bytes.dropFirst().allSatisfy({ $0 == 0 }) else { return nil }
            return .infinity
        }
        var raw = Array(bytes)
        raw[0] &= 0x1f
        guard let x = Fp(bigEndian: raw[...]) else { return nil }
        guard var y = (x.squared() * x + Fp(4)).sqrt() else { return nil }
        if y.isLexicographicallyLargest != largest { y = -y }
        let p = G1Affine(x: x, y: y, isInfinity: false)
        guard p.isInSubgroup else { return nil }
        return p
    }

    /// Verifies a KZG opening: the polynomial committed to by `commitment` takes the value y at z,
    /// i.e. e(C − [y]G1, −G2)·e(π, [τ]G2 − [z]G2) = 1, evaluated as the equivalent
    /// e(C − [y]G1 + [z]π, −G2)·e(π, [τ]G2) = 1 (only G1 scalar multiplications).
    /// - Parameters: z and y are 32-byte big-endian scalars (the caller checks they are < BLS_MODULUS);
    ///   `commitment` and `proof` are G1 points in the subgroup (as `decompressG1` returns them).
    public static func verifyProof(commitment: G1Affine, z: [UInt8], y: [UInt8], proof: G1Affine) -> Bool {
        let yG = G1Point(G1Affine.generator).multiplied(by: y)
        let zPi = G1Point(proof).multiplied(by: z)
        let lhs = G1Point(commitment).adding(yG.negated).adding(zPi).affine
        var negG2 = G2Affine.generator
        negG2.y = -negG2.y
        return Pairing.check([(lhs, negG2), (proof, tauG2)])
    }

    /// The curve part of EIP-4844 POINT_EVALUATION (precompile 0x0a) after the caller has checked
    /// the length (192 bytes) and the versioned hash: parses z (bytes 32..<64), y (64..<96), the
    /// commitment (96..<144) and the proof (144..<192) and verifies the opening.
    /// - Returns: false on a non-canonical z or y, a malformed point, or a failed check.
    public static func verifyPointEvaluation(_ input: [UInt8]) -> Bool {
        guard input.count == 192 else { return false }
        let s = input.startIndex
        let z = input[(s + 32)..<(s + 64)], y = input[(s + 64)..<(s + 96)]
        guard isCanonicalScalar(z), isCanonicalScalar(y),
              let c = decompressG1(input[(s + 96)..<(s + 144)]),
              let pi = decompressG1(input[(s + 144)..<(s + 192)])
        else { return false }
        return verifyProof(commitment: c, z: Array(z), y: Array(y), proof: pi)
    }

    /// The 64-byte success output of POINT_EVALUATION: FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as
    /// two 32-byte big-endian words.
    public static let pointEvaluationOutput: [UInt8] = {
        var out = [UInt8](repeating: 0, count: 32)
        out[30] = UInt8(fieldElementsPerBlob >> 8)
        out[31] = UInt8(fieldElementsPerBlob & 0xff)
        return out + blsModulusBigEndian
    }()
}
