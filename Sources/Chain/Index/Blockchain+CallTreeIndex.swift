import EVM
import Primitives

extension Blockchain {
    /// Replays block `block` recording every transaction's frames; nil when it cannot be replayed.
    public func recordFrames(_ block: Block) -> [[RecordedFrame]]? {
        var recorders: [FrameRecorder] = []
        do {
            _ = try replayBlock(number: block.number) { _ in
                let r = FrameRecorder()
                recorders.append(r)
                return r
            }
        } catch {
            return nil
        }
        return recorders.map(\.frames)
    }

    /// Per transaction of `block`, every address its internal frames involve (from and to of each
    /// frame below the top one: callers, callees, created contracts, self-destruct beneficiaries);
    /// nil when the block cannot be replayed.
    func callTreeAddresses(_ block: Block) -> [Set<Address>]? {
        guard mayHaveInternalFrames(block) else { return block.transactions.map { _ in [] } }
        guard let all = recordFrames(block) else { return nil }
        return all.map { frames in
            var s = Set<Address>()
            for f in frames where f.depth > 1 {
                s.insert(f.from)
                s.insert(f.to)
            }
            return s
        }
    }

    /// Per transaction of `block`, contract created by CREATE/CREATE2 inside it → the contract
    /// that ran the opcode (successful creations only).
    func callTreeCreators(_ block: Block) -> [[Address: Address]] {
        guard let all = recordFrames(block) else { return [] }
        return all.map { frames in
            var m: [Address: Address] = [:]
            for f in frames where f.depth > 1 && f.kind.isCreate && f.status.isSuccess { m[f.to] = f.from }
            return m
        }
    }

    /// False when no transaction of `block` can run code: none creates, and no recipient has code
    /// before or after the block (plain transfers need no replay).
    func mayHaveInternalFrames(_ block: Block) -> Bool {
        guard block.number > 0, let parent = state(at: block.number - 1), let post = state(at: block.number) else { return true }
        for tx in block.transactions {
            guard let to = tx.to else { return true }
            if !parent.code(to).isEmpty || !post.code(to).isEmpty { return true }
        }
        return false
    }
}
