import Foundation

/// Counts threads and requests in flight so that a stop can wait for them.
final class ServerState: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopping = false
    private var running = 0
    private var threads = 0

    var isStopping: Bool {
        condition.lock(); defer { condition.unlock() }
        return stopping
    }

    var inFlight: Int {
        condition.lock(); defer { condition.unlock() }
        return running
    }

    /// Returns false when a stop had already begun.
    func beginStopping() -> Bool {
        condition.lock(); defer { condition.unlock() }
        if stopping { return false }
        stopping = true
        return true
    }

    func threadStarted() { change { $0.threads += 1 } }
    func threadStopped() { change { $0.threads -= 1 } }
    func requestStarted() {
        condition.lock()
        running += 1
        condition.unlock()
    }

    /// Wakes `waitUntilIdle` only when the last request in flight ends: nothing else waits.
    func requestFinished() {
        condition.lock()
        running -= 1
        if running == 0 { condition.broadcast() }
        condition.unlock()
    }

    /// Waits until no request is in flight; false on timeout.
    func waitUntilIdle(timeout: Duration) -> Bool {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        condition.lock(); defer { condition.unlock() }
        while running > 0 {
            if !condition.wait(until: deadline) { return running == 0 }
        }
        return true
    }

    private func change(_ body: (ServerState) -> Void) {
        condition.lock()
        body(self)
        condition.broadcast()
        condition.unlock()
    }
}
