import Foundation
import LaunchpadCore
import LaunchpadHTTP

/// OpenAI-compatible chat (as AgentOS, seed 002, offers it): `POST /v1/chat/completions` where
/// `model` is one of the caller's agents, and `GET /v1/models`, in OpenAI's envelope. Two groups,
/// since their prefixes sit beside AgentSpec's `/v1`.
enum OpenAIDialect {
    static func groups(services: Services, maxBodySize: Int) -> [RouteGroup] {
        let renderer = OpenAIError.Renderer()
        let authentication = IdentityMiddleware(services: services)
        var chat = RouteGroup(
            prefix: "/v1/chat", renderer: renderer, authentication: authentication,
            before: [ProxyRejectionMiddleware(bodyLimit: maxBodySize)], after: [RequestValidationMiddleware(limit: maxBodySize)])
        var models = RouteGroup(prefix: "/v1/models", renderer: renderer, authentication: authentication, before: [ProxyRejectionMiddleware(bodyLimit: maxBodySize)])
        let (agents, invocation) = (services.agents, services.invocation)

        chat.post("/v1/chat/completions") { request in
            let principal = try request.principal()
            let body = try JSON.decode(ChatCompletionBody.self, from: request.body)
            let agent = try agents.agent(named: body.model, for: principal)
            let turn = try invocation.prepare(agent: agent, conversation: body.messages, field: "messages")
            let id = "chatcmpl-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let created = Int(Date().timeIntervalSince1970)
            guard body.stream else {
                let done = try invocation.wholeReply(to: turn, by: principal, on: request)
                return try .json(ChatCompletion(
                    id: id, created: created, model: body.model,
                    choices: [.init(message: .init(content: done.content))], usage: ChatUsage(done.usage)))
            }
            let slot = try invocation.openReply(for: principal)
            let (model, includeUsage, requestId) = (body.model, body.includeUsage, request.id)
            @Sendable func chunk(_ delta: ChatCompletionChunk.Delta, finish: String? = nil, usage: ChatUsage? = nil, choices: Bool = true) throws -> [UInt8] {
                try Response.serverSentEvent(nil, ChatCompletionChunk(
                    id: id, created: created, model: model, choices: choices ? [.init(delta: delta, finish_reason: finish)] : [], usage: usage))
            }
            return .eventStream { writer in
                withExtendedLifetime(slot) {}
                do {
                    try writer.write(try chunk(.init(role: "assistant", content: "")))
                    let done = try invocation.run(turn) { token in try writer.write(try chunk(.init(content: token))) }
                    // The usage rides on the last chunk, and on one of its own when asked for as OpenAI does.
                    try writer.write(try chunk(.init(), finish: "stop", usage: ChatUsage(done.usage)))
                    if includeUsage { try writer.write(try chunk(.init(), usage: ChatUsage(done.usage), choices: false)) }
                } catch {
                    try? writer.write(try Response.serverSentEvent(nil, OpenAIError.describe(error, requestId: requestId).envelope))
                }
                try? writer.write(Array("data: [DONE]\n\n".utf8))
            }
        }
        models.get("/v1/models") { request in
            let principal = try request.principal()
            let page = try agents.list(for: principal, owner: nil, status: nil, limit: 100, offset: 0)
            return try .json(ModelList(data: page.agents.map { .init(id: $0.name, created: Int($0.createdAt.timeIntervalSince1970), owned_by: $0.ownerId) }))
        }
        models.get("/v1/models/{model}") { request in
            let principal = try request.principal()
            let agent = try agents.agent(named: request.parameter("model"), for: principal)
            return try .json(ModelList.Model(id: agent.name, created: Int(agent.createdAt.timeIntervalSince1970), owned_by: agent.ownerId))
        }
        return [chat, models]
    }
}
