import LaunchpadCore
import LaunchpadHTTP
import Logging

/// The whole API as one `Responder`: the route table and the middleware every request passes.
/// Tests build it on a temporary data directory; `launchpad serve` hands it to the FastCGI transport.
public struct Application: Sendable {
    public struct Configuration: Sendable {
        /// The largest request body accepted (413 above it); nginx's `client_max_body_size` matches it.
        public var maxBodySize: Int
        /// GET /metrics answers only callers that send it as a Bearer token; nil closes it. Loopback
        /// alone is not enough: agents' replicas are loopback callers too.
        public var metricsToken: String?

        public init(maxBodySize: Int = 1 << 20, metricsToken: String? = nil) {
            self.maxBodySize = maxBodySize
            self.metricsToken = metricsToken
        }
    }

    public let services: Services
    public let responder: Responder

    public init(services: Services, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "launchpad.access")) {
        self.services = services
        var router = Router()
        HealthController(service: services.health).register(on: &router)
        IdentityController(identity: services.identity).register(on: &router)
        SecurityEventsController(events: services.events).register(on: &router)
        SecurityScanController(agents: services.agents, identity: services.identity).register(on: &router)
        AgentsController(agents: services.agents, identity: services.identity).register(on: &router)
        LogsController(agents: services.agents, logs: services.logs, identity: services.identity).register(on: &router)
        MetricsController(services: services).register(on: &router)
        let requestMetrics = RequestMetrics()
        PrometheusController(services: services, requests: requestMetrics, token: configuration.metricsToken).register(on: &router)
        // Identity comes before body validation: an unauthenticated caller learns nothing about
        // bodies, and every response of a limited route carries the rate-limit headers.
        let middleware: [any Middleware] = [
            AccessLogMiddleware(logger: logger),
            MetricsMiddleware(metrics: requestMetrics),
            ProxyRejectionMiddleware(bodyLimit: configuration.maxBodySize),
            IdentityMiddleware(services: services),
            RequestValidationMiddleware(limit: configuration.maxBodySize),
        ]
        responder = Responder(router: router, middleware: middleware)
    }
}
