#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LaunchpadStore

/// The file behind `RateLimiter`: a fixed table of `slotCount` slots (`RateLimitSlot`: a bucket
/// name's tag, a lock word, its two TATs), mapped shared, so that every thread of every process
/// that maps it sees one table, and a crashed process leaves its counts in the page cache.
///
/// The file is a 64-byte header (magic, version, slot size, slot count) and the slots. It is
/// created at its full size with `posix_fallocate`, and its blocks are allocated again at every
/// open (a no-op when they are), so that writing through the map never needs a new block: a full
/// disk is `ENOSPC` at open, never SIGBUS later. A file whose header does not match is made
/// again, in place, under `flock`: its content is only recent counts. (All processes on one data
/// directory must run the same layout: one that maps a file another has just remade reads its
/// own layout over the new one.)
///
/// A bucket name lives in one of the `window` slots from its home (`home(of:)`). Finding it reads
/// the window's tags; a bucket not found takes an empty slot of the window, or one whose state
/// has fully decayed (forgetting it changes no verdict), or else the slot closest to decayed,
/// forgetting what that bucket had counted (see `RateLimiter`).
final class RateLimitTable: @unchecked Sendable {  // the map is shared memory, guarded by each slot's lock
    /// 2^16 slots of 32 bytes: 2 MiB.
    static let slotBits = 16
    static let slotCount = 1 << slotBits
    /// How many slots from its home a bucket may live in.
    static let window = 32
    static let slotSize = 32
    static let headerSize = 64
    static let fileSize = headerSize + slotCount * slotSize
    /// "LPRLTBL1" in little-endian order, and the layout's version.
    static let magic: UInt64 = 0x314C_4254_4C52_504C
    static let version: UInt64 = 1

    /// The header's words as this layout writes them.
    private static let header: [UInt64] = [magic, version, UInt64(slotSize), UInt64(slotCount)]

    private let base: UnsafeMutableRawPointer

    /// Maps the table in `path` (its directory must exist), creating or remaking the file when
    /// missing or not matching this layout. Throws `StoreError` with the `errno` of what failed:
    /// `ENOSPC` when the disk has no room for it.
    init(path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("open \(path)") }
        defer { close(descriptor) }  // the map stays
        // Other processes opening it now wait here until the file is whole. The map holds the
        // open file, so closing the descriptor would not release the lock: unlock explicitly.
        guard Self.retryingInterrupts({ flock(descriptor, LOCK_EX) }) == 0 else { throw Self.failure("flock \(path)") }
        defer { flock(descriptor, LOCK_UN) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure("fstat \(path)") }
        let matches = Int(info.st_size) == Self.fileSize && Self.headerMatches(descriptor)
        if !matches && Int(info.st_size) > Self.fileSize {
            guard ftruncate(descriptor, off_t(Self.fileSize)) == 0 else { throw Self.failure("ftruncate \(path)") }
        }
        var result: Int32
        repeat {
            result = posix_fallocate(descriptor, 0, off_t(Self.fileSize))
        } while result == EINTR
        guard result == 0 else {
            throw StoreError(
                code: result, operation: "rate limit table: posix_fallocate \(path)",
                message: "\(String(cString: strerror(result))): the rate-limit table needs its \(Self.fileSize) bytes on disk")
        }
        guard let map = mmap(nil, Self.fileSize, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0), map != MAP_FAILED else {
            throw Self.failure("mmap \(path)")
        }
        base = map
        if !matches {
            // The header cleared first and written last, the magic after the rest: a process
            // dying in between leaves a header that does not match, so the next open starts over.
            memset(base, 0, Self.headerSize)
            memset(base + Self.headerSize, 0, Self.slotCount * Self.slotSize)
            for (index, word) in Self.header.enumerated().reversed() {
                base.storeBytes(of: word, toByteOffset: index * 8, as: UInt64.self)
            }
        }
    }

    deinit {
        munmap(base, Self.fileSize)
    }

    /// The slot at `index` (0 ..< `slotCount`).
    func slot(_ index: Int) -> RateLimitSlot {
        RateLimitSlot(words: (base + Self.headerSize + index * Self.slotSize).assumingMemoryBound(to: UInt64.self))
    }

    // MARK: Finding a bucket.

    /// A fixed hash of `bucket` (FNV-1a, 64 bits, over its UTF-8), the same in every process
    /// (unlike `Hasher`, seeded per process), never 0 (an empty slot). Two names with one tag
    /// would share a bucket; among 2^16 live names the chance of that is about 2^-33.
    static func tag(of bucket: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bucket.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash == 0 ? 1 : hash
    }

    /// The first slot of `tag`'s window: the high bits of a multiplicative mix of the tag.
    static func home(of tag: UInt64) -> Int {
        Int(truncatingIfNeeded: (tag &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - slotBits))
    }

    /// The index of the slot `offset` places into the window starting at `home`.
    static func index(_ home: Int, _ offset: Int) -> Int {
        (home + offset) & (slotCount - 1)
    }

    /// Runs `body` on `tag`'s state under its slot's lock, storing what `body` leaves in it.
    ///
    /// A tag not in the table runs `body` on `RateLimitState.empty`; with `claiming`, in a slot
    /// claimed for it (so what `body` stores is kept), without it on a copy nothing keeps.
    /// `now` judges which slots have decayed.
    func withState<T>(of tag: UInt64, claiming: Bool, now: Int64, _ body: (inout RateLimitState) -> T) -> T {
        let home = Self.home(of: tag)
        while true {
            if let found = find(tag, from: home) {
                let slot = self.slot(found)
                let stamp = slot.lock()
                defer { slot.unlock(stamp) }
                // Evicted between the look and the lock: look again.
                guard slot.tag == tag else { continue }
                return update(slot, body)
            }
            guard claiming else {
                var state = RateLimitState.empty
                return body(&state)
            }
            let (candidate, seen, mustBeFree) = self.candidate(from: home, now: now)
            let slot = self.slot(candidate)
            let stamp = slot.lock()
            defer { slot.unlock(stamp) }
            // Claimed for this very bucket by another caller since the look.
            if slot.tag == tag {
                return update(slot, body)
            }
            let stillFits = slot.tag == seen && (!mustBeFree || seen == 0 || slot.state.isDecayed(at: now))
            guard stillFits else { continue }
            // Claim, then look for the tag elsewhere: another caller claiming a slot for this
            // bucket at the same moment does the same, and by the order of these seq_cst accesses
            // at least one of the two sees the other and gives its slot back.
            slot.seqCstTag = tag
            if isElsewhere(tag, from: home, except: candidate) {
                slot.seqCstTag = seen
                continue
            }
            slot.state = .empty
            return update(slot, body)
        }
    }

    /// Empties the slots whose state has fully decayed at `now` (forgetting them changes no
    /// verdict); returns how many.
    func clearDecayed(now: Int64) -> Int {
        var cleared = 0
        for index in 0..<Self.slotCount {
            let slot = self.slot(index)
            guard slot.tag != 0 else { continue }
            let stamp = slot.lock()
            if slot.tag != 0 && slot.state.isDecayed(at: now) {
                slot.clear()
                cleared += 1
            }
            slot.unlock(stamp)
        }
        return cleared
    }

    /// Runs `body` on `slot`'s state (its lock held) and stores the state if `body` changed it.
    private func update<T>(_ slot: RateLimitSlot, _ body: (inout RateLimitState) -> T) -> T {
        let before = slot.state
        var state = before
        let result = body(&state)
        if state != before {
            slot.state = state
        }
        return result
    }

    /// The first slot of the window holding `tag`, read without locks.
    private func find(_ tag: UInt64, from home: Int) -> Int? {
        for offset in 0..<Self.window where slot(Self.index(home, offset)).tag == tag {
            return Self.index(home, offset)
        }
        return nil
    }

    /// Whether a slot of the window other than `claimed` holds `tag` (seq_cst reads).
    private func isElsewhere(_ tag: UInt64, from home: Int, except claimed: Int) -> Bool {
        (0..<Self.window).contains { offset in
            let index = Self.index(home, offset)
            return index != claimed && slot(index).seqCstTag == tag
        }
    }

    /// Where a bucket not in the window goes: the first empty slot, else the first decayed one
    /// (`mustBeFree`: recheck that under the lock), else the live slot whose later TAT is
    /// earliest, the one closest to decayed. Returns the slot, and the tag seen in it.
    private func candidate(from home: Int, now: Int64) -> (index: Int, seen: UInt64, mustBeFree: Bool) {
        var decayed: (index: Int, tag: UInt64)? = nil
        var closest = (index: home, tag: slot(home).tag, whole: Int64.max)
        for offset in 0..<Self.window {
            let index = Self.index(home, offset)
            let slot = self.slot(index)
            let tag = slot.tag
            if tag == 0 {
                return (index, 0, true)
            }
            let state = slot.state
            if state.isDecayed(at: now) {
                if decayed == nil { decayed = (index, tag) }
            } else if max(state.main, state.burst) < closest.whole {
                closest = (index, tag, max(state.main, state.burst))
            }
        }
        if let decayed {
            return (decayed.index, decayed.tag, true)
        }
        return (closest.index, closest.tag, false)
    }

    // MARK: The file.

    /// Whether the file's header is this layout's.
    private static func headerMatches(_ descriptor: Int32) -> Bool {
        var words = [UInt64](repeating: 0, count: header.count)
        let size = header.count * 8
        let read = words.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, size, 0) }
        return read == size && words == header
    }

    /// Runs `call` again while it fails with `EINTR`.
    private static func retryingInterrupts(_ call: () -> Int32) -> Int32 {
        var result: Int32
        repeat {
            result = call()
        } while result != 0 && errno == EINTR
        return result
    }

    /// A `StoreError` for the `errno` of `operation`.
    private static func failure(_ operation: String) -> StoreError {
        StoreError(code: errno, operation: "rate limit table: \(operation)")
    }
}
