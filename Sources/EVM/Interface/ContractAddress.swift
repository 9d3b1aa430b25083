import Primitives

/// New-contract addresses (Yellow Paper §7, EIP-1014).
public enum ContractAddress {
    /// CREATE and creation transactions: keccak256(rlp([sender, nonce]))[12..<32], where `nonce` is
    /// the sender's nonce BEFORE the creation increments it.
    public static func create(sender: Address, nonce: UInt64) -> Address {
        let encoded = RLP.list([RLP(sender), RLP.uint(nonce)]).encoded()
        return Address(Keccak256.hash(encoded).bytes[12..<32])
    }

    /// CREATE2 (EIP-1014): keccak256(0xff ‖ sender ‖ salt ‖ keccak256(initCode))[12..<32].
    public static func create2(sender: Address, salt: UInt256, initCodeHash: Hash) -> Address {
        var buf = [UInt8]()
        buf.reserveCapacity(85)
        buf.append(0xff)
        buf.append(contentsOf: sender.bytes)
        buf.append(contentsOf: salt.bigEndianBytes)
        buf.append(contentsOf: initCodeHash.bytes)
        return Address(Keccak256.hash(buf).bytes[12..<32])
    }
}
