import EVM
import Foundation
import Primitives
import Testing
@testable import Chain

/// The signed transactions of the execution-spec-tests state tests (../shared/fixtures/state_tests,
/// tests-v5.4.0: 2,283 files, 24,766 post entries for Cancun, Prague and Osaka) as decoding vectors.
///
/// Each post entry carries `txbytes`, and its case names the `sender`. For types 0/1/2 the bytes
/// must decode, re-encode to the same bytes and recover exactly that sender; entries without
/// `expectException` must also pass `validate(fork:chainId:)`; entries whose only expected
/// exceptions are state-independent (intrinsic gas, EIP-7623 floor, EIP-3860 initcode size,
/// EIP-7825 gas cap, tip above fee cap) must fail it. Types 3 and 4 must give
/// `.unsupportedType`, never a crash. Whether a transaction then runs correctly is the executor's
/// test (`statetest`), not this one.
@Suite struct TransactionsStateTestVectorsTests {
    static let statelessExceptions: Set<String> = [
        "TransactionException.INTRINSIC_GAS_TOO_LOW",
        "TransactionException.INTRINSIC_GAS_BELOW_FLOOR_GAS_COST",
        "TransactionException.INITCODE_SIZE_EXCEEDED",
        "TransactionException.GAS_LIMIT_EXCEEDS_MAXIMUM",
        "TransactionException.PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS",
        "TransactionException.GASLIMIT_PRICE_PRODUCT_OVERFLOW",
    ]

    static var stateTestsDirectory: URL {
        TransactionsFixtureTests.fixturesDirectory.deletingLastPathComponent().appendingPathComponent("state_tests")
    }

    struct Counts {
        var entries = 0
        var decodedAndRecovered = 0
        var validAccepted = 0
        var statelessRejected = 0
        var unsupportedTyped = 0
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
                for (forkName, entries) in post {
                    guard let fork = Hardfork(name: forkName) else { continue }
                    for entry in entries {
                        counts.entries += 1
                        let where_ = "\(url.lastPathComponent) \(name) \(forkName)"
                        guard let hex = entry["txbytes"] as? String, let raw = try? Hex.decode(hex), let first = raw.first else {
                            fail("\(where_): no txbytes")
                            continue
                        }
                        let exception = entry["expectException"] as? String
                        if first == 3 || first == 4 {
                            do {
                                _ = try Transaction.decode(raw: raw)
                                fail("\(where_): type \(first) decoded")
                            } catch {
                                if error == .unsupportedType(first) { counts.unsupportedTyped += 1 }
                                else { fail("\(where_): type \(first) gave \(error)") }
                            }
                            continue
                        }
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
                                try tx.validate(fork: fork, chainId: chainId)
                                fail("\(where_): expected \(exception), passed validate")
                            } catch {
                                counts.statelessRejected += 1
                            }
                        } else {
                            do {
                                try tx.validate(fork: fork, chainId: chainId)
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
        // Types 0/1/2: 21,625 legacy + 756 type 1 + 865 type 2; types 3/4: 740 + 780.
        #expect(counts.decodedAndRecovered == 23_246)
        #expect(counts.unsupportedTyped == 1_520)
        // Counted from the fixture files with Python: type 0/1/2 entries without expectException,
        // and those whose expected exceptions are all state-independent.
        #expect(counts.validAccepted == 22_843)
        #expect(counts.statelessRejected == 118)
        print("state-test transactions: \(counts)")
    }
}
