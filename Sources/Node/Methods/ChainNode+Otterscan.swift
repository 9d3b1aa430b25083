import Chain
import Primitives

/// trace_* (Parity format) and ots_* (Otterscan API level 8) (issue 5).
extension ChainNode {
    /// Most positional parameters of each method here (merged into `maxParams`).
    static let otterscanMaxParams: [String: Int] = [:]

    /// This file's method table; nil for a method it does not serve.
    func dispatchOtterscan(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        default:
            return nil
        }
    }
}
