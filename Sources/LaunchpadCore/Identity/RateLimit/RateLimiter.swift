#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LaunchpadStore
import Synchronization

/// GCRA rate limits (see `GCRA`), kept in a table of fixed size in the file
/// `<data>/ratelimit/table`, mapped shared (`RateLimitTable`): one table for every thread of the
/// process and for every process that opens the same data directory.
///
/// A bucket name (`"key:key_123"`, `"addr:10.0.0.1"`) holds two GCRA buckets, the policy's main
/// limit and its burst limit, as two theoretical arrival times (see `RateLimitState`). A request
/// is allowed only when both buckets allow it, and is then counted in both; a refused request
/// counts nowhere, so a flood of refused requests does not push the wait further.
///
/// Each `consume` takes its bucket's slot lock (a compare-and-swap on a word of the map), decides
/// and writes the two TATs, and releases it: one cache line, no system call, so two concurrent
/// checks of one bucket never both take its last request, in one process or several. A process
/// that dies holding a slot lock delays that bucket's callers by 100 ms, then they take the lock
/// over (see `RateLimitSlot` for what a taken-over lock can cost).
///
/// The table holds 65,536 slots, and a bucket lives in one of 32 slots from its home: a bucket
/// not in the table takes an empty slot of those, or one whose state has fully decayed (exact:
/// forgetting it changes no verdict). Only when all 32 are live, which random names first reach
/// at about 36,000 live buckets, does it take the slot closest to decayed, and that bucket's
/// count is forgiven: its next request finds it whole.
///
/// The file is never synced: a crash of the machine (not of a process: the page cache keeps the
/// map) may lose recent counts, which only forgives some requests. A file that does not match
/// the table's layout is made again.
///
/// The policy is not stored: each call passes the one that applies, and the buckets are
/// measured in time, so a changed policy applies at once to the time already accumulated.
public final class RateLimiter: Sendable {
    let table: RateLimitTable
    private let closed = Atomic<Bool>(false)

    /// Opens (creating if missing, or remaking if it does not match) `<dataDirectory>/ratelimit/table`.
    /// Several limiters, in one process or several, may open the same table.
    ///
    /// Throws `StoreError` with the `errno` of what failed, `ENOSPC` when the disk has no room
    /// for the table's 2 MiB.
    public init(dataDirectory: String) throws {
        let path = Self.path(in: dataDirectory)
        let directory = (path as NSString).deletingLastPathComponent
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw StoreError(code: errno, operation: "rate limit table: mkdir \(directory)")
        }
        // What an earlier launchpad kept here, an LMDB environment, holds only recent counts.
        for old in ["data.mdb", "lock.mdb"] {
            unlink((directory as NSString).appendingPathComponent(old))
        }
        table = try RateLimitTable(path: path)
    }

    /// Where the table lives inside a data directory.
    public static func path(in dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("ratelimit/table")
    }

    /// Counts one request against `bucket` if `policy` allows it now, and returns the verdict.
    ///
    /// Throws `RateLimitPolicyError` for an unusable policy, and `StoreError.environmentClosed`
    /// once the limiter is closed.
    public func consume(_ bucket: String, policy: RateLimitPolicy, now: Date = Date()) throws -> RateLimitOutcome {
        try policy.validate()
        try checkOpen()
        let time = Self.nanoseconds(now)
        return table.withState(of: RateLimitTable.tag(of: bucket), claiming: true, now: time) { state in
            let (outcome, next) = GCRA.decide(state, policy, now: time)
            if let next {
                state = next
            }
            return outcome
        }
    }

    /// The outcome `consume` would return now, without counting anything: `remaining` is what
    /// would be left after one more request, and `allowed` whether that request would pass.
    public func peek(_ bucket: String, policy: RateLimitPolicy, now: Date = Date()) throws -> RateLimitOutcome {
        try policy.validate()
        try checkOpen()
        let time = Self.nanoseconds(now)
        return table.withState(of: RateLimitTable.tag(of: bucket), claiming: false, now: time) { state in
            GCRA.decide(state, policy, now: time).outcome
        }
    }

    /// Empties the slots whose state has fully decayed (both TATs at or before `now`, so they
    /// are whole and forgetting them changes no verdict); returns how many. Not needed for
    /// correctness (a bucket not found takes a decayed slot anyway); it keeps the table's slots
    /// free for new buckets without judging them one by one.
    public func prune(now: Date = Date()) throws -> Int {
        try checkOpen()
        return table.clearDecayed(now: Self.nanoseconds(now))
    }

    /// Closes the limiter: later calls throw `StoreError.environmentClosed`. The map goes with
    /// the last reference, so a call running meanwhile finishes.
    public func close() {
        closed.store(true, ordering: .relaxed)
    }

    private func checkOpen() throws {
        if closed.load(ordering: .relaxed) {
            throw StoreError.environmentClosed
        }
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
