/// What the rate-limit table (`RateLimitTable`) keeps for one bucket name: the theoretical
/// arrival time (TAT) of its main and burst GCRA buckets, in nanoseconds since 1970.
///
/// A TAT at or before now means that bucket is whole; 0 means never used.
struct RateLimitState: Equatable {
    var main: Int64
    var burst: Int64

    /// A bucket name never seen (or pruned): both buckets whole.
    static let empty = RateLimitState(main: 0, burst: 0)

    init(main: Int64, burst: Int64) {
        self.main = main
        self.burst = burst
    }

    /// Whether both buckets are whole at `now`, so forgetting the state changes nothing.
    func isDecayed(at now: Int64) -> Bool {
        main <= now && burst <= now
    }
}
