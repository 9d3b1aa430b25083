import BLS12381
import Crypto
import Primitives

extension Machine {
    /// Runs precompile number `n` (see `Precompiles`). Failure consumes all gas.
    @inline(never)
    func runPrecompile(_ n: Int, input: [UInt8], gas: Int64) -> FrameResult {
        if n == AIPrecompile.number { return runAIPrecompile(input: input, gas: gas) }
        let cost: Int64
        let w = words(input.count)
        switch n {
        case 1: cost = 3000
        case 2: cost = 60 + 12 * w
        case 3: cost = 600 + 120 * w
        case 4: cost = 15 + 3 * w
        case 5:
            guard let c = Modexp.gas(input, fork: fork) else { return .failure(.outOfGas) }
            cost = c
        case 6: cost = 150        // EIP-1108
        case 7: cost = 6000
        case 8: cost = 45000 + 34000 * Int64(input.count / 192)
        case 9:
            guard let rounds = Blake2F.rounds(input) else { return .failure(.precompileFailure) }
            cost = Int64(rounds)
        case 0x0a: cost = PointEvaluation.gas
        case 0x0f: cost = Pairing.precompileGas(inputLength: input.count)
        case 0x0b: cost = BLSPrecompiles.g1AddGas                               // EIP-2537 G1ADD
        case 0x0c: cost = BLSPrecompiles.g1MSMGas(inputLength: input.count)    // EIP-2537 G1MSM
        case 0x0d: cost = BLSPrecompiles.g2AddGas                               // EIP-2537 G2ADD
        case 0x0e: cost = BLSPrecompiles.g2MSMGas(inputLength: input.count)    // EIP-2537 G2MSM
        case 0x10: cost = BLSPrecompiles.mapFpToG1Gas                           // EIP-2537 MAP_FP_TO_G1
        case 0x11: cost = BLSPrecompiles.mapFp2ToG2Gas                          // EIP-2537 MAP_FP2_TO_G2
        case 0x100: cost = P256Verify.gas
        default:
            // not a precompile number (`Precompiles.index(of:fork:)` gives only the ones above)
            return .failure(.precompileFailure)
        }
        if gas < cost { return .failure(.outOfGas) }
        let output: [UInt8]
        switch n {
        case 1: output = PrecompileFunctions.ecrecover(input)
        case 2: output = PrecompileFunctions.sha256(input)
        case 3: output = PrecompileFunctions.ripemd160Word(input)
        case 5: output = Modexp.run(input)
        case 6, 7:
            guard let o = n == 6 ? BN254.ecAdd(input) : BN254.ecMul(input) else { return .failure(.precompileFailure) }
            output = o
        case 8:
            guard let o = BN254Pairing.run(input) else { return .failure(.precompileFailure) }
            output = o
        case 9: output = Blake2F.compress(input)
        case 0x0a:
            guard let o = PointEvaluation.run(input) else { return .failure(.precompileFailure) }
            output = o
        case 0x0f:
            guard let o = Pairing.precompile(input) else { return .failure(.precompileFailure) }
            output = o
        case 0x0b, 0x0c, 0x0d, 0x0e:
            let result: [UInt8]?
            switch n {
            case 0x0b: result = BLSPrecompiles.g1Add(input)
            case 0x0c: result = BLSPrecompiles.g1MSM(input)
            case 0x0d: result = BLSPrecompiles.g2Add(input)
            default: result = BLSPrecompiles.g2MSM(input)
            }
            guard let o = result else { return .failure(.precompileFailure) }
            output = o
        case 0x10:
            guard let o = BLSPrecompiles.mapFpToG1(input) else { return .failure(.precompileFailure) }
            output = o
        case 0x11:
            guard let o = BLSPrecompiles.mapFp2ToG2(input) else { return .failure(.precompileFailure) }
            output = o
        case 0x100: output = P256Verify.run(input)
        default: output = input
        }
        return FrameResult(status: .success, gasLeft: gas - cost, refund: 0, output: output)
    }
}

extension Machine {
    /// The AI precompile (0x…0999, `AIPrecompile`): asks `block.ai` for the answer to `input`, then
    /// charges `gasPerToken × (tokens(input) + tokens(output))`; the output is the answer's bytes.
    /// Too little gas fails the call out of gas. A failed answer (the module's error, a limit, no
    /// module) reverts the call with all its gas consumed and `Error(string)` revert data
    /// "AI precompile: <reason>", so callers that bubble revert data show the reason.
    @inline(never)
    func runAIPrecompile(input: [UInt8], gas: Int64) -> FrameResult {
        guard let oracle = block.ai else { return .failure(.precompileFailure) }
        let answer = oracle.answer(prompt: input, gas: gas)
        if answer.outOfGas { return .failure(.outOfGas) }
        if answer.failed {
            return FrameResult(status: .revert, gasLeft: 0, refund: 0,
                               output: AIPrecompile.errorData("AI precompile: " + String(decoding: answer.output, as: UTF8.self)))
        }
        let cost = AIPrecompile.gas(prompt: input, output: answer.output, gasPerToken: answer.gasPerToken)
        if gas < cost { return .failure(.outOfGas) }
        return FrameResult(status: .success, gasLeft: gas - cost, refund: 0, output: answer.output)
    }
}

/// The pure functions behind precompiles 0x01–0x04.
enum PrecompileFunctions {
    /// 0x01 ECRECOVER (Yellow Paper Appendix E): input hash ‖ v ‖ r ‖ s (zero-padded to 128 bytes);
    /// output the 32-byte left-padded signer address, or empty if the signature is invalid.
    /// v must be 27 or 28; r and s in [1, n); high s is accepted (no EIP-2 here).
    static func ecrecover(_ input: [UInt8]) -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: 128)
        for i in 0..<Swift.min(128, input.count) { buf[i] = input[i] }
        let hash = Hash(buf[0..<32])
        let v = UInt256(bigEndian: buf[32..<64])
        let r = UInt256(bigEndian: buf[64..<96])
        let s = UInt256(bigEndian: buf[96..<128])
        guard v == UInt256(27) || v == UInt256(28) else { return [] }
        guard !r.isZero, !s.isZero, r < secp256k1N, s < secp256k1N else { return [] }
        guard let address = recoverSigner(hash: hash, r: r, s: s, yParity: UInt8(v.w0 - 27)) else { return [] }
        return [UInt8](repeating: 0, count: 12) + address.bytes
    }

    /// The secp256k1 group order n.
    static let secp256k1N = UInt256(hex: "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")!

    /// 0x02 SHA256 (swift-crypto).
    static func sha256(_ input: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: input))
    }

    /// 0x03 RIPEMD160: the 20-byte digest left-padded to 32 bytes.
    static func ripemd160Word(_ input: [UInt8]) -> [UInt8] {
        [UInt8](repeating: 0, count: 12) + RIPEMD160.hash(input)
    }
}
