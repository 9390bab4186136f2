import Foundation

/// A run of a pipeline, stored and rewritten as it goes: each step's result is committed when the
/// step ends, so that a run whose launchpad died goes on from the first step not completed.
public struct PipelineRun: Codable, Sendable, Equatable {
    public var runId: String
    public var pipelineId: String
    public var pipelineName: String
    public var ownerId: String
    public var status: RunStatus
    public var input: String
    /// The caller's variables, and each step's `outputVariable` once it completes.
    public var variables: [String: String]
    /// The steps as they were when the run started, whatever the pipeline has become since.
    public var plan: [PipelineStep]
    public var steps: [StepRun]
    /// The output of the last step (in the pipeline's order) that completed.
    public var output: String?
    /// Why the run failed or was cancelled.
    public var error: String?
    public var startedAt: Date
    public var endedAt: Date?
    /// Each time a restarted launchpad took the run up again, and from which step.
    public var resumes: [RunResume]

    public var usage: StepUsage { steps.reduce(StepUsage()) { $0 + $1.usage } }

    /// Milliseconds from start to end, or to `now` while it runs.
    public func elapsedMs(now: Date = Date()) -> Int {
        Int(((endedAt ?? now).timeIntervalSince(startedAt) * 1000).rounded())
    }
}

public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case running, completed, failed, cancelled
}

/// One step's part of a run.
public struct StepRun: Codable, Sendable, Equatable {
    public var name: String
    public var status: StepStatus
    public var output: String?
    public var usage: StepUsage
    public var durationMs: Int?
    public var error: String?
    /// Invocations made (retries and loop iterations each count).
    public var attempts: Int
    public var startedAt: Date?
    public var endedAt: Date?

    public init(name: String) {
        self.name = name
        status = .pending
        usage = StepUsage()
        attempts = 0
    }
}

public enum StepStatus: String, Codable, Sendable, CaseIterable {
    case pending, running, completed, failed, skipped

    /// Whether the step has ended, one way or another.
    public var isFinished: Bool { self == .completed || self == .failed || self == .skipped }
}

/// A restart taking a run up again.
public struct RunResume: Codable, Sendable, Equatable {
    public var at: Date
    /// The first step not completed, from which the run went on.
    public var fromStep: String?
}

/// A page of runs, newest first, and how many the pipeline has.
public struct RunPage: Sendable {
    public var runs: [PipelineRun]
    public var total: Int
}
