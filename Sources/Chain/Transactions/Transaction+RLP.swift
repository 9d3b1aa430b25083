import Primitives

// Wire format (EIP-2718):
//   legacy:  rlp([nonce, gasPrice, gasLimit, to, value, data, v, r, s])
//   type 1:  0x01 ‖ rlp([chainId, nonce, gasPrice, gasLimit, to, value, data, accessList, yParity, r, s])
//   type 2:  0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data,
//                        accessList, yParity, r, s])
// accessList = [[address, [storageKey, …]], …]

extension Transaction {
    /// Decodes a raw transaction: an EIP-2718 envelope (type byte 0x01/0x02 ‖ RLP list) or a legacy
    /// RLP list (first byte ≥ 0xc0). Strict: canonical RLP only, the whole input consumed, exact
    /// field counts, integers without leading zeros and within their width (nonce, gas limit and
    /// chain id 64 bits; amounts and signature values 256 bits), `to` empty or 20 bytes, access-list
    /// addresses 20 bytes and keys 32 bytes, legacy v 27/28 or ≥ 35 (EIP-155), typed yParity 0/1.
    /// The signature is not checked here: ``sender()`` does that.
    ///
    /// - Throws: ``TransactionError`` — `.emptyInput`, `.unsupportedType` (types 3, 4 and above),
    ///   `.malformed`, `.wrongFieldCount`, `.invalidField`, `.invalidSignature`.
    public static func decode(raw: [UInt8]) throws(TransactionError) -> Transaction {
        guard let first = raw.first else { throw .emptyInput }
        if first >= 0xc0 {
            return try decodeLegacy(fields(of: raw))
        }
        if first >= 0x80 {
            throw .malformed("expected an RLP list or an EIP-2718 type byte, found 0x\(hexByte(first))")
        }
        guard let type = TransactionType(rawValue: first), type != .legacy else {
            throw .unsupportedType(first)
        }
        let items = try fields(of: Array(raw[1...]))
        switch type {
        case .accessList: return try decodeAccessListTx(items)
        case .dynamicFee: return try decodeDynamicFeeTx(items)
        case .legacy: throw .unsupportedType(first)
        }
    }

    /// The raw transaction bytes: `type ‖ rlp(fields)` for typed transactions, `rlp(fields)` for
    /// legacy ones (EIP-2718). This is what `eth_sendRawTransaction` takes, what ``hash`` hashes
    /// and what goes into the transactions trie.
    public func encoded() -> [UInt8] {
        let list = RLP.list(payloadFields(includeSignature: true))
        switch type {
        case .legacy: return list.encoded()
        case .accessList, .dynamicFee: return [type.rawValue] + list.encoded()
        }
    }

    /// The transaction hash: Keccak-256 of ``encoded()`` (32 bytes).
    public var hash: Hash { Keccak256.hash(encoded()) }

    // MARK: - Encoding helpers

    /// The RLP fields in wire order; without the signature they are the typed signing payload.
    func payloadFields(includeSignature: Bool) -> [RLP] {
        let toItem: RLP = to.map { RLP($0) } ?? .bytes([])
        var items: [RLP]
        switch type {
        case .legacy:
            items = [.uint(nonce), .uint(gasPrice ?? .zero), .uint(gasLimit), toItem, .uint(value), .bytes(data)]
            if includeSignature {
                items += [.uint(v), .uint(r), .uint(s)]
            }
            return items
        case .accessList:
            items = [.uint(chainId ?? 0), .uint(nonce), .uint(gasPrice ?? .zero), .uint(gasLimit), toItem,
                     .uint(value), .bytes(data), Self.encodeAccessList(accessList)]
        case .dynamicFee:
            items = [.uint(chainId ?? 0), .uint(nonce), .uint(maxPriorityFeePerGas ?? .zero),
                     .uint(maxFeePerGas ?? .zero), .uint(gasLimit), toItem, .uint(value), .bytes(data),
                     Self.encodeAccessList(accessList)]
        }
        if includeSignature {
            items += [.uint(v), .uint(r), .uint(s)]
        }
        return items
    }

    static func encodeAccessList(_ list: [AccessListEntry]) -> RLP {
        .list(list.map { entry in
            .list([RLP(entry.address), .list(entry.storageKeys.map { RLP($0) })])
        })
    }

    // MARK: - Decoding helpers

    private static func fields(of bytes: [UInt8]) throws(TransactionError) -> [RLP] {
        let item: RLP
        do {
            item = try RLP.decode(bytes)
        } catch {
            throw .malformed("\(error)")
        }
        guard case .list(let items) = item else {
            throw .malformed("expected an RLP list, found a byte string")
        }
        return items
    }

    private static func decodeLegacy(_ items: [RLP]) throws(TransactionError) -> Transaction {
        guard items.count == 9 else { throw .wrongFieldCount(type: .legacy, expected: 9, got: items.count) }
        var tx = Transaction(type: .legacy)
        tx.nonce = try uint64(items[0], "nonce")
        tx.gasPrice = try uint256(items[1], "gasPrice")
        tx.gasLimit = try uint64(items[2], "gasLimit")
        tx.to = try recipient(items[3])
        tx.value = try uint256(items[4], "value")
        tx.data = try byteString(items[5], "data")
        tx.v = try uint256(items[6], "v")
        tx.r = try uint256(items[7], "r")
        tx.s = try uint256(items[8], "s")
        if tx.v == UInt256(27) || tx.v == UInt256(28) {
            tx.chainId = nil
        } else if tx.v >= UInt256(35) {
            // EIP-155: v = chainId·2 + 35 + yParity
            let chain = (tx.v &- UInt256(35)) >> 1
            guard let id = chain.uint64 else {
                throw .invalidSignature("EIP-155 chain id derived from v exceeds 64 bits")
            }
            tx.chainId = id
        } else {
            throw .invalidSignature("legacy v must be 27, 28 or chainId·2+35/36 (EIP-155), got \(tx.v)")
        }
        return tx
    }

    private static func decodeAccessListTx(_ items: [RLP]) throws(TransactionError) -> Transaction {
        guard items.count == 11 else { throw .wrongFieldCount(type: .accessList, expected: 11, got: items.count) }
        var tx = Transaction(type: .accessList)
        tx.chainId = try uint64(items[0], "chainId")
        tx.nonce = try uint64(items[1], "nonce")
        tx.gasPrice = try uint256(items[2], "gasPrice")
        tx.gasLimit = try uint64(items[3], "gasLimit")
        tx.to = try recipient(items[4])
        tx.value = try uint256(items[5], "value")
        tx.data = try byteString(items[6], "data")
        tx.accessList = try accessList(items[7])
        try readSignature(items[8], items[9], items[10], into: &tx)
        return tx
    }

    private static func decodeDynamicFeeTx(_ items: [RLP]) throws(TransactionError) -> Transaction {
        guard items.count == 12 else { throw .wrongFieldCount(type: .dynamicFee, expected: 12, got: items.count) }
        var tx = Transaction(type: .dynamicFee)
        tx.chainId = try uint64(items[0], "chainId")
        tx.nonce = try uint64(items[1], "nonce")
        tx.maxPriorityFeePerGas = try uint256(items[2], "maxPriorityFeePerGas")
        tx.maxFeePerGas = try uint256(items[3], "maxFeePerGas")
        tx.gasLimit = try uint64(items[4], "gasLimit")
        tx.to = try recipient(items[5])
        tx.value = try uint256(items[6], "value")
        tx.data = try byteString(items[7], "data")
        tx.accessList = try accessList(items[8])
        try readSignature(items[9], items[10], items[11], into: &tx)
        return tx
    }

    private static func readSignature(_ v: RLP, _ r: RLP, _ s: RLP, into tx: inout Transaction) throws(TransactionError) {
        tx.v = try uint256(v, "yParity")
        guard tx.v <= UInt256.one else {
            throw .invalidSignature("yParity must be 0 or 1, got \(tx.v)")
        }
        tx.r = try uint256(r, "r")
        tx.s = try uint256(s, "s")
    }

    private static func byteString(_ item: RLP, _ field: String) throws(TransactionError) -> [UInt8] {
        guard case .bytes(let bytes) = item else {
            throw .invalidField(field: field, reason: "expected a byte string, found a list")
        }
        return bytes
    }

    /// A scalar: no leading zero bytes (zero is the empty string), at most `maxBytes` bytes.
    private static func scalar(_ item: RLP, _ field: String, maxBytes: Int) throws(TransactionError) -> [UInt8] {
        let bytes = try byteString(item, field)
        if bytes.first == 0 {
            throw .invalidField(field: field, reason: "integer has leading zero bytes")
        }
        if bytes.count > maxBytes {
            throw .invalidField(field: field, reason: "integer exceeds \(maxBytes * 8) bits")
        }
        return bytes
    }

    private static func uint64(_ item: RLP, _ field: String) throws(TransactionError) -> UInt64 {
        let bytes = try scalar(item, field, maxBytes: 8)
        var value: UInt64 = 0
        for byte in bytes { value = value << 8 | UInt64(byte) }
        return value
    }

    private static func uint256(_ item: RLP, _ field: String) throws(TransactionError) -> UInt256 {
        let bytes = try scalar(item, field, maxBytes: 32)
        return UInt256(bigEndian: bytes[...])
    }

    private static func recipient(_ item: RLP) throws(TransactionError) -> Address? {
        let bytes = try byteString(item, "to")
        if bytes.isEmpty { return nil }
        guard bytes.count == 20 else {
            throw .invalidField(field: "to", reason: "address must be 20 bytes, got \(bytes.count)")
        }
        return Address(bytes)
    }

    private static func accessList(_ item: RLP) throws(TransactionError) -> [AccessListEntry] {
        guard case .list(let entries) = item else {
            throw .invalidField(field: "accessList", reason: "expected a list, found a byte string")
        }
        var result: [AccessListEntry] = []
        result.reserveCapacity(entries.count)
        for entry in entries {
            guard case .list(let pair) = entry, pair.count == 2 else {
                throw .invalidField(field: "accessList", reason: "each entry must be a list [address, storageKeys]")
            }
            let addressBytes = try byteString(pair[0], "accessList.address")
            guard addressBytes.count == 20 else {
                throw .invalidField(field: "accessList.address",
                                    reason: "address must be 20 bytes, got \(addressBytes.count)")
            }
            guard case .list(let keyItems) = pair[1] else {
                throw .invalidField(field: "accessList.storageKeys", reason: "expected a list, found a byte string")
            }
            var keys: [Hash] = []
            keys.reserveCapacity(keyItems.count)
            for keyItem in keyItems {
                let key = try byteString(keyItem, "accessList.storageKeys")
                guard key.count == 32 else {
                    throw .invalidField(field: "accessList.storageKeys",
                                        reason: "storage key must be 32 bytes, got \(key.count)")
                }
                keys.append(Hash(key))
            }
            result.append(AccessListEntry(address: Address(addressBytes), storageKeys: keys))
        }
        return result
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
    }
}
