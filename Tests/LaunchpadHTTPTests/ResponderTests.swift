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
        return Responder(router: router, middleware: [RequestValidationMiddleware(limit: limit)])
    }

    private func envelope(_ response: Response) throws -> ErrorEnvelope {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ErrorEnvelope.self, from: Data(response.bodyBytes))
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
        #expect(envelope.error.code == "NOT_FOUND")
        #expect(response.headers["X-Request-Id"] == envelope.error.requestId)
        #expect(envelope.error.requestId.hasPrefix("req-"))
    }

    @Test func internalErrorsDoNotLeakDetails() throws {
        let response = makeResponder().respond(to: Request(method: .get, uri: "/boom"))
        #expect(response.status == 500)
        let envelope = try envelope(response)
        #expect(envelope.error.code == "INTERNAL_ERROR")
        #expect(!envelope.error.message.contains("fileNoSuchFile"))
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
        #expect(try envelope(response).error.code == "PAYLOAD_TOO_LARGE")
    }

    @Test func declaredLengthOverTheLimitIs413WithoutABody() {
        let response = makeResponder().respond(to: Request(method: .post, uri: "/echo", declaredBodyLength: 1 << 40))
        #expect(response.status == 413)
    }

    @Test func bodyShorterThanDeclaredIs400() throws {
        let response = post(#"{"name":"x"}"#, declared: 40)
        #expect(response.status == 400)
        #expect(try envelope(response).error.field == "Content-Length")
    }

    @Test func missingContentTypeIs415() throws {
        let response = post(#"{"name":"x"}"#, contentType: nil)
        #expect(response.status == 415)
        #expect(try envelope(response).error.field == "Content-Type")
        #expect(post(#"{"name":"x"}"#, contentType: "text/plain").status == 415)
        #expect(post(#"{"name":"x"}"#, contentType: "application/json; charset=utf-8").status == 200)
    }

    @Test func decodingErrorNamesTheField() throws {
        let response = post(#"{"name":3}"#)
        #expect(response.status == 400)
        #expect(try envelope(response).error.field == "name")
    }

    @Test func brokenQueryIsRefusedBeforeRouting() throws {
        let response = makeResponder().respond(to: Request(method: .get, uri: "/nope?x=%"))
        #expect(response.status == 400)
        #expect(try envelope(response).error.field == "query.x")
    }

    @Test func rateLimitDecisionCarriesItsHeaders() throws {
        var response = Response(status: 200)
        RateLimitDecision(allowed: true, limit: 100, remaining: 95, resetEpochSeconds: 1_642_252_800).apply(to: &response)
        #expect(response.headers["X-RateLimit-Limit"] == "100")
        #expect(response.headers["X-RateLimit-Remaining"] == "95")
        #expect(response.headers["X-RateLimit-Reset"] == "1642252800")
        #expect(response.headers["Retry-After"] == nil)

        let refused = RateLimitDecision(allowed: false, limit: 100, remaining: 0, resetEpochSeconds: 1_642_252_800, retryAfterSeconds: 42)
        let envelopeResponse = ErrorEnvelope.response(for: refused.refusal, requestId: "req-1")
        #expect(envelopeResponse.status == 429)
        #expect(envelopeResponse.headers["Retry-After"] == "42")
        #expect(envelopeResponse.headers["X-RateLimit-Remaining"] == "0")
        #expect(try envelope(envelopeResponse).error.code == "RESOURCE_LIMIT_EXCEEDED")
    }

    @Test func proxyRejectionsBecomeEnvelopes() throws {
        let responder = Responder(router: Router(), middleware: [ProxyRejectionMiddleware(bodyLimit: 10)])
        let cases = [
            (413, "PAYLOAD_TOO_LARGE", 413), (414, "URI_TOO_LONG", 414), (494, "HEADERS_TOO_LARGE", 431), (400, "VALIDATION_ERROR", 400),
            (408, "REQUEST_TIMEOUT", 408), (404, "NOT_FOUND", 404), (497, "VALIDATION_ERROR", 400), (500, "INTERNAL_ERROR", 500),
            (501, "NOT_IMPLEMENTED", 501), (505, "HTTP_VERSION_NOT_SUPPORTED", 505),
        ]
        for (status, code, answered) in cases {
            var request = Request(method: .get, uri: "/x")
            request.proxyRejectedStatus = status
            let response = responder.respond(to: request)
            #expect(try envelope(response).error.code == code, "nginx's \(status)")
            #expect(response.status == answered, "nginx's \(status)")
        }
    }

    @Test func aTraceGetsTheRoutesAllow() throws {
        var router = Router()
        router.get("/x") { _ in Response() }
        let responder = Responder(router: router, middleware: [ProxyRejectionMiddleware(bodyLimit: 10)])
        let response = responder.respond(to: Request(method: .trace, uri: "/x"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "GET, HEAD")
        #expect(try envelope(response).error.message == "Method TRACE is not allowed on '/x'; allowed: GET, HEAD")
    }
}
