import Chain
import EVM
import Primitives
import State
import Testing

/// GenesisBuilder on a hand-assembled contract (opcodes from the Yellow Paper, Appendix H):
/// stores calldata word 0 in slot 0 and CALLVALUE in slot 1, and reverts with Error("zero")
/// (Solidity's revert encoding, selector 0x08c379a0) when the word is 0.
@Suite struct GenesisBuilderTests {
    /// 0x00 PUSH1 0 CALLDATALOAD DUP1 ISZERO PUSH1 0x10 JUMPI PUSH1 0 SSTORE CALLVALUE PUSH1 1 SSTORE STOP
    /// 0x10 JUMPDEST PUSH1 100 PUSH1 0x1d PUSH1 0 CODECOPY PUSH1 100 PUSH1 0 REVERT
    /// 0x1d Error("zero") = 08c379a0 ‖ 0x20 ‖ 4 ‖ "zero"
    static let code: [UInt8] = {
        let prefix: [UInt8] = [0x60, 0x00, 0x35, 0x80, 0x15, 0x60, 0x10, 0x57, 0x60, 0x00, 0x55, 0x34, 0x60, 0x01, 0x55, 0x00,
                               0x5b, 0x60, 0x64, 0x60, 0x1d, 0x60, 0x00, 0x39, 0x60, 0x64, 0x60, 0x00, 0xfd]
        var word32 = [UInt8](repeating: 0, count: 32); word32[31] = 0x20
        var len = [UInt8](repeating: 0, count: 32); len[31] = 4
        let text = Array("zero".utf8) + [UInt8](repeating: 0, count: 28)
        return prefix + [0x08, 0xc3, 0x79, 0xa0] + word32 + len + text
    }()
    static let contract = Address(hex: "0x00000000000000000000000000000000000c0de1")!
    static let caller = Address(hex: "0x000000000000000000000000000000000000ca11")!

    static func config() throws -> ChainConfig { try ChainConfig(chainId: 31337) }

    static func word(_ v: UInt64) -> [UInt8] { UInt256(v).bigEndianBytes }

    @Test func appliesCodeCallsAndBalances() throws {
        let base: [Address: Account] = [Self.caller: Account(balance: UInt256(1000))]
        let alloc = try GenesisBuilder.build(alloc: base, steps: [
            .code(Self.contract, Self.code),
            .call(from: Self.caller, to: Self.contract, data: Self.word(42), value: UInt256(7), label: "store 42"),
            .balance(Self.contract, UInt256(500)),
        ], config: Self.config())
        let c = try #require(alloc[Self.contract])
        #expect(c.code.bytes == Self.code)
        #expect(c.nonce == 1)                                  // EIP-161: a contract starts at nonce 1
        #expect(c.storage[UInt256(0)] == UInt256(42))
        #expect(c.storage[UInt256(1)] == UInt256(7))           // CALLVALUE
        #expect(c.balance == UInt256(500))                     // the balance step came after the 7 wei
        let sender = try #require(alloc[Self.caller])
        #expect(sender.balance == UInt256(993))                // value moved, no gas charged
        #expect(sender.nonce == 0)                             // no nonce charged
    }

    @Test func failedCallNamesStepAndReason() throws {
        let config = try Self.config()
        do {
            _ = try GenesisBuilder.build(alloc: [:], steps: [
                .code(Self.contract, Self.code),
                .call(from: Self.caller, to: Self.contract, data: Self.word(0), label: "Thing.initialize"),
            ], config: config)
            Issue.record("a reverting step must throw")
        } catch {
            #expect(error.step == 1)
            #expect(error.name == "Thing.initialize")
            #expect(error.reason == "execution reverted: zero")
            #expect(error.description == "genesis step 1 (Thing.initialize) failed: execution reverted: zero")
        }
    }

    @Test func valueTheCallerCannotPayIsAnError() throws {
        #expect(throws: GenesisBuildError.self) {
            try GenesisBuilder.build(alloc: [:], steps: [
                .code(Self.contract, Self.code),
                .call(from: Self.caller, to: Self.contract, data: Self.word(1), value: UInt256(1), label: "pay"),
            ], config: Self.config())
        }
    }

    @Test func sameStepsSameStateRoot() throws {
        let steps: [GenesisBuilder.Step] = [
            .balance(Self.caller, UInt256(10)),
            .code(Self.contract, Self.code),
            .call(from: Self.caller, to: Self.contract, data: Self.word(9), value: UInt256(3), label: "x"),
        ]
        let a = try GenesisBuilder.build(alloc: [:], steps: steps, config: Self.config())
        let b = try GenesisBuilder.build(alloc: [:], steps: steps, config: Self.config())
        #expect(a == b)
        #expect(WorldState(genesis: a).stateRoot == WorldState(genesis: b).stateRoot)
        let other = try GenesisBuilder.build(alloc: [:], steps: steps.dropLast() + [
            .call(from: Self.caller, to: Self.contract, data: Self.word(8), value: UInt256(3), label: "x"),
        ], config: Self.config())
        #expect(WorldState(genesis: other).stateRoot != WorldState(genesis: a).stateRoot)
    }
}
