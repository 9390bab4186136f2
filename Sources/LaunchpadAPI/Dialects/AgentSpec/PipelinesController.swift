import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP

/// AgentSpec's pipeline routes (seed 004) over the pipeline engine: `{name}` is one of the caller's
/// pipelines. A run is synchronous unless the body says `"async": true` or the request sends
/// `Prefer: respond-async` (then 202 with its `run_id`, polled at `/status`).
struct PipelinesController: Sendable {
    let pipelines: PipelineService

    func register(on group: inout RouteGroup) {
        group.get("/v1/pipelines") { request in
            let list = try pipelines.definitions(for: try request.principal()).map(PipelineAnswer.init)
            return try .json(PipelineListAnswer(pipelines: list, total: list.count))
        }
        group.put("/v1/pipelines/{name}") { request in
            let principal = try request.principal()
            let body = try JSON.decode(PutPipelineBody.self, from: request.body)
            do {
                let (definition, created) = try pipelines.save(body.draft(name: request.parameter("name")), by: principal, replacing: true)
                return try .json(PipelineAnswer(definition), status: created ? 201 : 200)
            } catch let error as DomainError {
                throw error.naming(stepFields: PipelineStepBody.fieldNames)
            }
        }
        group.get("/v1/pipelines/{name}") { request in
            try .json(PipelineAnswer(try pipelines.definition(named: request.parameter("name"), for: try request.principal())))
        }
        group.delete("/v1/pipelines/{name}") { request in
            _ = try pipelines.delete(named: request.parameter("name"), for: try request.principal())
            return Response(status: 204)
        }
        group.post("/v1/pipelines/{name}/run") { request in
            let principal = try request.principal()
            let body = try JSON.decode(RunPipelineBody.self, from: request.body)
            let async = body.async || request.prefersRespondAsync
            let name = request.parameter("name")
            let run = try pipelines.start(named: name, input: body.input, variables: body.variables, by: principal, wait: async ? nil : request.runWait)
            // A synchronous run still running had its caller leave first (or launchpad is stopping).
            if async || run.status == .running {
                let accepted = PipelineAcceptedAnswer(
                    pipeline: run.pipelineName, run_id: run.runId, status: run.status, status_url: "/v1/pipelines/\(run.pipelineName)/status?run_id=\(run.runId)")
                return try .json(accepted, status: 202)
            }
            return try .json(PipelineRunAnswer(run), status: run.status == .completed ? 200 : 500)
        }
        group.get("/v1/pipelines/{name}/status") { request in
            let principal = try request.principal()
            let name = request.parameter("name")
            guard let runId = try request.query()["run_id"] else {
                // Without a run id: the latest run.
                guard let latest = try pipelines.runs(ofPipeline: name, for: principal, limit: 1, offset: 0).runs.first else {
                    throw PipelineService.runNotFound("latest")
                }
                return try .json(PipelineStatusAnswer(latest))
            }
            let run = try pipelines.run(runId, for: principal)
            guard run.pipelineName == name else { throw PipelineService.runNotFound(runId) }
            return try .json(PipelineStatusAnswer(run))
        }
        group.get("/v1/pipelines/{name}/runs") { request in
            let principal = try request.principal()
            let query = try request.query()
            let limit = try query.int("limit", default: 20, in: 1...100)
            let offset = try query.int("offset", default: 0, in: 0...1_000_000)
            let page = try pipelines.runs(ofPipeline: request.parameter("name"), for: principal, limit: limit, offset: offset)
            return try .json(PipelineRunListAnswer(runs: page.runs.map(PipelineStatusAnswer.init), total: page.total, limit: limit, offset: offset))
        }
        group.post("/v1/pipelines/{name}/cancel") { request in
            let principal = try request.principal()
            let body = try JSON.decode(CancelPipelineBody.self, from: request.body)
            guard try pipelines.run(body.run_id, for: principal).pipelineName == request.parameter("name") else {
                throw PipelineService.runNotFound(body.run_id)
            }
            return try .json(PipelineStatusAnswer(try pipelines.cancel(body.run_id, for: principal)))
        }
    }
}
