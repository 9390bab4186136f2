import LaunchpadCore
import LaunchpadHTTP
import Logging

/// The whole API as one `Responder`: the route table and the middleware every request passes.
/// Tests build it on a temporary database; `launchpad serve` hands it to the FastCGI transport.
public struct Application: Sendable {
    public struct Configuration: Sendable {
        /// The largest request body accepted (413 above it); nginx's `client_max_body_size` matches it.
        public var maxBodySize: Int

        public init(maxBodySize: Int = 1 << 20) {
            self.maxBodySize = maxBodySize
        }
    }

    public let responder: Responder

    public init(database: Database, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "launchpad.access")) {
        var router = Router()
        HealthController(service: HealthService(database: database)).register(on: &router)
        // The identity issue adds its RateLimitMiddleware first in this list, so that its headers
        // reach every response, errors included.
        let middleware: [any Middleware] = [
            AccessLogMiddleware(logger: logger),
            ProxyRejectionMiddleware(bodyLimit: configuration.maxBodySize),
            RequestValidationMiddleware(limit: configuration.maxBodySize),
        ]
        responder = Responder(router: router, middleware: middleware)
    }
}
