/// A handler answers one request synchronously on the worker thread that accepted it.
public typealias Handler = @Sendable (Request) throws -> Response

/// Routes by method and path pattern (`/api/agents/{agentId}/status`).
///
/// Literal segments win over parameters. A path that matches no pattern is 404 `NOT_FOUND`;
/// a path that matches with another method is 405 `METHOD_NOT_ALLOWED` with `Allow`.
/// HEAD is answered by the GET handler. Paths are matched decoded, segment by segment
/// (`Request.pathSegments`), so `//api/x` and `/%61pi/x` are `/api/x`.
public struct Router: Sendable {
    private var root = Node()

    public init() {}

    /// Registers `handler` for `method` on `pattern`. Segments written `{name}` bind parameters.
    /// A public route is answered without authentication (see `RouteGroup`).
    public mutating func on(_ method: HTTPMethod, _ pattern: String, isPublic: Bool = false, handler: @escaping Handler) {
        let segments = pattern.split(separator: "/").map(Segment.init)
        root.insert(segments[...], method: method, route: Route(pattern: pattern, isPublic: isPublic, handler: handler))
    }

    public mutating func get(_ pattern: String, handler: @escaping Handler) { on(.get, pattern, handler: handler) }
    public mutating func post(_ pattern: String, handler: @escaping Handler) { on(.post, pattern, handler: handler) }
    public mutating func put(_ pattern: String, handler: @escaping Handler) { on(.put, pattern, handler: handler) }
    public mutating func delete(_ pattern: String, handler: @escaping Handler) { on(.delete, pattern, handler: handler) }

    /// The route for `method` on the decoded path `segments`, with its parameters bound.
    public func match(_ method: HTTPMethod, _ segments: [String], rawPath: Substring) throws(HTTPError) -> RouteMatch {
        var parameters: [String: String] = [:]
        var node = root
        for segment in segments {
            if let next = node.literals[segment] {
                node = next
            } else if let (name, next) = node.parameter {
                parameters[name] = segment
                node = next
            } else {
                throw HTTPError.notFound(path: String(rawPath))
            }
        }
        guard !node.handlers.isEmpty else { throw HTTPError.notFound(path: String(rawPath)) }
        guard let route = node.handlers[method == .head ? .get : method] else {
            throw HTTPError.methodNotAllowed(method, path: String(rawPath), allowed: node.allowedMethods)
        }
        return RouteMatch(route: route, parameters: parameters)
    }

    /// Whether every route on the path is public, for a method the path does not have: such a
    /// request gets its 405 without authentication, as the path's own methods would.
    public func isPublicPath(_ segments: [String]) -> Bool {
        var node = root
        for segment in segments {
            guard let next = node.literals[segment] ?? node.parameter?.node else { return false }
            node = next
        }
        return !node.handlers.isEmpty && node.handlers.values.allSatisfy(\.isPublic)
    }

    /// Finds the handler for `request` and runs it with the path parameters bound.
    public func dispatch(_ request: Request) throws -> Response {
        try match(request.method, try request.pathSegments(), rawPath: request.rawPath).run(request)
    }
}

/// A route as registered: its pattern, whether it is public, its handler.
public struct Route: Sendable {
    public let pattern: String
    public let isPublic: Bool
    let handler: Handler
}

/// A route found for a request, with the path parameters it binds.
public struct RouteMatch: Sendable {
    public let route: Route
    public let parameters: [String: String]

    /// Runs the handler with the parameters bound and the route recorded.
    public func run(_ request: Request) throws -> Response {
        var request = request
        request.parameters = parameters
        request.context.route = route.pattern
        return try route.handler(request)
    }
}

extension Router {
    fileprivate enum Segment {
        case literal(String)
        case parameter(String)

        init(_ text: Substring) {
            if text.hasPrefix("{") && text.hasSuffix("}") {
                self = .parameter(String(text.dropFirst().dropLast()))
            } else {
                self = .literal(String(text))
            }
        }
    }

    fileprivate struct Node: Sendable {
        var literals: [String: Node] = [:]
        /// At most one element; an array because a struct cannot hold an optional of itself.
        var parameterChild: [(name: String, node: Node)] = []
        var parameter: (name: String, node: Node)? { parameterChild.first }
        var handlers: [HTTPMethod: Route] = [:]

        mutating func insert(_ segments: ArraySlice<Segment>, method: HTTPMethod, route: Route) {
            guard let first = segments.first else {
                handlers[method] = route
                return
            }
            switch first {
            case .literal(let text):
                literals[text, default: Node()].insert(segments.dropFirst(), method: method, route: route)
            case .parameter(let name):
                var child = parameter?.node ?? Node()
                precondition(parameter == nil || parameter?.name == name, "conflicting parameter names at one position: \(name)")
                child.insert(segments.dropFirst(), method: method, route: route)
                parameterChild = [(name, child)]
            }
        }

        var allowedMethods: [HTTPMethod] {
            var methods = Array(handlers.keys)
            if handlers[.get] != nil { methods.append(.head) }
            return methods.sorted { $0.rawValue < $1.rawValue }
        }
    }
}
