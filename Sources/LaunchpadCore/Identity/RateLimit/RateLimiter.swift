import Foundation
import LaunchpadStore

/// GCRA rate limits (see `GCRA`), kept in the LMDB environment `<data>/ratelimit`, shared by
/// every thread of the process and by every process that opens the same data directory.
///
/// A bucket name (`"key:key_123"`, `"addr:10.0.0.1"`) holds two GCRA buckets, the policy's main
/// limit and its burst limit, as two theoretical arrival times (16 bytes, see `RateLimitState`).
/// A request is allowed only when both buckets allow it, and is then counted in both; a refused
/// request counts nowhere, so a flood of refused requests does not push the wait further.
///
/// Each `consume` is one short write transaction on the calling thread (`Environment.update`):
/// LMDB serializes write transactions across threads and processes, so two concurrent checks of
/// one bucket never both take its last request. The environment is volatile (`MDB_NOSYNC`, and a
/// write map): a crash of the machine (not of a process) may lose recent counts, which only
/// forgives some requests, or even leave the environment unreadable; it holds nothing else, so
/// `<data>/ratelimit` may then be removed while no launchpad runs.
///
/// The policy is not stored: each call passes the one that applies, and the buckets are
/// measured in time, so a changed policy applies at once to the time already accumulated.
public final class RateLimiter: Sendable {
    let environment: Environment
    let table: Table

    /// How the rate-limit environment is opened: volatile, with a write map, and a small map
    /// that grows when full. The write map made an allowed check about 4 times cheaper in a
    /// release build here (about 1.1 µs instead of 4.4 µs on one thread).
    ///
    /// A write map on a full disk would die of SIGBUS when a page of a sparse file cannot be
    /// backed. We keep the write map for its speed and preallocate instead: the environment
    /// reserves its whole map with `posix_fallocate` at open and before it grows, so a full disk
    /// is an `ENOSPC` error there (the fault drill in FaultTests checks this on a full tmpfs).
    static let options = Environment.Options(mapSize: 8 << 20, maxTables: 4, durable: false, writeMap: true)
    /// How many entries one `prune` transaction visits, so that pruning never holds the write
    /// lock, which every `consume` needs, for long.
    static let pruneBatch = 1024

    /// Opens (creating if missing) `<dataDirectory>/ratelimit`. Like every LMDB environment it
    /// can be open only once per process (a second open throws `EBUSY`): share one limiter.
    ///
    /// The environment is not synced, so a machine crash can leave it unreadable. Its content is
    /// only recent request counts, so an environment that fails to open as corrupt is removed and
    /// made again: a few requests are forgiven, and launchpad starts.
    public convenience init(dataDirectory: String) throws {
        let path = Self.path(in: dataDirectory)
        do {
            try self.init(path: path, options: Self.options)
        } catch let error as StoreError where [.corrupted, .invalid, .versionMismatch, .panic].contains(error) {
            try FileManager.default.removeItem(atPath: path)
            try self.init(path: path, options: Self.options)
        }
    }

    /// Opens the environment in `path` itself with `options` (tests measure other options).
    init(path: String, options: Environment.Options) throws {
        let environment = try Environment(path: path, options: options)
        do {
            table = try environment.openTable("buckets")
        } catch {
            environment.close()
            throw error
        }
        self.environment = environment
    }

    /// Where the environment lives inside a data directory.
    public static func path(in dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("ratelimit")
    }

    /// Counts one request against `bucket` if `policy` allows it now, and returns the verdict.
    ///
    /// Throws `RateLimitPolicyError` for an unusable policy, `StoreError.badValueSize` for a
    /// bucket name that is empty or longer than 511 bytes of UTF-8, and `StoreError` when the
    /// environment fails (or is closed).
    public func consume(_ bucket: String, policy: RateLimitPolicy, now: Date = Date()) throws -> RateLimitOutcome {
        try policy.validate()
        let key = try Self.key(bucket)
        let time = Self.nanoseconds(now)
        let table = self.table
        return try environment.update { transaction in
            let state = try transaction.withValue(table, key) { $0.flatMap(RateLimitState.init(stored:)) } ?? .empty
            let (outcome, next) = GCRA.decide(state, policy, now: time)
            if let next {
                try transaction.put(table, key, next.bytes)
            }
            return outcome
        }
    }

    /// The outcome `consume` would return now, without counting anything: `remaining` is what
    /// would be left after one more request, and `allowed` whether that request would pass.
    /// A read transaction: it waits for no writer.
    public func peek(_ bucket: String, policy: RateLimitPolicy, now: Date = Date()) throws -> RateLimitOutcome {
        try policy.validate()
        let key = try Self.key(bucket)
        let time = Self.nanoseconds(now)
        let table = self.table
        let state = try environment.read { transaction in
            try transaction.get(table, key).flatMap(RateLimitState.init(bytes:)) ?? .empty
        }
        return GCRA.decide(state, policy, now: time).outcome
    }

    /// Removes the buckets whose state has fully decayed (both TATs at or before `now`, so they
    /// are whole and forgetting them changes no verdict), and any entry that is not a bucket
    /// state. Runs in short transactions of `pruneBatch` entries; returns how many it removed.
    /// Call it every few minutes: the table otherwise keeps one entry per bucket name ever seen.
    public func prune(now: Date = Date()) throws -> Int {
        let time = Self.nanoseconds(now)
        let table = self.table
        var removed = 0
        var start: [UInt8]? = nil
        repeat {
            let from = start
            let (count, next) = try environment.update { transaction -> (Int, [UInt8]?) in
                var decayed: [[UInt8]] = []
                var visited = 0
                var next: [UInt8]? = nil
                try transaction.scan(table, from: from) { key, value in
                    guard visited < Self.pruneBatch else {
                        next = key
                        return false
                    }
                    visited += 1
                    if RateLimitState(bytes: value)?.isDecayed(at: time) ?? true {
                        decayed.append(key)
                    }
                    return true
                }
                for key in decayed {
                    try transaction.delete(table, key)
                }
                return (decayed.count, next)
            }
            removed += count
            start = next
        } while start != nil
        return removed
    }

    /// Closes the environment; later calls throw `StoreError.environmentClosed`.
    public func close() {
        environment.close()
    }

    // MARK: Encoding.

    /// The key of a bucket name: its UTF-8 bytes, which LMDB takes from 1 to 511 of.
    static func key(_ bucket: String) throws -> [UInt8] {
        let key = Array(bucket.utf8)
        guard (1...511).contains(key.count) else {
            throw StoreError(
                code: StoreError.badValueSize.code, operation: "rate limit bucket",
                message: "a bucket name must be 1 to 511 bytes of UTF-8, not \(key.count)")
        }
        return key
    }

    /// `date` in nanoseconds since 1970, clamped to the years 1685 to 2255 so that adding a
    /// period (at most a year) cannot overflow.
    static func nanoseconds(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970
        guard !seconds.isNaN else { return 0 }
        let clamped = Swift.min(Swift.max(seconds, -9e9), 9e9)
        let whole = clamped.rounded(.down)
        return Int64(whole) * GCRA.nanosecondsPerSecond + Int64(((clamped - whole) * 1e9).rounded())
    }
}
