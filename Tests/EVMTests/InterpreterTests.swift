import Primitives
import Testing
@testable import EVM

@Suite struct InterpreterTests {
    /// Memory expansion: 3·words + words²/512 (Yellow Paper §H.1). MSTORE at 0x1000 touches 129 words:
    /// 3·129 + 129²/512 = 387 + 32 = 419, plus 3 (MSTORE) + 2 × 3 (pushes).
    @Test func memoryExpansionCost() {
        let (r, _) = execute(Asm().push(1).push(0x1000).op(.mstore).bytes, gas: 10_000)
        #expect(r.status == .success)
        #expect(10_000 - r.gasLeft == 419 + 3 + 6)
        // A second store inside the same memory costs no expansion.
        let (r2, _) = execute(Asm().push(1).push(0x1000).op(.mstore).push(2).push(0).op(.mstore).bytes, gas: 10_000)
        #expect(10_000 - r2.gasLeft == 419 + 3 + 6 + 3 + 6)
    }

    @Test func hugeMemoryOffsetIsOutOfGas() {
        let (r, _) = execute(Asm().push(1).push(UInt256.max).op(.mstore).bytes, gas: 1_000_000)
        #expect(r.status == .outOfGas)
        #expect(r.gasLeft == 0)
        // zero-size access at a huge offset is free (KECCAK256 of nothing)
        let (k, _) = execute(Asm().push(0).push(UInt256.max).op(.keccak256).push(0).op(.mstore).ret(0, 32).bytes)
        #expect(k.status == .success)
        #expect(k.output == Keccak256.emptyHash.bytes)
    }

    @Test func haltingErrors() {
        #expect(execute([0x01]).0.status == .stackUnderflow)
        #expect(execute([0xfe]).0.status == .invalidOpcode)
        #expect(execute([0x0c]).0.status == .invalidOpcode)
        #expect(execute(Asm().push(3).op(.jump).op(.stop).op(.jumpdest).bytes).0.status == .badJumpDestination)
        // JUMPDEST inside PUSH data is not a destination
        #expect(execute(Asm().push(3).op(.jump).raw([0x60, 0x5b]).bytes).0.status == .badJumpDestination)
        #expect(execute(Asm().push(4).op(.jump).op(.stop).op(.jumpdest).push(1).bytes).0.status == .success)
        // 1025 pushes overflow the stack
        #expect(execute([UInt8](repeating: 0x5f, count: 1025)).0.status == .stackOverflow)
        #expect(execute([UInt8](repeating: 0x5f, count: 1024)).0.status == .success)
        let oog = execute(Asm().push(1).push(2).op(.add).bytes, gas: 8).0
        #expect(oog.status == .outOfGas)
        #expect(oog.gasLeft == 0)
    }

    @Test func revertReturnsDataAndRollsBack() {
        let code = Asm().push(7).push(1).op(.sstore).mstore(0, UInt256(0x2a)).push(32).push(0).op(.revert).bytes
        let (r, host) = execute(code, gas: 100_000)
        #expect(r.status == .revert)
        #expect(r.output == UInt256(0x2a).bigEndianBytes)
        #expect(r.gasLeft > 0)
        #expect(r.gasRefund == 0)
        #expect(host.storage(contractAddress, .one) == .zero)
    }

    @Test func staticViolations() {
        let (sstore, _) = execute(Asm().push(1).push(1).op(.sstore).bytes, isStatic: true)
        #expect(sstore.status == .staticViolation)
        #expect(sstore.gasLeft == 0)
        #expect(execute(Asm().push(1).push(1).op(.tstore).bytes, isStatic: true).0.status == .staticViolation)
        #expect(execute(Asm().push(0).push(0).op(.log0).bytes, isStatic: true).0.status == .staticViolation)
        #expect(execute(Asm().push(0xbeef).op(.selfdestruct).bytes, isStatic: true).0.status == .staticViolation)
        // STATICCALL into a writer: the inner frame fails, the outer gets 0 and continues.
        let writer = Address(hex: "0x000000000000000000000000000000000000aaaa")!
        let host = MockHost()
        host.setAccount(writer, code: Asm().push(1).push(1).op(.sstore).bytes)
        let code = Asm().call(.staticcall, gas: UInt256(50_000), to: writer).push(0).op(.mstore).ret(0, 32).bytes
        let (r, h) = execute(code, host: host)
        #expect(r.status == .success)
        #expect(r.output == UInt256.zero.bigEndianBytes)
        #expect(h.storage(writer, .one) == .zero)
    }

    @Test func returnDataCopyBounds() {
        // identity precompile returns 32 bytes; copying 33 is out of bounds
        let base = Asm().mstore(0, UInt256(5)).call(.staticcall, gas: UInt256(1000), to: Precompiles.address(4),
                                                     argsOffset: 0, argsSize: 32).op(.pop)
        let ok = base.push(32).push(0).push(64).op(.returndatacopy).ret(64, 32).bytes
        let (r, _) = execute(ok)
        #expect(r.status == .success)
        #expect(r.output == UInt256(5).bigEndianBytes)
        let bad = base.push(33).push(0).push(64).op(.returndatacopy).bytes
        let (b, _) = execute(bad)
        #expect(b.status == .invalidMemoryAccess)
        #expect(b.gasLeft == 0)
    }

    @Test func transientStorageAndLogs() {
        let code = Asm().push(9).push(3).op(.tstore).push(3).op(.tload).push(0).op(.mstore)
            .push(0xabc).push(32).push(0).op(.log1).bytes
        let (r, host) = execute(code)
        #expect(r.status == .success)
        #expect(host.world.logs == [Log(address: contractAddress, topics: [Hash(UInt256(0xabc))], data: UInt256(9).bigEndianBytes)])
    }

    /// EIP-5656: MCOPY handles overlapping regions like memmove (the EIP's example: copy 0x00…1f to 0x01).
    @Test func mcopyOverlapping() {
        let word = UInt256(hex: "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")!
        let code = Asm().mstore(0, word).push(32).push(0).push(1).op(.mcopy).ret(0, 64).bytes
        let (r, _) = execute(code)
        #expect(r.output == [0] + word.bigEndianBytes + [UInt8](repeating: 0, count: 31))
    }

    @Test func blockhashWindow() {
        let host = MockHost()
        for n in 0..<10 as Range<UInt64> { host.blockHashes[n] = Hash(UInt256(1000 + n)) }
        // block number 10: BLOCKHASH(9) known, BLOCKHASH(10) (current) is 0
        let code = Asm().push(9).op(.blockhash).push(0).op(.mstore).push(10).op(.blockhash).push(32).op(.mstore).ret(0, 64).bytes
        let (r, _) = execute(code, host: host)
        #expect(r.output == UInt256(1009).bigEndianBytes + UInt256.zero.bigEndianBytes)
    }

    @Test func bytecodeAnalysisIsShared() {
        let a = Bytecode([0x60, 0x5b, 0x5b])
        let b = a
        #expect(a.analysis === b.analysis)
        #expect(!a.isJumpDestination(1))
        #expect(a.isJumpDestination(2))
        #expect(!a.isJumpDestination(3))
        #expect(Bytecode.empty.hash == Keccak256.emptyHash)
    }
}
