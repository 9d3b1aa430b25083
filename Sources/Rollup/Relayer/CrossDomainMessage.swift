import Primitives

/// One cross-domain message as both messengers identify it (ROLLUP-API §2, after Optimism's
/// Lib_CrossDomainUtils): the four arguments of `relayMessage(address,address,bytes,uint256)`.
///
/// - L1→L2: `L1CrossDomainMessenger.sendMessage` enqueues `relayCalldata` on the CTC with the L2
///   messenger as target; the relayer sends exactly those bytes to the L2 messenger.
/// - L2→L1: `L2CrossDomainMessenger.sendMessage` passes `relayCalldata` to the L2ToL1MessagePasser,
///   which sets `sentMessages[keccak256(relayCalldata ‖ l2Messenger)]`; L1 proves that entry.
public struct CrossDomainMessage: Sendable, Hashable {
    /// The account called on the other chain.
    public var target: Address
    /// The account that sent the message (`xDomainMessageSender()` during the call).
    public var sender: Address
    /// The calldata passed to `target`.
    public var message: [UInt8]
    /// The sending messenger's nonce (on L1 the CTC queue index).
    public var nonce: UInt256

    public init(target: Address, sender: Address, message: [UInt8], nonce: UInt256) {
        self.target = target
        self.sender = sender
        self.message = message
        self.nonce = nonce
    }

    /// The signature both messengers hash: `relayMessage(address,address,bytes,uint256)`
    /// (selector 0xcbd4ece9, as Optimism's L2CrossDomainMessenger).
    public static let relaySignature = "relayMessage(address,address,bytes,uint256)"

    /// `abi.encodeWithSignature(relaySignature, target, sender, message, nonce)`: 4 + 5·32 + the
    /// message padded to 32 bytes.
    public var relayCalldata: [UInt8] {
        ABI.call(Self.relaySignature, [.address(target), .address(sender), .bytes(message), .uint(nonce)])
    }

    /// The message hash, keccak256(relayCalldata): the key of `successfulMessages` on both
    /// messengers and the topic of `RelayedMessage` / `FailedRelayedMessage`.
    public var hash: Hash { Keccak256.hash(relayCalldata) }

    /// Decodes relay calldata (the `data` of a CTC `TransactionEnqueued`); nil when it is not a
    /// well-formed `relayMessage(address,address,bytes,uint256)` call.
    public init?(relayCalldata data: [UInt8]) {
        guard data.count >= 4, Array(data.prefix(4)) == ABI.selector(Self.relaySignature),
              let v = try? ABI.decode("(address,address,bytes,uint256)", from: Array(data.dropFirst(4))),
              let target = v[0].addressValue, let sender = v[1].addressValue,
              let message = v[2].bytesValue, let nonce = v[3].word else { return nil }
        self.init(target: target, sender: sender, message: message, nonce: nonce)
        // Re-encoding must give the same bytes, else the hash the contracts compute differs.
        guard relayCalldata == data else { return nil }
    }

    /// The L2ToL1MessagePasser key: keccak256(relayCalldata ‖ l2Messenger) (`abi.encodePacked`,
    /// the 20 address bytes appended).
    public func passerKey(l2Messenger: Address) -> Hash {
        Keccak256.hash(relayCalldata + l2Messenger.bytes)
    }

    /// The storage slot of `sentMessages[passerKey]` in L2ToL1MessagePasser: the map is Vyper's
    /// first storage variable (slot 0) and Vyper hashes the slot first:
    /// keccak256(uint256(0) ‖ key) (Contracts/L2/L2ToL1MessagePasser.vy header).
    public func passerSlot(l2Messenger: Address) -> Hash {
        Self.passerSlot(key: passerKey(l2Messenger: l2Messenger))
    }

    /// keccak256(uint256(0) ‖ key): where Vyper 0.4 keeps `sentMessages[key]` (map at slot 0).
    public static func passerSlot(key: Hash) -> Hash {
        Keccak256.hash([UInt8](repeating: 0, count: 32) + key.bytes)
    }
}
