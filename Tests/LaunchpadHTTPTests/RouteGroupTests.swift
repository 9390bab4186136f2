import Foundation
import LaunchpadHTTP
import Testing

/// Route groups: each claims a prefix, renders its errors in its own envelope, and authenticates
/// every route that is not public; the path is decoded once, for the group and the route alike.
struct RouteGroupTests {
    /// A dialect whose envelope is `{"error":"message"}`.
    struct PlainEnvelope: ErrorRenderer {
        func response(for error: any Error, to request: Request) -> Response {
            let message = (error as? HTTPError)?.message ?? "internal error"
            let status = (error as? HTTPError)?.status ?? 500
            return Response(status: status, body: .bytes(Array(#"{"error":"\#(message)"}"#.utf8)))
        }
    }

    /// Lets a request through only with `X-Token: yes`.
    struct TokenCheck: Middleware {
        func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
            guard request.headers["X-Token"] == "yes" else { throw HTTPError(.unauthorized, "no token") }
            request.context.responseHeaders.append((name: "X-Checked", value: "1"))
            return try next(request)
        }
    }

    private func responder() -> Responder {
        var api = RouteGroup(prefix: "/api", renderer: ResponderTests.KindRenderer(), authentication: TokenCheck())
        api.get("/api/health", public: true) { _ in Response(status: 200) }
        api.get("/api/agents") { _ in Response(status: 200) }
        api.get("/api/fail") { _ in throw HTTPError(.tooManyRequests, "busy") }
        var other = RouteGroup(prefix: "/v1", renderer: PlainEnvelope(), authentication: TokenCheck())
        other.get("/v1/agents") { _ in throw HTTPError(.tooManyRequests, "busy") }
        return Responder(groups: [api, other])
    }

    private func get(_ uri: String, token: Bool = false) -> Response {
        var headers = HTTPHeaders()
        if token { headers.add("X-Token", "yes") }
        return responder().respond(to: Request(method: .get, uri: uri, headers: headers))
    }

    @Test func aRouteIsAuthenticatedUnlessItSaysItIsPublic() {
        #expect(get("/api/agents").status == 401)
        #expect(get("/api/agents", token: true).status == 200)
        #expect(get("/api/agents", token: true).headers["X-Checked"] == "1", "the authentication's headers reach the answer")
        #expect(get("/api/health").status == 200)
        #expect(get("/api/unknown").status == 401, "an unknown path under a group is authenticated first")
        #expect(get("/api/unknown", token: true).status == 404)
    }

    @Test func theCanonicalPathDecidesTheGroupAndTheRoute() {
        for uri in ["//api/agents", "/%61pi/agents", "/api//agents", "/api/%61gents"] {
            #expect(get(uri).status == 401, "\(uri) is /api/agents, and needs the token")
            #expect(get(uri, token: true).status == 200, "\(uri) reaches the route")
        }
        #expect(get("/api/%zz").status == 401, "a broken escape under /api is authenticated first")
        #expect(get("/api/%zz", token: true).status == 400, "then refused")
    }

    @Test func eachGroupRendersItsOwnEnvelope() throws {
        let launchpad = get("/api/fail", token: true)
        #expect(launchpad.status == 429)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(launchpad.bodyBytes)) as? [String: Any])
        #expect(body["kind"] as? String == "tooManyRequests")
        let other = get("/v1/agents", token: true)
        #expect(other.status == 429)
        #expect(String(decoding: other.bodyBytes, as: UTF8.self) == #"{"error":"busy"}"#)
        #expect(String(decoding: get("/v1/agents").bodyBytes, as: UTF8.self) == #"{"error":"no token"}"#)
    }

    @Test func aPathNoGroupClaimsIsAPlain404() {
        let response = get("/elsewhere")
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(response.headers["X-Request-Id"] != nil)
    }

    @Test func aMethodThePathLacksIsAnswered405WithoutAuthenticationOnAPublicPath() {
        let response = responder().respond(to: Request(method: .post, uri: "/api/health"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "GET, HEAD")
        #expect(responder().respond(to: Request(method: .post, uri: "/api/agents")).status == 401, "not on a path that needs the token")
    }
}
