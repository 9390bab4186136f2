#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CSharedAtomics

/// One slot of the rate-limit table (`RateLimitTable`): four 64-bit words in the shared map, 32
/// bytes, two to a cache line.
///
/// - `tag`: which bucket name the slot holds (`RateLimitTable.tag(of:)`), 0 when empty;
/// - `lock`: 0 when free, else the `CLOCK_MONOTONIC` millisecond at which it was taken;
/// - `main`, `burst`: the two TATs of `RateLimitState`.
///
/// The tag and the TATs change only under the lock, so the two TATs change together. The lock is
/// held for the few instructions of one decision; a process that dies holding it (or a thread
/// stalled in it) would hold every caller of the bucket, so a lock older than
/// `staleMilliseconds` is taken over. What that costs: if its holder was only stalled (for more
/// than 100 ms, inside a few instructions), not dead, it finishes its decision late and writes
/// what it computed over the new holder's writes, so one request is counted twice or not at all;
/// if the slot went to another bucket meanwhile, that bucket's state is replaced once by this
/// one's. Its release then finds the word changed and leaves it.
struct RateLimitSlot {
    /// How long a lock may be held before a waiter takes it over.
    static let staleMilliseconds: UInt64 = 100
    /// How many times a waiter spins with a pause before it yields the CPU between looks.
    static let spinsBeforeYield = 64

    let words: UnsafeMutablePointer<UInt64>

    private var lockWord: UnsafeMutablePointer<UInt64> { words + 1 }

    /// The slot's tag, read without the lock (a hint: recheck it under the lock).
    var tag: UInt64 {
        shared_atomic_load_relaxed(words)
    }

    /// The tag, in the single total order of every other `seqCstTag` access: claiming a slot
    /// stores its tag this way and then looks for the same tag elsewhere, so that of two threads
    /// claiming slots for one bucket at once, at least one sees the other (see `RateLimitTable`).
    var seqCstTag: UInt64 {
        get { shared_atomic_load_seq_cst(words) }
        nonmutating set { shared_atomic_store_seq_cst(words, newValue) }
    }

    /// The two TATs. Read and write them under the lock, except to choose a slot to evict.
    var state: RateLimitState {
        get {
            RateLimitState(
                main: Int64(bitPattern: shared_atomic_load_relaxed(words + 2)),
                burst: Int64(bitPattern: shared_atomic_load_relaxed(words + 3)))
        }
        nonmutating set {
            shared_atomic_store_relaxed(words + 2, UInt64(bitPattern: newValue.main))
            shared_atomic_store_relaxed(words + 3, UInt64(bitPattern: newValue.burst))
        }
    }

    /// Empties the slot (under the lock).
    func clear() {
        shared_atomic_store_relaxed(words, 0)
        state = .empty
    }

    /// Takes the lock, spinning briefly with a pause and then yielding, and taking over a lock
    /// held longer than `staleMilliseconds`. Returns the stamp to pass to `unlock`.
    func lock() -> UInt64 {
        var spins = 0
        while true {
            let held = shared_atomic_load_relaxed(lockWord)
            let now = Self.monotonicMilliseconds()
            // A stamp taken before `held` was read is never later than `now` (one clock for all
            // processes), so a stamp "after now" can only be garbage: stale as well.
            if held == 0 || now &- held > Self.staleMilliseconds {
                if shared_atomic_compare_exchange(lockWord, held, now) {
                    return now
                }
                continue
            }
            spins += 1
            if spins < Self.spinsBeforeYield {
                shared_atomic_spin_pause()
            } else {
                sched_yield()
            }
        }
    }

    /// Releases the lock taken with `stamp`, unless another caller has taken it over meanwhile.
    func unlock(_ stamp: UInt64) {
        _ = shared_atomic_compare_exchange(lockWord, stamp, 0)
    }

    /// The lock word itself, for tests.
    var lockValue: UInt64 {
        get { shared_atomic_load_seq_cst(lockWord) }
        nonmutating set { shared_atomic_store_seq_cst(lockWord, newValue) }
    }

    /// Milliseconds of `CLOCK_MONOTONIC` (the coarse clock on Linux: a few ms of resolution is
    /// plenty against `staleMilliseconds`, and it costs less), never 0: 0 is a free lock.
    static func monotonicMilliseconds() -> UInt64 {
        var time = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_MONOTONIC_COARSE, &time)
        #else
        clock_gettime(CLOCK_MONOTONIC, &time)
        #endif
        return max(1, UInt64(time.tv_sec) &* 1000 &+ UInt64(time.tv_nsec) / 1_000_000)
    }
}
