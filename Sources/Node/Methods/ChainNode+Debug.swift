import Chain
import Primitives

/// debug_* tracing (geth's struct logger, callTracer, prestateTracer) (issue 5).
extension ChainNode {
    /// Most positional parameters of each method here (merged into `maxParams`).
    static let debugMaxParams: [String: Int] = [:]

    /// This file's method table; nil for a method it does not serve.
    func dispatchDebug(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        default:
            return nil
        }
    }
}
