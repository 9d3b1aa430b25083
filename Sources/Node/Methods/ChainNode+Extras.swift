import Chain
import Primitives

/// eth_createAccessList, eth_signTypedData_v4, eth_simulateV1, anvil_dumpState / anvil_loadState (issue 5).
extension ChainNode {
    /// Most positional parameters of each method here (merged into `maxParams`).
    static let extrasMaxParams: [String: Int] = [:]

    /// This file's method table; nil for a method it does not serve.
    func dispatchExtras(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        default:
            return nil
        }
    }
}
