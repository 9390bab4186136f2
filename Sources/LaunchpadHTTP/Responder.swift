import Foundation

/// Turns a request into a response: assigns the request id, finds the route group that claims the
/// path, runs the middleware around every request, then the group's own (authentication unless
/// the route is public) and the route; any error becomes the group's envelope. It never throws, so
/// a transport only copies bytes.
///
/// A path no group claims is a plain 404 (`unclaimed`). A request nginx refused and passed on only
/// for its error body goes to the group of its path, or to the first group when none claims it.
/// The chains are composed once, here, not per request.
public struct Responder: Sendable {
    /// A group with its two chains composed: for routes that need authentication, and for public ones.
    /// A class, so that finding a request's group hands out a reference rather than copying the
    /// group's fields (each a retain and a release per request).
    private final class Mounted: Sendable {
        let group: RouteGroup
        let authenticated: Chain
        let open: Chain

        init(group: RouteGroup, authenticated: @escaping Chain, open: @escaping Chain) {
            self.group = group
            self.authenticated = authenticated
            self.open = open
        }
    }

    private typealias Chain = @Sendable (Request) throws -> Response

    private let mounted: [Mounted]
    private let primary: Mounted?
    private let unclaimed: any ErrorRenderer
    private let outer: @Sendable (Request, Mounted?) throws -> Response
    private let securityHeaders: SecurityHeaders?

    /// - Parameters:
    ///   - groups: the mounted groups; a longer prefix wins over a shorter one.
    ///   - middleware: runs around every request, outermost first (the access log, the metrics).
    ///   - securityHeaders: added to every answer (see `SecurityHeaders`); nil adds none.
    public init(
        groups: [RouteGroup], middleware: [any Middleware] = [], securityHeaders: SecurityHeaders? = nil, unclaimed: any ErrorRenderer = PlainNotFound()
    ) {
        let mounted = groups.map { group in
            let steps = group.before + (group.authentication.map { [$0] } ?? []) + group.after
            return Mounted(group: group, authenticated: Self.compose(steps), open: Self.compose(group.before + group.after))
        }
        primary = mounted.first
        self.mounted = mounted.enumerated()
            .sorted { ($0.element.group.prefix.count, -$0.offset) > ($1.element.group.prefix.count, -$1.offset) }
            .map(\.element)
        self.unclaimed = unclaimed
        self.securityHeaders = securityHeaders
        var outer: @Sendable (Request, Mounted?) throws -> Response = { request, mounted in
            guard let mounted else { return unclaimed.response(for: HTTPError.notFound(path: String(request.rawPath)), to: request) }
            return Self.answer(request, in: mounted)
        }
        for step in middleware.reversed() {
            let next = outer
            outer = { request, mounted in try step.handle(request) { try next($0, mounted) } }
        }
        self.outer = outer
    }

    /// One group at `/` with `router`, errors as `PlainErrors`, no authentication, and `middleware`
    /// before its routes: for tests of the HTTP layer alone.
    public init(router: Router, middleware: [any Middleware], renderer: any ErrorRenderer = PlainErrors()) {
        var group = RouteGroup(prefix: "/", renderer: renderer, authentication: nil, before: middleware)
        group.replaceRouter(router)
        self.init(groups: [group])
    }

    public func respond(to request: Request) -> Response {
        var request = request
        request.id = RequestID.make()
        let segments = Result { () throws(HTTPError) in try request.pathSegments() }
        request.context.segments = segments
        // A path that cannot be decoded goes to the group its raw segments name, which answers 400.
        let path = (try? segments.get()) ?? request.rawPath.split(separator: "/").map(String.init)
        let claimed = mounted.first { $0.group.claims(path) }
        let group = claimed ?? (request.proxyRejectedStatus != nil ? primary : nil)
        var response: Response
        do {
            response = try outer(request, group)
        } catch {
            response = (group?.group.renderer ?? unclaimed).response(for: error, to: request)
        }
        // Room for every header added below at once, rather than one allocation per doubling.
        response.headers.reserveCapacity(
            response.headers.count + RateLimitDecision.maximumFieldCount + request.context.responseHeaders.count + 1 + SecurityHeaders.maximumAdded)
        request.context.rateLimit?.apply(to: &response)
        for header in request.context.responseHeaders { response.headers.set(header.name, header.value) }
        response.headers.set("X-Request-Id", request.id)
        securityHeaders?.apply(to: &response, for: request)
        return response
    }

    /// The group's middleware and the route, with any error in the group's envelope.
    private static func answer(_ request: Request, in mounted: Mounted) -> Response {
        let match = request.context.segments.flatMap { path in
            Result { () throws(HTTPError) in try mounted.group.router.match(request.method, path, rawPath: request.rawPath) }
        }
        request.context.match = match
        switch match {
        case .success(let found):
            request.context.route = found.route.pattern
            request.context.routeIsPublic = found.route.isPublic
        case .failure(let error) where error.kind == .methodNotAllowed:
            request.context.routeIsPublic = (try? request.context.segments.get()).map(mounted.group.router.isPublicPath) ?? false
        case .failure:
            break
        }
        do {
            return try (request.context.routeIsPublic ? mounted.open : mounted.authenticated)(request)
        } catch {
            return mounted.group.renderer.response(for: error, to: request)
        }
    }

    /// `steps` around the route found for the request.
    private static func compose(_ steps: [any Middleware]) -> Chain {
        var chain: Chain = { request in
            guard let match = request.context.match else { throw HTTPError.notFound(path: String(request.rawPath)) }
            return try match.get().run(request)
        }
        for step in steps.reversed() {
            let next = chain
            chain = { request in try step.handle(request) { try next($0) } }
        }
        return chain
    }
}
