/// What `<data>/ratelimit` stores for one bucket name: the theoretical arrival time (TAT) of its
/// main and burst GCRA buckets, in nanoseconds since 1970, as two big-endian `Int64`s (16 bytes).
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

    /// Decodes a stored value; nil unless it is exactly 16 bytes.
    init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        func int64(at offset: Int) -> Int64 {
            var value: UInt64 = 0
            for byte in bytes[offset..<offset + 8] {
                value = value << 8 | UInt64(byte)
            }
            return Int64(bitPattern: value)
        }
        self.init(main: int64(at: 0), burst: int64(at: 8))
    }

    /// The 16 stored bytes.
    var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for value in [main, burst] {
            let bits = UInt64(bitPattern: value)
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// Whether both buckets are whole at `now`, so forgetting the state changes nothing.
    func isDecayed(at now: Int64) -> Bool {
        main <= now && burst <= now
    }
}
