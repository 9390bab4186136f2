/// Cross-origin requests from the origins allowed (none by default; `*` allows any): a preflight
/// (`OPTIONS` with `Access-Control-Request-Method`) from one is answered 204 before routing and
/// authentication, and every answer to one names it in `Access-Control-Allow-Origin`. Requests
/// from other origins get no CORS headers, so browsers keep their answers from the page.
public struct CORSMiddleware: Middleware {
    public let allowedOrigins: Set<String>

    public static let allowedMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
    public static let allowedHeaders = "X-API-Key, Authorization, Content-Type, X-Correlation-ID, If-Match"
    public static let exposedHeaders = "X-Request-Id, X-Correlation-ID, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, ETag"

    public init(allowedOrigins: [String]) {
        self.allowedOrigins = Set(allowedOrigins)
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        guard let origin = request.headers["Origin"], allowedOrigins.contains(origin) || allowedOrigins.contains("*") else {
            return try next(request)
        }
        var response: Response
        if request.method == .options, request.headers["Access-Control-Request-Method"] != nil {
            response = Response(status: 204)
            response.headers.set("Access-Control-Allow-Methods", Self.allowedMethods)
            response.headers.set("Access-Control-Allow-Headers", Self.allowedHeaders)
            response.headers.set("Access-Control-Max-Age", "600")
        } else {
            response = try next(request)
            response.headers.set("Access-Control-Expose-Headers", Self.exposedHeaders)
        }
        response.headers.set("Access-Control-Allow-Origin", origin)
        response.headers.set("Vary", "Origin")
        return response
    }
}
