/// A handler answers one request synchronously on the worker thread that accepted it.
public typealias Handler = @Sendable (Request) throws -> Response

/// Routes by method and path pattern (`/api/agents/{agentId}/status`).
///
/// Literal segments win over parameters. A path that matches no pattern is 404 `NOT_FOUND`;
/// a path that matches with another method is 405 `METHOD_NOT_ALLOWED` with `Allow`.
/// HEAD is answered by the GET handler.
public struct Router: Sendable {
    private var root = Node()

    public init() {}

    /// Registers `handler` for `method` on `pattern`. Segments written `{name}` bind parameters.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, handler: @escaping Handler) {
        let segments = pattern.split(separator: "/").map(Segment.init)
        root.insert(segments[...], method: method, pattern: pattern, handler: handler)
    }

    public mutating func get(_ pattern: String, handler: @escaping Handler) { on(.get, pattern, handler: handler) }
    public mutating func post(_ pattern: String, handler: @escaping Handler) { on(.post, pattern, handler: handler) }
    public mutating func put(_ pattern: String, handler: @escaping Handler) { on(.put, pattern, handler: handler) }
    public mutating func delete(_ pattern: String, handler: @escaping Handler) { on(.delete, pattern, handler: handler) }

    /// Finds the handler for `request` and runs it with the path parameters bound.
    public func dispatch(_ request: Request) throws -> Response {
        var request = request
        let rawPath = request.rawPath
        var parameters: [String: String] = [:]
        var node = root
        for rawSegment in rawPath.split(separator: "/") {
            guard let segment = PercentDecoding.decode(rawSegment, plusIsSpace: false) else {
                throw APIError.validation(field: "path", "segment '\(rawSegment)' has a broken percent-escape")
            }
            if let next = node.literals[segment] {
                node = next
            } else if let (name, next) = node.parameter {
                parameters[name] = segment
                node = next
            } else {
                throw APIError.notFound(path: String(rawPath))
            }
        }
        guard !node.handlers.isEmpty else { throw APIError.notFound(path: String(rawPath)) }
        let method = request.method == .head ? HTTPMethod.get : request.method
        guard let route = node.handlers[method] else {
            throw APIError.methodNotAllowed(request.method, path: String(rawPath), allowed: node.allowedMethods)
        }
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
        var handlers: [HTTPMethod: (pattern: String, handler: Handler)] = [:]

        mutating func insert(_ segments: ArraySlice<Segment>, method: HTTPMethod, pattern: String, handler: @escaping Handler) {
            guard let first = segments.first else {
                handlers[method] = (pattern, handler)
                return
            }
            switch first {
            case .literal(let text):
                literals[text, default: Node()].insert(segments.dropFirst(), method: method, pattern: pattern, handler: handler)
            case .parameter(let name):
                var child = parameter?.node ?? Node()
                precondition(parameter == nil || parameter?.name == name, "conflicting parameter names at one position: \(name)")
                child.insert(segments.dropFirst(), method: method, pattern: pattern, handler: handler)
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
