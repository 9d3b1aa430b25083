import Primitives

/// Precompiled contracts (Yellow Paper Appendix E and later EIPs).
///
/// 0x01 ECRECOVER, 0x02 SHA256, 0x03 RIPEMD160, 0x04 IDENTITY, 0x05 MODEXP (EIP-198/2565),
/// 0x06–0x08 BN254 add/mul/pairing (EIP-196/197/1108), 0x09 BLAKE2F (EIP-152),
/// 0x0a KZG point evaluation (EIP-4844, Cancun), 0x0b–0x11 BLS12-381 (EIP-2537, Prague),
/// 0x100 P256VERIFY (EIP-7951, Osaka).
public enum Precompiles {
    /// The precompile addresses active in `fork`, ascending. The transaction level warms them all
    /// (EIP-2929).
    public static func addresses(for fork: Hardfork) -> [Address] {
        switch fork {
        case .cancun: cancun
        case .prague: prague
        case .osaka: osaka
        }
    }

    /// True if `address` is a precompile in `fork`.
    public static func contains(_ address: Address, fork: Hardfork) -> Bool {
        index(of: address, fork: fork) != nil
    }

    /// The precompile number (1…0x11, 0x100) of `address` if it is active in `fork`.
    static func index(of address: Address, fork: Hardfork) -> Int? {
        let b = address.bytes
        for i in 0..<18 where b[i] != 0 { return nil }
        let n = Int(b[18]) << 8 | Int(b[19])
        switch n {
        case 1...0x0a: return n
        case 0x0b...0x11: return fork >= .prague ? n : nil
        case 0x100: return fork >= .osaka ? n : nil
        default: return nil
        }
    }

    static func address(_ n: Int) -> Address {
        var b = [UInt8](repeating: 0, count: 20)
        b[18] = UInt8(n >> 8)
        b[19] = UInt8(n & 0xff)
        return Address(b)
    }

    private static let cancun: [Address] = (1...0x0a).map(address)
    private static let prague: [Address] = (1...0x11).map(address)
    private static let osaka: [Address] = prague + [address(0x100)]
}
