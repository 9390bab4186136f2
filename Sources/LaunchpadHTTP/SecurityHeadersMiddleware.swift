/// The headers every answer of the API carries (seed 002's list): `X-Content-Type-Options`,
/// `X-Frame-Options`, `Referrer-Policy`, a `Content-Security-Policy` that lets an API answer load
/// nothing, and `Cache-Control: no-store` on an answer to a caller that presented a key (unless the
/// route set its own, as a stream does). A header the answer already has stays as it is: the web
/// console's pages set a policy of their own that lets them load their scripts and styles. HSTS is
/// nginx's, where TLS is on.
public struct SecurityHeadersMiddleware: Middleware {
    public init() {}

    public static let headers: [(name: String, value: String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ]

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        var response = try next(request)
        for header in Self.headers where response.headers[header.name] == nil { response.headers.set(header.name, header.value) }
        let presentedKey = request.headers["X-API-Key"] != nil || request.headers["Authorization"] != nil
        if presentedKey, response.headers["Cache-Control"] == nil { response.headers.set("Cache-Control", "no-store") }
        return response
    }
}
