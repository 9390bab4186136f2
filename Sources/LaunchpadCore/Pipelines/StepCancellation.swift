import Foundation

/// A flag a run raises when it is cancelled or fails, which the steps in flight, their waits
/// (backoff, timeouts) and the invoker watch.
public final class StepCancellation: @unchecked Sendable {
    private let condition = NSCondition()
    private var cancelled = false

    public init() {}

    public var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Raises the flag and wakes every wait.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until `deadline` or the cancellation, whichever comes first; true when cancelled.
    @discardableResult
    public func wait(until deadline: Date) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled, condition.wait(until: deadline) {}
        return cancelled
    }
}
