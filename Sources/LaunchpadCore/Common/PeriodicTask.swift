import Foundation

/// Runs `work` every `interval` on its own thread until `stop`. For housekeeping (pruning decayed
/// rate-limit buckets), never for anything a request waits on.
public final class PeriodicTask: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    public init(name: String, interval: TimeInterval, work: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            while true {
                condition.lock()
                let deadline = Date().addingTimeInterval(interval)
                while !stopped && condition.wait(until: deadline) {}
                let stop = stopped
                condition.unlock()
                if stop { break }
                work()
            }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Wakes the thread and waits for it to end; idempotent.
    public func stop() {
        condition.lock()
        let wasStopped = stopped
        stopped = true
        condition.broadcast()
        condition.unlock()
        if !wasStopped { finished.wait() }
    }
}
