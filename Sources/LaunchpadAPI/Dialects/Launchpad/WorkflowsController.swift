import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP

/// AgentOS's workflow routes (seed 002) in seed 001's namespace and envelope; a workflow is a pipeline.
/// A run is synchronous unless the body says `"async": true` or the request sends
/// `Prefer: respond-async` (then 202 with its `runId`, polled at `statusUrl`).
struct WorkflowsController: Sendable {
    let pipelines: PipelineService
    let identity: IdentityService
    let limit: AgentOSLimit

    func register(on group: inout RouteGroup) {
        group.get("/api/workflows") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            try limit.consume(.read, request)
            let workflows = try pipelines.definitions(for: principal).map(WorkflowAnswer.init)
            return try .json(WorkflowListAnswer(workflows: workflows, total: workflows.count))
        }
        group.post("/api/workflows") { request in
            let principal = try request.principal(holding: .agentsCreate, identity)
            try limit.consume(.write, request)
            let body = try JSON.decode(CreateWorkflowBody.self, from: request.body)
            let definition: PipelineDefinition
            do {
                (definition, _) = try pipelines.save(try body.draft(generatedId: PipelineService.generatedName(prefix: "wf")), by: principal, replacing: false)
            } catch let error as DomainError {
                throw error.inWorkflowTerms()
            }
            return try .json(WorkflowAnswer(definition), status: 201)
        }
        group.post("/api/workflows/run") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            try limit.consume(.workflowRun, request)
            let body = try JSON.decode(RunWorkflowBody.self, from: request.body)
            let variables = body.agentId.map { ["agentId": $0] } ?? [:]
            let async = body.async || request.prefersRespondAsync
            let run: PipelineRun
            do {
                run = try pipelines.start(named: body.workflowId, input: body.input, variables: variables, by: principal, wait: async ? nil : request.runWait)
            } catch let error as DomainError {
                throw error.inWorkflowTerms()
            }
            // A synchronous run still running had its caller leave first (or launchpad is stopping).
            if async || run.status == .running {
                return try .json(WorkflowAcceptedAnswer(run), status: 202)
            }
            return try .json(WorkflowRunAnswer(run))
        }
        group.get("/api/workflows/runs/{runId}") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            try limit.consume(.read, request)
            return try .json(WorkflowRunAnswer(try pipelines.run(request.parameter("runId"), for: principal)))
        }
        group.post("/api/workflows/runs/{runId}/cancel") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            try limit.consume(.write, request)
            return try .json(WorkflowRunAnswer(try pipelines.cancel(request.parameter("runId"), for: principal)))
        }
    }
}
