/// Limits for one kind of caller: `limit` requests per `periodSeconds`, and at most `burst`
/// requests per `burstPeriodSeconds`.
///
/// Each limit is one GCRA bucket (see `RateLimiter`): its requests are spaced by an emission
/// interval (`period / limit`, 9 s for 100 per 15 minutes), and up to `limit` of them may come
/// at once when the bucket is whole. A request passes only when both buckets let it.
public struct RateLimitPolicy: Sendable, Codable, Equatable {
    /// Requests per `periodSeconds` (100): what `X-RateLimit-Limit` shows.
    public var limit: Int
    /// The main period, in seconds (900).
    public var periodSeconds: Int
    /// Requests per `burstPeriodSeconds` (20); 0 means no burst limit.
    public var burst: Int
    /// The burst period, in seconds (60); ignored when `burst` is 0.
    public var burstPeriodSeconds: Int

    public init(limit: Int, periodSeconds: Int, burst: Int, burstPeriodSeconds: Int) {
        self.limit = limit
        self.periodSeconds = periodSeconds
        self.burst = burst
        self.burstPeriodSeconds = burstPeriodSeconds
    }

    /// Seed 001: 100 requests per 15 minutes per API key, at most 20 per minute.
    public static let seedDefault = RateLimitPolicy(limit: 100, periodSeconds: 900, burst: 20, burstPeriodSeconds: 60)

    /// The longest period a policy may have: one year.
    public static let maxPeriodSeconds = 366 * 24 * 3600

    /// Throws `RateLimitPolicyError` unless every figure is usable: `limit` and `periodSeconds`
    /// at least 1, `burst` at least 0 (with a `burstPeriodSeconds` of at least 1 when not 0),
    /// periods at most `maxPeriodSeconds`, and no more than one request per nanosecond.
    public func validate() throws(RateLimitPolicyError) {
        try Self.validate(count: limit, seconds: periodSeconds, what: "limit", allowZero: false)
        if burst != 0 {
            try Self.validate(count: burst, seconds: burstPeriodSeconds, what: "burst", allowZero: true)
        }
    }

    private static func validate(count: Int, seconds: Int, what: String, allowZero: Bool) throws(RateLimitPolicyError) {
        guard count >= 1 else {
            throw RateLimitPolicyError("the \(what) must be at least 1 request\(allowZero ? " (or a burst of 0 for none)" : ""), not \(count)")
        }
        guard seconds >= 1 else {
            throw RateLimitPolicyError("the \(what) period must be at least 1 second, not \(seconds)")
        }
        guard seconds <= maxPeriodSeconds else {
            throw RateLimitPolicyError("the \(what) period must be at most \(maxPeriodSeconds) seconds (a year), not \(seconds)")
        }
        guard count <= seconds * 1_000_000_000 else {
            throw RateLimitPolicyError("the \(what) allows more than one request per nanosecond: \(count) per \(seconds) s")
        }
    }
}
