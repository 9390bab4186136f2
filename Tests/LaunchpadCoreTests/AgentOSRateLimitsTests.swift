@testable import LaunchpadCore
import Testing

/// Seed 002's per-operation limits as GCRA decides them, with no I/O: `GCRA.decide` on a state and
/// a clock given in nanoseconds.
struct AgentOSRateLimitsTests {
    static let second: Int64 = 1_000_000_000
    static let start: Int64 = 1_800_000_000 * second

    /// Counts `count` requests at `now`, returning the state after them and the last outcome.
    static func spend(_ count: Int, _ policy: RateLimitPolicy, from state: RateLimitState = .empty, at now: Int64) -> (RateLimitState, RateLimitOutcome?) {
        var state = state
        var last: RateLimitOutcome?
        for _ in 0..<count {
            let (outcome, next) = GCRA.decide(state, policy, now: now)
            last = outcome
            if let next { state = next }
        }
        return (state, last)
    }

    @Test func theSeedsFiguresPerHour() {
        let limits = AgentOSRateLimits()
        #expect(limits.policy(for: .read) == RateLimitPolicy(limit: 200, periodSeconds: 3600, burst: 0, burstPeriodSeconds: 0))
        #expect(limits.policy(for: .write).limit == 100)
        #expect(limits.policy(for: .message).limit == 60)
        #expect(limits.policy(for: .workflowRun).limit == 100)
        for operation in AgentOSRateLimits.Operation.allCases {
            #expect(throws: Never.self) { try limits.policy(for: operation).validate() }
        }
    }

    @Test func sixtyMessagesPassAtOnceAndTheSixtyFirstWaitsOneMinute() {
        let policy = AgentOSRateLimits().message
        let (state, sixtieth) = Self.spend(60, policy, at: Self.start)
        #expect(sixtieth?.allowed == true)
        #expect(sixtieth?.remaining == 0)
        let (refused, _) = GCRA.decide(state, policy, now: Self.start)
        #expect(!refused.allowed)
        // One message an hour / 60 = one a minute comes back.
        #expect(refused.retryAfterSeconds == 60)
        let (early, _) = GCRA.decide(state, policy, now: Self.start + 59 * Self.second)
        #expect(!early.allowed)
        #expect(early.retryAfterSeconds == 1)
        let (later, next) = GCRA.decide(state, policy, now: Self.start + 60 * Self.second)
        #expect(later.allowed)
        #expect(next != nil)
    }

    @Test func aSteadyMessageEveryMinutePassesForeverAfterTheAllowanceIsSpent() {
        let policy = AgentOSRateLimits().message
        var (state, _) = Self.spend(60, policy, at: Self.start)
        for minute in 1...180 {
            let (outcome, next) = GCRA.decide(state, policy, now: Self.start + Int64(minute) * 60 * Self.second)
            #expect(outcome.allowed, "minute \(minute)")
            state = next ?? state
        }
    }

    @Test func refusedRequestsDoNotPushTheWaitFurther() {
        let policy = AgentOSRateLimits().write
        let (state, _) = Self.spend(100, policy, at: Self.start)
        for _ in 0..<50 {
            let (outcome, next) = GCRA.decide(state, policy, now: Self.start + Self.second)
            #expect(!outcome.allowed)
            #expect(next == nil)
        }
        // 3600 s / 100 = 36 s after the first of them.
        #expect(GCRA.decide(state, policy, now: Self.start + 36 * Self.second).outcome.allowed)
    }

    @Test func eachOperationAndKeyHasItsOwnBucket() {
        let buckets = Set(AgentOSRateLimits.Operation.allCases.flatMap { operation in
            ["key_a", "key_b"].map { AgentOSRateLimits.bucket(operation, keyId: $0) }
        })
        #expect(buckets.count == 8)
        #expect(AgentOSRateLimits.bucket(.workflowRun, keyId: "key_a") == "agentos-workflow-run:key_a")
        // None is the key's own bucket (`key:` + key id).
        #expect(buckets.allSatisfy { !$0.hasPrefix("key:") })
    }
}
