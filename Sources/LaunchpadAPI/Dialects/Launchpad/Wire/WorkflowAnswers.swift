import Foundation
import LaunchpadCore

/// A workflow in answers: the stored pipeline in AgentOS's vocabulary.
struct WorkflowAnswer: Encodable {
    var id: String
    var name: String
    var description: String
    var steps: [WorkflowStepBody]
    var createdAt: Date
    var updatedAt: Date

    init(_ definition: PipelineDefinition) {
        id = definition.name
        name = definition.title ?? definition.name
        description = definition.description
        steps = zip(definition.steps, Self.modes(of: definition.steps)).map { WorkflowStepBody($0, mode: $1) }
        createdAt = definition.createdAt
        updatedAt = definition.updatedAt
    }

    /// Each step's mode as AgentOS would have written it: a loop, a condition, a step sharing its
    /// dependencies with a sibling (fan-out), one waiting for several (collect), else sequential.
    static func modes(of steps: [PipelineStep]) -> [WorkflowStepBody.Mode] {
        let dependencies = steps.enumerated().map { index, step in step.dependsOn ?? (index == 0 ? [] : [steps[index - 1].name]) }
        return steps.enumerated().map { index, step in
            if step.until != nil || step.maxIterations != nil { return .loop }
            if step.condition != nil { return .conditional }
            if dependencies.enumerated().contains(where: { $0.offset != index && Set($0.element) == Set(dependencies[index]) }) { return .fanout }
            if dependencies[index].count > 1 { return .collect }
            return .sequential
        }
    }
}

/// GET /api/workflows.
struct WorkflowListAnswer: Encodable {
    var workflows: [WorkflowAnswer]
    var total: Int
}

/// POST /api/workflows/run and GET /api/workflows/runs/{runId}: AgentOS's `{runId, results, vars}`,
/// with the run's status and times.
struct WorkflowRunAnswer: Encodable {
    struct Result: Encodable {
        var stepName: String
        var status: StepStatus
        var output: String?
        var durationMs: Int?
        var error: String?
    }

    struct Resume: Encodable {
        var at: Date
        var fromStep: String?
    }

    var runId: String
    var workflowId: String
    var status: RunStatus
    var results: [Result]
    var vars: [String: String]
    var output: String?
    var error: String?
    var startedAt: Date
    var endedAt: Date?
    var resumes: [Resume]

    init(_ run: PipelineRun) {
        runId = run.runId
        workflowId = run.pipelineName
        status = run.status
        results = run.steps.map { Result(stepName: $0.name, status: $0.status, output: $0.output, durationMs: $0.durationMs, error: $0.error) }
        vars = run.variables
        output = run.output
        error = run.error
        startedAt = run.startedAt
        endedAt = run.endedAt
        resumes = run.resumes.map { Resume(at: $0.at, fromStep: $0.fromStep) }
    }
}

/// 202 for an asynchronous run: poll `statusUrl` (GET /api/workflows/runs/{runId}).
struct WorkflowAcceptedAnswer: Encodable {
    var runId: String
    var workflowId: String
    var status: RunStatus
    var statusUrl: String

    init(_ run: PipelineRun) {
        runId = run.runId
        workflowId = run.pipelineName
        status = run.status
        statusUrl = "/api/workflows/runs/\(run.runId)"
    }
}
