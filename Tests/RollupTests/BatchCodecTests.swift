import DevnetCrypto
import Primitives
import Testing
import Chain
@testable import Rollup

/// Vectors written by an independent Python encoder of ROLLUP-API.md §6 with CPython's zlib
/// (zlib.compress level 9) and eth-account 0.14.0 for the signed transactions and the sealer's
/// signature. The script (run with /work/wt/pyenv):
///
/// ```python
/// import zlib
/// from eth_account import Account
/// from eth_utils import keccak
/// sender = Account.from_key("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
/// sealer = Account.from_key("0x" + "11" * 32)
/// tx1 = sender.sign_transaction({"chainId": 133718, "nonce": 0, "gasPrice": 10**9, "gas": 21000,
///     "to": "0x3535353535353535353535353535353535353535", "value": 10**18, "data": b""})
/// tx2 = sender.sign_transaction({"type": 2, "chainId": 133718, "nonce": 1, "maxPriorityFeePerGas": 10**9,
///     "maxFeePerGas": 3 * 10**9, "gas": 100000, "to": "0x4200000000000000000000000000000000000010",
///     "value": 0, "data": bytes.fromhex("a9059cbb" + "00" * 12 + "35" * 20 + "%064x" % 5)})
/// def seq(tx):
///     s = sealer.unsafe_sign_hash(tx.hash)
///     return s.r.to_bytes(32, "big") + s.s.to_bytes(32, "big") + bytes([s.v])
/// def block(ts, entries):
///     out = len(entries).to_bytes(3, "big") + ts.to_bytes(5, "big") + (0).to_bytes(32, "big")
///     for e in entries:
///         if e[0] == 0:
///             raw, sig = e[1], e[2]
///             out += b"\x00" + len(raw).to_bytes(3, "big") + raw + len(sig).to_bytes(3, "big") + sig
///         else:
///             out += b"\x01" + b"\x00\x00\x00" + bytes.fromhex(e[1][2:]) + e[2].to_bytes(32, "big")
///     return out
/// payload = (block(1700000000, [(0, tx1.raw_transaction, seq(tx1))])
///          + block(1700000002, [(0, tx2.raw_transaction, b""), (1, "0x" + "ab" * 20, 9)])
///          + block(1700000003, []))
/// header = bytes([0, 11]) + (7).to_bytes(32, "big") + (12).to_bytes(32, "big") + (3).to_bytes(4, "big")
/// calldata = header + zlib.compress(payload, 9)
/// print("calldata", calldata.hex())
/// print("payload", payload.hex())
/// print("tx1", tx1.raw_transaction.hex(), tx1.hash.hex())
/// print("tx2", tx2.raw_transaction.hex(), tx2.hash.hex())
/// print("seq1", seq(tx1).hex())
/// print("sender", sender.address, "sealer", sealer.address)
/// ```
@Suite struct BatchCodecTests {
    static func hex(_ s: String) -> [UInt8] { try! Hex.decode("0x" + s) }
    static let calldata = hex("000b0000000000000000000000000000000000000000000000000000000000000007000000000000000000000000000000000000000000000000000000000000000c0000000378da63606064480dfec8400428f891d7d0623deb14435310c714532ca083f7c1b6cdcb5318181a9a59442e2cb8fce95ac2ea8949533ebd339f2a16e4d4cc297427f2cd91ca16fd8f617fe5ca17c62cb0cb6dd97aeef1c25b116b75e636b52c0f9bbe6801475b0cf3ecada9c9b71fc81e706260707ca11fb79267dd82bec823fe0157fe469f39772163d316ed00a747bfec8f6d137f2d54f4e9a6d0c64695b2ef1f162bbe747d22d1db30f9c89e179716d8da9f9c5cf063adaa0c030313c87f4c44f86f1bd38fcdcd4c5c618c604fb66cba10c7d0ccd8b6608a13a65281861d2e2b59e7ec4616c31622046c643dc0b8e0dc34b65babf71c9b372fad7d45f2e7cd577ab5369d6131dae7ae2669b49d77a14cc702319d39ef22a2ecd2d65ebc7bfcc88cafa63a2feee8df39cab23337d48979c7c38bd64073188178351640c07a4e10010c1c664221030044d39e9a")
    static let payload = hex("000001006553f100000000000000000000000000000000000000000000000000000000000000000000000070f86e80843b9aca00825208943535353535353535353535353535353535353535880de0b6b3a764000080830414d0a0d3f2d660ab916294f2ee3795165242830912dc59ecc479842ff156fd1e77a15ca03e6d84b5cee3a1da58ad2c9d8284a75697a2a008865c039bb56563dbe01dc042000041e82f5ea90caea08e59c44f50d4fd5bccced068b2b42b5042e2fa3fc6b617eb1272f2d912b1812476f7f0a321e945e4188d8093c4bce8d2a03d3fc99370f8ad251c000002006553f1020000000000000000000000000000000000000000000000000000000000000000000000b602f8b383020a5601843b9aca0084b2d05e00830186a094420000000000000000000000000000000000001080b844a9059cbb00000000000000000000000035353535353535353535353535353535353535350000000000000000000000000000000000000000000000000000000000000005c001a0ce9606daabbcc69e9e6687a863f3b3d48d2ab2cc0432be47261932b70da11c88a0162c9cee585a3e66add1ddc7c498f5352ce8dc2fdcc504b96d554203b8e1d13b00000001000000abababababababababababababababababababab0000000000000000000000000000000000000000000000000000000000000009000000006553f1030000000000000000000000000000000000000000000000000000000000000000")
    static let tx1 = hex("f86e80843b9aca00825208943535353535353535353535353535353535353535880de0b6b3a764000080830414d0a0d3f2d660ab916294f2ee3795165242830912dc59ecc479842ff156fd1e77a15ca03e6d84b5cee3a1da58ad2c9d8284a75697a2a008865c039bb56563dbe01dc042")
    static let tx1Hash = Hash(hex: "0xd5380d4e3f48908984bcf0786c05a81d77851a7294dee51f70e9a290ac4433c6")!
    static let tx2 = hex("02f8b383020a5601843b9aca0084b2d05e00830186a094420000000000000000000000000000000000001080b844a9059cbb00000000000000000000000035353535353535353535353535353535353535350000000000000000000000000000000000000000000000000000000000000005c001a0ce9606daabbcc69e9e6687a863f3b3d48d2ab2cc0432be47261932b70da11c88a0162c9cee585a3e66add1ddc7c498f5352ce8dc2fdcc504b96d554203b8e1d13b")
    static let tx2Hash = Hash(hex: "0xba2d827df2526bf5dc0e89ec86394a787c58917527e8ea2f9a55520589dcb80d")!
    static let seq1 = hex("e82f5ea90caea08e59c44f50d4fd5bccced068b2b42b5042e2fa3fc6b617eb1272f2d912b1812476f7f0a321e945e4188d8093c4bce8d2a03d3fc99370f8ad251c")
    static let sender = Address(hex: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")!
    static let sealer = Address(hex: "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A")!

    static var expected: Batch {
        Batch(index: 7, l2Start: 12, blocks: [
            BatchBlock(timestamp: 1_700_000_000, transactions: [.sequencer(raw: tx1, seqSign: seq1)]),
            BatchBlock(timestamp: 1_700_000_002, transactions: [
                .sequencer(raw: tx2, seqSign: []),
                .enqueue(l1TxOrigin: Address([UInt8](repeating: 0xab, count: 20)), queueIndex: UInt256(9)),
            ]),
            BatchBlock(timestamp: 1_700_000_003, transactions: []),
        ])
    }

    @Test func decodesPythonBatch() throws {
        let header = try BatchCodec.decodeHeader(Self.calldata)
        #expect(header.daType == 0 && header.compressType == 11)
        #expect(header.index == 7 && header.l2Start == 12 && header.blockCount == 3 && header.l2End == 14)
        let batch = try BatchCodec.decode(Self.calldata)
        #expect(batch == Self.expected)
    }

    @Test func decodedTransactionsHashAndRecoverAsEthAccount() throws {
        let batch = try BatchCodec.decode(Self.calldata)
        guard case .sequencer(let raw1, let sig1) = batch.blocks[0].transactions[0],
              case .sequencer(let raw2, _) = batch.blocks[1].transactions[0] else {
            Issue.record("expected sequencer transactions"); return
        }
        let t1 = try Transaction.decode(raw: raw1), t2 = try Transaction.decode(raw: raw2)
        #expect(t1.hash == Self.tx1Hash && t2.hash == Self.tx2Hash)
        #expect(try t1.sender() == Self.sender && t2.sender() == Self.sender)
        let sig = try #require(BatchSeqSign.signature(sig1))
        #expect(try Secp256k1.recoverAddress(hash: t1.hash, signature: sig) == Self.sealer)
    }

    @Test func encodesThePythonBlockData() throws {
        #expect(try BatchCodec.blockData(Self.expected.blocks) == Self.payload)
        let ours = try BatchCodec.encode(Self.expected)
        #expect(Array(ours.prefix(70)) == Array(Self.calldata.prefix(70)))
        // Whatever deflate chose, the stream inflates to Python's payload.
        #expect(try Zlib.decompress(Array(ours.dropFirst(70)), maxOutput: 1 << 20) == Self.payload)
        #expect(try BatchCodec.decode(ours) == Self.expected)
    }

    @Test func uncompressedBatchDecodes() throws {
        let plain = BatchCodec.header(index: 7, l2Start: 12, blockCount: 3, compressType: 0) + Self.payload
        #expect(try BatchCodec.decode(plain) == Self.expected)
    }

    @Test func rejectsBadHeaders() {
        #expect(throws: BatchError.shortHeader(69)) { try BatchCodec.decode(Array(Self.calldata.prefix(69))) }
        var da = Self.calldata; da[0] = 3
        #expect(throws: BatchError.unsupportedDAType(3)) { try BatchCodec.decode(da) }
        var ct = Self.calldata; ct[1] = 2
        #expect(throws: BatchError.unsupportedCompression(2)) { try BatchCodec.decode(ct) }
        var big = Self.calldata; big[2] = 1
        #expect(throws: BatchError.numberTooLarge(field: "index")) { try BatchCodec.decode(big) }
    }

    @Test func rejectsWrongBlockCounts() {
        var more = Self.calldata; more[69] = 4   // the data holds 3 blocks
        #expect(throws: BatchError.truncated(field: "transaction count", offset: Self.payload.count)) {
            try BatchCodec.decode(more)
        }
        var fewer = Self.calldata; fewer[69] = 2  // block 3 (40 bytes) left over
        #expect(throws: BatchError.trailingBytes(40)) { try BatchCodec.decode(fewer) }
    }

    @Test func rejectsCorruptAndTruncatedZlib() {
        let cut = Array(Self.calldata.dropLast(10))
        #expect(throws: BatchError.self) { try BatchCodec.decode(cut) }
        var flipped = Self.calldata; flipped[flipped.count - 1] ^= 0xff  // Adler-32 mismatch
        #expect(throws: BatchError.self) { try BatchCodec.decode(flipped) }
        let trailing = Self.calldata + [0]
        #expect(throws: BatchError.zlib(.trailingBytes(1))) { try BatchCodec.decode(trailing) }
        let garbage = BatchCodec.header(index: 0, l2Start: 1, blockCount: 1) + [1, 2, 3, 4, 5]
        #expect(throws: BatchError.self) { try BatchCodec.decode(garbage) }
    }

    @Test func boundsInflatedSize() throws {
        // 64 MiB of zeros deflate to ~64 KiB: the decoder stops at its limit instead of allocating it all.
        let bomb = try Zlib.compress([UInt8](repeating: 0, count: 64 << 20))
        #expect(bomb.count < 100_000)
        let calldata = BatchCodec.header(index: 0, l2Start: 1, blockCount: 1) + bomb
        #expect(throws: BatchError.zlib(.tooLarge(limit: BatchCodec.defaultMaxBlockData))) {
            try BatchCodec.decode(calldata)
        }
    }

    @Test func truncatedTransactionIsNamed() {
        // Block data claiming one transaction of 0x10 bytes with 2 bytes present.
        var data: [UInt8] = [0, 0, 1] + [0, 0, 0, 0, 1] + [UInt8](repeating: 0, count: 32)
        data += [0, 0, 0, 0x10, 0xaa, 0xbb]
        let calldata = BatchCodec.header(index: 0, l2Start: 1, blockCount: 1, compressType: 0) + data
        #expect(throws: BatchError.truncated(field: "raw transaction", offset: 44)) { try BatchCodec.decode(calldata) }
        let badType = BatchCodec.header(index: 0, l2Start: 1, blockCount: 1, compressType: 0)
            + [0, 0, 1] + [0, 0, 0, 0, 1] + [UInt8](repeating: 0, count: 32) + [7]
        #expect(throws: BatchError.unknownTransactionType(7, offset: 40)) { try BatchCodec.decode(badType) }
    }

    @Test func encoderRejectsOversizedFields() {
        let b = Batch(index: 0, l2Start: 1, blocks: [BatchBlock(timestamp: 1 << 40, transactions: [])])
        #expect(throws: BatchError.fieldOverflow(field: "timestamp", value: 1 << 40)) { try BatchCodec.encode(b) }
    }
}
