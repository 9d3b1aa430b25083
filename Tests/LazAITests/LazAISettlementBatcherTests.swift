import Primitives
import Testing
@testable import LazAI

/// `LazAISettlementBatcher`: overlapping requests of one account share one settlement (the highest
/// nonce's signature, the sum of the costs); a nonce at or below one already settled is refused.
@Suite struct LazAISettlementBatcherTests {
    actor Calls {
        var list: [(nonce: UInt256, signature: [UInt8], cost: UInt256, id: String)] = []
        func add(_ n: UInt256, _ s: [UInt8], _ c: UInt256, _ id: String) { list.append((n, s, c, id)) }
    }

    let account = LazAISettlementBatcher.Account(kind: "Inference", user: Address(hex: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")!, node: 0)

    @Test func overlappingRequestsShareOneSettlementWithTheHighestNonce() async throws {
        let calls = Calls()
        let batcher = LazAISettlementBatcher(patience: 5, gather: 0.05) { _, nonce, sig, cost, id in
            await calls.add(nonce, sig, cost, id)
            return .success(Hash(UInt256(nonce.low64)))
        }
        for (n, sig) in [(UInt256(101), [UInt8(1)]), (UInt256(103), [3]), (UInt256(102), [2])] {
            #expect(await batcher.register(account, nonce: n, signature: sig))
        }
        async let a = batcher.settle(account, nonce: 101, cost: 10, id: "a")
        async let b = batcher.settle(account, nonce: 103, cost: 30, id: "c")
        async let c = batcher.settle(account, nonce: 102, cost: 20, id: "b")
        let outcomes = await [a, b, c]
        let list = await calls.list
        #expect(list.count == 1)
        #expect(list.first?.nonce == 103 && list.first?.signature == [3] && list.first?.cost == 60 && list.first?.id == "c")
        for o in outcomes {
            #expect(o.requests == 3 && o.total == 60)
            #expect((try? o.result.get()) == Hash(UInt256(103)))
        }
        // used or older nonces are refused; a newer one starts the next settlement
        #expect(await batcher.register(account, nonce: 103, signature: []) == false)
        #expect(await batcher.register(account, nonce: 50, signature: []) == false)
        #expect(await batcher.register(account, nonce: 104, signature: [4]))
        let next = await batcher.settle(account, nonce: 104, cost: 7, id: "d")
        #expect(next.requests == 1 && next.total == 7)
        #expect(await calls.list.count == 2)
    }

    @Test func aCancelledRequestDoesNotHoldTheOthers() async {
        let calls = Calls()
        let batcher = LazAISettlementBatcher(patience: 5, gather: 0.01) { _, nonce, sig, cost, id in
            await calls.add(nonce, sig, cost, id)
            return .success(Hash.zero)
        }
        #expect(await batcher.register(account, nonce: 1, signature: [1]))
        #expect(await batcher.register(account, nonce: 2, signature: [2]))
        await batcher.cancel(account, nonce: 2)   // e.g. its body was not JSON
        let o = await batcher.settle(account, nonce: 1, cost: 5, id: "x")
        #expect(o.requests == 1 && o.total == 5)
        #expect(await calls.list.map(\.nonce) == [1])
    }
}
