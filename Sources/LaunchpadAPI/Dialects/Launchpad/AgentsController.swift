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
            let body = try JSON.decode(CreateAgentRequest.self, from: request.body)
            return try .json(try agents.create(body, by: principal), status: 201)
        }
        group.get("/api/agents") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            let query = try request.query()
            let limit = try query.int("limit", default: 20, in: 1...100)
            let offset = try query.int("offset", default: 0, in: 0...1_000_000)
            var status: AgentStatus?
            if let text = query["status"] {
                guard let value = AgentStatus(rawValue: text.uppercased()) else {
                    throw APIError.validation(field: "query.status", "expected one of \(AgentStatus.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
                }
                status = value
            }
            let owner = query["owner"]
            if let owner {
                try identity.authorize(principal, .usersRead, route: request.context.route ?? "unmatched")
                try FieldRules.userId(owner, field: "query.owner")
            }
            return try .json(try agents.list(for: principal, owner: owner, status: status, limit: limit, offset: offset))
        }
        group.get("/api/agents/{agentId}") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            return try .json(try agents.details(request.parameter("agentId"), for: principal))
        }
        group.get("/api/agents/{agentId}/status") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            return try .json(try agents.status(request.parameter("agentId"), for: principal))
        }
        group.put("/api/agents/{agentId}") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            let body = try JSON.decode(UpdateAgentRequest.self, from: request.body)
            return try .json(try agents.update(request.parameter("agentId"), body, by: principal))
        }
        group.post("/api/agents/{agentId}/scale") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            let body = try JSON.decode(ScaleAgentRequest.self, from: request.body)
            return try .json(try agents.scale(request.parameter("agentId"), to: body.replicas, by: principal), status: 202)
        }
        group.post("/api/agents/{agentId}/restart") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            return try .json(try agents.restart(request.parameter("agentId"), by: principal), status: 202)
        }
        group.delete("/api/agents/{agentId}") { request in
            let principal = try request.principal(holding: .agentsDelete, identity)
            return try .json(try agents.delete(request.parameter("agentId"), by: principal), status: 202)
        }
    }
}
