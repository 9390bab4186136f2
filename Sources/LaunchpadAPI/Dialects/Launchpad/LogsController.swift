import LaunchpadDomain
import Foundation
import LaunchpadCore
import LaunchpadHTTP

/// GET /api/agents/{id}/logs (seed 001, "Get Agent Logs"): a page of JSON, or with `follow=true`
/// Server-Sent Events that deliver new lines as they are committed, until the client goes away.
struct LogsController: Sendable {
    let agents: AgentService
    let logs: AgentLogs
    let identity: IdentityService

    func register(on group: inout RouteGroup) {
        group.get("/api/agents/{agentId}/logs") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            let agent = try agents.visibleAgent(request.parameter("agentId"), to: principal)
            let query = try request.query()
            let lines = try query.int("lines", default: 100, in: 1...10_000)
            let since = try query["since"].map { text throws(HTTPError) in try RelativeTime.parse(text, field: "query.since") }
            guard try query.bool("follow", default: false) else {
                let page = try logs.recent(agentId: agent.agentId, lines: lines, since: since)
                return try .json(LogPageAnswer(agentId: agent.agentId, logs: page.entries.map(LogEntryBody.init), totalLines: page.entries.count, truncated: page.truncated))
            }
            var resumeAfter: UInt64?
            if let text = request.headers["Last-Event-ID"] {
                guard let id = UInt64(text) else { throw HTTPError.validation(field: "Last-Event-ID", "expected the id of an event, got '\(text.prefix(64))'") }
                resumeAfter = id
            }
            let slot: FollowerSlot
            switch logs.beginFollowing(keyId: principal.keyId, userId: principal.userId) {
            case .success(let taken):
                slot = taken
            case .failure(let limit):
                let (scope, count) = switch limit {
                case .server(let count): ("on this server", count)
                case .key(let count): ("for one API key", count)
                case .user(let count): ("for one user", count)
                }
                throw DomainError(.limitExceeded, "Too many log followers \(scope) (at most \(count)); try again later", retryAfterSeconds: 5)
            }
            // What the stream checks again at every keep-alive: the key (revoked, expired) and
            // the caller's right to see the agent (deleted, or no longer theirs).
            let key = try IdentityMiddleware.presentedKey(request.headers)
            let stillAllowed: @Sendable () -> Bool = { [identity, agents] in
                guard let caller = try? identity.authenticatedKey(key), caller.principal.can(.agentsRead) else { return false }
                return (try? agents.visibleAgent(agent.agentId, to: caller.principal)) != nil
            }
            return stream(agentId: agent.agentId, lines: lines, since: since, resumeAfter: resumeAfter, slot: slot, stillAllowed: stillAllowed)
        }
    }

    /// The backlog (the last `lines`, or what follows `Last-Event-ID`), then new lines as they come.
    /// A comment every second when nothing happens, so that a client that left is noticed within
    /// a second and its worker thread freed. At each of them the caller's key and right to the agent
    /// are checked again: a revoked key or a deleted agent ends the stream with an `error` event.
    /// After `maxStreamLifetime` the stream ends with an `end` event; the client reconnects with
    /// `Last-Event-ID`.
    private func stream(agentId: String, lines: Int, since: Date?, resumeAfter: UInt64?, slot: FollowerSlot, stillAllowed: @escaping @Sendable () -> Bool) -> Response {
        let logs = self.logs
        let deadline = Date().addingTimeInterval(logs.configuration.maxStreamLifetime)
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/event-stream")
        headers.add("Cache-Control", "no-cache")
        headers.add("X-Accel-Buffering", "no")
        return Response(status: 200, headers: headers, body: .stream { writer in
            withExtendedLifetime(slot) {}
            var last = resumeAfter ?? 0
            var backlog: [AgentLogEntry]
            if let resumeAfter {
                backlog = try logs.entries(agentId: agentId, after: resumeAfter, limit: lines)
            } else {
                backlog = try logs.recent(agentId: agentId, lines: lines, since: since).entries
                last = max(backlog.last?.id ?? 0, logs.newestCommittedId)
            }
            try writer.write(Array(": following \(agentId)\n\n".utf8))
            while true {
                for entry in backlog {
                    try writer.write(try Self.event(entry))
                    last = max(last, entry.id)
                }
                let seen = logs.newestCommittedId
                backlog = try logs.entries(agentId: agentId, after: last, limit: 500)
                if backlog.isEmpty {
                    logs.waitForCommit(after: seen, timeout: 1)
                    backlog = try logs.entries(agentId: agentId, after: last, limit: 500)
                    if backlog.isEmpty {
                        guard stillAllowed() else {
                            try writer.write(Array("event: error\ndata: {\"code\":\"INVALID_API_KEY\",\"message\":\"The key or its right to this agent is gone\"}\n\n".utf8))
                            return
                        }
                        guard Date() < deadline else {
                            try writer.write(Array("event: end\nretry: 1000\ndata: {\"reason\":\"the stream reached its lifetime; reconnect with Last-Event-ID\"}\n\n".utf8))
                            return
                        }
                        try writer.write(Array(": keep-alive\n\n".utf8))
                    }
                }
            }
        })
    }

    static func event(_ entry: AgentLogEntry) throws -> [UInt8] {
        Array("id: \(entry.id)\ndata: ".utf8) + (try JSON.encode(LogEntryBody(entry))) + Array("\n\n".utf8)
    }
}
