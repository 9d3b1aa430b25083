import Chain
import EVM
import Primitives

extension ChainNode {
    /// ots_* methods that replay a transaction, and the Parity trace_* family.
    func dispatchTracing(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        case "ots_traceTransaction", "ots_getTransactionError", "ots_getInternalOperations",
             "trace_transaction", "trace_block", "trace_replayTransaction", "trace_replayBlockTransactions",
             "trace_get", "trace_filter":
            throw RPCError.server("\(method) needs transaction replay, which this build does not have yet")
        default:
            return nil
        }
    }
}
