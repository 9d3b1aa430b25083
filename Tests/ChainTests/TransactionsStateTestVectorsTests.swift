import EVM
import Foundation
import Primitives
import Testing
@testable import Chain

/// The signed transactions of the execution-spec-tests state tests (../shared/fixtures/state_tests,
/// tests-v5.4.0: 2,283 files, 24,766 post entries for Cancun, Prague and Osaka) as decoding vectors.
///
/// Each post entry carries `txbytes`, and its case names the `sender`. For every type (0–4) the
/// bytes must decode, re-encode to the same bytes and recover exactly that sender; entries without
/// `expectException` must also pass `validate(fork:chainId:blobSchedule:)` (blob limits from the
/// case's `config.blobSchedule`); entries whose only expected exceptions are state-independent
/// (intrinsic gas, EIP-7623 floor, EIP-3860 initcode size, EIP-7825 gas cap, tip above fee cap,
/// EIP-4844 blob count and version, EIP-7702 empty list or type 4 before Prague) must fail it.
/// The five type-3/4 entries whose `to` is empty (TYPE_3_TX_CONTRACT_CREATION,
/// TYPE_4_TX_CONTRACT_CREATION) must fail decoding on `to`, as EELS's RLP decoding does.
/// Whether a transaction then runs correctly is the executor's test (`statetest`), not this one.
@Suite struct TransactionsStateTestVectorsTests {
    static let statelessExceptions: Set<String> = [
        "TransactionException.INTRINSIC_GAS_TOO_LOW",
        "TransactionException.INTRINSIC_GAS_BELOW_FLOOR_GAS_COST",
        "TransactionException.INITCODE_SIZE_EXCEEDED",
        "TransactionException.GAS_LIMIT_EXCEEDS_MAXIMUM",
        "TransactionException.PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS",
        "TransactionException.GASLIMIT_PRICE_PRODUCT_OVERFLOW",
        "TransactionException.TYPE_3_TX_ZERO_BLOBS",
        "TransactionException.TYPE_3_TX_BLOB_COUNT_EXCEEDED",
        "TransactionException.TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH",
        "TransactionException.TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED",
        "TransactionException.TYPE_4_EMPTY_AUTHORIZATION_LIST",
        "TransactionException.TYPE_4_TX_PRE_FORK",
    ]

    /// Exceptions a decoder must raise itself: `to` must be 20 bytes in types 3 and 4.
    static let decodeExceptions: Set<String> = [
        "TransactionException.TYPE_3_TX_CONTRACT_CREATION",
        "TransactionException.TYPE_4_TX_CONTRACT_CREATION",
    ]

    static var stateTestsDirectory: URL {
        TransactionsFixtureTests.fixturesDirectory.deletingLastPathComponent().appendingPathComponent("state_tests")
    }

    struct Counts {
        var entries = 0
        var decodedAndRecovered = 0
        var validAccepted = 0
        var statelessRejected = 0
        var decodeRejected = 0
        var blobAndSetCode = 0
    }

    @Test func everyStateTestTransaction() throws {
        let root = Self.stateTestsDirectory
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        let files = enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
        #expect(files.count == 2283)
        var counts = Counts()
        var failures = 0
        func fail(_ message: String) {
            failures += 1
            if failures <= 20 { Issue.record(Comment(rawValue: message)) }
        }
        for url in files {
            let data = try Data(contentsOf: url)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for (name, value) in object {
                guard let testCase = value as? [String: Any],
                      let transaction = testCase["transaction"] as? [String: Any],
                      let post = testCase["post"] as? [String: [[String: Any]]] else {
                    fail("\(url.lastPathComponent) \(name): unexpected shape")
                    continue
                }
                let sender = (transaction["sender"] as? String).flatMap { Address(hex: $0) }
                let chainIdHex = ((testCase["config"] as? [String: Any])?["chainid"] as? String) ?? "0x01"
                let chainId = UInt64(chainIdHex.dropFirst(2), radix: 16) ?? 1
                let schedules = (testCase["config"] as? [String: Any])?["blobSchedule"] as? [String: [String: String]] ?? [:]
                for (forkName, entries) in post {
                    guard let fork = Hardfork(name: forkName) else { continue }
                    var schedule = BlobSchedule.default(for: fork)
                    if let max = schedules[forkName]?["max"].flatMap({ UInt64($0.dropFirst(2), radix: 16) }) {
                        schedule.max = max
                    }
                    for entry in entries {
                        counts.entries += 1
                        let where_ = "\(url.lastPathComponent) \(name) \(forkName)"
                        guard let hex = entry["txbytes"] as? String, let raw = try? Hex.decode(hex), let first = raw.first else {
                            fail("\(where_): no txbytes")
                            continue
                        }
                        let exception = entry["expectException"] as? String
                        if let exception, Self.decodeExceptions.contains(exception) {
                            do {
                                _ = try Transaction.decode(raw: raw)
                                fail("\(where_): expected \(exception) from the decoder, decoded")
                            } catch {
                                if case .invalidField(field: "to", _) = error { counts.decodeRejected += 1 }
                                else { fail("\(where_): expected \(exception), got \(error)") }
                            }
                            continue
                        }
                        if first == 3 || first == 4 { counts.blobAndSetCode += 1 }
                        let tx: Transaction
                        do {
                            tx = try Transaction.decode(raw: raw)
                            #expect(tx.encoded() == raw, "\(where_): re-encoding")
                            let recovered = try tx.sender()
                            if recovered != sender {
                                fail("\(where_): sender \(recovered) ≠ \(sender.map(\.hex) ?? "none")")
                                continue
                            }
                            counts.decodedAndRecovered += 1
                        } catch {
                            fail("\(where_): \(error)")
                            continue
                        }
                        if let exception {
                            let alternatives = exception.split(separator: "|").map(String.init)
                            guard alternatives.allSatisfy(Self.statelessExceptions.contains) else { continue }
                            do {
                                try tx.validate(fork: fork, chainId: chainId, blobSchedule: schedule)
                                fail("\(where_): expected \(exception), passed validate")
                            } catch {
                                if alternatives.contains(where: { TransactionsFixtureTests.matches(error, $0) }) {
                                    counts.statelessRejected += 1
                                } else {
                                    fail("\(where_): expected \(exception), got \(error)")
                                }
                            }
                        } else {
                            do {
                                try tx.validate(fork: fork, chainId: chainId, blobSchedule: schedule)
                                counts.validAccepted += 1
                            } catch {
                                fail("\(where_): valid, but validate threw \(error)")
                            }
                        }
                    }
                }
            }
        }
        #expect(failures == 0)
        #expect(counts.entries == 24_766)
        // Types 0/1/2: 21,625 legacy + 756 type 1 + 865 type 2; types 3/4: 740 + 780, of which
        // 3 + 2 have an empty `to` and are rejected by the decoder.
        #expect(counts.decodedAndRecovered == 24_761)
        #expect(counts.blobAndSetCode == 1_515)
        #expect(counts.decodeRejected == 5)
        // Counted from the fixture files with Python (rlp 5.0.0): entries without expectException
        // (22,843 of types 0–2, 214 of type 3, 751 of type 4), and those whose expected exceptions
        // are all state-independent (118 of types 0–2, 85 of type 3, 9 of type 4).
        #expect(counts.validAccepted == 23_808)
        #expect(counts.statelessRejected == 212)
        print("state-test transactions: \(counts)")
    }
}
