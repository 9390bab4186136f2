/// The generic cell rate algorithm, in integer nanoseconds.
///
/// A bucket allowing `count` requests per `period` spaces requests by the emission interval
/// `T = period / count` and remembers one time, the theoretical arrival time (TAT): when the
/// bucket would be whole again. A request at `now` is allowed when `max(TAT, now) + T - now <=
/// period` (the bucket has room for one more), and then moves TAT to `max(TAT, now) + T`. So up
/// to `count` requests pass at one instant, then one per `T`. A refused request changes nothing.
enum GCRA {
    static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// One bucket's parameters.
    struct Bucket {
        let period: Int64
        let interval: Int64

        /// `count` requests per `seconds` (both at least 1, as `RateLimitPolicy.validate` ensures).
        init(count: Int, seconds: Int) {
            period = Int64(seconds) * nanosecondsPerSecond
            interval = period / Int64(count)
        }

        /// The verdict of this bucket for one request at `now`, given its stored TAT.
        func check(tat stored: Int64, now: Int64) -> Check {
            let tat = max(stored, now)
            let next = tat + interval
            let allowed = next - now <= period
            return Check(
                tat: tat, next: next, allowed: allowed,
                wait: allowed ? 0 : next - period - now,
                remainingAfter: allowed ? (period - (next - now)) / interval : 0)
        }
    }

    /// One bucket's verdict.
    struct Check {
        /// The stored TAT, or `now` if that is later.
        let tat: Int64
        /// The TAT after counting the request.
        let next: Int64
        let allowed: Bool
        /// When refused, the nanoseconds until this bucket would allow a request.
        let wait: Int64
        /// When allowed, how many more requests this bucket allows at `now` after this one.
        let remainingAfter: Int64
    }

    /// The verdict of `policy` for one request at `now`, and the state to store if it was
    /// allowed (nil when refused: a refused request is not counted).
    static func decide(_ state: RateLimitState, _ policy: RateLimitPolicy, now: Int64) -> (outcome: RateLimitOutcome, next: RateLimitState?) {
        let main = Bucket(count: policy.limit, seconds: policy.periodSeconds).check(tat: state.main, now: now)
        let burst = policy.burst > 0
            ? Bucket(count: policy.burst, seconds: policy.burstPeriodSeconds).check(tat: state.burst, now: now)
            : nil
        let allowed = main.allowed && burst?.allowed != false
        let outcome: RateLimitOutcome
        if allowed {
            outcome = RateLimitOutcome(
                allowed: true, limit: policy.limit,
                remaining: Int(min(main.remainingAfter, burst?.remainingAfter ?? .max)),
                resetEpochSeconds: Int(ceilingDivide(main.next, by: nanosecondsPerSecond)),
                retryAfterSeconds: 0)
        } else {
            let wait = max(main.wait, burst?.wait ?? 0)
            outcome = RateLimitOutcome(
                allowed: false, limit: policy.limit, remaining: 0,
                resetEpochSeconds: Int(ceilingDivide(main.tat, by: nanosecondsPerSecond)),
                retryAfterSeconds: Int(max(1, ceilingDivide(wait, by: nanosecondsPerSecond))))
        }
        let next = allowed ? RateLimitState(main: main.next, burst: burst?.next ?? state.burst) : nil
        return (outcome, next)
    }

    /// `value / divisor` rounded towards +infinity (`divisor` > 0).
    static func ceilingDivide(_ value: Int64, by divisor: Int64) -> Int64 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder > 0 ? quotient + 1 : quotient
    }
}
