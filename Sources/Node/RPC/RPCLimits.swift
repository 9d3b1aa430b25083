/// The transport limits of one RPC server (HTTP and WebSocket on the same port). Past a limit the
/// client gets the error below and the server keeps serving everyone else.
///
/// | limit | default | past it |
/// |---|---|---|
/// | `maxRequestBytes` | 5 MiB (geth) | HTTP 413 + JSON-RPC -32600 "request body larger than N bytes" |
/// | `maxBatchLength` | 1000 (geth `BatchRequestLimit`) | `[{"id": first id, "error": {-32600, "batch too large"}}]` |
/// | `maxSubscriptionsPerConnection` | 1000 | eth_subscribe → -32005 "too many subscriptions on this connection (limit N)" |
/// | `wsMaxMessageBytes` | 32 MiB (geth `wsDefaultReadLimit`) | the connection is closed with 1009 (message too big) |
/// | `wsMaxFrameBytes` | 32 MiB | the connection is closed with 1009 (message too big) |
/// | `wsSendQueueLength` | 20,000 (geth `maxClientSubscriptionBuffer`) | the TCP connection is dropped (geth drops such a client too) |
public struct RPCLimits: Sendable, Equatable {
    /// Largest HTTP request body, in bytes.
    public var maxRequestBytes: Int
    /// Most requests in one batch (HTTP or WebSocket).
    public var maxBatchLength: Int
    /// Most live eth_subscribe subscriptions on one WebSocket connection.
    public var maxSubscriptionsPerConnection: Int
    /// Largest WebSocket message (all its frames together), in bytes.
    public var wsMaxMessageBytes: Int
    /// Largest single WebSocket frame, in bytes (also the size outgoing messages are split at).
    public var wsMaxFrameBytes: Int
    /// Most messages (answers and notifications) waiting to be sent on one connection; a client that
    /// falls further behind is disconnected.
    public var wsSendQueueLength: Int

    public init(maxRequestBytes: Int = 5 * 1024 * 1024, maxBatchLength: Int = 1000,
                maxSubscriptionsPerConnection: Int = 1000, wsMaxMessageBytes: Int = 32 * 1024 * 1024,
                wsMaxFrameBytes: Int = 32 * 1024 * 1024, wsSendQueueLength: Int = 20_000) {
        self.maxRequestBytes = maxRequestBytes
        self.maxBatchLength = maxBatchLength
        self.maxSubscriptionsPerConnection = maxSubscriptionsPerConnection
        self.wsMaxMessageBytes = wsMaxMessageBytes
        self.wsMaxFrameBytes = wsMaxFrameBytes
        self.wsSendQueueLength = wsSendQueueLength
    }
}
