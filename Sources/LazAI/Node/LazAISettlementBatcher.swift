import Primitives

/// Settles a user's AI requests to one node in nonce order, several at a time.
///
/// `settlementFees` takes one user signature over (nonce, user, node) and refuses a nonce not
/// above the account's, while the cost is the node's to state. Requests that passed the header
/// check together (e.g. an agent's parallel calls, each with fresh `get_request_headers`) would
/// otherwise race: whichever settles first raises the account's nonce and the others revert with
/// NonceTooLow. So each request registers its nonce when its headers pass; once the registered
/// requests of an account are answered (or after `patience` seconds), one settlement covers them
/// all: the highest nonce's signature, the sum of their costs. It waits `gather` seconds after the
/// account's newest registration, so requests sent together share it. A nonce at or below one already
/// taken into a settlement is refused at registration, as Alith's node refuses a used nonce.
actor LazAISettlementBatcher {
    /// One AIProcess account: contract kind ("Inference"/"Query"), user, node index.
    struct Account: Hashable, Sendable {
        var kind: String
        var user: Address
        var node: Int
    }

    /// What one settlement covers, and how it went.
    struct Outcome: Sendable {
        var result: Result<Hash, LazAIError>
        /// Requests covered (≥ 1) and their total cost, wei.
        var requests: Int
        var total: UInt256
    }

    struct Entry {
        var signature: [UInt8]
        var registered: ContinuousClock.Instant
        var cost: UInt256?
        var id: String = ""
    }

    /// Sends one settlementFees for `account`: (nonce, user signature, total cost, request id).
    typealias Send = @Sendable (_ account: Account, _ nonce: UInt256, _ signature: [UInt8], _ cost: UInt256, _ id: String) async
        -> Result<Hash, LazAIError>

    private let send: Send
    private var pending: [Account: [UInt256: Entry]] = [:]
    private var taken: [Account: UInt256] = [:]
    private var batches: [Account: [UInt256: Task<Outcome, Never>]] = [:]
    /// Seconds a ready request waits for the account's other registered requests.
    let patience: Double
    /// Seconds a settlement waits after the account's newest registration.
    let gather: Double

    init(patience: Double = 2, gather: Double = 0.15, send: @escaping Send) {
        self.patience = patience
        self.gather = gather
        self.send = send
    }

    /// Registers a request whose headers passed; false when `nonce` is already pending or not above
    /// the highest nonce already taken into a settlement for this account.
    func register(_ account: Account, nonce: UInt256, signature: [UInt8]) -> Bool {
        if let t = taken[account], nonce <= t { return false }
        if pending[account]?[nonce] != nil || batches[account]?[nonce] != nil { return false }
        pending[account, default: [:]][nonce] = Entry(signature: signature, registered: .now)
        return true
    }

    /// The highest nonce already taken into a settlement for `account`, if any.
    func highestTaken(_ account: Account) -> UInt256? { taken[account] }

    /// Drops a registered request that will not be settled (bad body, short balance).
    func cancel(_ account: Account, nonce: UInt256) {
        pending[account]?[nonce] = nil
        startIfAllReady(account, force: false)
    }

    /// Marks a request answered at `cost` wei and waits for the settlement that covers it.
    func settle(_ account: Account, nonce: UInt256, cost: UInt256, id: String) async -> Outcome {
        if let task = batches[account]?[nonce] {   // superseded while it was being answered
            batches[account]?[nonce] = nil
            return await task.value
        }
        guard pending[account]?[nonce] != nil else {
            return Outcome(result: .failure(LazAIError("request nonce \(nonce) was not registered")), requests: 0, total: .zero)
        }
        pending[account]?[nonce]?.cost = cost
        pending[account]?[nonce]?.id = id
        startIfAllReady(account, force: false)
        let deadline = ContinuousClock.now + .milliseconds(Int64(patience * 1000))
        while true {
            if let task = batches[account]?[nonce] {
                let outcome = await task.value
                batches[account]?[nonce] = nil
                return outcome
            }
            startIfAllReady(account, force: ContinuousClock.now >= deadline)
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Starts a settlement of the account's answered requests when none is still being answered
    /// (or, with `force`, of those answered so far).
    private func startIfAllReady(_ account: Account, force: Bool) {
        guard let entries = pending[account], !entries.isEmpty else { return }
        let ready = entries.filter { $0.value.cost != nil }
        guard !ready.isEmpty, force || ready.count == entries.count else { return }
        // Wait `gather` after the newest registration, so requests sent together (whose header
        // checks finish a few milliseconds apart) share one settlement.
        let newest = entries.values.map(\.registered).max()!
        guard force || ContinuousClock.now - newest >= .milliseconds(Int64(gather * 1000)) else { return }
        let maxNonce = ready.keys.max()!
        let top = ready[maxNonce]!
        let total = ready.values.reduce(UInt256.zero) { $0 &+ ($1.cost ?? .zero) }
        let count = ready.count
        for nonce in ready.keys { pending[account]?[nonce] = nil }
        taken[account] = max(taken[account] ?? .zero, maxNonce)
        let send = self.send
        let task = Task { Outcome(result: await send(account, maxNonce, top.signature, total, top.id), requests: count, total: total) }
        for nonce in ready.keys { batches[account, default: [:]][nonce] = task }
        // Requests still being answered with a lower nonce cannot be settled any more.
        if let rest = pending[account] {
            for (nonce, _) in rest where nonce < maxNonce {
                pending[account]?[nonce] = nil
                batches[account, default: [:]][nonce] = Task {
                    Outcome(result: .failure(LazAIError("NonceTooLow: nonce \(nonce) is below \(maxNonce), already settled for this account")),
                            requests: 0, total: .zero)
                }
            }
        }
    }
}
