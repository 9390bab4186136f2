import LaunchpadDomain
import LaunchpadCore
import LaunchpadHTTP

/// GET /api/security/events: ADMIN sees every event, a USER those of its own agents.
struct SecurityEventsController: Sendable {
    let events: SecurityEventLog

    func register(on group: inout RouteGroup) {
        group.get("/api/security/events") { request in
            let principal = try request.principal()
            let query = try request.query()
            let limit = try query.int("limit", default: 50, in: 1...500)
            var severity: Severity?
            if let text = query["severity"] {
                guard let value = Severity(rawValue: text.uppercased()) else {
                    throw HTTPError.validation(field: "query.severity", "expected LOW, MEDIUM, HIGH or CRITICAL, got '\(text)'")
                }
                severity = value
            }
            let since = try query["since"].map { text throws(HTTPError) in try RelativeTime.parse(text, field: "query.since") }
            let audience: SecurityEventLog.Audience = principal.role == .admin ? .everything : .agentsOwnedBy(userId: principal.userId)
            let page = try events.query(limit: limit, severity: severity, since: since, audience: audience)
            return try .json(SecurityEventsAnswer(events: page.events.map(SecurityEventBody.init), total: page.total))
        }
    }
}
