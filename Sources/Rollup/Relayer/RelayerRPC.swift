import Node
import Primitives

/// The relayer's RPC methods on the L2 node (ROLLUP-API §8):
/// - `devnet_deposits()` → every L1→L2 message: `{queueIndex, status ("pending" | "sent" |
///   "relayed" | "failed"), msgHash, l1TxHash, l1BlockNumber, timestamp, gasLimit, l2TxHash,
///   l2BlockNumber, target, sender, messageNonce, bridge?{l1Token, l2Token, from, to, amount}, error?}`;
/// - `devnet_withdrawals()` → every L2→L1 message: `{msgHash, status ("waitingForStateBatch" |
///   "inChallengeWindow" | "ready" | "sent" | "relayed" | "failed"), l2TxHash, l2BlockNumber, target,
///   sender, messageNonce, gasLimit, stateBatchIndex, stateBatchL1TxHash, secondsLeft, l1TxHash,
///   bridge?, error?}`;
/// - `devnet_getWithdrawalProof(l2TxHash)` → the L1 `relayMessage` arguments (`Relayer.withdrawalProof`);
///   -32000 when the transaction sent no message or its block is not in a state batch yet.
public struct RelayerRPC: RPCExtension {
    public let relayer: Relayer

    public init(relayer: Relayer) { self.relayer = relayer }

    /// Method → most positional parameters.
    public var methods: [String: Int] {
        ["devnet_deposits": 0, "devnet_withdrawals": 0, "devnet_getWithdrawalProof": 1]
    }

    /// Answers one of `methods`.
    /// - Throws: `RPCError` -32601 for another method, -32602 for a bad hash, -32000 when no proof exists yet.
    public func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        switch method {
        case "devnet_deposits":
            return await relayer.depositsJSON()
        case "devnet_withdrawals":
            return await relayer.withdrawalsJSON()
        case "devnet_getWithdrawalProof":
            guard case .array(let list) = params, let first = list.first else {
                throw .invalidParams("missing value for required argument 0")
            }
            guard let s = first.stringValue, s.count == 66, let hash = Hash(hex: s) else {
                throw .invalidParams("invalid argument 0: expected a 32-byte transaction hash")
            }
            do {
                return try await relayer.withdrawalProof(l2TxHash: hash)
            } catch {
                throw .server(error.description)
            }
        default:
            throw .methodNotFound(method)
        }
    }
}
