/// Routes under one path prefix that share their middleware, their error envelope and their
/// authentication: one API dialect (seed 001 under `/api`), or one endpoint apart (`/metrics`).
///
/// A route is authenticated unless it is registered `public`, or the group has no authentication
/// (then the group itself says that every route in it is open, and checks what it needs itself).
public struct RouteGroup: Sendable {
    /// The leading path segments the group claims (`["api"]`), decoded.
    public let prefix: [String]
    public let renderer: any ErrorRenderer
    /// Runs first, before authentication (nginx's refusals answered in the envelope, say).
    public var before: [any Middleware]
    /// Runs for every route that is not public; nil when the group has no authentication.
    public let authentication: (any Middleware)?
    /// Runs after authentication, before the handler (body validation, say).
    public var after: [any Middleware]
    public private(set) var router = Router()

    /// - Parameter prefix: `/api`, or `/` for a group that claims every path no other group does.
    public init(prefix: String, renderer: any ErrorRenderer, authentication: (any Middleware)?, before: [any Middleware] = [], after: [any Middleware] = []) {
        self.prefix = prefix.split(separator: "/").map(String.init)
        self.renderer = renderer
        self.authentication = authentication
        self.before = before
        self.after = after
    }

    /// Registers `handler` for `method` on `pattern`, a full path (`/api/agents/{agentId}`) under
    /// the group's prefix. `public` routes skip the group's authentication.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, public isPublic: Bool = false, handler: @escaping Handler) {
        precondition(pattern.split(separator: "/").starts(with: prefix.map { Substring($0) }), "\(pattern) is outside the group \(prefix)")
        router.on(method, pattern, isPublic: isPublic || authentication == nil, handler: handler)
    }

    public mutating func get(_ pattern: String, public isPublic: Bool = false, handler: @escaping Handler) { on(.get, pattern, public: isPublic, handler: handler) }
    public mutating func post(_ pattern: String, public isPublic: Bool = false, handler: @escaping Handler) { on(.post, pattern, public: isPublic, handler: handler) }
    public mutating func put(_ pattern: String, public isPublic: Bool = false, handler: @escaping Handler) { on(.put, pattern, public: isPublic, handler: handler) }
    public mutating func delete(_ pattern: String, public isPublic: Bool = false, handler: @escaping Handler) { on(.delete, pattern, public: isPublic, handler: handler) }

    /// Uses `router`'s routes (for a group made around a router built elsewhere).
    mutating func replaceRouter(_ router: Router) {
        self.router = router
    }

    /// Whether `segments` (a decoded path) fall under the prefix.
    func claims(_ segments: [String]) -> Bool {
        segments.starts(with: prefix)
    }
}
