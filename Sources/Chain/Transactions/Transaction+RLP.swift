import Primitives

// Wire format (EIP-2718):
//   legacy:  rlp([nonce, gasPrice, gasLimit, to, value, data, v, r, s])
//   type 1:  0x01 ‖ rlp([chainId, nonce, gasPrice, gasLimit, to, value, data, accessList, yParity, r, s])
//   type 2:  0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data,
//                        accessList, yParity, r, s])
//   type 3:  0x03 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data,
//                        accessList, maxFeePerBlobGas, blobVersionedHashes, yParity, r, s])   (EIP-4844)
//   type 4:  0x04 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data,
//                        accessList, authorizationList, yParity, r, s])                       (EIP-7702)
// accessList = [[address, [storageKey, …]], …]
// authorizationList = [[chainId, address, nonce, yParity, r, s], …]

extension Transaction {
    /// Decodes a raw transaction: an EIP-2718 envelope (type byte 0x01–0x04 ‖ RLP list) or a legacy
    /// RLP list (first byte ≥ 0xc0). Strict: canonical RLP only, the whole input consumed, exact
    /// field counts, integers without leading zeros and within their width (nonce, gas limit and
    /// chain id 64 bits; amounts and signature values 256 bits), `to` empty or 20 bytes (20 bytes
    /// for types 3 and 4, which cannot create), access-list addresses 20 bytes and keys 32 bytes,
    /// blob versioned hashes 32 bytes, authorization tuples of 6 fields (chain id 256 bits, address
    /// 20 bytes, nonce 64 bits, y-parity 8 bits, r and s 256 bits), legacy v 27/28 or ≥ 35
    /// (EIP-155), typed yParity 0/1. A type-3 transaction is decoded in its canonical form (as in
    /// blocks and state tests); the network form with blobs is ``decode(pooledRaw:)``'s.
    /// The signature is not checked here: ``sender()`` does that.
    ///
    /// - Throws: ``TransactionError`` — `.emptyInput`, `.unsupportedType` (types 5…0x7f),
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
        case .blob: return try decodeBlobTx(items)
        case .setCode: return try decodeSetCodeTx(items)
        case .legacy: throw .unsupportedType(first)
        }
    }

    /// Decodes a transaction as `eth_sendRawTransaction` receives it. Types 0–2 and 4 as
    /// ``decode(raw:)``; a type-3 transaction may also come in its EIP-4844 network form
    /// `0x03 ‖ rlp([tx_payload_body, blobs, commitments, proofs])` or the EIP-7594 (Osaka) form
    /// `0x03 ‖ rlp([tx_payload_body, wrapper_version, blobs, commitments, cell_proofs])`: the
    /// sidecar is dropped and the canonical transaction returned. The sidecar's KZG commitments
    /// and proofs are NOT verified (this devnet has no KZG library); only the number of
    /// commitments is checked against the versioned hashes.
    ///
    /// - Throws: as ``decode(raw:)``; `.malformed` for a wrapper of the wrong shape.
    public static func decode(pooledRaw raw: [UInt8]) throws(TransactionError) -> Transaction {
        guard raw.first == TransactionType.blob.rawValue else { return try decode(raw: raw) }
        let items = try fields(of: Array(raw[1...]))
        guard let first = items.first, case .list(let body) = first else { return try decodeBlobTx(items) }
        let commitments: RLP
        switch items.count {
        case 4: commitments = items[2]
        case 5: commitments = items[3]
        default: throw .malformed("blob transaction network wrapper must have 4 or 5 fields, got \(items.count)")
        }
        let tx = try decodeBlobTx(body)
        guard case .list(let list) = commitments, list.count == tx.blobVersionedHashes.count else {
            throw .malformed("blob sidecar commitments do not match the versioned hashes")
        }
        return tx
    }

    /// The raw transaction bytes: `type ‖ rlp(fields)` for typed transactions, `rlp(fields)` for
    /// legacy ones (EIP-2718). This is what `eth_sendRawTransaction` takes, what ``hash`` hashes
    /// and what goes into the transactions trie.
    public func encoded() -> [UInt8] {
        let list = RLP.list(payloadFields(includeSignature: true))
        switch type {
        case .legacy: return list.encoded()
        case .accessList, .dynamicFee, .blob, .setCode: return [type.rawValue] + list.encoded()
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
        case .blob:
            items = [.uint(chainId ?? 0), .uint(nonce), .uint(maxPriorityFeePerGas ?? .zero),
                     .uint(maxFeePerGas ?? .zero), .uint(gasLimit), toItem, .uint(value), .bytes(data),
                     Self.encodeAccessList(accessList), .uint(maxFeePerBlobGas ?? .zero),
                     .list(blobVersionedHashes.map { RLP($0) })]
        case .setCode:
            items = [.uint(chainId ?? 0), .uint(nonce), .uint(maxPriorityFeePerGas ?? .zero),
                     .uint(maxFeePerGas ?? .zero), .uint(gasLimit), toItem, .uint(value), .bytes(data),
                     Self.encodeAccessList(accessList), .list(authorizationList.map { $0.rlp() })]
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

    static func fields(of bytes: [UInt8]) throws(TransactionError) -> [RLP] {
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

    private static func decodeBlobTx(_ items: [RLP]) throws(TransactionError) -> Transaction {
        guard items.count == 14 else { throw .wrongFieldCount(type: .blob, expected: 14, got: items.count) }
        var tx = Transaction(type: .blob)
        tx.chainId = try uint64(items[0], "chainId")
        tx.nonce = try uint64(items[1], "nonce")
        tx.maxPriorityFeePerGas = try uint256(items[2], "maxPriorityFeePerGas")
        tx.maxFeePerGas = try uint256(items[3], "maxFeePerGas")
        tx.gasLimit = try uint64(items[4], "gasLimit")
        tx.to = try requiredRecipient(items[5], type: .blob)
        tx.value = try uint256(items[6], "value")
        tx.data = try byteString(items[7], "data")
        tx.accessList = try accessList(items[8])
        tx.maxFeePerBlobGas = try uint256(items[9], "maxFeePerBlobGas")
        guard case .list(let hashItems) = items[10] else {
            throw .invalidField(field: "blobVersionedHashes", reason: "expected a list, found a byte string")
        }
        var hashes: [Hash] = []
        hashes.reserveCapacity(hashItems.count)
        for item in hashItems {
            let bytes = try byteString(item, "blobVersionedHashes")
            guard bytes.count == 32 else {
                throw .invalidField(field: "blobVersionedHashes", reason: "versioned hash must be 32 bytes, got \(bytes.count)")
            }
            hashes.append(Hash(bytes))
        }
        tx.blobVersionedHashes = hashes
        try readSignature(items[11], items[12], items[13], into: &tx)
        return tx
    }

    private static func decodeSetCodeTx(_ items: [RLP]) throws(TransactionError) -> Transaction {
        guard items.count == 13 else { throw .wrongFieldCount(type: .setCode, expected: 13, got: items.count) }
        var tx = Transaction(type: .setCode)
        tx.chainId = try uint64(items[0], "chainId")
        tx.nonce = try uint64(items[1], "nonce")
        tx.maxPriorityFeePerGas = try uint256(items[2], "maxPriorityFeePerGas")
        tx.maxFeePerGas = try uint256(items[3], "maxFeePerGas")
        tx.gasLimit = try uint64(items[4], "gasLimit")
        tx.to = try requiredRecipient(items[5], type: .setCode)
        tx.value = try uint256(items[6], "value")
        tx.data = try byteString(items[7], "data")
        tx.accessList = try accessList(items[8])
        guard case .list(let tuples) = items[9] else {
            throw .invalidField(field: "authorizationList", reason: "expected a list, found a byte string")
        }
        var list: [Authorization] = []
        list.reserveCapacity(tuples.count)
        for tuple in tuples {
            guard case .list(let f) = tuple, f.count == 6 else {
                throw .invalidField(field: "authorizationList",
                                    reason: "each tuple must be a list [chainId, address, nonce, yParity, r, s]")
            }
            let addressBytes = try byteString(f[1], "authorizationList.address")
            guard addressBytes.count == 20 else {
                throw .invalidField(field: "authorizationList.address",
                                    reason: "address must be 20 bytes, got \(addressBytes.count)")
            }
            let parity = try scalar(f[3], "authorizationList.yParity", maxBytes: 1)
            list.append(Authorization(
                chainId: try uint256(f[0], "authorizationList.chainId"), address: Address(addressBytes),
                nonce: try uint64(f[2], "authorizationList.nonce"), yParity: parity.first ?? 0,
                r: try uint256(f[4], "authorizationList.r"), s: try uint256(f[5], "authorizationList.s")))
        }
        tx.authorizationList = list
        try readSignature(items[10], items[11], items[12], into: &tx)
        return tx
    }

    /// `to` of a type-3 or type-4 transaction: exactly 20 bytes (these types cannot create).
    private static func requiredRecipient(_ item: RLP, type: TransactionType) throws(TransactionError) -> Address {
        guard let address = try recipient(item) else {
            throw .invalidField(field: "to", reason: "a \(type) transaction cannot create a contract (to is empty)")
        }
        return address
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
