import Primitives

/// Contract code with its Keccak-256 hash and its JUMPDEST analysis, computed once per code.
///
/// Copies share one immutable buffer (a final class), so a deployed contract is analysed once
/// however many times it is loaded or called. The buffer holds the code followed by 33 zero bytes
/// (STOP), so a truncated PUSH at the end reads zeros without bounds checks, and a bitmap with one
/// bit per code byte set where a JUMPDEST opcode (0x5b) is an instruction, not PUSH data
/// (Yellow Paper §9.4.3).
public struct Bytecode: Sendable, Hashable {
    @usableFromInline let analysis: CodeAnalysis

    /// The raw code bytes.
    public var bytes: [UInt8] { analysis.bytes }
    /// Keccak-256 of `bytes` (`Keccak256.emptyHash` for empty code).
    public var hash: Hash { analysis.hash }
    /// Code length in bytes.
    public var count: Int { analysis.count }
    /// True for an account without code.
    public var isEmpty: Bool { analysis.count == 0 }

    /// Analyses `bytes` and hashes them.
    public init(_ bytes: [UInt8]) {
        self.analysis = CodeAnalysis(bytes, hash: bytes.isEmpty ? Keccak256.emptyHash : Keccak256.hash(bytes))
    }

    /// Analyses `bytes` with a hash the caller already knows (e.g. loaded from state). Not verified.
    public init(_ bytes: [UInt8], hash: Hash) {
        self.analysis = CodeAnalysis(bytes, hash: hash)
    }

    /// Empty code (hash `Keccak256.emptyHash`).
    public static let empty = Bytecode([])

    /// True if `pc` is inside the code and is a JUMPDEST instruction (not PUSH data).
    @inlinable public func isJumpDestination(_ pc: Int) -> Bool {
        analysis.isJumpDestination(pc)
    }

    /// EIP-7702 delegation designator `0xef0100 ‖ address` (23 bytes): the delegate's address, else nil.
    public var delegationTarget: Address? {
        let b = analysis.bytes
        guard b.count == 23, b[0] == 0xef, b[1] == 0x01, b[2] == 0x00 else { return nil }
        return Address(b[3..<23])
    }

    /// Equal when the code hashes are equal.
    public static func == (lhs: Bytecode, rhs: Bytecode) -> Bool {
        lhs.analysis === rhs.analysis || lhs.analysis.hash == rhs.analysis.hash
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(analysis.hash) }
}

/// The shared, immutable analysis buffer behind `Bytecode`.
@usableFromInline
final class CodeAnalysis: @unchecked Sendable {
    /// Extra zero bytes after the code: the longest immediate (PUSH32) plus one STOP.
    static let padding = 33

    let bytes: [UInt8]
    let hash: Hash
    @usableFromInline let count: Int
    /// `count + padding` bytes: the code, then zeros.
    @usableFromInline let padded: UnsafeMutablePointer<UInt8>
    /// One bit per code position, set for JUMPDEST instructions.
    @usableFromInline let jumpdests: UnsafeMutablePointer<UInt64>
    let bitmapWords: Int

    init(_ bytes: [UInt8], hash: Hash) {
        self.bytes = bytes
        self.hash = hash
        let n = bytes.count
        count = n
        let code = UnsafeMutablePointer<UInt8>.allocate(capacity: n + CodeAnalysis.padding)
        code.initialize(repeating: 0, count: n + CodeAnalysis.padding)
        bytes.withUnsafeBufferPointer { src in
            if n > 0 { code.update(from: src.baseAddress!, count: n) }
        }
        let wordsCount = (n + 63) / 64 + 1
        let bitmap = UnsafeMutablePointer<UInt64>.allocate(capacity: wordsCount)
        bitmap.initialize(repeating: 0, count: wordsCount)
        var pc = 0
        while pc < n {
            let op = code[pc]
            if op == 0x5b {
                bitmap[pc >> 6] |= 1 << UInt64(pc & 63)
                pc += 1
            } else if op >= 0x60 && op <= 0x7f {
                pc += Int(op) - 0x5e   // PUSH1…PUSH32: opcode + 1…32 immediate bytes
            } else {
                pc += 1
            }
        }
        padded = code
        jumpdests = bitmap
        bitmapWords = wordsCount
    }

    deinit {
        padded.deallocate()
        jumpdests.deallocate()
    }

    @inlinable @inline(__always)
    func isJumpDestination(_ pc: Int) -> Bool {
        guard pc >= 0 && pc < count else { return false }
        return jumpdests[pc >> 6] & (1 << UInt64(pc & 63)) != 0
    }
}
