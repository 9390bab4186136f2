import Foundation
import LaunchpadDomain

/// One step carried out: its condition, then its invocations (a loop's iterations, a retry's
/// attempts), each with its timeout, on the call workers. Runs on a step worker; knows nothing of
/// the store.
struct StepExecution: Sendable {
    var step: PipelineStep
    var runId: String
    var ownerId: String
    /// The rendered input of the first invocation.
    var input: String
    /// What the condition is looked for in: the outputs of the steps it depends on, or the run's input.
    var conditionSource: String
    var defaultTimeoutMs: Int
    var invoker: any StepInvoker
    var calls: StepWorkers
    /// The run's flag: raised when it is cancelled or failed, or launchpad stops.
    var cancellation: StepCancellation

    func execute() -> StepOutcome {
        let started = Date()
        var outcome = StepOutcome(status: .completed, startedAt: started, endedAt: started)
        if let condition = step.condition, conditionSource.range(of: condition, options: .caseInsensitive) == nil {
            outcome.status = .skipped
            outcome.error = "condition not met: the output does not contain '\(condition)'"
            outcome.endedAt = Date()
            return outcome
        }
        let retries = step.errorMode == .retry ? step.maxRetries ?? PipelineStep.defaultMaxRetries : 0
        var backoff = Double(step.backoffMs ?? PipelineStep.defaultBackoffMs) / 1000
        for attempt in 0...retries {
            do {
                outcome.output = try iterate(&outcome)
                outcome.error = nil
                break
            } catch {
                outcome.error = Self.describe(error)
                guard attempt < retries, !cancellation.wait(until: Date().addingTimeInterval(backoff)) else { break }
                backoff *= 2
            }
        }
        if outcome.error != nil {
            outcome.output = nil
            outcome.status = step.errorMode == .skip && !cancellation.isCancelled ? .skipped : .failed
        }
        outcome.endedAt = Date()
        return outcome
    }

    /// The step's invocations: once, or a loop until its `until` or `maxIterations`, each
    /// iteration taking the previous one's output. Returns the last output.
    private func iterate(_ outcome: inout StepOutcome) throws -> String {
        let isLoop = step.until != nil || step.maxIterations != nil
        let iterations = isLoop ? step.maxIterations ?? PipelineStep.defaultMaxIterations : 1
        var input = self.input
        var output = ""
        for _ in 0..<iterations {
            let reply = try invoke(input)
            outcome.attempts += 1
            outcome.usage = outcome.usage + reply.usage
            output = reply.output
            if let until = step.until, output.range(of: until, options: .caseInsensitive) != nil { break }
            input = output
        }
        return output
    }

    /// One invocation on a call worker, waited for until its timeout or the run's cancellation
    /// (a late answer is ignored; the invoker is told to give up).
    private func invoke(_ input: String) throws -> StepReply {
        let timeoutMs = step.timeoutMs ?? defaultTimeoutMs
        let deadline = Date().addingTimeInterval(Double(timeoutMs) / 1000)
        let callCancellation = StepCancellation()
        let call = StepCall(
            agent: step.agent, ownerId: ownerId, input: input, runId: runId, step: step.name, deadline: deadline, cancellation: callCancellation)
        let pending = PendingCall()
        let invoker = self.invoker
        calls.submit { pending.finish(Result { try invoker.invoke(call) }) }
        while true {
            if let result = pending.wait(until: min(deadline, Date().addingTimeInterval(0.05))) {
                // An invoker that gives up at the deadline has timed out, whatever it says.
                if case .failure = result, Date() >= deadline { throw StepFailure("timed out after \(timeoutMs) ms") }
                return try result.get()
            }
            if cancellation.isCancelled {
                callCancellation.cancel()
                throw StepFailure("cancelled")
            }
            if Date() >= deadline {
                callCancellation.cancel()
                throw StepFailure("timed out after \(timeoutMs) ms")
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        if let failure = error as? StepFailure { return failure.message }
        if let domain = DomainError.reported(for: error) { return domain.message }
        return "the invocation failed: \(error)"
    }
}

/// A step's invocation that did not answer in time or was cancelled.
struct StepFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
