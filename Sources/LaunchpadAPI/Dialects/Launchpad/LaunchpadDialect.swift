import LaunchpadCore
import LaunchpadHTTP

/// Seed 001, the Agent Launchpad API: every route under `/api`, in its envelope
/// (`{"error":{"code","message","timestamp","requestId"}}`), authenticated by API key and rate
/// limited per key, except `GET /api/health`.
enum LaunchpadDialect {
    static func group(services: Services, maxBodySize: Int) -> RouteGroup {
        // Identity comes before body validation: an unauthenticated caller learns nothing about
        // bodies, and every response of a limited route carries the rate-limit headers.
        let authentication = IdentityMiddleware(services: services)
        var group = RouteGroup(
            prefix: "/api", renderer: ErrorEnvelope.Renderer(),
            authentication: authentication,
            before: [ProxyRejectionMiddleware(bodyLimit: maxBodySize)],
            after: [RequestValidationMiddleware(limit: maxBodySize)])
        HealthController(service: services.health, authentication: authentication).register(on: &group)
        IdentityController(identity: services.identity).register(on: &group)
        SecurityEventsController(events: services.events).register(on: &group)
        SecurityScanController(agents: services.agents, identity: services.identity).register(on: &group)
        AgentsController(agents: services.agents, identity: services.identity).register(on: &group)
        LogsController(agents: services.agents, logs: services.logs, identity: services.identity).register(on: &group)
        MetricsController(services: services).register(on: &group)
        let agentOSLimit = AgentOSLimit(services: services)
        WorkflowsController(pipelines: services.pipelines, identity: services.identity, limit: agentOSLimit).register(on: &group)
        MessagingController(
            agents: services.agents, sessions: services.sessions, invocation: services.invocation, identity: services.identity,
            limit: agentOSLimit).register(on: &group)
        return group
    }
}
