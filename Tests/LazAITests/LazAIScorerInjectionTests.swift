import Testing
@testable import LazAI
import Primitives

/// `LazAIServices.Settings.scorer` (issue 8): nil keeps the built-in `LazAIScorer`; an injected
/// scorer's value is used when it is 1…10000, and anything else fails the job with a clear message.
@Suite struct LazAIScorerInjectionTests {
    struct Refused: Error, CustomStringConvertible { var description: String { "data-score: stopped after its fuel limit" } }

    @Test func nilUsesTheBuiltInScorer() throws {
        let text = Array("one two three two".utf8)
        #expect(try LazAIServices.score(text, with: nil) == LazAIScorer.score(text))
        #expect(try LazAIServices.score([], with: nil) == 1)   // LazAIScorer: an empty file scores 1
    }

    @Test func anInjectedScoreIsUsed() throws {
        #expect(try LazAIServices.score(Array("x".utf8), with: { UInt64($0.count) * 7 }) == 7)
        #expect(try LazAIServices.score([], with: { _ in 10_000 }) == 10_000)
        #expect(try LazAIServices.score([], with: { _ in 1 }) == 1)
    }

    @Test func aScoreOutsideTheRangeFails() {
        for bad: UInt64 in [0, 10_001, .max] {
            do {
                _ = try LazAIServices.score([1], with: { _ in bad })
                Issue.record("score \(bad) accepted")
            } catch {
                #expect(error.message == "the scorer gave score \(bad), outside 1…10000")
            }
        }
    }

    @Test func aFailingScorerNamesItsError() {
        do {
            _ = try LazAIServices.score([1], with: { _ in throw Refused() })
            Issue.record("a failing scorer gave a score")
        } catch {
            #expect(error.message == "the scorer failed: data-score: stopped after its fuel limit")
        }
    }

    @Test func settingsCarryTheScorer() throws {
        let info = LazAIInfo(admin: .zero, nodes: [], publicKeyPEM: "", fileStoreURL: "", config: .defaults)
        let settings = LazAIServices.Settings(info: info, nodeKeys: [], rsaKey: try RSAPrivateKey(pem: LazAIDevKeys.rsaPrivateKeyPEM),
                                              fileStoreDirectory: nil, scorer: { _ in 42 })
        #expect(try settings.scorer?([]) == 42)
        let plain = LazAIServices.Settings(info: info, nodeKeys: [], rsaKey: settings.rsaKey, fileStoreDirectory: nil)
        #expect(plain.scorer == nil)
    }
}
