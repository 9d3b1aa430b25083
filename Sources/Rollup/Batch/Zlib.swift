import CZlib

/// Why zlib data could not be made or read.
public enum ZlibError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input is not a complete, valid zlib stream (RFC 1950): a bad header, a bad Adler-32
    /// check, corrupt deflate data (RFC 1951), or it ends early. `code` is zlib's return code.
    case corrupt(code: Int32, message: String)
    /// The stream inflates to more than `limit` bytes (a decompression bomb, or simply too big).
    case tooLarge(limit: Int)
    /// Bytes follow the end of the zlib stream.
    case trailingBytes(Int)
    /// zlib itself failed (out of memory, version mismatch).
    case failure(code: Int32)

    public var description: String {
        switch self {
        case .corrupt(let c, let m): "not valid zlib data: \(m) (zlib code \(c))"
        case .tooLarge(let l): "zlib data inflates to more than \(l) bytes"
        case .trailingBytes(let n): "\(n) bytes follow the end of the zlib stream"
        case .failure(let c): "zlib failed (code \(c))"
        }
    }
}

/// zlib (RFC 1950 wrapper around RFC 1951 deflate) through the system library (Debian's
/// zlib1g). Batches on L1 are compressed with it (Metis' inbox format, compress type 11).
public enum Zlib {
    /// Compresses `data` into one zlib stream (`compress2`).
    /// - Parameter level: 0 (store) … 9 (smallest); default 9.
    /// - Throws: `ZlibError.failure` if zlib cannot allocate.
    public static func compress(_ data: [UInt8], level: Int32 = 9) throws(ZlibError) -> [UInt8] {
        var bound = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let rc = out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { i in
                compress2(o.baseAddress, &bound, i.baseAddress, uLong(i.count), level)
            }
        }
        guard rc == Z_OK else { throw .failure(code: rc) }
        out.removeLast(out.count - Int(bound))
        return out
    }

    /// Inflates one complete zlib stream, never producing more than `maxOutput` bytes (memory use
    /// stays bounded whatever the input claims).
    /// - Throws: `ZlibError.corrupt` for invalid or truncated data, `.tooLarge` past `maxOutput`,
    ///   `.trailingBytes` when data follows the stream's end.
    public static func decompress(_ data: [UInt8], maxOutput: Int) throws(ZlibError) -> [UInt8] {
        var stream = z_stream()
        var rc = inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw .failure(code: rc) }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        let chunk = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: chunk)
        var consumed = 0
        rc = data.withUnsafeBufferPointer { input -> Int32 in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            while true {
                let r = buffer.withUnsafeMutableBufferPointer { b -> Int32 in
                    stream.next_out = b.baseAddress
                    stream.avail_out = uInt(chunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk - Int(stream.avail_out)
                if out.count + produced > maxOutput { return Z_MEM_ERROR &- 1000 }  // sentinel: too large
                out.append(contentsOf: buffer[0..<produced])
                if r == Z_STREAM_END { consumed = input.count - Int(stream.avail_in); return r }
                if r != Z_OK { return r }
                // No progress possible: the input ended before the stream did.
                if stream.avail_in == 0 && produced < chunk { return Z_BUF_ERROR }
            }
        }
        if rc == Z_MEM_ERROR &- 1000 { throw .tooLarge(limit: maxOutput) }
        guard rc == Z_STREAM_END else {
            let message: String
            if let m = stream.msg { message = String(cString: m) } else if rc == Z_BUF_ERROR {
                message = "the data ends before the stream does"
            } else {
                message = "inflate failed"
            }
            if rc == Z_MEM_ERROR { throw .failure(code: rc) }
            throw .corrupt(code: rc, message: message)
        }
        if consumed < data.count { throw .trailingBytes(data.count - consumed) }
        return out
    }
}
