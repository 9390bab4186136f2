import Foundation

/// What the pipeline engine needs of the agents it chains: an agent of the pipeline's owner invoked
/// with one input, answered with its output and the tokens it used. The engine knows nothing of
/// replicas or protocols; the services attach an invoker over the invocation service, and the
/// engine's tests one of their own. (That the agents exist is checked against the agent records
/// when a pipeline is stored, not here.)
public protocol StepInvoker: Sendable {
    /// Invokes the agent and waits for its whole answer. It should give up by `call.deadline` and
    /// when `call.cancellation` is cancelled (the engine stops waiting then anyway, and ignores a
    /// late answer). Throws what went wrong; the engine records its message as the step's error.
    func invoke(_ call: StepCall) throws -> StepReply
}

/// One invocation of a step's agent.
public struct StepCall: Sendable {
    public var agent: String
    public var ownerId: String
    public var input: String
    /// The run and step it serves, for the invoker's logs.
    public var runId: String
    public var step: String
    public var deadline: Date
    public var cancellation: StepCancellation

    public init(agent: String, ownerId: String, input: String, runId: String, step: String, deadline: Date, cancellation: StepCancellation) {
        self.agent = agent
        self.ownerId = ownerId
        self.input = input
        self.runId = runId
        self.step = step
        self.deadline = deadline
        self.cancellation = cancellation
    }
}

/// An agent's whole answer to a step.
public struct StepReply: Sendable, Equatable {
    public var output: String
    public var usage: StepUsage

    public init(output: String, usage: StepUsage = StepUsage()) {
        self.output = output
        self.usage = usage
    }
}

/// Tokens an invocation used; a step's and a run's are the sums of theirs.
public struct StepUsage: Codable, Sendable, Equatable {
    public var inputTokens: Int
    public var outputTokens: Int

    public init(inputTokens: Int = 0, outputTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    public var totalTokens: Int { inputTokens + outputTokens }

    public static func + (lhs: StepUsage, rhs: StepUsage) -> StepUsage {
        StepUsage(inputTokens: lhs.inputTokens + rhs.inputTokens, outputTokens: lhs.outputTokens + rhs.outputTokens)
    }
}
