import Foundation

/// One step of a pipeline: an agent of the owner's invoked with a rendered input, after the steps it
/// depends on, perhaps only under a condition, perhaps in a loop, with a timeout and an error mode.
/// Stored as it is in the definition and in each run (a run keeps the steps it started with).
public struct PipelineStep: Codable, Sendable, Equatable {
    /// Unique within the pipeline: 1 to 64 of `[A-Za-z0-9_-]`.
    public var name: String
    /// The agent, by name or id, of the pipeline's owner.
    public var agent: String
    /// The input template: `{{input}}`, `{{variables.x}}`, `{{steps.<name>.output}}`. Nil sends the
    /// outputs of the steps it depends on (joined by a blank line), or the run's input if none.
    public var input: String?
    /// The steps it runs after; nil means the step before it (sequential), empty means at the start.
    /// Steps whose dependencies end together run in parallel (fan-out); a step depending on several
    /// collects them.
    public var dependsOn: [String]?
    /// Runs only when the output of the steps it depends on (or of the run's input, with none)
    /// contains this, ignoring case; otherwise it is `skipped`.
    public var condition: String?
    /// Repeats the step, each iteration taking the previous one's output as input, until its output
    /// contains this (ignoring case) or `maxIterations` have run.
    public var until: String?
    public var maxIterations: Int?
    /// Each invocation's limit; nil is the engine's default.
    public var timeoutMs: Int?
    public var errorMode: StepErrorMode
    public var maxRetries: Int?
    /// The first retry's delay, doubled for each further one.
    public var backoffMs: Int?
    /// The run variable the step's output is also stored as.
    public var outputVariable: String?

    public init(
        name: String, agent: String, input: String? = nil, dependsOn: [String]? = nil, condition: String? = nil, until: String? = nil,
        maxIterations: Int? = nil, timeoutMs: Int? = nil, errorMode: StepErrorMode = .fail, maxRetries: Int? = nil, backoffMs: Int? = nil,
        outputVariable: String? = nil
    ) {
        self.name = name
        self.agent = agent
        self.input = input
        self.dependsOn = dependsOn
        self.condition = condition
        self.until = until
        self.maxIterations = maxIterations
        self.timeoutMs = timeoutMs
        self.errorMode = errorMode
        self.maxRetries = maxRetries
        self.backoffMs = backoffMs
        self.outputVariable = outputVariable
    }

    public static let defaultMaxIterations = 10
    public static let defaultMaxRetries = 3
    public static let defaultBackoffMs = 200
}

/// What a step's failure (an error or a timeout) does to its run.
public enum StepErrorMode: String, Codable, Sendable, CaseIterable {
    /// The run fails; the steps not reached are `skipped`.
    case fail
    /// The step is `skipped` and the run goes on.
    case skip
    /// The step is tried again up to `maxRetries` times with backoff, then fails the run.
    case retry
}
