import Primitives

/// A frame's byte-addressed memory (Yellow Paper §9.1): grows in 32-byte words, zero-filled.
/// Owned by one frame and freed when it ends; the interpreter keeps it in a local.
struct Memory {
    var base: UnsafeMutableRawPointer?
    /// Active size in bytes (MSIZE), a multiple of 32.
    var size: Int = 0
    var capacity: Int = 0

    /// Memory cost of `words` words: 3·words + words²/512 (Yellow Paper §H.1, C_mem).
    @inline(__always)
    static func cost(words: Int) -> Int64 {
        let w = Int64(words)
        return 3 &* w &+ (w &* w) / 512
    }

    /// Grows the active size to `newSize` bytes (a multiple of 32), zero-filling.
    mutating func grow(to newSize: Int) {
        if newSize > capacity {
            var newCapacity = Swift.max(capacity * 2, 4096)
            while newCapacity < newSize { newCapacity *= 2 }
            let p = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 32)
            if let old = base {
                p.copyMemory(from: old, byteCount: size)
                old.deallocate()
            }
            base = p
            capacity = newCapacity
        }
        (base! + size).initializeMemory(as: UInt8.self, repeating: 0, count: newSize - size)
        size = newSize
    }

    func free() { base?.deallocate() }

    /// Copies `count` bytes at `offset` into a new array (the region is inside `size`).
    func bytes(_ offset: Int, _ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: base! + offset, count: count))
    }
}

extension Memory {
    /// Charges memory expansion for the region `offset ..< offset + size` and grows memory.
    /// Returns the region as Ints, or nil when out of gas (absurd offsets are out of gas).
    /// A zero `size` never expands, whatever the offset (then offset is returned as 0).
    @inline(__always)
    mutating func region(_ offset: UInt256, _ size: UInt256, _ gas: inout Int64) -> (offset: Int, size: Int)? {
        if size.isZero { return (0, 0) }
        guard (offset.w1 | offset.w2 | offset.w3 | size.w1 | size.w2 | size.w3) == 0,
              offset.w0 <= 0xFFFF_FFFF, size.w0 <= 0xFFFF_FFFF else { return nil }
        let o = Int(offset.w0), s = Int(size.w0)
        let end = o + s
        if end > self.size {
            let newWords = (end + 31) >> 5
            let fee = Memory.cost(words: newWords) - Memory.cost(words: self.size >> 5)
            gas -= fee
            if gas < 0 { return nil }
            grow(to: newWords << 5)
        }
        return (o, s)
    }

    /// Copies `src[srcOffset ..< srcOffset + size]` to memory at `dest`, zero-filling what lies
    /// beyond `src` (CALLDATACOPY, CODECOPY, EXTCODECOPY semantics). The destination is inside `size`.
    @inline(__always)
    func copy(to dest: Int, from src: UnsafeRawBufferPointer, srcOffset: UInt256, size: Int) {
        guard size > 0 else { return }
        let d = base! + dest
        var available = 0
        var start = 0
        if let so = srcOffset.uint64, so < UInt64(src.count) {
            start = Int(so)
            available = Swift.min(size, src.count - start)
        }
        if available > 0 { d.copyMemory(from: src.baseAddress! + start, byteCount: available) }
        if available < size { (d + available).initializeMemory(as: UInt8.self, repeating: 0, count: size - available) }
    }
}
