/// Per-opcode static traits checked before an opcode body runs (evmone's baseline model):
/// the static gas, the stack items required and the largest stack height allowed before the op
/// (1024 − net growth). Dynamic gas (memory, access lists, copies) is charged by the bodies.
struct OpcodeTrait {
    /// Static gas (Yellow Paper Appendix G / EELS `vm/gas.py`); -1 = undefined opcode in this fork.
    var gas: Int32 = -1
    var required: Int16 = 0
    var maxHeight: Int16 = 1024
}

enum OpcodeTable {
    /// Builds the 256-entry trait table for `fork`. Allocated once per `Machine`.
    static func make(for fork: Hardfork) -> UnsafeMutablePointer<OpcodeTrait> {
        let t = UnsafeMutablePointer<OpcodeTrait>.allocate(capacity: 256)
        t.initialize(repeating: OpcodeTrait(), count: 256)
        func set(_ op: Int, _ gas: Int32, _ pops: Int, _ pushes: Int) {
            t[op] = OpcodeTrait(gas: gas, required: Int16(pops), maxHeight: Int16(1024 - Swift.max(0, pushes - pops)))
        }
        set(0x00, 0, 0, 0)        // STOP
        set(0x01, 3, 2, 1)        // ADD
        set(0x02, 5, 2, 1)        // MUL
        set(0x03, 3, 2, 1)        // SUB
        set(0x04, 5, 2, 1)        // DIV
        set(0x05, 5, 2, 1)        // SDIV
        set(0x06, 5, 2, 1)        // MOD
        set(0x07, 5, 2, 1)        // SMOD
        set(0x08, 8, 3, 1)        // ADDMOD
        set(0x09, 8, 3, 1)        // MULMOD
        set(0x0a, 10, 2, 1)       // EXP (+50 per exponent byte)
        set(0x0b, 5, 2, 1)        // SIGNEXTEND
        for op in 0x10...0x14 { set(op, 3, 2, 1) }  // LT GT SLT SGT EQ
        set(0x15, 3, 1, 1)        // ISZERO
        for op in 0x16...0x18 { set(op, 3, 2, 1) }  // AND OR XOR
        set(0x19, 3, 1, 1)        // NOT
        for op in 0x1a...0x1d { set(op, 3, 2, 1) }  // BYTE SHL SHR SAR
        if fork >= .osaka { set(0x1e, 5, 1, 1) }    // CLZ (EIP-7939)
        set(0x20, 30, 2, 1)       // KECCAK256 (+6/word + memory)
        set(0x30, 2, 0, 1)        // ADDRESS
        set(0x31, 0, 1, 1)        // BALANCE (EIP-2929 access cost in body)
        set(0x32, 2, 0, 1)        // ORIGIN
        set(0x33, 2, 0, 1)        // CALLER
        set(0x34, 2, 0, 1)        // CALLVALUE
        set(0x35, 3, 1, 1)        // CALLDATALOAD
        set(0x36, 2, 0, 1)        // CALLDATASIZE
        set(0x37, 3, 3, 0)        // CALLDATACOPY (+3/word + memory)
        set(0x38, 2, 0, 1)        // CODESIZE
        set(0x39, 3, 3, 0)        // CODECOPY
        set(0x3a, 2, 0, 1)        // GASPRICE
        set(0x3b, 0, 1, 1)        // EXTCODESIZE (access cost)
        set(0x3c, 0, 4, 0)        // EXTCODECOPY (access cost + 3/word + memory)
        set(0x3d, 2, 0, 1)        // RETURNDATASIZE
        set(0x3e, 3, 3, 0)        // RETURNDATACOPY
        set(0x3f, 0, 1, 1)        // EXTCODEHASH (access cost)
        set(0x40, 20, 1, 1)       // BLOCKHASH
        set(0x41, 2, 0, 1)        // COINBASE
        set(0x42, 2, 0, 1)        // TIMESTAMP
        set(0x43, 2, 0, 1)        // NUMBER
        set(0x44, 2, 0, 1)        // PREVRANDAO
        set(0x45, 2, 0, 1)        // GASLIMIT
        set(0x46, 2, 0, 1)        // CHAINID
        set(0x47, 5, 0, 1)        // SELFBALANCE
        set(0x48, 2, 0, 1)        // BASEFEE
        set(0x49, 3, 1, 1)        // BLOBHASH (EIP-4844)
        set(0x4a, 2, 0, 1)        // BLOBBASEFEE (EIP-7516)
        set(0x50, 2, 1, 0)        // POP
        set(0x51, 3, 1, 1)        // MLOAD
        set(0x52, 3, 2, 0)        // MSTORE
        set(0x53, 3, 2, 0)        // MSTORE8
        set(0x54, 0, 1, 1)        // SLOAD (100 warm / 2100 cold in body)
        set(0x55, 0, 2, 0)        // SSTORE (EIP-2200/2929/3529 in body)
        set(0x56, 8, 1, 0)        // JUMP
        set(0x57, 10, 2, 0)       // JUMPI
        set(0x58, 2, 0, 1)        // PC
        set(0x59, 2, 0, 1)        // MSIZE
        set(0x5a, 2, 0, 1)        // GAS
        set(0x5b, 1, 0, 0)        // JUMPDEST
        set(0x5c, 100, 1, 1)      // TLOAD (EIP-1153)
        set(0x5d, 100, 2, 0)      // TSTORE
        set(0x5e, 3, 3, 0)        // MCOPY (EIP-5656, +3/word + memory)
        set(0x5f, 2, 0, 1)        // PUSH0 (EIP-3855)
        for op in 0x60...0x7f { set(op, 3, 0, 1) }                 // PUSH1…PUSH32
        for n in 1...16 { set(0x7f + n, 3, n, n + 1) }             // DUP1…DUP16
        for n in 1...16 { set(0x8f + n, 3, n + 1, n + 1) }         // SWAP1…SWAP16
        for n in 0...4 { set(0xa0 + n, Int32(375 * (n + 1)), n + 2, 0) }  // LOG0…LOG4 (375 + 375/topic; +8/byte)
        set(0xf0, 32000, 3, 1)    // CREATE
        set(0xf1, 0, 7, 1)        // CALL
        set(0xf2, 0, 7, 1)        // CALLCODE
        set(0xf3, 0, 2, 0)        // RETURN
        set(0xf4, 0, 6, 1)        // DELEGATECALL
        set(0xf5, 32000, 4, 1)    // CREATE2
        set(0xfa, 0, 6, 1)        // STATICCALL
        set(0xfd, 0, 2, 0)        // REVERT
        // 0xfe INVALID stays undefined
        set(0xff, 5000, 1, 0)     // SELFDESTRUCT (EIP-6780; + cold + new account in body)
        return t
    }
}
