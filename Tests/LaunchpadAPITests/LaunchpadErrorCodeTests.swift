import Foundation
@testable import LaunchpadAPI
@testable import LaunchpadFastCGI
import LaunchpadDomain
import LaunchpadHTTP
import Testing

/// What seed 001's envelope says for each failure of the domain and of HTTP: the code, the status,
/// the headers, and nothing of an internal error's details.
struct LaunchpadErrorCodeTests {
    private func sent(_ error: any Error) throws -> (status: Int, headers: HTTPHeaders, error: ErrorEnvelope.Body) {
        let response = ErrorEnvelope.response(for: error, requestId: "req-0000000000000001")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (response.status, response.headers, try decoder.decode(ErrorEnvelope.self, from: Data(response.bodyBytes)).error)
    }

    @Test func domainFailuresHaveTheSeedsCodes() throws {
        let cases: [(DomainError, String, Int)] = [
            (.invalid(field: "agentName", "is required"), "VALIDATION_ERROR", 400),
            (DomainError(.unauthenticated, "no key"), "INVALID_API_KEY", 401),
            (DomainError(.forbidden, "no"), "INSUFFICIENT_PERMISSIONS", 403),
            (.notFound(.agent, "Agent with ID 'x' not found"), "AGENT_NOT_FOUND", 404),
            (.notFound(.scan, "Scan with ID 'x' not found"), "NOT_FOUND", 404),
            (DomainError(.conflict, "taken"), "CONFLICT", 409),
            (DomainError(.limitExceeded, "quota"), "RESOURCE_LIMIT_EXCEEDED", 429),
            (DomainError(.rejectedByScan, "blocked"), "SECURITY_SCAN_FAILED", 422),
            (DomainError(.storageUnavailable, "full"), "INSUFFICIENT_STORAGE", 507),
            (DomainError(.unavailable, "not running"), "SERVICE_UNAVAILABLE", 503),
            (DomainError(.internalFailure, "broken"), "INTERNAL_ERROR", 500),
        ]
        #expect(Set(cases.map(\.0.code)) == Set(DomainErrorCode.allCases), "every domain code is covered")
        for (error, code, status) in cases {
            let (sentStatus, _, body) = try sent(error)
            #expect(body.code == code, "\(error.code)")
            #expect(sentStatus == status, "\(error.code)")
            #expect(body.message == error.message)
            #expect(body.field == error.field)
        }
    }

    /// nginx forwards launchpad's reason phrase for statuses it has none of its own for.
    @Test func everyCodesStatusHasItsReasonPhrase() {
        for code in LaunchpadErrorCode.allCases {
            #expect(!StatusText.reason(code.status).hasPrefix("Status "), "\(code.rawValue): \(code.status)")
        }
    }

    @Test func aBlockingScansFindingsAreItsDetails() throws {
        struct Details: Encodable, Sendable { var scanId: String; var findings: [String] }
        let (_, _, body) = try sent(DomainError(.rejectedByScan, "blocked", details: Details(scanId: "scan-1", findings: ["GHSA-1"])))
        #expect(body.details == .object(["scanId": .string("scan-1"), "findings": .array([.string("GHSA-1")])]))
    }

    @Test func aRetryAfterBecomesItsHeader() throws {
        let (status, headers, _) = try sent(DomainError(.limitExceeded, "too many followers", retryAfterSeconds: 5))
        #expect(status == 429)
        #expect(headers["Retry-After"] == "5")
    }

    @Test func httpFailuresHaveTheSeedsCodes() throws {
        let expected: [HTTPError.Kind: String] = [
            .badRequest: "VALIDATION_ERROR", .unauthorized: "INVALID_API_KEY", .notFound: "NOT_FOUND", .methodNotAllowed: "METHOD_NOT_ALLOWED",
            .requestTimeout: "REQUEST_TIMEOUT", .payloadTooLarge: "PAYLOAD_TOO_LARGE", .uriTooLong: "URI_TOO_LONG",
            .unsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE", .tooManyRequests: "RESOURCE_LIMIT_EXCEEDED", .headersTooLarge: "HEADERS_TOO_LARGE",
            .internalError: "INTERNAL_ERROR", .notImplemented: "NOT_IMPLEMENTED", .serviceUnavailable: "SERVICE_UNAVAILABLE",
            .httpVersionNotSupported: "HTTP_VERSION_NOT_SUPPORTED",
        ]
        #expect(Set(expected.keys) == Set(HTTPError.Kind.allCases), "every kind is covered")
        for (kind, code) in expected {
            let (status, _, body) = try sent(HTTPError(kind, "message"))
            #expect(body.code == code, "\(kind)")
            #expect(status == kind.status, "\(kind): the status of the code is the status of the kind")
        }
    }

    @Test func aRateLimitRefusalKeepsItsHeaders() throws {
        let refused = RateLimitDecision(allowed: false, limit: 100, remaining: 0, resetEpochSeconds: 1_642_252_800, retryAfterSeconds: 42)
        let (status, headers, body) = try sent(refused.refusal)
        #expect(status == 429)
        #expect(body.code == "RESOURCE_LIMIT_EXCEEDED")
        #expect(headers["Retry-After"] == "42")
        #expect(headers["X-RateLimit-Remaining"] == "0")
    }

    @Test func anUnknownErrorIsInternalWithoutItsDetails() throws {
        let (status, _, body) = try sent(CocoaError(.fileNoSuchFile))
        #expect(status == 500)
        #expect(body.code == "INTERNAL_ERROR")
        #expect(!body.message.contains("fileNoSuchFile"))
    }

    @Test func nginxRefusalsAreAnsweredInTheEnvelope() throws {
        let responder = Responder(groups: [RouteGroup(prefix: "/api", renderer: ErrorEnvelope.Renderer(), authentication: nil, before: [ProxyRejectionMiddleware(bodyLimit: 10)])])
        let cases = [
            (413, "PAYLOAD_TOO_LARGE", 413), (414, "URI_TOO_LONG", 414), (494, "HEADERS_TOO_LARGE", 431), (400, "VALIDATION_ERROR", 400),
            (408, "REQUEST_TIMEOUT", 408), (404, "NOT_FOUND", 404), (497, "VALIDATION_ERROR", 400), (500, "INTERNAL_ERROR", 500),
            (501, "NOT_IMPLEMENTED", 501), (505, "HTTP_VERSION_NOT_SUPPORTED", 505),
        ]
        for (status, code, answered) in cases {
            var request = Request(method: .get, uri: "/api/x")
            request.proxyRejectedStatus = status
            let response = responder.respond(to: request)
            let body = try JSONDecoder().decode([String: [String: String]].self, from: Data(response.bodyBytes))
            #expect(body["error"]?["code"] == code, "nginx's \(status)")
            #expect(response.status == answered, "nginx's \(status)")
        }
    }
}
