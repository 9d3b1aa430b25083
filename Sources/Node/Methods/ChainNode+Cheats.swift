import Chain
import Primitives

/// Developer cheat methods (issue 5, item 5): anvil's names with the hardhat_ / evm_ aliases anvil
/// accepts. Results follow anvil (`anvil/src/eth/api.rs` signatures): the set-account methods answer
/// null, anvil_setStorageAt true, evm_snapshot a QUANTITY id, evm_revert true/false,
/// evm_increaseTime the total offset in seconds as a JSON number, evm_setNextBlockTimestamp null.
extension ChainNode {
    /// Most positional parameters of each cheat method (merged into `maxParams`).
    static let cheatMaxParams: [String: Int] = [
        "anvil_setBalance": 2, "hardhat_setBalance": 2,
        "anvil_setCode": 2, "hardhat_setCode": 2,
        "anvil_setNonce": 2, "hardhat_setNonce": 2, "evm_setAccountNonce": 2,
        "anvil_setStorageAt": 3, "hardhat_setStorageAt": 3,
        "evm_snapshot": 0, "anvil_snapshot": 0, "evm_revert": 1, "anvil_revert": 1,
        "evm_increaseTime": 1, "anvil_increaseTime": 1,
        "evm_setNextBlockTimestamp": 1, "anvil_setNextBlockTimestamp": 1,
    ]

    /// The cheat method table; nil for a method that is not a cheat.
    func dispatchCheat(_ method: String, _ p: Params) throws -> JSON? {
        switch method {
        case "anvil_setBalance", "hardhat_setBalance":
            let a = try p.address(0)
            chain.setBalance(a, wei: try flexibleQuantity(p, 1, "balance"))
            return .null
        case "anvil_setCode", "hardhat_setCode":
            let a = try p.address(0)
            chain.setCode(a, try p.data(1, "code"))
            return .null
        case "anvil_setNonce", "hardhat_setNonce", "evm_setAccountNonce":
            let a = try p.address(0)
            let v = try p.required(1, "nonce")
            let nonce = try ParamDecode.flexibleUInt(v, "invalid argument 1", "nonce")
            guard nonce < UInt64.max else { throw ParamError("invalid argument 1: nonce must be below 2^64-1 (EIP-2681)") }
            chain.setNonce(a, nonce)
            return .null
        case "anvil_setStorageAt", "hardhat_setStorageAt":
            let a = try p.address(0)
            let slot = try p.storageSlot(1)
            let value = try p.data(2, "storage value")
            guard value.count == 32 else {
                throw ParamError("invalid argument 2: storage value must be exactly 32 bytes (64 hex digits), got \(value.count) bytes")
            }
            chain.setStorage(a, slot: slot, value: UInt256(bigEndian: value))
            return .bool(true)
        case "evm_snapshot", "anvil_snapshot":
            return Enc.q(chain.takeSnapshot())
        case "evm_revert", "anvil_revert":
            let id = try p.quantity(0, "snapshot id")
            guard let small = id.uint64 else { return .bool(false) }
            guard chain.revert(toSnapshot: small) else { return .bool(false) }
            // Polling filters report the blocks mined again after the restored head.
            let head = chain.headNumber
            for key in Array(filters.keys) where filters[key]!.lastBlock > head { filters[key]!.lastBlock = head }
            return .bool(true)
        case "evm_increaseTime", "anvil_increaseTime":
            let seconds = try ParamDecode.flexibleUInt(try p.required(0, "seconds"), "invalid argument 0", "seconds")
            return .number(String(chain.increaseTime(by: seconds)))
        case "evm_setNextBlockTimestamp", "anvil_setNextBlockTimestamp":
            let t = try ParamDecode.flexibleUInt(try p.required(0, "timestamp"), "invalid argument 0", "timestamp")
            do {
                try chain.setNextBlockTimestamp(t)
            } catch {
                throw ParamError("invalid argument 0: \(error)")
            }
            return .null
        default:
            return nil
        }
    }

    /// A wei amount as a hex QUANTITY or a JSON number (anvil takes both).
    private func flexibleQuantity(_ p: Params, _ i: Int, _ what: String) throws -> UInt256 {
        let v = try p.required(i, what)
        if case .number = v { return UInt256(try ParamDecode.flexibleUInt(v, "invalid argument \(i)", what)) }
        return try ParamDecode.quantity(v, "invalid argument \(i)", what)
    }
}
