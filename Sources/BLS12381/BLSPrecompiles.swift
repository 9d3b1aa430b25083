// EIP-2537 precompiles 0x0b G1ADD, 0x0c G1MSM, 0x0d G2ADD, 0x0e G2MSM (Prague).
// Reference: EIP-2537 final text; EELS prague/vm/precompiled_contracts/bls12_381/bls12_381_g1.py, _g2.py.

/// EIP-2537 precompile bodies and gas. Each body returns nil on failure (bad length, bad field
/// element, point not on the curve, MSM point outside the subgroup); the caller then consumes all gas.
/// Other BLS precompiles (0x0f pairing, 0x10/0x11 maps) extend this enum in their own files.
public enum BLSPrecompiles {
    /// 0x0b G1ADD gas.
    public static let g1AddGas: Int64 = 375
    /// 0x0d G2ADD gas.
    public static let g2AddGas: Int64 = 600
    /// Per-pair multiplication cost of 0x0c G1MSM before discount.
    public static let g1MulGas: Int64 = 12000
    /// Per-pair multiplication cost of 0x0e G2MSM before discount.
    public static let g2MulGas: Int64 = 22500
    /// Bytes per G1MSM pair: a 128-byte G1 point and a 32-byte scalar.
    public static let g1MSMPairLength = 160
    /// Bytes per G2MSM pair: a 256-byte G2 point and a 32-byte scalar.
    public static let g2MSMPairLength = 288

    /// G1MSM discount (per mille) for k = 1…128 pairs; k > 128 uses 519. EIP-2537 final text.
    public static let g1Discount: [Int64] = [
        1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665, 661,
        658, 654, 651, 648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615, 613, 611,
        609, 608, 606, 604, 603, 601, 599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585, 584, 582, 581,
        580, 579, 577, 576, 575, 574, 573, 572, 570, 569, 568, 567, 566, 565, 564, 563, 562, 561, 560, 559,
        558, 557, 556, 555, 554, 553, 552, 551, 550, 549, 548, 547, 547, 546, 545, 544, 543, 542, 541, 540,
        540, 539, 538, 537, 536, 536, 535, 534, 533, 532, 532, 531, 530, 529, 528, 528, 527, 526, 525, 525,
        524, 523, 522, 522, 521, 520, 520, 519,
    ]
    /// G2MSM discount (per mille) for k = 1…128 pairs; k > 128 uses 524. EIP-2537 final text.
    public static let g2Discount: [Int64] = [
        1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704, 699, 693,
        688, 683, 679, 674, 670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632, 629, 627, 624,
        622, 620, 618, 615, 613, 611, 609, 607, 606, 604, 602, 600, 598, 597, 595, 593, 592, 590, 589, 587,
        586, 584, 583, 582, 580, 579, 578, 576, 575, 574, 573, 571, 570, 569, 568, 567, 566, 565, 563, 562,
        561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 552, 551, 550, 549, 548, 547, 546, 545, 545, 544,
        543, 542, 541, 541, 540, 539, 538, 537, 537, 536, 535, 535, 534, 533, 532, 532, 531, 530, 530, 529,
        528, 528, 527, 526, 526, 525, 524, 524,
    ]
    public static let g1MaxDiscount: Int64 = 519
    public static let g2MaxDiscount: Int64 = 524

    /// k · mulCost · discount(k) / 1000 (integer division), k = inputLength / pairLength; 0 when k = 0.
    static func msmGas(inputLength: Int, pairLength: Int, mulCost: Int64, table: [Int64], maxDiscount: Int64) -> Int64 {
        let k = inputLength / pairLength
        if k == 0 { return 0 }
        let discount = k <= table.count ? table[k - 1] : maxDiscount
        return Int64(k) * mulCost * discount / 1000
    }

    /// 0x0c G1MSM gas for an input of `inputLength` bytes (k = inputLength / 160 pairs, rounded down).
    public static func g1MSMGas(inputLength: Int) -> Int64 {
        msmGas(inputLength: inputLength, pairLength: g1MSMPairLength, mulCost: g1MulGas, table: g1Discount, maxDiscount: g1MaxDiscount)
    }

    /// 0x0e G2MSM gas for an input of `inputLength` bytes (k = inputLength / 288 pairs, rounded down).
    public static func g2MSMGas(inputLength: Int) -> Int64 {
        msmGas(inputLength: inputLength, pairLength: g2MSMPairLength, mulCost: g2MulGas, table: g2Discount, maxDiscount: g2MaxDiscount)
    }

    /// 0x0b G1ADD: input exactly 256 bytes (two 128-byte G1 points, on the curve, no subgroup check);
    /// output the 128-byte sum. nil on failure.
    public static func g1Add(_ input: [UInt8]) -> [UInt8]? {
        guard input.count == 256,
              let a = EIP2537.decodeG1(input[0..<128]),
              let b = EIP2537.decodeG1(input[128..<256]) else { return nil }
        return EIP2537.encode(G1Point(a).adding(b).affine)
    }

    /// 0x0d G2ADD: input exactly 512 bytes (two 256-byte G2 points, on the curve, no subgroup check);
    /// output the 256-byte sum. nil on failure.
    public static func g2Add(_ input: [UInt8]) -> [UInt8]? {
        guard input.count == 512,
              let a = EIP2537.decodeG2(input[0..<256]),
              let b = EIP2537.decodeG2(input[256..<512]) else { return nil }
        return EIP2537.encode(G2Point(a).adding(b).affine)
    }

    /// 0x0c G1MSM: input k ≥ 1 pairs of (128-byte G1 point, 32-byte big-endian scalar), length a
    /// non-zero multiple of 160; every point must be on the curve and in G1. Output the 128-byte sum.
    public static func g1MSM(_ input: [UInt8]) -> [UInt8]? {
        let n = g1MSMPairLength
        guard !input.isEmpty, input.count % n == 0 else { return nil }
        let k = input.count / n
        var points = [G1Affine](); points.reserveCapacity(k)
        var scalars = [UInt64](); scalars.reserveCapacity(4 * k)
        for i in 0..<k {
            let o = i * n
            guard let p = EIP2537.decodeG1(input[o..<o + 128]), p.isInSubgroup else { return nil }
            points.append(p)
            appendScalarLimbs(input[(o + 128)..<(o + n)], to: &scalars)
        }
        return EIP2537.encode(G1Point.msm(points: points, scalarLimbs: scalars).affine)
    }

    /// 0x0e G2MSM: input k ≥ 1 pairs of (256-byte G2 point, 32-byte big-endian scalar), length a
    /// non-zero multiple of 288; every point must be on the curve and in G2. Output the 256-byte sum.
    public static func g2MSM(_ input: [UInt8]) -> [UInt8]? {
        let n = g2MSMPairLength
        guard !input.isEmpty, input.count % n == 0 else { return nil }
        let k = input.count / n
        var points = [G2Affine](); points.reserveCapacity(k)
        var scalars = [UInt64](); scalars.reserveCapacity(4 * k)
        for i in 0..<k {
            let o = i * n
            guard let p = EIP2537.decodeG2(input[o..<o + 256]), p.isInSubgroup else { return nil }
            points.append(p)
            appendScalarLimbs(input[(o + 256)..<(o + n)], to: &scalars)
        }
        return EIP2537.encode(G2Point.msm(points: points, scalarLimbs: scalars).affine)
    }
}
