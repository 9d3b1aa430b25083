import Primitives

/// A JSON-RPC 2.0 error object (https://www.jsonrpc.org/specification §5.1), with the codes of
/// execution-apis and geth:
///
/// | code | meaning |
/// |---|---|
/// | -32700 | parse error (the body is not JSON) |
/// | -32600 | invalid request (not a request object) |
/// | -32601 | method not found |
/// | -32602 | invalid params (bad hex, wrong length, missing or wrongly typed parameter) |
/// | -32603 | internal error |
/// | -32000 | a transaction rejected by the pool, unknown filter, state not available (geth's "server error") |
/// | 3 | execution reverted; `data` holds the revert bytes (DATA) |
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSON?

    public init(code: Int, message: String, data: JSON? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public var description: String { "[\(code)] \(message)" }

    public static let parseError = RPCError(code: -32700, message: "parse error")
    public static func invalidRequest(_ why: String) -> RPCError { RPCError(code: -32600, message: "invalid request: \(why)") }
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: -32601, message: "the method \(method) does not exist/is not available")
    }
    public static func invalidParams(_ why: String) -> RPCError { RPCError(code: -32602, message: why) }
    public static func internalError(_ why: String) -> RPCError { RPCError(code: -32603, message: "internal error: \(why)") }
    /// Geth's generic server error (-32000), used for pool rejections and unavailable state.
    public static func server(_ message: String) -> RPCError { RPCError(code: -32000, message: message) }

    /// Code 3 with the revert bytes as `data`; when they are an `Error(string)` (selector 0x08c379a0)
    /// the decoded reason is appended to the message, as geth does: "execution reverted: <reason>".
    public static func reverted(_ output: [UInt8]) -> RPCError {
        if let reason = RevertReason.decode(output) {
            return RPCError(code: 3, message: "execution reverted: \(reason)", data: .string(Hex.encode(output)))
        }
        if output.isEmpty { return RPCError(code: 3, message: "execution reverted", data: nil) }
        return RPCError(code: 3, message: "execution reverted", data: .string(Hex.encode(output)))
    }

    /// The JSON error object `{"code", "message"[, "data"]}`.
    public var json: JSON {
        var members: [(String, JSON)] = [("code", .int(code)), ("message", .string(message))]
        if let data { members.append(("data", data)) }
        return .object(members)
    }

    /// THE one mapping from internal errors to JSON-RPC errors (anvil/reth keep it in one place too).
    /// - `RPCError` passes through;
    /// - `ParamError` → -32602;
    /// - everything the chain throws (pool rejections, estimation failures) → -32000 with its
    ///   description, which for `TxPoolError` is geth's wording ("nonce too low: …");
    /// - anything else → -32603.
    public static func from(_ error: any Error) -> RPCError {
        switch error {
        case let e as RPCError: return e
        case let e as ParamError: return .invalidParams(e.message)
        case let e as JSONError: return RPCError(code: -32700, message: "parse error: \(e)")
        default: return ChainErrorMapping.map(error)
        }
    }
}

/// Why a parameter was refused; becomes -32602 with this message.
public struct ParamError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Decoding of Solidity/Vyper revert payloads.
public enum RevertReason {
    /// `Error(string)`: 0x08c379a0 ‖ abi.encode(string). Returns nil when `output` is not that shape.
    public static func decode(_ output: [UInt8]) -> String? {
        guard output.count >= 4 + 64, output[0] == 0x08, output[1] == 0xc3, output[2] == 0x79, output[3] == 0xa0 else {
            return nil
        }
        let body = Array(output[4...])
        guard let offset = UInt256(bigEndian: body[0..<32]).int, offset <= body.count - 32 else { return nil }
        guard let length = UInt256(bigEndian: body[offset..<offset + 32]).int,
              length <= body.count - offset - 32 else { return nil }
        let bytes = body[(offset + 32)..<(offset + 32 + length)]
        return String(decoding: bytes, as: UTF8.self)
    }
}
