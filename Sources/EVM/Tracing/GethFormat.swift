import Primitives

/// geth's spellings for traces: opcode names (`core/vm/opcodes.go` `OpCode.String`) and the VM
/// error messages (`core/vm/errors.go`), as its struct logger and callTracer print them.
public enum GethFormat {
    /// geth's name of opcode `op`: as EELS's except KECCAK256, DIFFICULTY (0x44), INVALID (0xfe),
    /// the EOF and SLOTNUM names geth defines; "opcode 0xc not defined" for the rest.
    public static func opName(_ op: UInt8) -> String { names[Int(op)] }

    /// geth's error message for a frame that ended with `status`, whose last opcode was `op` with
    /// `stackCount` items on the stack (used for the stack and invalid-opcode messages). nil for success.
    public static func errorMessage(_ status: ExecutionStatus, op: UInt8, stackCount: Int) -> String? {
        switch status {
        case .success: return nil
        case .invalidOpcode: return "invalid opcode: " + opName(op)
        case .stackUnderflow: return "stack underflow (\(stackCount) <=> \(Int(traits[Int(op)].required)))"
        case .stackOverflow: return "stack limit reached \(stackCount) (\(Int(traits[Int(op)].maxHeight)))"
        case .precompileFailure: return "precompiled contract failed"
        default: return status.description
        }
    }

    /// Stack requirements per opcode (the newest fork's table; allocated once, never freed).
    nonisolated(unsafe) static let traits = OpcodeTable.make(for: .osaka)

    static let names: [String] = {
        var n = (0..<256).map { "opcode 0x" + String($0, radix: 16) + " not defined" }
        for op in 0..<256 where EIP3155Tracer.names[op] != "InvalidOpcode" { n[op] = EIP3155Tracer.names[op] }
        let geth: [(Int, String)] = [
            (0x20, "KECCAK256"), (0x44, "DIFFICULTY"), (0x4b, "SLOTNUM"), (0xfe, "INVALID"),
            (0xd0, "DATALOAD"), (0xd1, "DATALOADN"), (0xd2, "DATASIZE"), (0xd3, "DATACOPY"),
            (0xe0, "RJUMP"), (0xe1, "RJUMPI"), (0xe2, "RJUMPV"), (0xe3, "CALLF"), (0xe4, "RETF"), (0xe5, "JUMPF"),
            (0xe6, "DUPN"), (0xe7, "SWAPN"), (0xe8, "EXCHANGE"), (0xec, "EOFCREATE"), (0xee, "RETURNCONTRACT"),
            (0xf7, "RETURNDATALOAD"), (0xf8, "EXTCALL"), (0xf9, "EXTDELEGATECALL"), (0xfb, "EXTSTATICCALL"),
        ]
        for (op, name) in geth { n[op] = name }
        return n
    }()

    /// The reason in a revert payload, as geth's `abi.UnpackRevert`: the message of `Error(string)`
    /// (selector 0x08c379a0), or for `Panic(uint256)` (0x4e487b71) the Solidity panic's description
    /// ("assert(false)", "arithmetic underflow or overflow", …, else "unknown panic code: 0x…");
    /// nil for anything else.
    public static func revertReason(_ data: [UInt8]) -> String? {
        guard data.count >= 36 else { return nil }
        func word(_ at: Int) -> Int? {
            guard at + 32 <= data.count, data[at..<(at + 24)].allSatisfy({ $0 == 0 }) else { return nil }
            var v = 0
            for b in data[(at + 24)..<(at + 32)] { v = v << 8 | Int(b) }
            return v >= 0 && v < Int(Int32.max) ? v : nil
        }
        let selector = Array(data[0..<4])
        if selector == [0x4e, 0x48, 0x7b, 0x71] {
            let code = UInt256(bigEndian: Array(data[4..<36]))
            if let c = code.uint64, let reason = panicReasons[c] { return reason }
            return "unknown panic code: " + EIP3155Tracer.hex(code)
        }
        guard selector == [0x08, 0xc3, 0x79, 0xa0], let offset = word(4), let length = word(4 + offset) else { return nil }
        let start = 4 + offset + 32
        guard start + length <= data.count else { return nil }
        return String(decoding: data[start..<(start + length)], as: UTF8.self)
    }

    /// Solidity's panic codes and their descriptions (as geth and ethers print them).
    static let panicReasons: [UInt64: String] = [
        0x00: "generic panic", 0x01: "assert(false)", 0x11: "arithmetic underflow or overflow",
        0x12: "division or modulo by zero", 0x21: "enum overflow",
        0x22: "invalid encoded storage byte array accessed",
        0x31: "out-of-bounds array access; popping on an empty array",
        0x32: "out-of-bounds access of an array or bytesN", 0x41: "out of memory", 0x51: "uninitialized function",
    ]
}
