import LaunchpadCore
import LaunchpadHTTP
import Logging

/// The whole server as one `Responder`: the route groups it mounts and the middleware every request
/// passes (the access log, the request metrics).
/// Tests build it on a temporary data directory; `launchpad serve` hands it to the FastCGI transport.
public struct Application: Sendable {
    public struct Configuration: Sendable {
        /// The largest request body accepted (413 above it); nginx's `client_max_body_size` matches it.
        public var maxBodySize: Int
        /// GET /metrics answers only callers that send it as a Bearer token; nil closes it. Loopback
        /// alone is not enough: agents' replicas are loopback callers too.
        public var metricsToken: String?
        /// The proxies in front of nginx whose `X-Forwarded-For` names the client.
        public var trustedProxies: TrustedProxies = .none
        /// The origins whose browser pages may call the API (CORS); none by default, `*` for any.
        public var corsOrigins: [String] = []
        /// One log line per request (`AccessLogMiddleware`). Off by default: nginx keeps an access
        /// log, and the line costs the read path a measurable share of its speed.
        public var accessLog = false
        /// The largest body nginx sends on to an agent's url (its 413 names it); nginx's agents'
        /// server's `client_max_body_size` matches it.
        public var agentMaxBodySize = 64 << 20

        public init(maxBodySize: Int = 1 << 20, metricsToken: String? = nil) {
            self.maxBodySize = maxBodySize
            self.metricsToken = metricsToken
        }
    }

    public let services: Services
    public let responder: Responder

    public init(services: Services, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "launchpad.access")) {
        self.services = services
        let requestMetrics = RequestMetrics()
        // The mounted groups, one per API dialect and endpoint: adding a dialect is adding its group
        // here. The first is where nginx's refusals of unclaimed paths are answered.
        let groups = [
            LaunchpadDialect.group(services: services, maxBodySize: configuration.maxBodySize),
            PrometheusController(services: services, requests: requestMetrics, token: configuration.metricsToken).group(),
            ConsoleController.group(),
            InstancesDialect.group(services: services, maxBodySize: configuration.maxBodySize),
            AgentURL.group(services: services, maxBodySize: configuration.agentMaxBodySize),
        ] + AgentMetalDialect.groups(services: services, maxBodySize: configuration.maxBodySize)
            + AgentSpecDialect.groups(services: services, maxBodySize: configuration.maxBodySize)
            + OpenAIDialect.groups(services: services, maxBodySize: configuration.maxBodySize)
        // A step with nothing to do in this configuration is left out of the chain rather than
        // called on every request only to pass it on.
        let clientAddress: [any Middleware] = configuration.trustedProxies == .none ? [] : [ClientAddressMiddleware(proxies: configuration.trustedProxies)]
        let accessLog: [any Middleware] = configuration.accessLog ? [AccessLogMiddleware(logger: logger)] : []
        let cors: [any Middleware] = configuration.corsOrigins.isEmpty ? [] : [CORSMiddleware(allowedOrigins: configuration.corsOrigins)]
        responder = Responder(
            groups: groups, middleware: clientAddress + accessLog + [MetricsMiddleware(metrics: requestMetrics)] + cors, securityHeaders: SecurityHeaders())
    }
}
