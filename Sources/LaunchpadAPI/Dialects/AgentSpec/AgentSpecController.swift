import Foundation
import LaunchpadCore
import LaunchpadHTTP

/// AgentSpec's runtime API (seed 004) over Launchpad's agents: `{name}` is one of the caller's
/// agents by name (an ADMIN's, or anyone's, by id).
struct AgentSpecController: Sendable {
    let services: Services
    let metrics: AgentSpecMetrics

    private struct TokenData: Encodable { var text: String }

    func register(on group: inout RouteGroup) {
        let (agents, sessions, invocation) = (services.agents, services.sessions, services.invocation)
        group.get("/v1/agents") { request in
            let principal = try request.principal()
            let query = try request.query()
            let limit = try query.int("limit", default: 100, in: 1...100)
            let offset = try query.int("offset", default: 0, in: 0...1_000_000)
            let page = try agents.list(for: principal, owner: nil, status: nil, limit: limit, offset: offset)
            let listed = page.agents.map { AgentSpecAgent(name: $0.name, agent_id: $0.agentId, status: $0.status.rawValue.lowercased(), url: agents.url(of: $0.agentId)) }
            return try .json(AgentSpecAgentList(agents: listed, total: page.total))
        }
        group.post("/v1/agents/{name}/invoke") { request in
            try invoke(request, sessionId: nil)
        }
        group.post("/v1/agents/{name}/stream") { request in
            let principal = try request.principal()
            let agent = try agents.agent(named: request.parameter("name"), for: principal)
            let body = try JSON.decode(InvokeBody.self, from: request.body)
            let turn = try invocation.prepare(
                agent: agent, by: principal, message: body.text, field: body.field, sessionId: body.sessionId, newSession: false, variables: body.variables)
            let slot = try invocation.openReply(for: principal)
            let (metrics, requestId) = (self.metrics, request.id)
            return .eventStream { writer in
                withExtendedLifetime(slot) {}
                do {
                    let done = try invocation.run(turn) { token in try writer.write(try Response.serverSentEvent("token", TokenData(text: token))) }
                    metrics.record(agent: done.agentName, usage: done.usage)
                    try writer.write(try Response.serverSentEvent("done", InvokeAnswer(done)))
                } catch {
                    // The client may have gone; then this write fails too, and nothing more is tried.
                    try? writer.write(try Response.serverSentEvent("error", AgentSpecError.describe(error, requestId: requestId).envelope))
                }
            }
        }
        group.post("/v1/agents/{name}/sessions") { request in
            let principal = try request.principal()
            let agent = try agents.agent(named: request.parameter("name"), for: principal)
            let body = request.body.isEmpty ? CreateSessionBody() : try JSON.decode(CreateSessionBody.self, from: request.body)
            let session = try sessions.create(agentId: agent.agentId, by: principal, metadata: body.metadata)
            return try .json(AgentSpecSession(session, agentName: agent.name), status: 201)
        }
        group.get("/v1/agents/{name}/sessions") { request in
            let principal = try request.principal()
            let agent = try agents.agent(named: request.parameter("name"), for: principal)
            let query = try request.query()
            let limit = try query.int("limit", default: 20, in: 1...100)
            let offset = try query.int("offset", default: 0, in: 0...1_000_000)
            let page = try sessions.list(agentId: agent.agentId, for: principal, limit: limit, offset: offset)
            return try .json(AgentSpecSessionList(sessions: page.sessions.map { AgentSpecSession($0, agentName: agent.name) }, total: page.total, limit: limit, offset: offset))
        }
        group.post("/v1/agents/{name}/sessions/{sessionId}/continue") { request in
            try invoke(request, sessionId: request.parameter("sessionId"))
        }
        group.post("/v1/agents/{name}/sessions/{sessionId}") { request in
            try invoke(request, sessionId: request.parameter("sessionId"))
        }
        group.delete("/v1/agents/{name}/sessions/{sessionId}") { request in
            let principal = try request.principal()
            let agent = try agents.agent(named: request.parameter("name"), for: principal)
            try sessions.delete(request.parameter("sessionId"), agentId: agent.agentId, for: principal)
            return Response(status: 204)
        }
        group.get("/v1/metrics") { request in
            let principal = try request.principal()
            try services.identity.authorize(principal, .systemRead, route: request.context.route ?? "unmatched")
            var headers = HTTPHeaders()
            headers.add("Content-Type", "text/plain; version=0.0.4")
            return Response(status: 200, headers: headers, body: .bytes(Array(metrics.exposition(activeSessions: (try? sessions.activeCount()) ?? 0).utf8)))
        }
    }

    /// Invoke, or continue a session: `sessionId` from the path wins over the body's.
    private func invoke(_ request: Request, sessionId: String?) throws -> Response {
        let principal = try request.principal()
        let agent = try services.agents.agent(named: request.parameter("name"), for: principal)
        let body = try JSON.decode(InvokeBody.self, from: request.body)
        let turn = try services.invocation.prepare(
            agent: agent, by: principal, message: body.text, field: body.field, sessionId: sessionId ?? body.sessionId, newSession: false,
            variables: body.variables)
        let done = try services.invocation.wholeReply(to: turn, by: principal, on: request)
        metrics.record(agent: done.agentName, usage: done.usage)
        return try .json(InvokeAnswer(done))
    }
}
