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
        guard let state = bytes.withUnsafeBytes({ Self(stored: $0) }) else { return nil }
        self = state
    }

    /// Decodes a stored value where it lies (in the map, during `consume`'s transaction).
    init?(stored: UnsafeRawBufferPointer) {
        guard stored.count == 16 else { return nil }
        self.init(main: Int64(bigEndian: stored.loadUnaligned(fromByteOffset: 0, as: Int64.self)),
                  burst: Int64(bigEndian: stored.loadUnaligned(fromByteOffset: 8, as: Int64.self)))
    }

    /// The 16 stored bytes.
    var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 16) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.storeBytes(of: main.bigEndian, toByteOffset: 0, as: Int64.self)
            raw.storeBytes(of: burst.bigEndian, toByteOffset: 8, as: Int64.self)
            count = 16
        }
    }

    /// Whether both buckets are whole at `now`, so forgetting the state changes nothing.
    func isDecayed(at now: Int64) -> Bool {
        main <= now && burst <= now
    }
}
