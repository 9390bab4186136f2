import Foundation

/// An invocation handed to a call worker, and the answer the step waits for.
final class PendingCall: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<StepReply, any Error>?

    func finish(_ result: Result<StepReply, any Error>) {
        condition.lock()
        self.result = result
        condition.broadcast()
        condition.unlock()
    }

    /// The answer if it arrives by `deadline`.
    func wait(until deadline: Date) -> Result<StepReply, any Error>? {
        condition.lock()
        defer { condition.unlock() }
        while result == nil, condition.wait(until: deadline) {}
        return result
    }
}
