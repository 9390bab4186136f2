import Foundation
@testable import LaunchpadCore
import LaunchpadStore
import LaunchpadTestSupport
import Testing

/// The table behind `RateLimiter`: shared between maps of one file, exact under concurrent
/// claims, its locks breakable, its window's evictions, its file remade when it does not match.
@Suite struct RateLimitTableTests {
    let seed = RateLimitPolicy.seedDefault

    @Test func twoLimitersOnOneFileSeeEachOthersCounts() throws {
        let directory = try TemporaryDirectory()
        // Two maps of one file, as two processes have.
        let first = try RateLimiter(dataDirectory: directory.path)
        let second = try RateLimiter(dataDirectory: directory.path)
        for index in 0..<20 {
            let limiter = index % 2 == 0 ? first : second
            #expect(try limiter.consume("key:shared", policy: seed, now: rateLimitEpoch).remaining == 19 - index)
        }
        #expect(try !first.consume("key:shared", policy: seed, now: rateLimitEpoch).allowed)
        #expect(try !second.consume("key:shared", policy: seed, now: rateLimitEpoch).allowed)
        #expect(try first.peek("key:shared", policy: seed, now: rateLimitTime(3)).allowed)
        // What one prunes the other no longer has.
        #expect(try second.prune(now: rateLimitTime(1000)) == 1)
        #expect(first.table.occupiedSlots == 0)
    }

    /// Eight threads, through two maps, consume 40 new buckets five times each, in one order
    /// (half of them a bucket ahead): they claim slots for the same names at the same moments,
    /// and each name still ends in exactly one slot, having allowed exactly its burst.
    @Test func threadsClaimingNewBucketsAtOnceMakeOneSlotEachAndAllowExactlyTheBurst() throws {
        let directory = try TemporaryDirectory()
        let limiters = [try RateLimiter(dataDirectory: directory.path), try RateLimiter(dataDirectory: directory.path)]
        let policy = seed
        let buckets = (0..<40).map { "key:claimed-\($0)" }
        for round in 0..<10 {
            let allowed = Collected<String>()
            let failures = Collected<String>()
            onThreads(8) { thread in
                let limiter = limiters[thread % 2]
                for attempt in 0..<(5 * buckets.count) {
                    let bucket = "\(round):" + buckets[(attempt / 5 + thread % 2) % buckets.count]
                    do {
                        if try limiter.consume(bucket, policy: policy, now: rateLimitEpoch).allowed {
                            allowed.append(bucket)
                        }
                    } catch {
                        failures.append("\(error)")
                    }
                }
            }
            #expect(failures.values.isEmpty)
            let counts = Dictionary(allowed.values.map { ($0, 1) }, uniquingKeysWith: +)
            #expect(counts.count == buckets.count)
            #expect(counts.values.allSatisfy { $0 == 20 }, "allowed per bucket: \(counts)")
            for bucket in buckets {
                #expect(limiters[0].table.slots(holding: "\(round):" + bucket).count == 1)
            }
        }
    }

    @Test func aStaleLockIsTakenOver() throws {
        let directory = try TemporaryDirectory()
        let limiter = try RateLimiter(dataDirectory: directory.path)
        #expect(try limiter.consume("key:locked", policy: seed, now: rateLimitEpoch).remaining == 19)
        let slot = limiter.table.slot(try #require(limiter.table.slots(holding: "key:locked").first))
        // Taken a second ago by a process that died, and a word no clock made ("in the future").
        for stale in [RateLimitSlot.monotonicMilliseconds() - 1000, UInt64.max] {
            slot.lockValue = stale
            let start = Date()
            let outcome = try limiter.consume("key:locked", policy: seed, now: rateLimitEpoch)
            #expect(Date().timeIntervalSince(start) < 0.05)
            #expect(outcome.allowed)
            #expect(slot.lockValue == 0)
        }
        #expect(try limiter.peek("key:locked", policy: seed, now: rateLimitEpoch).remaining == 16)
    }

    @Test func aLockJustTakenIsWaitedForUntilItIsStale() throws {
        let directory = try TemporaryDirectory()
        let limiter = try RateLimiter(dataDirectory: directory.path)
        _ = try limiter.consume("key:held", policy: seed, now: rateLimitEpoch)
        let slot = limiter.table.slot(try #require(limiter.table.slots(holding: "key:held").first))
        slot.lockValue = RateLimitSlot.monotonicMilliseconds()
        let start = Date()
        #expect(try limiter.consume("key:held", policy: seed, now: rateLimitEpoch).remaining == 18)
        let waited = Date().timeIntervalSince(start)
        // The coarse clock ticks every few ms: a little under 100 ms may pass the threshold.
        #expect(waited > 0.09 && waited < 2, "waited \(waited) s")
        #expect(slot.lockValue == 0)
    }

    /// A window of 32 live slots, none the newcomer's: it takes the slot whose later TAT is
    /// earliest (the burst TAT counts as much as the main one), and no other slot changes.
    @Test func aFullWindowEvictsTheSlotClosestToDecayed() throws {
        let directory = try TemporaryDirectory()
        let limiter = try RateLimiter(dataDirectory: directory.path)
        let table = limiter.table
        let newcomer = RateLimitTable.tag(of: "key:newcomer")
        let home = RateLimitTable.home(of: newcomer)
        let now = RateLimiter.nanoseconds(rateLimitEpoch)
        let second = GCRA.nanosecondsPerSecond
        func fill(_ offset: Int) -> (tag: UInt64, state: RateLimitState) {
            let state: RateLimitState
            switch offset {
            case 17: state = RateLimitState(main: now + 2 * second, burst: now + 1 * second)  // whole in 2 s: closest
            case 5: state = RateLimitState(main: now + 1 * second, burst: now + 500 * second)  // main soon, burst late
            default: state = RateLimitState(main: now + Int64(10 + offset) * second, burst: now + 3 * second)
            }
            return (newcomer &+ UInt64(offset + 1), state)
        }
        for offset in 0..<RateLimitTable.window {
            let slot = table.slot(RateLimitTable.index(home, offset))
            (slot.seqCstTag, slot.state) = fill(offset)
        }
        let outcome = try limiter.consume("key:newcomer", policy: seed, now: rateLimitEpoch)
        #expect(outcome.allowed && outcome.remaining == 19)
        for offset in 0..<RateLimitTable.window {
            let slot = table.slot(RateLimitTable.index(home, offset))
            if offset == 17 {
                #expect(slot.tag == newcomer)
            } else {
                #expect(slot.tag == fill(offset).tag && slot.state == fill(offset).state, "slot \(offset)")
            }
        }
        // Once a slot has decayed, a newcomer takes it and evicts nothing live.
        let later = RateLimitTable.tag(of: "key:later")
        let laterHome = RateLimitTable.home(of: later)
        for offset in 0..<RateLimitTable.window {
            let slot = table.slot(RateLimitTable.index(laterHome, offset))
            slot.seqCstTag = later &+ UInt64(offset + 1)
            slot.state = RateLimitState(main: now + Int64(offset == 20 ? -1 : 1 + offset) * second, burst: 0)
        }
        #expect(try limiter.consume("key:later", policy: seed, now: rateLimitEpoch).allowed)
        #expect(table.slots(holding: "key:later") == [RateLimitTable.index(laterHome, 20)])
        #expect(table.slot(RateLimitTable.index(laterHome, 0)).tag == later &+ 1)
    }

    /// Each file that is not this table's is made again, empty, at the table's size.
    @Test(arguments: ["garbage", "wrong version", "short", "long", "empty"])
    func aFileWithAWrongHeaderIsMadeAgain(_ kind: String) throws {
        let directory = try TemporaryDirectory()
        let path = RateLimiter.path(in: directory.path)
        let size = RateLimitTable.fileSize
        do {
            let limiter = try RateLimiter(dataDirectory: directory.path)
            _ = try limiter.consume("key:k", policy: seed, now: rateLimitEpoch)
        }
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var bad: Data
        switch kind {
        case "garbage": bad = Data(repeating: 0xAB, count: size)
        case "wrong version": bad = original; bad[8] = 2
        case "short": bad = original.prefix(100)
        case "long": bad = original + Data(repeating: 0, count: 4096)
        default: bad = Data()
        }
        try bad.write(to: URL(fileURLWithPath: path))
        let limiter = try RateLimiter(dataDirectory: directory.path)
        #expect(try limiter.consume("key:k", policy: seed, now: rateLimitEpoch).remaining == 19)
        #expect(limiter.table.occupiedSlots == 1)
        let remade = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(remade.count == size)
        #expect(remade.prefix(32) == original.prefix(32))
    }

    @Test func theOldEnvironmentsFilesAreRemovedAndTheTableIsPrivate() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.appending("ratelimit"), withIntermediateDirectories: false)
        for old in ["data.mdb", "lock.mdb"] {
            _ = FileManager.default.createFile(atPath: directory.appending("ratelimit/" + old), contents: Data(count: 8192))
        }
        _ = try RateLimiter(dataDirectory: directory.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appending("ratelimit")) == ["table"])
        let attributes = try FileManager.default.attributesOfItem(atPath: RateLimiter.path(in: directory.path))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aMissingDataDirectoryIsAnErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.appending("missing")
        let error = try #require(throws: StoreError.self) { try RateLimiter(dataDirectory: missing) }
        #expect(error.code == ENOENT)
        #expect(error.description.contains(missing))
    }
}

extension RateLimitTable {
    /// How many slots hold a bucket.
    var occupiedSlots: Int {
        (0..<Self.slotCount).count { slot($0).tag != 0 }
    }

    /// The slots holding `bucket`'s tag.
    func slots(holding bucket: String) -> [Int] {
        let tag = Self.tag(of: bucket)
        return (0..<Self.slotCount).filter { slot($0).tag == tag }
    }
}
