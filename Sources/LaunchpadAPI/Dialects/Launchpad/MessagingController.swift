import LaunchpadCore
import LaunchpadHTTP

/// AgentOS's messaging (seed 002) in seed 001's namespace and envelope: a message to an agent,
/// kept in a session (a new one when none is named), and an agent's sessions.
struct MessagingController: Sendable {
    let agents: AgentService
    let sessions: SessionService
    let invocation: InvocationService
    let identity: IdentityService
    let limit: AgentOSLimit

    func register(on group: inout RouteGroup) {
        group.post("/api/agents/{agentId}/message") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            try limit.consume(.message, request)
            let agent = try agents.visibleAgent(request.parameter("agentId"), to: principal)
            let body = try JSON.decode(SendMessageBody.self, from: request.body)
            let turn = try invocation.prepare(agent: agent, by: principal, message: body.message, field: "message", sessionId: body.sessionId, newSession: true)
            let done = try invocation.wholeReply(to: turn, by: principal, on: request)
            return try .json(MessageAnswer(content: done.content, model: done.agentName, usage: done.usage, sessionId: done.sessionId ?? ""))
        }
        group.get("/api/agents/{agentId}/sessions") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            try limit.consume(.read, request)
            let query = try request.query()
            let limit = try query.int("limit", default: 20, in: 1...100)
            let offset = try query.int("offset", default: 0, in: 0...1_000_000)
            let page = try sessions.list(agentId: request.parameter("agentId"), for: principal, limit: limit, offset: offset)
            return try .json(SessionListAnswer(sessions: page.sessions.map(SessionBody.init), total: page.total, limit: limit, offset: offset))
        }
    }
}
