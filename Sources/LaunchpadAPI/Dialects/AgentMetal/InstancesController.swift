import Foundation
import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP

/// AgentMetal's instances (seed 000): every change answers 202 with its operation.
struct InstancesController: Sendable {
    let instances: InstanceService
    let identity: IdentityService
    var agents: AgentService { instances.agents }

    func register(on group: inout RouteGroup) {
        group.post("/v1/instances") { request in
            let principal = try request.principal(holding: .agentsCreate, identity)
            let body = try JSON.decode(InstanceBody.self, from: request.body)
            guard body.request.name != nil else { throw DomainError.invalid(field: "metadata.name", "is required") }
            let agent = try instances.create(body.request, by: principal, namePrefix: "metadata.", specPrefix: "spec.")
            return try accepted(agent, principal)
        }
        group.get("/v1/instances") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            let query = try request.query()
            let limit = try query.int("limit", default: 100, in: 1...100)
            let offset = try query.int("offset", default: 0, in: 0...1_000_000)
            let page = try agents.list(for: principal, owner: nil, status: nil, limit: limit, offset: offset)
            return try .json(ItemsAnswer(items: page.agents.map(answer)))
        }
        group.get("/v1/instances/{id}") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            let id = request.parameter("id")
            let agent = try MessageEnvelope.naming(.instance, id) { try agents.visibleAgent(id, to: principal) }
            var response = try Response.json(answer(agent))
            response.headers.set("ETag", "\"\(agent.version ?? 1)\"")
            return response
        }
        for method in [HTTPMethod.patch, .put] {
            group.on(method, "/v1/instances/{id}") { request in
                let principal = try request.principal(holding: .agentsUpdate, identity)
                let id = request.parameter("id")
                let version = try Self.ifMatch(request)
                let body = try JSON.decode(InstanceBody.self, from: request.body)
                let agent = try MessageEnvelope.naming(.instance, id) {
                    try instances.update(id, body.request, version: version, by: principal, specPrefix: "spec.", namePrefix: "metadata.")
                }
                return try accepted(agent, principal)
            }
        }
        group.delete("/v1/instances/{id}") { request in
            let principal = try request.principal(holding: .agentsDelete, identity)
            let id = request.parameter("id")
            let version = try Self.ifMatch(request)
            let agent = try MessageEnvelope.naming(.instance, id) { try agents.delete(id, by: principal, version: version) }
            return try accepted(agent, principal)
        }
        let actions: [(String, @Sendable (String, Principal) throws -> Agent)] = [
            ("pause", { [agents] in try agents.pause($0, by: $1) }),
            ("resume", { [agents] in try agents.resume($0, by: $1) }),
            ("restart", { [agents] in try agents.restart($0, by: $1) }),
        ]
        for (action, perform) in actions {
            group.post("/v1/instances/{id}/\(action)") { request in
                let principal = try request.principal(holding: .agentsUpdate, identity)
                let id = request.parameter("id")
                let agent = try MessageEnvelope.naming(.instance, id) { try perform(id, principal) }
                return try accepted(agent, principal)
            }
        }
        group.get("/v1/instances/{id}/operations") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            let id = request.parameter("id")
            let limit = try request.query().int("limit", default: 50, in: 1...100)
            let records = try MessageEnvelope.naming(.instance, id) { try agents.operations(of: id, for: principal, limit: limit) }
            return try .json(ItemsAnswer(items: records.map(OperationAnswer.init)))
        }
    }

    private func answer(_ agent: Agent) -> InstanceAnswer {
        InstanceAnswer(agent, observed: agents.runtime?.observe(agent.agentId) ?? AgentObservation())
    }

    /// 202 with the change's operation: `{"operation_id", "status", "resource_id", ...}`.
    private func accepted(_ agent: Agent, _ principal: Principal) throws -> Response {
        guard let operationId = agent.operationId else { throw HTTPError.internalError }
        return try .json(OperationAnswer(try agents.store.operations.visible(operationId, to: principal)), status: 202)
    }

    /// The version `If-Match` names (`"3"`, `W/"3"` or `3`); nil without the header.
    static func ifMatch(_ request: Request) throws -> Int? {
        let values = request.headers.values(of: "If-Match")
        guard let value = values.first else { return nil }
        var text = Substring(value.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        guard values.count == 1, let version = Int(text), version >= 1 else {
            throw HTTPError(.badRequest, "Invalid header 'If-Match': expected the instance's metadata.version, such as \"3\"", field: "If-Match")
        }
        return version
    }
}
