import Primitives

extension BlockHeader {
    /// Decodes rlp(header) as produced by ``encoded()``: 15 fields (pre-London) up to 21 (Prague),
    /// in Yellow Paper order; hashes 32 bytes, coinbase 20, bloom 256, nonce 8, extraData ≤ 32,
    /// canonical integers (number, gas and time 64 bits, difficulty and base fee 256 bits). The
    /// optional fields are set for as many as are present (blobGasUsed and excessBlobGas together).
    ///
    /// - Throws: ``BlockError``.
    public static func decode(rlp bytes: [UInt8]) throws(BlockError) -> BlockHeader {
        let items = try BlockFields.list(bytes)
        // 15 base, +1 London, +1 Shanghai, +3 Cancun (2 blob fields, beacon root), +1 Prague.
        guard [15, 16, 17, 20, 21].contains(items.count) else {
            throw .wrongFieldCount(what: "block header", got: items.count)
        }
        let extraData = try BlockFields.bytes(items[12], "extraData")
        guard extraData.count <= maxExtraDataSize else {
            throw .invalidField(field: "extraData", reason: "at most \(maxExtraDataSize) bytes, got \(extraData.count)")
        }
        let nonceBytes = try BlockFields.fixed(items[14], "nonce", count: 8)
        var header = BlockHeader(
            parentHash: try BlockFields.hash(items[0], "parentHash"),
            ommersHash: try BlockFields.hash(items[1], "ommersHash"),
            coinbase: Address(try BlockFields.fixed(items[2], "coinbase", count: 20)),
            stateRoot: try BlockFields.hash(items[3], "stateRoot"),
            transactionsRoot: try BlockFields.hash(items[4], "transactionsRoot"),
            receiptsRoot: try BlockFields.hash(items[5], "receiptsRoot"),
            logsBloom: Bloom(try BlockFields.fixed(items[6], "logsBloom", count: 256)),
            difficulty: try BlockFields.uint256(items[7], "difficulty"),
            number: try BlockFields.uint64(items[8], "number"),
            gasLimit: try BlockFields.uint64(items[9], "gasLimit"),
            gasUsed: try BlockFields.uint64(items[10], "gasUsed"),
            timestamp: try BlockFields.uint64(items[11], "timestamp"),
            extraData: extraData,
            mixHash: try BlockFields.hash(items[13], "mixHash"),
            nonce: nonceBytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        if items.count > 15 { header.baseFeePerGas = try BlockFields.uint256(items[15], "baseFeePerGas") }
        if items.count > 16 { header.withdrawalsRoot = try BlockFields.hash(items[16], "withdrawalsRoot") }
        if items.count > 17 {
            header.blobGasUsed = try BlockFields.uint64(items[17], "blobGasUsed")
            header.excessBlobGas = try BlockFields.uint64(items[18], "excessBlobGas")
            header.parentBeaconBlockRoot = try BlockFields.hash(items[19], "parentBeaconBlockRoot")
        }
        if items.count > 20 { header.requestsHash = try BlockFields.hash(items[20], "requestsHash") }
        return header
    }
}
