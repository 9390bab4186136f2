import Foundation
import LaunchpadRuntime
import Testing

struct RestartBackoffTests {
    let start = Date(timeIntervalSince1970: 1_000_000)

    @Test func restartsAtOnceThenDoublesWhileExitsComeQuickly() {
        var backoff = RestartBackoff(firstDelay: 0.5, maximumDelay: 4, stableAfter: 60)
        var now = start
        var delays: [TimeInterval] = []
        for _ in 0..<6 {
            let startedAt = now
            now = now.addingTimeInterval(1)
            let next = backoff.exited(startedAt: startedAt, at: now)
            delays.append(next.timeIntervalSince(now))
            now = next
        }
        #expect(delays == [0, 0.5, 1, 2, 4, 4])
    }

    @Test func aProcessThatRanLongEnoughIsRestartedAtOnceAgain() {
        var backoff = RestartBackoff(firstDelay: 0.5, maximumDelay: 30, stableAfter: 60)
        _ = backoff.exited(startedAt: start, at: start.addingTimeInterval(1))
        let quick = backoff.exited(startedAt: start.addingTimeInterval(1), at: start.addingTimeInterval(2))
        #expect(quick == start.addingTimeInterval(2.5))
        let later = start.addingTimeInterval(200)
        #expect(backoff.exited(startedAt: start.addingTimeInterval(3), at: later) == later)
        #expect(backoff.quickExits == 1)
    }
}
