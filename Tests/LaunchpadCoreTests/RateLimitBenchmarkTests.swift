import Foundation
@testable import LaunchpadCore
import LaunchpadTestSupport
import Testing

/// The cost of one rate-limit check, printed; run only when asked, in a release build:
///
///     LAUNCHPAD_RATELIMIT_BENCH=1 swift test -c release -Xswiftc -enable-testing \
///         --scratch-path .build-ratelimit-release --filter RateLimitBenchmark
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["LAUNCHPAD_RATELIMIT_BENCH"] != nil))
struct RateLimitBenchmarkTests {
    /// Checks per thread in each measurement.
    static let checks = 200_000
    /// Far more than any measurement makes at one instant, so every check is allowed (and writes).
    static let roomy = RateLimitPolicy(limit: 100_000_000, periodSeconds: 900, burst: 0, burstPeriodSeconds: 60)

    @Test func costPerCheck() throws {
        for threads in [1, 4] {
            for buckets in [1, 10_000] {
                let directory = try TemporaryDirectory()
                let limiter = try RateLimiter(dataDirectory: directory.path)
                let now = rateLimitEpoch
                // Warm up: create the buckets.
                for index in 0..<buckets {
                    _ = try limiter.consume("key:bench-\(index)", policy: Self.roomy, now: now)
                }
                let allowed = try measure("consume (allowed)", threads, buckets) { thread, index in
                    try limiter.consume("key:bench-\((thread * 7919 + index) % buckets)", policy: Self.roomy, now: now).allowed
                }
                #expect(allowed == threads * Self.checks)
                let refusing = RateLimitPolicy(limit: 1, periodSeconds: 900, burst: 0, burstPeriodSeconds: 60)
                let refusals = try measure("consume (refused)", threads, buckets) { thread, index in
                    try limiter.consume("key:bench-\((thread * 7919 + index) % buckets)", policy: refusing, now: now).allowed
                }
                #expect(refusals == 0)
                _ = try measure("peek", threads, buckets) { thread, index in
                    try limiter.peek("key:bench-\((thread * 7919 + index) % buckets)", policy: Self.roomy, now: now).allowed
                }
            }
        }
    }

    /// Runs `check` `checks` times on each of `threads` threads; prints the wall time per check
    /// and the CPU time per check; returns how many returned true.
    private func measure(
        _ what: String, _ threads: Int, _ buckets: Int,
        _ check: @escaping @Sendable (Int, Int) throws -> Bool
    ) throws -> Int {
        let passed = Collected<Int>()
        let failures = Collected<String>()
        let cpuBefore = Self.cpuSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        onThreads(threads) { thread in
            var count = 0
            do {
                for index in 0..<Self.checks where try check(thread, index) {
                    count += 1
                }
            } catch {
                failures.append("\(error)")
            }
            passed.append(count)
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start)
        let cpu = (Self.cpuSeconds() - cpuBefore) * 1e9
        #expect(failures.values.isEmpty)
        let total = Double(threads * Self.checks)
        print(String(
            format: "ratelimit bench %@ threads=%d buckets=%d: %.2f us wall/check (%.0f checks/s), %.2f us cpu/check",
            what, threads, buckets, wall / total / 1000, total / (wall / 1e9), cpu / total / 1000))
        return passed.values.reduce(0, +)
    }

    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
