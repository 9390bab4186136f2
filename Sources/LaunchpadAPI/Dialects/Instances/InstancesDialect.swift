import Foundation
import LaunchpadCore
import LaunchpadHTTP

/// Seed 003's instances under `/api/instances`: beside seed 001's routes, but in its own envelope
/// (`{"error": "..."}`, as AgentMetal's), authenticated and limited as seed 001 is.
enum InstancesDialect {
    static func group(services: Services, maxBodySize: Int) -> RouteGroup {
        var group = RouteGroup(
            prefix: "/api/instances", renderer: MessageEnvelope.Renderer(), authentication: IdentityMiddleware(services: services),
            before: [ProxyRejectionMiddleware(bodyLimit: maxBodySize)], after: [RequestValidationMiddleware(limit: maxBodySize)])
        InstancesRoutes(instances: services.instances, identity: services.identity).register(on: &group)
        return group
    }
}

/// The routes of seed 003.
struct InstancesRoutes: Sendable {
    let instances: InstanceService
    let identity: IdentityService
    var agents: AgentService { instances.agents }

    func register(on group: inout RouteGroup) {
        group.get("/api/instances") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            let page = try agents.list(for: principal, owner: nil, status: nil, limit: 100, offset: 0)
            let now = Date()
            return try .json(page.agents.map { summary($0, now: now) })
        }
        group.post("/api/instances") { request in
            let principal = try request.principal(holding: .agentsCreate, identity)
            let body = try JSON.decode(CreateInstanceBody.self, from: request.body)
            let agent = try instances.create(body.request, by: principal)
            return try .json(summary(agent, now: Date()), status: 201)
        }
        group.get("/api/instances/{id}") { request in
            let agent = try visible(request, .agentsRead)
            return try .json(summary(agent, now: Date()))
        }
        group.delete("/api/instances/{id}") { request in
            let principal = try request.principal(holding: .agentsDelete, identity)
            let id = request.parameter("id")
            _ = try MessageEnvelope.naming(.instance, id) { try agents.delete(id, by: principal) }
            return Response(status: 204)
        }
        group.post("/api/instances/{id}/pause") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            let id = request.parameter("id")
            _ = try MessageEnvelope.naming(.instance, id) { try agents.pause(id, by: principal) }
            return try .json(StatusAnswer(status: "paused"))
        }
        group.post("/api/instances/{id}/restart") { request in
            let principal = try request.principal(holding: .agentsUpdate, identity)
            let id = request.parameter("id")
            _ = try MessageEnvelope.naming(.instance, id) { try instances.restart(id, by: principal) }
            return try .json(StatusAnswer(status: "restarted"))
        }
        group.get("/api/instances/{id}/health") { request in
            let agent = try visible(request, .agentsRead)
            return try .json(HealthAnswer(instances.health(of: agent), now: Date()))
        }
    }

    private func visible(_ request: Request, _ permission: Permission) throws -> Agent {
        let principal = try request.principal(holding: permission, identity)
        let id = request.parameter("id")
        return try MessageEnvelope.naming(.instance, id) { try agents.visibleAgent(id, to: principal) }
    }

    private func summary(_ agent: Agent, now: Date) -> InstanceSummary {
        InstanceSummary(agent, health: instances.health(of: agent), now: now)
    }
}
