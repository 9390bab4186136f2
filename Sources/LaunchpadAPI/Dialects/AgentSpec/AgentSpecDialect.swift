import LaunchpadCore
import LaunchpadHTTP

/// Seed 004, AgentSpec's runtime API: `/v1` (agents, invoke, stream, sessions, metrics) in its
/// own envelope, authenticated by the same keys (`X-API-Key` or Bearer), with `X-Correlation-ID`;
/// and the public `/healthz`. OpenAI's `/v1/chat` and `/v1/models`, and seed 000's longer `/v1`
/// prefixes, are groups of their own.
enum AgentSpecDialect {
    static func groups(services: Services, maxBodySize: Int) -> [RouteGroup] {
        let renderer = AgentSpecError.Renderer()
        let metrics = AgentSpecMetrics()
        var api = RouteGroup(
            prefix: "/v1", renderer: renderer, authentication: IdentityMiddleware(services: services),
            before: [CorrelationMiddleware(renderer: renderer), AgentSpecMetricsMiddleware(metrics: metrics, renderer: renderer), ProxyRejectionMiddleware(bodyLimit: maxBodySize)],
            after: [RequestValidationMiddleware(limit: maxBodySize)])
        AgentSpecController(services: services, metrics: metrics).register(on: &api)
        PipelinesController(pipelines: services.pipelines).register(on: &api)

        var health = RouteGroup(prefix: "/healthz", renderer: renderer, authentication: nil, before: [CorrelationMiddleware(renderer: renderer)])
        // Degraded means a part of the platform fails (the database, the runtime), not that some
        // agent of some user crashed: load balancers act on this answer.
        health.get("/healthz") { _ in
            let report = services.health.report()
            var checks = ["database": report.components.database.status == .unhealthy ? "failing" : "ok"]
            if let runtime = report.components.runtime { checks["runtime"] = runtime.status == .unhealthy ? runtime.reason ?? "failing" : "ok" }
            let failing = checks.filter { $0.value != "ok" }
            guard failing.isEmpty else { return try .json(HealthzAnswer(status: "degraded", checks: failing), status: 503) }
            return try .json(HealthzAnswer(status: "ok", checks: checks))
        }
        return [api, health]
    }
}
