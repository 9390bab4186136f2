/// The verdict for one request, with what the `X-RateLimit-*` and `Retry-After` headers show.
public struct RateLimitOutcome: Sendable, Equatable {
    /// Whether the request may proceed (and, from `consume`, was counted).
    public var allowed: Bool
    /// The main limit (`policy.limit`): `X-RateLimit-Limit`.
    public var limit: Int
    /// How many more requests would be allowed right now, the least over both buckets; 0 when
    /// refused, never negative: `X-RateLimit-Remaining`.
    public var remaining: Int
    /// When the main bucket is whole again (its theoretical arrival time), in epoch seconds
    /// rounded up: `X-RateLimit-Reset`.
    public var resetEpochSeconds: Int
    /// 0 when allowed; otherwise the seconds (rounded up, at least 1) until a request would be
    /// allowed by both buckets: `Retry-After`.
    public var retryAfterSeconds: Int

    public init(allowed: Bool, limit: Int, remaining: Int, resetEpochSeconds: Int, retryAfterSeconds: Int) {
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.resetEpochSeconds = resetEpochSeconds
        self.retryAfterSeconds = retryAfterSeconds
    }
}
