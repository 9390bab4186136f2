import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP

/// The agent's url (`http://<agentId>.agents.<domain>`), answering nginx's wildcard agents' server
/// (README, "The agent's url"). nginx asks two things here, both without the request's body:
///
/// - `/_launchpad/agent/<agentId><path>`, its `auth_request` before it reads the body: launchpad
///   checks the agent and its access and picks a ready replica, answering 200 with
///   `X-Launchpad-Replica: <port>` (and `X-Launchpad-Private: 1` for a private agent, whose
///   caller's key nginx then keeps from the agent). nginx proxies the request there itself,
///   unbuffered both ways, so no launchpad thread is held while an agent reads or streams.
///   A refusal (404 unknown agent, 503 none ready, 401 or 404 for a private agent) keeps its status
///   and carries its seed 001 envelope in `X-Launchpad-Refusal`, since nginx drops an auth
///   subrequest's body: nginx answers it from there with `return`, which discards the request's
///   body instead of reading it.
/// - nginx's own refusals of the agents' server (`LAUNCHPAD_PROXY_STATUS`: 400, 408, 413, ...), in
///   the envelope by `ProxyRejectionMiddleware`, the one home of those answers.
enum AgentURL {
    static let prefix = "/_launchpad/agent"

    static func group(services: Services, maxBodySize: Int) -> RouteGroup {
        RouteGroup(
            prefix: prefix, renderer: ErrorEnvelope.Renderer(), authentication: nil,
            before: [ProxyRejectionMiddleware(bodyLimit: maxBodySize), Check(services: services)])
    }

    /// Answers every method and path under the prefix (the agent serves whatever it serves).
    struct Check: Middleware {
        let services: Services

        func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
            do {
                return try replica(for: request)
            } catch {
                let envelope = ErrorEnvelope.Renderer().response(for: error, to: request)
                var refusal = Response(status: envelope.status, headers: envelope.headers)
                if case .bytes(let body) = envelope.body {
                    refusal.headers.set("X-Launchpad-Refusal", String(decoding: body, as: UTF8.self))
                }
                return refusal
            }
        }

        private func replica(for request: Request) throws -> Response {
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
            headers.add("X-Launchpad-Replica", String(replica.port))
            if isPrivate { headers.add("X-Launchpad-Private", "1") }
            return Response(status: 200, headers: headers)
        }
    }
}
