import Foundation
import LaunchpadHTTP
import Testing

struct ResponderTests {
    struct Echo: Codable { var name: String }

    private func makeResponder(limit: Int = 64) -> Responder {
        var router = Router()
        router.post("/echo") { request in
            try .json(try JSON.decode(Echo.self, from: request.body))
        }
        router.get("/boom") { _ in throw CocoaError(.fileNoSuchFile) }
        return Responder(router: router, middleware: [RequestValidationMiddleware(limit: limit)], renderer: KindRenderer())
    }

    /// What the HTTP layer says of an error, as a dialect's renderer receives it.
    struct Rendered: Codable {
        var kind: String
        var message: String
        var field: String?
        var requestId: String
    }

    /// Renders an `HTTPError`'s kind, message and field (anything else as `internalError`), so that
    /// the tests see what a dialect's renderer is given.
    struct KindRenderer: ErrorRenderer {
        func response(for error: any Error, to request: Request) -> Response {
            let sent = error as? HTTPError ?? .internalError
            let rendered = Rendered(kind: sent.kind.rawValue, message: sent.message, field: sent.field, requestId: request.id)
            var response = (try? Response.json(rendered)) ?? Response(status: 500)
            response.status = sent.status
            for (name, value) in sent.headers { response.headers.set(name, value) }
            return response
        }
    }

    private func envelope(_ response: Response) throws -> Rendered {
        try JSONDecoder().decode(Rendered.self, from: Data(response.bodyBytes))
    }

    private func post(_ body: String, contentType: String? = "application/json", declared: Int? = nil) -> Response {
        var headers = HTTPHeaders()
        if let contentType { headers.add("Content-Type", contentType) }
        let bytes = Array(body.utf8)
        return makeResponder().respond(to: Request(method: .post, uri: "/echo", headers: headers, body: bytes, declaredBodyLength: declared ?? bytes.count))
    }

    @Test func requestIdIsInTheHeaderAndTheEnvelope() throws {
        let response = makeResponder().respond(to: Request(method: .get, uri: "/nope"))
        let envelope = try envelope(response)
        #expect(response.status == 404)
        #expect(envelope.kind == "notFound")
        #expect(response.headers["X-Request-Id"] == envelope.requestId)
        #expect(envelope.requestId.hasPrefix("req-"))
    }

    @Test func internalErrorsDoNotLeakDetails() throws {
        let response = makeResponder().respond(to: Request(method: .get, uri: "/boom"))
        #expect(response.status == 500)
        let envelope = try envelope(response)
        #expect(envelope.kind == "internalError")
        #expect(!envelope.message.contains("fileNoSuchFile"))
        #expect(!String(decoding: response.bodyBytes, as: UTF8.self).contains("Cocoa"))
    }

    @Test func validBodyReachesTheHandler() {
        let response = post(#"{"name":"x"}"#)
        #expect(response.status == 200)
        #expect(String(decoding: response.bodyBytes, as: UTF8.self) == #"{"name":"x"}"#)
    }

    @Test func bodyOverTheLimitIs413() throws {
        let response = post(String(repeating: " ", count: 65) + "{}")
        #expect(response.status == 413)
        #expect(try envelope(response).kind == "payloadTooLarge")
    }

    @Test func declaredLengthOverTheLimitIs413WithoutABody() {
        let response = makeResponder().respond(to: Request(method: .post, uri: "/echo", declaredBodyLength: 1 << 40))
        #expect(response.status == 413)
    }

    @Test func bodyShorterThanDeclaredIs400() throws {
        let response = post(#"{"name":"x"}"#, declared: 40)
        #expect(response.status == 400)
        #expect(try envelope(response).field == "Content-Length")
    }

    @Test func missingContentTypeIs415() throws {
        let response = post(#"{"name":"x"}"#, contentType: nil)
        #expect(response.status == 415)
        #expect(try envelope(response).field == "Content-Type")
        #expect(post(#"{"name":"x"}"#, contentType: "text/plain").status == 415)
        #expect(post(#"{"name":"x"}"#, contentType: "application/json; charset=utf-8").status == 200)
    }

    @Test func decodingErrorNamesTheField() throws {
        let response = post(#"{"name":3}"#)
        #expect(response.status == 400)
        #expect(try envelope(response).field == "name")
    }

    @Test func brokenQueryIsRefusedBeforeRouting() throws {
        let response = makeResponder().respond(to: Request(method: .get, uri: "/nope?x=%"))
        #expect(response.status == 400)
        #expect(try envelope(response).field == "query.x")
    }

    @Test func rateLimitDecisionCarriesItsHeaders() throws {
        var response = Response(status: 200)
        RateLimitDecision(allowed: true, limit: 100, remaining: 95, resetEpochSeconds: 1_642_252_800).apply(to: &response)
        #expect(response.headers["X-RateLimit-Limit"] == "100")
        #expect(response.headers["X-RateLimit-Remaining"] == "95")
        #expect(response.headers["X-RateLimit-Reset"] == "1642252800")
        #expect(response.headers["Retry-After"] == nil)

        let refused = RateLimitDecision(allowed: false, limit: 100, remaining: 0, resetEpochSeconds: 1_642_252_800, retryAfterSeconds: 42)
        #expect(refused.refusal.status == 429)
        #expect(refused.refusal.kind == .tooManyRequests)
        #expect(refused.refusal.headers["Retry-After"] == "42")
        #expect(refused.refusal.headers["X-RateLimit-Remaining"] == "0")
    }

    @Test func proxyRejectionsBecomeErrors() throws {
        let responder = Responder(router: Router(), middleware: [ProxyRejectionMiddleware(bodyLimit: 10)], renderer: KindRenderer())
        let cases = [
            (413, "payloadTooLarge", 413), (414, "uriTooLong", 414), (494, "headersTooLarge", 431), (400, "badRequest", 400),
            (408, "requestTimeout", 408), (404, "notFound", 404), (497, "badRequest", 400), (500, "internalError", 500),
            (501, "notImplemented", 501), (505, "httpVersionNotSupported", 505),
        ]
        for (status, kind, answered) in cases {
            var request = Request(method: .get, uri: "/x")
            request.proxyRejectedStatus = status
            let response = responder.respond(to: request)
            #expect(try envelope(response).kind == kind, "nginx's \(status)")
            #expect(response.status == answered, "nginx's \(status)")
        }
    }

    @Test func aTraceGetsTheRoutesAllow() throws {
        var router = Router()
        router.get("/x") { _ in Response() }
        let responder = Responder(router: router, middleware: [ProxyRejectionMiddleware(bodyLimit: 10)], renderer: KindRenderer())
        let response = responder.respond(to: Request(method: .trace, uri: "/x"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "GET, HEAD")
        #expect(try envelope(response).message == "Method TRACE is not allowed on '/x'; allowed: GET, HEAD")
    }
}
