import Foundation
@testable import LaunchpadCore
import LaunchpadStore
import LaunchpadTestSupport
import Testing

/// Several launchpad processes on one data directory share their rate limits.
///
/// That follows from the table being one file mapped shared (`RateLimitTable`): each `consume`
/// decides under its slot's lock, a word of the map that every process sees. Two limiters in one
/// process show the same map semantics (RateLimitTableTests); these tests run other processes too,
/// and kill one holding a lock:
/// this test binary itself, started with posix_spawn and filtered to `childProcess`, which acts
/// according to `LAUNCHPAD_RATELIMIT_CHILD` and is skipped in ordinary runs. (Linux: the binary
/// is found as `/proc/self/exe`.)
@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/exe"), "needs /proc/self/exe to start this test binary again"))
struct RateLimitCrossProcessTests {
    /// What a child does, from its environment.
    enum Child {
        static let modeVariable = "LAUNCHPAD_RATELIMIT_CHILD"
        static var mode: String? { ProcessInfo.processInfo.environment[modeVariable] }
        static func value(_ name: String) -> String {
            ProcessInfo.processInfo.environment["LAUNCHPAD_RATELIMIT_CHILD_" + name] ?? ""
        }
    }

    /// 500 requests at one instant, and no burst limit: enough attempts from every process for
    /// a lost update to show as more than 500 allowed.
    static let policy = RateLimitPolicy(limit: 500, periodSeconds: 900, burst: 0, burstPeriodSeconds: 0)
    static let threads = 4
    static let attemptsPerThread = 100

    @Test(.timeLimit(.minutes(1)))
    func threeProcessesConsumingOneBucketAtOnceAllowExactlyItsLimitInTotal() throws {
        let directory = try TemporaryDirectory()
        let limiter = try RateLimiter(dataDirectory: directory.path)
        defer { limiter.close() }
        let go = directory.appending("go")
        let children = try (0..<2).map { index in
            try RateLimitChildProcess.spawn(
                mode: "consume", output: directory.appending("child\(index).out"),
                values: ["DATA": directory.path, "GO": go, "READY": directory.appending("ready\(index)")])
        }
        // Start together: each child has opened the table and waits for `go`.
        for index in 0..<2 {
            #expect(Self.eventually { FileManager.default.fileExists(atPath: directory.appending("ready\(index)")) })
        }
        FileManager.default.createFile(atPath: go, contents: nil)
        let own = Self.consumeConcurrently(limiter)

        var total = own
        for child in children {
            let status = try child.wait(seconds: 50)
            let output = try String(contentsOfFile: child.outputPath, encoding: .utf8)
            #expect(SpawnedProcess.exitedCleanly(status), "child exited with status \(status): \(output)")
            let allowed = try #require(Int(output.split(separator: "\n").last { $0.hasPrefix("allowed ") }?.dropFirst(8) ?? ""))
            total += allowed
        }
        #expect(total == Self.policy.limit)
        // And this process sees the bucket the three of them spent.
        #expect(try !limiter.peek("key:shared", policy: Self.policy, now: rateLimitEpoch).allowed)
    }

    /// A child takes the slot lock of "key:held" and is killed holding it, as a process dying in
    /// the middle of a decision: this process waits until the lock is stale (100 ms), takes it
    /// over, and sees the child's one request counted.
    @Test(.timeLimit(.minutes(1)))
    func aLockHeldByAKilledProcessIsTakenOver() throws {
        let directory = try TemporaryDirectory()
        let limiter = try RateLimiter(dataDirectory: directory.path)
        let ready = directory.appending("holding")
        let child = try RateLimitChildProcess.spawn(mode: "hold", output: directory.appending("hold.out"), values: ["DATA": directory.path, "READY": ready])
        #expect(Self.eventually { FileManager.default.fileExists(atPath: ready) || child.exitStatus != nil })
        let slot = limiter.table.slot(try #require(limiter.table.slots(holding: "key:held").first))
        #expect(slot.lockValue != 0)
        child.forceKill()
        #expect(SpawnedProcess.killed(child.wait(), by: SIGKILL), "the child: \((try? child.lines()) ?? [])")

        let start = Date()
        #expect(try limiter.consume("key:held", policy: .seedDefault, now: rateLimitEpoch).remaining == 18)
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(slot.lockValue == 0)
    }

    /// The other side of the tests above; skipped unless a test started this process.
    @Test(.enabled(if: Child.mode != nil, "runs only as a child process of RateLimitCrossProcessTests"))
    func childProcess() throws {
        let limiter = try RateLimiter(dataDirectory: Child.value("DATA"))
        defer { limiter.close() }
        switch Child.mode {
        case "consume":
            FileManager.default.createFile(atPath: Child.value("READY"), contents: nil)
            #expect(Self.eventually { FileManager.default.fileExists(atPath: Child.value("GO")) })
            print("allowed \(Self.consumeConcurrently(limiter))")
        case "hold":
            _ = try limiter.consume("key:held", policy: .seedDefault, now: rateLimitEpoch)
            let slot = limiter.table.slot(try #require(limiter.table.slots(holding: "key:held").first))
            _ = slot.lock()
            _ = FileManager.default.createFile(atPath: Child.value("READY"), contents: nil)
            while true {
                pause()  // until killed
            }
        default:
            Issue.record("unknown child mode \(Child.mode ?? "")")
        }
    }

    /// `threads` threads each consume "key:shared" `attemptsPerThread` times at one instant;
    /// returns how many were allowed.
    static func consumeConcurrently(_ limiter: RateLimiter) -> Int {
        let allowed = Collected<Int>()
        onThreads(threads) { _ in
            var count = 0
            for _ in 0..<attemptsPerThread {
                if (try? limiter.consume("key:shared", policy: policy, now: rateLimitEpoch).allowed) == true {
                    count += 1
                }
            }
            allowed.append(count)
        }
        return allowed.values.reduce(0, +)
    }

    static func eventually(within seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() {
                return true
            }
            usleep(1_000)
        }
        return condition()
    }
}
