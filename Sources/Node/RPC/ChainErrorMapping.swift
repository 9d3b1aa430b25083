import Chain
import DevnetCrypto

/// The Chain-facing half of `RPCError.from`: errors of the layers below, in JSON-RPC terms.
enum ChainErrorMapping {
    static func map(_ error: any Error) -> RPCError {
        switch error {
        case let e as TxPoolError:
            // geth's wording ("nonce too low: next nonce 3, tx nonce 1", "already known", …)
            return RPCError(code: e.rpcCode, message: e.description)
        case let e as CallError:
            switch e {
            case .reverted(let data): return .reverted(data)
            case .rejected(let pool): return RPCError(code: pool.rpcCode, message: pool.description)
            case .unknownBlock, .gasRequiredExceedsAllowance: return .server(e.description)
            }
        case let e as ReplayError:
            // geth answers an unknown transaction or block to debug_trace*/trace_* with -32000
            return .server(e.description)
        case let e as TransactionError:
            return .server("invalid transaction: \(e)")
        case let e as CryptoError:
            return .server("signing failed: \(e)")
        default:
            return .internalError(String(describing: error))
        }
    }
}
