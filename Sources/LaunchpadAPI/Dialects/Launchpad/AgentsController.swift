import Foundation
import LaunchpadCore
import LaunchpadHTTP
import LaunchpadDomain

/// The agent routes of seed 001 ("Agent Management").
struct AgentsController: Sendable {
    let agents: AgentService
    let identity: IdentityService

    func register(on group: inout RouteGroup) {
        group.post("/api/agents") { request in
            let principal = try request.principal(holding: .agentsCreate, identity)
            let body = try JSON.decode(CreateAgentBody.self, from: request.body)
            let agent = try agents.create(body.draft, by: principal)
            let answer = CreateAgentAnswer(
                agentId: agent.agentId, status: agent.status, createdAt: agent.createdAt, estimatedDeployTime: agents.estimatedDeployTime)
            return try .json(answer, status: 201)
        }
        group.get("/api/agents") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            let query = try request.query()
            let limit = try query.int("limit", default: 20, in: 1...100)
            let offset = try query.int("offset", default: 0, in: 0...1_000_000)
            var status: AgentStatus?
            if let text = query["status"] {
                guard let value = AgentStatus(rawValue: text.uppercased()) else {
                    throw HTTPError.validation(field: "query.status", "expected one of \(AgentStatus.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
                }
                status = value
            }
            let owner = query["owner"]
            if let owner {
                try identity.authorize(principal, .usersRead, route: request.context.route ?? "unmatched")
                try FieldRules.userId(owner, field: "query.owner")
            }
            let page = try agents.summaries(for: principal, owner: owner, status: status, limit: limit, offset: offset)
            return try .json(AgentListAnswer(agents: page.agents, urls: agents.urls, total: page.total, limit: limit, offset: offset))
        }
        group.get("/api/agents/{agentId}") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            let agent = try agents.visibleAgent(request.parameter("agentId"), to: principal)
            return try .json(AgentDetailsAnswer(agent, url: agents.url(of: agent.agentId)))
        }
        group.get("/api/agents/{agentId}/status") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            let health = try agents.status(request.parameter("agentId"), for: principal)
            return try .json(AgentStatusAnswer(health, urls: agents.urls, now: Date()))
        }
        group.put("/api/agents/{agentId}") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            let body = try JSON.decode(UpdateAgentBody.self, from: request.body)
            let agent = try agents.update(request.parameter("agentId"), body.changes, by: principal)
            return try .json(AgentDetailsAnswer(agent, url: agents.url(of: agent.agentId)))
        }
        group.post("/api/agents/{agentId}/scale") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            let body = try JSON.decode(ScaleAgentBody.self, from: request.body)
            let scaled = try agents.scale(request.parameter("agentId"), to: body.replicas, by: principal)
            let answer = ScaleAgentAnswer(
                agentId: scaled.agent.agentId, currentReplicas: scaled.replicasBefore, targetReplicas: scaled.agent.resources.replicas,
                status: scaled.agent.status, updatedAt: scaled.agent.updatedAt)
            return try .json(answer, status: 202)
        }
        group.post("/api/agents/{agentId}/restart") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            let agent = try agents.restart(request.parameter("agentId"), by: principal)
            return try .json(AgentActionAnswer(agentId: agent.agentId, status: agent.status, message: "Agent restart initiated", timestamp: agent.updatedAt), status: 202)
        }
        group.post("/api/agents/{agentId}/pause") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            let agent = try agents.pause(request.parameter("agentId"), by: principal)
            return try .json(AgentActionAnswer(agentId: agent.agentId, status: agent.status, message: "Agent pause initiated", timestamp: agent.updatedAt), status: 202)
        }
        group.post("/api/agents/{agentId}/resume") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            let agent = try agents.resume(request.parameter("agentId"), by: principal)
            return try .json(AgentActionAnswer(agentId: agent.agentId, status: agent.status, message: "Agent resume initiated", timestamp: agent.updatedAt), status: 202)
        }
        group.delete("/api/agents/{agentId}") { request in
            let principal = try request.principal(holding: .agentsDelete, identity)
            let agent = try agents.delete(request.parameter("agentId"), by: principal)
            return try .json(AgentActionAnswer(agentId: agent.agentId, status: agent.status, message: "Agent deletion initiated", timestamp: agent.updatedAt), status: 202)
        }
    }
}
