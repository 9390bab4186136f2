import Foundation
import LaunchpadCore

/// A stored pipeline as AgentSpec shows it.
struct PipelineAnswer: Encodable, Sendable {
    var name: String
    var description: String
    var steps: [PipelineStepBody]
    var created_at: Date
    var updated_at: Date

    init(_ definition: PipelineDefinition) {
        name = definition.name
        description = definition.description
        steps = definition.steps.map(PipelineStepBody.init)
        created_at = definition.createdAt
        updated_at = definition.updatedAt
    }
}

struct PipelineListAnswer: Encodable, Sendable {
    var pipelines: [PipelineAnswer]
    var total: Int
}

extension AgentSpecUsage {
    init(_ usage: StepUsage) {
        (input_tokens, output_tokens, total_tokens) = (usage.inputTokens, usage.outputTokens, usage.totalTokens)
    }
}

/// The answer of a synchronous run: `{pipeline, run_id, status, steps, output, total_duration_ms,
/// usage}`; a failed run is sent with status 500 and AgentSpec's `error` (`pipeline_error`) beside it.
struct PipelineRunAnswer: Encodable, Sendable {
    struct Step: Encodable, Sendable {
        var name: String
        var status: StepStatus
        var output: String?
        var usage: AgentSpecUsage
        var duration_ms: Int?
        var error: String?
    }

    struct Failure: Encodable, Sendable {
        var code: String
        var message: String
    }

    var pipeline: String
    var run_id: String
    var status: RunStatus
    var steps: [Step]
    var output: String?
    var total_duration_ms: Int
    var usage: AgentSpecUsage
    var error: Failure?

    init(_ run: PipelineRun) {
        pipeline = run.pipelineName
        run_id = run.runId
        status = run.status
        steps = run.steps.map { Step(name: $0.name, status: $0.status, output: $0.output, usage: AgentSpecUsage($0.usage), duration_ms: $0.durationMs, error: $0.error) }
        output = run.output
        total_duration_ms = run.elapsedMs()
        usage = AgentSpecUsage(run.usage)
        if run.status == .failed || run.status == .cancelled {
            error = Failure(code: "pipeline_error", message: run.error ?? "the pipeline did not complete")
        }
    }
}

/// GET /v1/pipelines/{name}/status: `{pipeline, run_id, status, steps: [{name, status,
/// duration_ms}], started_at, elapsed_ms}`, with the restarts that resumed it.
struct PipelineStatusAnswer: Encodable, Sendable {
    struct Step: Encodable, Sendable {
        var name: String
        var status: StepStatus
        var duration_ms: Int?
    }

    struct Resume: Encodable, Sendable {
        var at: Date
        var from_step: String?
    }

    var pipeline: String
    var run_id: String
    var status: RunStatus
    var steps: [Step]
    var started_at: Date
    var ended_at: Date?
    var elapsed_ms: Int
    var resumes: [Resume]

    init(_ run: PipelineRun) {
        pipeline = run.pipelineName
        run_id = run.runId
        status = run.status
        steps = run.steps.map { Step(name: $0.name, status: $0.status, duration_ms: $0.durationMs) }
        started_at = run.startedAt
        ended_at = run.endedAt
        elapsed_ms = run.elapsedMs()
        resumes = run.resumes.map { Resume(at: $0.at, from_step: $0.fromStep) }
    }
}

/// 202 for an asynchronous run: poll `status_url`.
struct PipelineAcceptedAnswer: Encodable, Sendable {
    var pipeline: String
    var run_id: String
    var status: RunStatus
    var status_url: String
}

struct PipelineRunListAnswer: Encodable, Sendable {
    var runs: [PipelineStatusAnswer]
    var total: Int
    var limit: Int
    var offset: Int
}
