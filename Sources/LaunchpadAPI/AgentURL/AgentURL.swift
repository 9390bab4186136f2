import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP

/// The agent's url (`http://<agentId>.agents.<domain>`): nginx's wildcard server sends every
/// request for it here as `/_launchpad/agent/<agentId><path>`, without its body; launchpad checks
/// the agent and its access, picks a ready replica, and answers `X-Accel-Redirect` to nginx's
/// internal `/_launchpad/replica/<port>/<METHOD>`, so that nginx proxies the request, body and
/// answer both ways without buffering, and no launchpad thread is held while an agent streams.
/// Errors (unknown agent, none ready) are in seed 001's envelope. A private agent (`"access":
/// "private"`) needs its owner's key or an ADMIN's, which nginx then keeps from the agent.
enum AgentURL {
    static let prefix = "/_launchpad/agent"

    static func group(services: Services, maxBodySize: Int) -> RouteGroup {
        RouteGroup(
            prefix: prefix, renderer: ErrorEnvelope.Renderer(), authentication: nil,
            before: [ProxyRejectionMiddleware(bodyLimit: maxBodySize), Redirect(services: services)])
    }

    /// Answers every method and path under the prefix (the agent serves whatever it serves).
    struct Redirect: Middleware {
        let services: Services

        func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
            let segments = try request.pathSegments()
            guard segments.count >= 3, segments[2].hasPrefix("agent-") else { throw HTTPError.notFound(path: String(request.rawPath)) }
            let agentId = segments[2]
            guard let agent = try services.agents.store.load(agentId), agent.status != .deleting else { throw AgentService.notFound(agentId) }
            let isPrivate = agent.access == .private
            if isPrivate {
                // The owner's key or an ADMIN's; another user's key learns nothing of the agent.
                let principal = try IdentityMiddleware(services: services).authenticate(request)
                guard principal.role == .admin || principal.userId == agent.ownerId else { throw AgentService.notFound(agentId) }
            }
            let replica = try services.invocation.replica(for: agent)
            var headers = HTTPHeaders()
            // A private agent's caller presented a Launchpad key: nginx does not pass it on to the agent.
            headers.add("X-Accel-Redirect", "/_launchpad/replica/\(replica.port)/\(request.method.rawValue)" + (isPrivate ? "/private" : ""))
            return Response(status: 200, headers: headers)
        }
    }
}
