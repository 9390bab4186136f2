import LaunchpadConsole
import LaunchpadHTTP

/// The web console at `/console/`: static files the binary carries (console/, embedded by
/// scripts/embed-console.py), public, since signing in happens in the page with an API key. Every
/// answer carries a strict Content-Security-Policy: scripts, styles and connections to this origin
/// only, no inline code, no frames, no plugins.
enum ConsoleController {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    static func group() -> RouteGroup {
        var group = RouteGroup(prefix: "/console", renderer: ConsoleErrors(), authentication: nil)
        // `/console` and `/console/` are one route; only the second resolves the page's relative links.
        group.get("/console/") { request in
            guard request.rawPath.hasSuffix("/") else {
                var headers = securityHeaders()
                headers.add("Location", "/console/")
                return Response(status: 308, headers: headers)
            }
            return try file("index.html")
        }
        group.get("/console/{file}") { request in try file(try request.parameter("file")) }
        group.get("/console/views/{file}") { request in try file("views/" + (try request.parameter("file"))) }
        return group
    }

    private static func file(_ path: String) throws -> Response {
        guard let asset = ConsoleAssets.files[path] else { throw HTTPError.notFound(path: "/console/" + path) }
        var headers = securityHeaders()
        headers.add("Content-Type", asset.contentType)
        headers.add("Cache-Control", "no-cache")
        return Response(status: 200, headers: headers, body: .bytes(Array(asset.text.utf8)))
    }

    static func securityHeaders() -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add("Content-Security-Policy", contentSecurityPolicy)
        headers.add("X-Content-Type-Options", "nosniff")
        headers.add("X-Frame-Options", "DENY")
        headers.add("Referrer-Policy", "no-referrer")
        return headers
    }

    /// The console's errors: plain text with the status, and its security headers.
    struct ConsoleErrors: ErrorRenderer {
        func response(for error: any Error, to request: Request) -> Response {
            var response = PlainErrors().response(for: error, to: request)
            for header in securityHeaders() { response.headers.set(header.name, header.value) }
            return response
        }
    }
}
