import LaunchpadHTTP
import Testing

/// Seed 002's security headers on every answer, and CORS for the origins allowed only.
struct SecurityHeadersTests {
    /// As the application mounts them: around every request, outside the groups.
    private func responder(origins: [String]) -> Responder {
        var group = RouteGroup(prefix: "/", renderer: PlainErrors(), authentication: nil)
        group.get("/thing") { _ in try .json(["ok": true]) }
        group.get("/own") { _ in
            var response = try Response.json(["ok": true])
            response.headers.add("content-security-policy", "default-src 'self'")
            response.headers.add("Cache-Control", "max-age=60")
            return response
        }
        return Responder(groups: [group], middleware: [CORSMiddleware(allowedOrigins: origins)], securityHeaders: SecurityHeaders())
    }

    private func request(_ method: HTTPMethod, _ path: String, _ headers: [(String, String)] = []) -> Request {
        var fields = HTTPHeaders()
        for (name, value) in headers { fields.add(name, value) }
        return Request(method: method, uri: path, headers: fields, body: [], declaredBodyLength: nil, remoteAddress: "127.0.0.1")
    }

    @Test func everyAnswerCarriesTheSecurityHeadersErrorsToo() {
        let responder = responder(origins: [])
        for response in [responder.respond(to: request(.get, "/thing")), responder.respond(to: request(.get, "/missing")),
                         responder.respond(to: request(.post, "/thing"))] {
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
            #expect(response.headers["X-Frame-Options"] == "DENY")
            #expect(response.headers["Referrer-Policy"] == "no-referrer")
            #expect(response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'")
            #expect(response.headers["Cache-Control"] == nil, "no key, no no-store")
        }
        #expect(responder.respond(to: request(.get, "/thing", [("X-API-Key", "alk_x")])).headers["Cache-Control"] == "no-store")
        #expect(responder.respond(to: request(.get, "/thing", [("Authorization", "Bearer x")])).headers["Cache-Control"] == "no-store")
    }

    @Test func aHeaderTheAnswerHasIsLeftAsItIs() {
        let response = responder(origins: []).respond(to: request(.get, "/own", [("X-API-Key", "alk_x")]))
        #expect(response.headers.values(of: "Content-Security-Policy") == ["default-src 'self'"])
        #expect(response.headers.values(of: "Cache-Control") == ["max-age=60"])
        #expect(response.headers.values(of: "X-Frame-Options") == ["DENY"])
    }

    @Test func onlyAllowedOriginsGetCORSAndTheirPreflightsAnswered() {
        let responder = responder(origins: ["https://app.example.com"])
        let preflight = responder.respond(to: request(.options, "/thing", [("Origin", "https://app.example.com"), ("Access-Control-Request-Method", "POST")]))
        #expect(preflight.status == 204)
        #expect(preflight.headers["Access-Control-Allow-Origin"] == "https://app.example.com")
        #expect(preflight.headers["Access-Control-Allow-Headers"]?.contains("X-API-Key") == true)
        #expect(preflight.headers["Vary"] == "Origin")
        let simple = responder.respond(to: request(.get, "/thing", [("Origin", "https://app.example.com")]))
        #expect(simple.status == 200)
        #expect(simple.headers["Access-Control-Allow-Origin"] == "https://app.example.com")
        #expect(simple.headers["Access-Control-Expose-Headers"]?.contains("X-Request-Id") == true)
        let stranger = responder.respond(to: request(.options, "/thing", [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")]))
        #expect(stranger.status == 405)
        #expect(stranger.headers["Access-Control-Allow-Origin"] == nil)
        let none = self.responder(origins: []).respond(to: request(.get, "/thing", [("Origin", "https://app.example.com")]))
        #expect(none.headers["Access-Control-Allow-Origin"] == nil)
    }
}
