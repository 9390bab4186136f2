/// What the middleware learns about a request on its way in, shared by reference with the steps
/// around it (the access log reads the key id that authentication found). One per request, used on
/// the request's worker thread only.
public final class RequestContext: @unchecked Sendable {
    /// The authenticated caller, as the identity layer represents it.
    public var principal: (any Sendable)?
    /// The API key id of the caller, for logs. Never the key.
    public var keyId: String?
    /// The route pattern that matched (`/api/agents/{agentId}`), for metrics; nil when none did.
    public var route: String?
    /// Whether the route is answered without authentication (false when no route matched).
    public var routeIsPublic = false
    /// The rate-limit verdict of the caller's key: its headers go on every response to this
    /// request, an error's too. Kept as the verdict, not as a list of headers, so that the
    /// responder writes them straight into the answer.
    public var rateLimit: RateLimitDecision?
    /// Other headers every response to this request carries, set after the rate-limit ones.
    public var responseHeaders: [(name: String, value: String)] = []
    /// The decoded path and the route found for it, set by the responder before any middleware of
    /// the route's group runs.
    var segments: Result<[String], HTTPError> = .success([])
    var match: Result<RouteMatch, HTTPError>?

    public init() {}
}
