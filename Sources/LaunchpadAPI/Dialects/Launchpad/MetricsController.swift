import LaunchpadCore
import LaunchpadHTTP

/// GET /api/agents/{id}/metrics and GET /api/system/metrics (seed 001, "Monitoring & Metrics").
struct MetricsController: Sendable {
    let services: Services

    func register(on group: inout RouteGroup) {
        group.get("/api/agents/{agentId}/metrics") { request in
            let principal = try request.principal(holding: .agentsRead, services.identity)
            let report = try services.agents.metrics(request.parameter("agentId"), for: principal)
            let history = try request.query()["window"].map { text in
                try services.metricsWindow.samples(report.agentId, since: try RelativeTime.parse(text, field: "query.window"))
            }
            return try .json(AgentMetricsAnswer(report, history: history))
        }
        group.get("/api/system/metrics") { request in
            _ = try request.principal(holding: .systemRead, services.identity)
            return try .json(SystemMetricsAnswer(try services.agents.systemMetrics(host: services.host, dataDirectory: services.dataDirectory)))
        }
    }
}
