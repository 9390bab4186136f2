import Foundation
import LaunchpadTestSupport
import LaunchpadThreads
import Testing

struct BackgroundLoopTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func add() { lock.withLock { value += 1 } }
        var count: Int { lock.withLock { value } }
    }

    @Test func runsEveryIntervalUntilStoppedAndNotAfter() {
        let counter = Counter()
        let loop = BackgroundLoop(name: "test", interval: 0.02) { counter.add() }
        // Waits for passes rather than sleeping a fixed time: a loaded machine may not schedule the
        // thread within any given 200 ms.
        let deadline = Date().addingTimeInterval(10)
        while counter.count < 3 && Date() < deadline { usleep(10_000) }
        let start = Date()
        loop.stop()
        #expect(Date().timeIntervalSince(start) < 0.5, "stop does not wait for the next interval")
        let atStop = counter.count
        #expect(atStop >= 3, "passes ran: \(atStop)")
        usleep(100_000)
        #expect(counter.count == atStop, "no pass after stop")
        #expect(loop.isStopped)
        loop.stop()
    }

    @Test func aWakeRunsAPassWithoutWaitingForTheInterval() {
        let counter = Counter()
        let loop = BackgroundLoop(name: "test", interval: nil) { counter.add() }
        defer { loop.stop() }
        usleep(50_000)
        #expect(counter.count == 0, "no interval: nothing runs until woken")
        loop.wake()
        let deadline = Date().addingTimeInterval(2)
        while counter.count == 0 && Date() < deadline { usleep(1_000) }
        #expect(counter.count == 1)
    }

    @Test func theFinalPassRunsOnceAtStop() {
        let counter = Counter()
        let loop = BackgroundLoop(name: "test", interval: nil, finalPass: true) { counter.add() }
        loop.stop()
        #expect(counter.count == 1)
    }
}
