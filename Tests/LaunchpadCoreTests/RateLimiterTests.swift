import Foundation
@testable import LaunchpadCore
import LaunchpadStore
import LaunchpadTestSupport
import Testing

/// The limiter's verdicts, at fixed instants (`rateLimitTime`), so nothing depends on the clock.
///
/// With the seed's policy the main bucket spaces requests 9 s apart (900 s / 100) and holds 100;
/// the burst bucket spaces them 3 s apart (60 s / 20) and holds 20.
@Suite final class RateLimiterTests {
    let directory: TemporaryDirectory
    let limiter: RateLimiter
    let seed = RateLimitPolicy.seedDefault
    /// The seed's main limit alone.
    let mainOnly = RateLimitPolicy(limit: 100, periodSeconds: 900, burst: 0, burstPeriodSeconds: 0)

    init() throws {
        directory = try TemporaryDirectory()
        limiter = try RateLimiter(dataDirectory: directory.path)
    }


    /// `consume` at `seconds` after the epoch.
    private func consume(_ bucket: String = "key:key_1", _ policy: RateLimitPolicy? = nil, at seconds: Double) throws -> RateLimitOutcome {
        try limiter.consume(bucket, policy: policy ?? seed, now: rateLimitTime(seconds))
    }

    @Test func exactlyBurstRequestsPassAtOneInstantAndTheNextWaitsOneBurstInterval() throws {
        let outcomes = try (0..<20).map { _ in try consume(at: 0) }
        #expect(outcomes.allSatisfy { $0.allowed })
        #expect(outcomes.map(\.retryAfterSeconds).allSatisfy { $0 == 0 })

        let refused = try consume(at: 0)
        #expect(!refused.allowed)
        #expect(refused.remaining == 0)
        #expect(refused.retryAfterSeconds == 3)  // 60 s / 20
        // Just before the burst interval has passed it is still refused...
        let early = try consume(at: 2.999)
        #expect(!early.allowed)
        #expect(early.retryAfterSeconds == 1)
        // ...and once it has, exactly one more passes.
        #expect(try consume(at: 3).allowed)
        let next = try consume(at: 3)
        #expect(!next.allowed)
        #expect(next.retryAfterSeconds == 3)
    }

    @Test func aSteadyRequestEveryNineSecondsPassesForFifteenMinutes() throws {
        // 0, 9, ..., 900: 101 requests at the sustained rate, 100 per 900 s.
        let outcomes = try (0...100).map { try consume(at: Double($0) * 9) }
        #expect(outcomes.allSatisfy { $0.allowed })
        // Each request has decayed by the time the next comes: the buckets stay nearly whole.
        #expect(outcomes.allSatisfy { $0.remaining == 19 })
    }

    /// GCRA lets a fresh bucket spend its whole allowance (100 requests) on top of the sustained
    /// rate; at twice that rate it gains 4.5 s of debt per request, so the main limit refuses
    /// once 891 s of tolerance are spent: request 200, at 895.5 s. From then on exactly the
    /// sustained rate passes: every other request, one per 9 s.
    @Test func atTwiceTheSustainedRateTheMainLimitRefusesOnceItsAllowanceIsSpentThenPassesTheSustainedRate() throws {
        let outcomes = try (0..<400).map { try consume(at: Double($0) * 4.5) }
        let firstRefusal = try #require(outcomes.firstIndex { !$0.allowed })
        #expect(firstRefusal == 199)
        #expect(outcomes[firstRefusal].retryAfterSeconds == 5)  // 4.5 s, rounded up
        #expect(outcomes[firstRefusal].resetEpochSeconds == Int(rateLimitEpoch.timeIntervalSince1970) + 199 * 9)
        // The burst limit (one per 3 s) never refused: the main limit alone gives the same verdicts.
        let mainAlone = try (0..<400).map { try consume("key:main-alone", mainOnly, at: Double($0) * 4.5) }
        #expect(mainAlone.map(\.allowed) == outcomes.map(\.allowed))
        // Over the next 15 minutes (200 requests at 4.5 s), exactly 100 pass: 100 per 900 s.
        let after = outcomes[200..<400]
        #expect(after.filter(\.allowed).count == 100)
        #expect(after.enumerated().allSatisfy { offset, outcome in outcome.allowed == (offset % 2 == 0) })
    }

    @Test func remainingCountsDownToZeroAndNeverBelow() throws {
        // The burst bucket is the smaller one: it sets `remaining`.
        let burst = try (0..<25).map { _ in try consume(at: 0).remaining }
        #expect(burst == Array((0..<20).reversed()) + Array(repeating: 0, count: 5))
        // The main bucket alone counts down from 99.
        let main = try (0..<105).map { _ in try consume("key:main", mainOnly, at: 0) }
        #expect(main.map(\.remaining) == Array((0..<100).reversed()) + Array(repeating: 0, count: 5))
        #expect(main.map(\.allowed) == Array(repeating: true, count: 100) + Array(repeating: false, count: 5))
        #expect(main.allSatisfy { $0.limit == 100 })
        // 9 s later one request's worth has come back, and is the only one.
        #expect(try consume("key:main", mainOnly, at: 9).remaining == 0)
        #expect(try !consume("key:main", mainOnly, at: 9).allowed)
    }

    @Test func resetIsWhenTheMainBucketIsWholeAgainRoundedUp() throws {
        let epoch = Int(rateLimitEpoch.timeIntervalSince1970)
        // One request at 0.5 s: whole again 9 s later, at 9.5 s, shown as 10.
        #expect(try consume(at: 0.5).resetEpochSeconds == epoch + 10)
        // Each request adds 9 s: after 20 at once, 180 s (+ the first's).
        var last = RateLimitOutcome(allowed: false, limit: 0, remaining: 0, resetEpochSeconds: 0, retryAfterSeconds: 0)
        for _ in 0..<19 {
            last = try consume(at: 0.5)
        }
        #expect(last.resetEpochSeconds == epoch + 180 + 1)
        // A refused request does not move it.
        #expect(try consume(at: 0.5).resetEpochSeconds == epoch + 180 + 1)
        // A whole bucket resets 9 s after now.
        #expect(try consume("key:fresh", at: 100).resetEpochSeconds == epoch + 109)
    }

    @Test func refusedRequestsAreNotCountedSoAFloodDoesNotExtendTheWait() throws {
        for _ in 0..<20 {
            _ = try consume(at: 0)
        }
        let before = try limiter.peek("key:key_1", policy: seed, now: rateLimitTime(0))
        // A thousand refused requests over the next 2.9 s...
        var waits: Set<Int> = []
        for index in 0..<1000 {
            let outcome = try consume(at: Double(index) * 0.0029)
            #expect(!outcome.allowed)
            waits.insert(outcome.retryAfterSeconds)
        }
        #expect(waits == [1, 2, 3])  // counting down, never growing
        // ...change nothing: the state is the same, and at 3 s a request passes as it would have.
        #expect(try limiter.peek("key:key_1", policy: seed, now: rateLimitTime(0)) == before)
        #expect(try consume(at: 3).allowed)
        // The main bucket counted only the 21 allowed requests: 100 - 21 remain in it.
        #expect(try limiter.peek("key:key_1", policy: mainOnly, now: rateLimitTime(3)).remaining == 100 - 21 - 1)
    }

    @Test func bucketsAreIndependent() throws {
        for _ in 0..<21 {
            _ = try consume("key:key_a", at: 0)
        }
        #expect(try !consume("key:key_a", at: 0).allowed)
        let others = try ["key:key_b", "addr:10.0.0.1", "key:key_a ", "key:key_"].map { bucket in
            try (0..<20).map { _ in try consume(bucket, at: 0) }
        }
        for outcomes in others {
            #expect(outcomes.allSatisfy { $0.allowed })
            #expect(outcomes.last?.remaining == 0)
        }
        #expect(try !consume("key:key_a", at: 0).allowed)
    }

    @Test func peekReportsWhatConsumeWouldWithoutCountingIt() throws {
        for _ in 0..<5 {
            _ = try consume(at: 0)
        }
        for _ in 0..<50 {
            _ = try limiter.peek("key:key_1", policy: seed, now: rateLimitTime(0))
        }
        let peeked = try limiter.peek("key:key_1", policy: seed, now: rateLimitTime(0))
        #expect(try consume(at: 0) == peeked)
        #expect(peeked.allowed && peeked.remaining == 14)
        // A bucket never seen peeks as whole.
        #expect(try limiter.peek("key:new", policy: seed, now: rateLimitTime(0)).remaining == 19)
    }

    @Test func manyThreadsConsumingOneBucketAtOneInstantNeverAllowMoreThanTheBurst() throws {
        let limiter = self.limiter
        let seed = self.seed
        for round in 0..<5 {
            let allowed = Collected<Bool>()
            let failures = Collected<String>()
            onThreads(8) { _ in
                for _ in 0..<10 {
                    do {
                        allowed.append(try limiter.consume("key:shared-\(round)", policy: seed, now: rateLimitEpoch).allowed)
                    } catch {
                        failures.append("\(error)")
                    }
                }
            }
            #expect(failures.values.isEmpty)
            #expect(allowed.values.count == 80)
            #expect(allowed.values.filter { $0 }.count == 20)
        }
    }

    @Test func pruneRemovesDecayedBucketsAndKeepsLiveOnes() throws {
        // At 0: "old" is spent for 9 s (main) and 3 s (burst). At 100: "live" likewise.
        _ = try consume("key:old", at: 0)
        _ = try consume("key:live", at: 100)
        let live = try limiter.peek("key:live", policy: seed, now: rateLimitTime(100))
        #expect(try limiter.prune(now: rateLimitTime(8.999)) == 0)  // "old" still owes 1 ms
        #expect(try limiter.prune(now: rateLimitTime(50)) == 1)
        #expect(limiter.table.occupiedSlots == 1)
        #expect(try limiter.peek("key:live", policy: seed, now: rateLimitTime(100)) == live)
        #expect(try limiter.prune(now: rateLimitTime(109)) == 1)
        #expect(limiter.table.occupiedSlots == 0)
    }

    @Test func pruneWorksThroughThousandsOfBuckets() throws {
        let count = 2_548
        // Every third bucket is used again later, so stays live.
        for index in 0..<count {
            _ = try consume("addr:\(index)", at: 0)
            if index % 3 == 0 {
                _ = try consume("addr:\(index)", at: 60)
            }
        }
        let live = (0..<count).filter { $0 % 3 == 0 }.count
        #expect(try limiter.prune(now: rateLimitTime(30)) == count - live)
        #expect(limiter.table.occupiedSlots == live)
        #expect(try limiter.peek("addr:0", policy: seed, now: rateLimitTime(60)).remaining == 19 - 1)
    }

    /// The table keeps a hash of the name, not the name: any name is a bucket, long ones too,
    /// and names differing in one byte, even at the end of a long one, are different buckets.
    @Test func anyBucketNameIsABucketOfItsOwn() throws {
        let long = String(repeating: "é", count: 4096)
        for name in ["", long, long + "x", long + "y"] {
            #expect(try (0..<20).allSatisfy { _ in try consume(name, at: 0).allowed }, "\(name.utf8.count) bytes")
            #expect(try !consume(name, at: 0).allowed)
        }
    }

    @Test func anUnusablePolicyThrowsInsteadOfCounting() throws {
        let policy = RateLimitPolicy(limit: 0, periodSeconds: 900, burst: 0, burstPeriodSeconds: 0)
        #expect(throws: RateLimitPolicyError.self) { try consume("key:key_1", policy, at: 0) }
        #expect(throws: RateLimitPolicyError.self) { try limiter.peek("key:key_1", policy: policy, now: rateLimitEpoch) }
    }

    @Test func aChangedPolicyAppliesAtOnceToTheTimeAlreadySpent() throws {
        for _ in 0..<10 {
            _ = try consume(at: 0)
        }
        // 10 requests spent 30 s of the burst bucket: a burst of 12 per minute (5 s apart) has
        // room for (60 - 30) / 5 - 1 = 5 more after the next one.
        let stricter = RateLimitPolicy(limit: 100, periodSeconds: 900, burst: 12, burstPeriodSeconds: 60)
        #expect(try consume("key:key_1", stricter, at: 0).remaining == 5)
    }

    @Test func stateSurvivesReopeningTheTable() throws {
        for _ in 0..<20 {
            _ = try consume(at: 0)
        }
        limiter.close()
        #expect(throws: StoreError.environmentClosed) { try consume(at: 0) }
        let reopened = try RateLimiter(dataDirectory: directory.path)
        defer { reopened.close() }
        #expect(try !reopened.consume("key:key_1", policy: seed, now: rateLimitEpoch).allowed)
        #expect(FileManager.default.fileExists(atPath: directory.appending("ratelimit/table")))
    }
}
