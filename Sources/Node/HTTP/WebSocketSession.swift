import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging

/// One WebSocket connection of the RPC port: JSON-RPC requests (single or batch, text or binary
/// messages) through the same `RPCDispatcher` as HTTP, plus eth_subscribe / eth_unsubscribe.
///
/// Two tasks: the reader answers requests in arrival order; the writer sends answers and
/// notifications from one bounded queue (`RPCLimits.wsSendQueueLength`). Chain events reach the
/// queue through `ChainEventHub` without waiting; when the queue is full the client is too slow and
/// its TCP connection is dropped at once (as geth drops such a client; a close frame could not get
/// through a full socket anyway). Subscriptions end with the connection.
final class WebSocketSession: RPCHandler, @unchecked Sendable {
    enum Outgoing: Sendable {
        /// A serialized answer.
        case message([UInt8])
        /// Start notifying `id` (queued after the eth_subscribe answer, so the answer comes first).
        case activate(id: String, kind: SubscriptionKind)
        /// Stop notifying `id` (queued before the eth_unsubscribe answer).
        case deactivate(id: String)
        case event(ChainEvent)
    }

    let inner: any RPCHandler
    let hub: ChainEventHub?
    let limits: RPCLimits
    let logger: Logger
    /// Drops the TCP connection (used when the client cannot keep up).
    let dropConnection: @Sendable () -> Void
    private let stream: AsyncStream<Outgoing>
    private let queue: AsyncStream<Outgoing>.Continuation

    private let lock = NSLock()
    private var live: Set<String> = []
    private var activations: [(String, SubscriptionKind)] = []
    private var listener: UInt64?
    private var overflowed = false

    init(handler: any RPCHandler, hub: ChainEventHub?, limits: RPCLimits, logger: Logger,
         dropConnection: @escaping @Sendable () -> Void) {
        self.dropConnection = dropConnection
        self.inner = handler
        self.hub = hub
        self.limits = limits
        self.logger = logger
        (stream, queue) = AsyncStream.makeStream(of: Outgoing.self,
                                                 bufferingPolicy: .bufferingOldest(max(limits.wsSendQueueLength, 1)))
    }

    /// Runs the connection until the client closes it, a limit closes it, or the server stops.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        defer { finish() }
        let dispatcher = RPCDispatcher(handler: self, maxBatchLength: limits.maxBatchLength)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.write(to: outbound) }
            group.addTask {
                for try await message in inbound.messages(maxSize: self.limits.wsMaxMessageBytes) {
                    let body: [UInt8]
                    switch message {
                    case .text(let s): body = Array(s.utf8)
                    case .binary(let b): body = Array(b.readableBytesView)
                    }
                    if let answer = await dispatcher.handle(body: body) { self.send(.message(answer)) }
                    for (id, kind) in self.takeActivations() { self.send(.activate(id: id, kind: kind)) }
                    if self.isOverflowed { break }
                }
            }
            // the first to end (client gone, or writer closed a slow client) ends the other
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// The writer: sends queued answers, keeps the active subscriptions, renders notifications.
    private func write(to outbound: WebSocketOutboundWriter) async throws {
        var subscriptions: [(id: String, kind: SubscriptionKind)] = []
        for await item in stream {
            if isOverflowed { break }
            switch item {
            case .message(let bytes):
                try await outbound.writeTextMessage(String(decoding: bytes, as: UTF8.self))
            case .activate(let id, let kind):
                subscriptions.append((id, kind))
            case .deactivate(let id):
                subscriptions.removeAll { $0.id == id }
            case .event(let event):
                for s in subscriptions {
                    for result in s.kind.results(for: event) {
                        let note = SubscriptionKind.notification(id: s.id, result: result).serialized()
                        try await outbound.writeTextMessage(String(decoding: note, as: UTF8.self))
                    }
                }
            }
        }
    }

    /// Queues `item`; a full queue marks the client as too slow (the writer then closes it).
    @discardableResult
    private func send(_ item: Outgoing) -> Bool {
        if case .enqueued = queue.yield(item) { return true }
        let first = lock.withLock { () -> Bool in
            defer { overflowed = true }
            return !overflowed
        }
        if first {
            logger.warning("dropping a WebSocket client that fell \(limits.wsSendQueueLength) messages behind")
            queue.finish()
            dropConnection()
        }
        return false
    }

    private var isOverflowed: Bool { lock.withLock { overflowed } }

    private func takeActivations() -> [(String, SubscriptionKind)] {
        lock.withLock {
            defer { activations = [] }
            return activations
        }
    }

    private func finish() {
        let id = lock.withLock { () -> UInt64? in
            defer { listener = nil; live = [] }
            return listener
        }
        if let id { hub?.removeListener(id) }
        queue.finish()
    }

    // MARK: RPCHandler

    func call(method: String, params: JSON) async throws(RPCError) -> JSON {
        switch method {
        case "eth_subscribe": return try subscribe(params)
        case "eth_unsubscribe": return try unsubscribe(params)
        default: return try await inner.call(method: method, params: params)
        }
    }

    /// eth_subscribe(name, options?) → a new 0x-hex subscription id.
    /// - Throws: -32601 "notifications not supported" when the server has no event source; the
    ///   errors of `SubscriptionKind.parse`; -32005 past `maxSubscriptionsPerConnection`.
    private func subscribe(_ params: JSON) throws(RPCError) -> JSON {
        guard let hub else { throw RPCError(code: -32601, message: "notifications not supported") }
        let kind = try SubscriptionKind.parse(params)
        let id = SubscriptionKind.newID()
        lock.lock()
        guard live.count < limits.maxSubscriptionsPerConnection else {
            lock.unlock()
            throw RPCError(code: -32005,
                           message: "too many subscriptions on this connection (limit \(limits.maxSubscriptionsPerConnection))")
        }
        live.insert(id)
        activations.append((id, kind))
        let needsListener = listener == nil
        lock.unlock()
        if needsListener {
            let added = hub.addListener { [weak self] event in self?.send(.event(event)) ?? false }
            lock.withLock { listener = added }
        }
        return .string(id)
    }

    /// eth_unsubscribe(id) → true; an id that is not live on this connection → -32000
    /// "subscription not found" (geth).
    private func unsubscribe(_ params: JSON) throws(RPCError) -> JSON {
        guard case .array(let items) = params, let first = items.first, first != .null else {
            throw .invalidParams("missing value for required argument 0")
        }
        guard case .string(let id) = first else {
            throw .invalidParams("invalid argument 0: subscription id must be a string, got \(first.typeName)")
        }
        if items.count > 1 { throw .invalidParams("too many arguments, want at most 1") }
        let removed = lock.withLock { live.remove(id) != nil }
        guard removed else { throw RPCError.server("subscription not found") }
        lock.withLock { activations.removeAll { $0.0 == id } }
        send(.deactivate(id: id))
        return .bool(true)
    }
}
