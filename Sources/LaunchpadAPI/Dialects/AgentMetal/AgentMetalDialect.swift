import LaunchpadCore
import LaunchpadHTTP

/// Seed 000, AgentMetal: instances under `/v1/instances` and their operations under
/// `/v1/operations`, in its envelope (`{"error": "..."}`), authenticated by API key and limited
/// per key to the seed's 100 requests a minute with bursts of 20 a second (its own buckets,
/// apart from seed 001's), with the `X-RateLimit-*` headers on every answer.
enum AgentMetalDialect {
    static func groups(services: Services, maxBodySize: Int) -> [RouteGroup] {
        let authentication = IdentityMiddleware(services: services, bucket: "metal:", policy: services.configuration.rateLimits.agentMetal)
        func group(_ prefix: String) -> RouteGroup {
            RouteGroup(
                prefix: prefix, renderer: MessageEnvelope.Renderer(), authentication: authentication,
                before: [ProxyRejectionMiddleware(bodyLimit: maxBodySize)], after: [RequestValidationMiddleware(limit: maxBodySize)])
        }
        var instances = group("/v1/instances")
        InstancesController(instances: services.instances, identity: services.identity).register(on: &instances)
        var operations = group("/v1/operations")
        OperationsController(operations: services.agents.store.operations, identity: services.identity).register(on: &operations)
        return [instances, operations]
    }
}
