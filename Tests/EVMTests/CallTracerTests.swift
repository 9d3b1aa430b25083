import Primitives
import Testing
@testable import EVM

/// The EVM's frame events as `CallTracer` and `AccessTracer` see them. Gas figures are derived by
/// hand from the Yellow Paper / EIP costs named at each value; addresses from the CREATE rule.
@Suite struct CallTracerTests {
    /// Runs `code` at `contractAddress` (nonce 1, `balance`) called by `callerAddress` with `value`,
    /// 1,000,000 gas, like `execute`, with `tracer` on the EVM.
    func run(_ code: [UInt8], value: UInt256 = .zero, balance: UInt256 = .zero, tracer: any EVMTracer,
             setup: (MockHost) -> Void = { _ in }) -> ExecutionResult {
        let h = MockHost()
        h.setAccount(callerAddress, balance: UInt256(10).exp10(18))
        h.setAccount(contractAddress, nonce: 1, balance: balance, code: code)
        setup(h)
        let block = testBlock()
        h.beginTransaction(warm: [callerAddress, contractAddress, block.coinbase] + Precompiles.addresses(for: .prague))
        var evm = EVM(host: h, block: block, tx: TransactionContext(origin: callerAddress, gasPrice: .one), fork: .prague)
        evm.tracer = tracer
        return evm.execute(Message(kind: .call, caller: callerAddress, target: contractAddress, value: value,
                                   input: [], gas: 1_000_000))
    }

    @Test func createFrameHasTheNewAddressAndDeployedCode() throws {
        let initCode = Asm.initCode(returning: [0x00])   // 16 bytes: deploys a single STOP
        let code = Asm().push(UInt256(bigEndian: initCode)).push(0).op(.mstore)   // init code in memory 16..<32
            .push(16).push(16).push(0).op(.create).op(.stop).bytes
        let t = CallTracer()
        #expect(run(code, tracer: t).status == .success)
        let root = try #require(t.root)
        #expect(root.kind == .call && root.from == callerAddress && root.to == contractAddress && root.gas == 1_000_000)
        let c = try #require(root.calls.first)
        // keccak256(rlp([0x…1000, 1]))[12:] (eth_utils + rlp): the contract's nonce is 1.
        #expect(c.kind == .create && c.from == contractAddress)
        #expect(c.to == Address(hex: "0x5bafcc0c93ecd8022925d7fd89da1c6250850e19")!)
        #expect(c.input == initCode && c.output == [0x00] && c.status == .success && c.error == nil)
        // Before CREATE: PUSH16 PUSH1 MSTORE(+3 memory) = 12, three PUSH1 = 9; CREATE charges 32000 + 2 per
        // init-code word (EIP-3860) = 32002, leaving 967,977; the child gets all but 1/64 (EIP-150):
        // 967,977 − 15,124 = 952,853. It uses PUSH2 PUSH1 PUSH1 (9) + CODECOPY 3 + 3 + 3 memory + PUSH2
        // PUSH1 (6) + RETURN 0 = 24, and 200 per deposited byte (1): 224.
        #expect(c.gas == 952_853 && c.gasUsed == 224)
    }

    @Test func failedCreate2HasNoAddress() throws {
        let initCode: [UInt8] = [0x60, 0x00, 0x60, 0x00, 0xfd]   // REVERT(0, 0)
        var word = [UInt8](repeating: 0, count: 27) + initCode
        word = Array(word.suffix(32))
        let code = Asm().push(UInt256(bigEndian: word)).push(0).op(.mstore)
            .push(7).push(5).push(27).push(0).op(.create2).op(.stop).bytes   // salt 7, size 5, offset 27, value 0
        let t = CallTracer()
        #expect(run(code, tracer: t).status == .success)
        let c = try #require(t.root?.calls.first)
        #expect(c.kind == .create2 && c.to == nil && c.status == .revert)
        #expect(c.error == "execution reverted" && c.output.isEmpty && c.revertReason == nil)
        // PUSH1 PUSH1 REVERT: 6 gas.
        #expect(c.gasUsed == 6)
    }

    @Test func selfdestructIsAFrameWithTheMovedBalance() throws {
        let beneficiary = Address(hex: "0x00000000000000000000000000000000000000be")!
        let t = CallTracer()
        #expect(run(Asm().push(beneficiary).op(.selfdestruct).bytes, balance: UInt256(10), tracer: t).status == .success)
        let root = try #require(t.root)
        // geth: a SELFDESTRUCT frame below the contract's, gas 0, value = the balance moved.
        #expect(root.calls == [CallFrame(kind: .selfdestruct, from: contractAddress, to: beneficiary, codeAddress: beneficiary,
                                         value: UInt256(10), gas: 0, gasUsed: 0, input: [])])
    }

    @Test func delegateAndStaticCalls() throws {
        let lib = Address(hex: "0x00000000000000000000000000000000000000d1")!
        let identity = Address(hex: "0x0000000000000000000000000000000000000004")!
        let code = Asm()
            .call(.delegatecall, gas: UInt256(0xffff), to: lib).op(.pop)
            .mstore(0, UInt256(0xabcdef))
            .call(.staticcall, gas: UInt256(1000), to: identity, argsOffset: 29, argsSize: 3).op(.pop)
            .op(.stop).bytes
        let t = CallTracer()
        let r = run(code, value: UInt256(5), balance: UInt256(10), tracer: t) { $0.setAccount(lib, code: [0x00]) }
        #expect(r.status == .success)
        let calls = try #require(t.root?.calls)
        #expect(calls.count == 2)
        // DELEGATECALL: from the calling contract, to the library, the apparent value 5, the 65,535 gas asked.
        #expect(calls[0].kind == .delegatecall && calls[0].from == contractAddress && calls[0].to == lib)
        #expect(calls[0].value == UInt256(5) && calls[0].gas == 0xffff && calls[0].gasUsed == 0)
        // STATICCALL to the identity precompile: 15 + 3 per word = 18 gas (Yellow Paper appendix E).
        #expect(calls[1].kind == .staticcall && calls[1].to == identity && calls[1].value == .zero)
        #expect(calls[1].input == [0xab, 0xcd, 0xef] && calls[1].output == [0xab, 0xcd, 0xef])
        #expect(calls[1].gas == 1000 && calls[1].gasUsed == 18)
    }

    @Test func callBeyondTheBalanceFailsAsAFrame() throws {
        let dead = Address(hex: "0x000000000000000000000000000000000000dead")!
        let code = Asm().call(.call, gas: .zero, to: dead, value: 11).op(.stop).bytes
        let t = CallTracer()
        #expect(run(code, balance: UInt256(10), tracer: t).status == .success)
        let c = try #require(t.root?.calls.first)
        // geth reports the frame with "insufficient balance for transfer"; its gas is the 2300 stipend
        // (0 asked), none of it used.
        #expect(c.kind == .call && c.value == UInt256(11) && c.status == .insufficientBalance)
        #expect(c.error == "insufficient balance for transfer" && c.gas == 2300 && c.gasUsed == 0)
    }

    @Test func accessTracerRecordsTouchedAccountsAndSlots() {
        let other = Address(hex: "0x00000000000000000000000000000000000000aa")!
        let callee = Address(hex: "0x00000000000000000000000000000000000000bb")!
        let code = Asm().push(other).op(.balance).op(.pop)
            .push(5).op(.sload).op(.pop)
            .push(6).push(9).op(.sstore)
            .call(.call, gas: UInt256(100), to: callee).op(.stop).bytes
        let t = AccessTracer()
        #expect(run(code, tracer: t).status == .success)
        #expect(t.accounts == [contractAddress: [5, 9], other: [], callee: []])
        #expect(t.created.isEmpty && t.destroyed.isEmpty)
    }
}
