import Foundation
import LaunchpadDomain

/// The engine's `StepInvoker` over the invocation service: a step is a call to one of the owner's
/// agents without a session, streamed so that a cancel or the deadline stops it between tokens. An
/// agent with no ready replica yet (a restart resuming runs before the controller has started the
/// agents again) is waited for, until the step's deadline.
struct InvocationStepInvoker: StepInvoker {
    let agents: AgentService
    let invocation: InvocationService

    func invoke(_ call: StepCall) throws -> StepReply {
        let principal = PipelineService.owner(call.ownerId)
        while true {
            do {
                let agent = try agents.agent(named: call.agent, for: principal)
                let turn = try invocation.prepare(agent: agent, by: principal, message: call.input, field: "input", sessionId: nil, newSession: false)
                let done = try invocation.run(turn) { _ in
                    guard !call.cancellation.isCancelled, Date() < call.deadline else { throw StepFailure("stopped") }
                }
                return StepReply(output: done.content, usage: StepUsage(inputTokens: done.usage.input, outputTokens: done.usage.output))
            } catch let error as DomainError where error.code == .unavailable && error.retryAfterSeconds != nil {
                // No ready replica yet: try again shortly, unless the step is over.
                if call.cancellation.wait(until: min(call.deadline, Date().addingTimeInterval(0.2))) || Date() >= call.deadline { throw error }
            }
        }
    }
}
