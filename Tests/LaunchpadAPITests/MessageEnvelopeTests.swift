import Foundation
@testable import LaunchpadAPI
import LaunchpadDomain
import LaunchpadHTTP
import Testing

/// AgentMetal's and seed 003's envelope, `{"error": "..."}`: the seeds' statuses for each failure
/// of the domain and of HTTP, their headers, and nothing of an internal error's details.
struct MessageEnvelopeTests {
    private func sent(_ error: any Error) throws -> (status: Int, headers: HTTPHeaders, body: [String: String]) {
        let response = MessageEnvelope.Renderer().response(for: error, to: Request(method: .get, uri: "/v1/instances"))
        return (response.status, response.headers, try JSONDecoder().decode([String: String].self, from: Data(response.bodyBytes)))
    }

    @Test func domainFailuresHaveTheSeedsStatuses() throws {
        let cases: [(DomainError, Int)] = [
            (.invalid(field: "spec.type", "unknown"), 422),
            (DomainError(.unauthenticated, "no key"), 401),
            (DomainError(.forbidden, "no"), 403),
            (.notFound(.instance, "instance not found: inst-abc123"), 404),
            (DomainError(.conflict, "version moved"), 409),
            (DomainError(.limitExceeded, "quota"), 429),
            (DomainError(.rejectedByScan, "blocked"), 422),
            (DomainError(.storageUnavailable, "full"), 507),
            (DomainError(.unavailable, "not running"), 503),
            (DomainError(.internalFailure, "broken"), 500),
        ]
        #expect(Set(cases.map(\.0.code)) == Set(DomainErrorCode.allCases), "every domain code is covered")
        for (error, status) in cases {
            let answer = try sent(error)
            #expect(answer.status == status, "\(error.code)")
            #expect(answer.body == ["error": error.message])
        }
    }

    @Test func httpFailuresKeepTheirStatusAndHeaders() throws {
        for kind in HTTPError.Kind.allCases {
            #expect(try sent(HTTPError(kind, "what HTTP refused")).status == kind.status)
        }
        let refused = try sent(RateLimitDecision(allowed: false, limit: 100, remaining: 0, resetEpochSeconds: 1_709_312_400, retryAfterSeconds: 3).refusal)
        #expect(refused.status == 429)
        #expect(refused.headers["Retry-After"] == "3" && refused.headers["X-RateLimit-Limit"] == "100")
        #expect(refused.body["error"]?.hasPrefix("Rate limit exceeded") == true)
    }

    @Test func anInternalErrorSaysNothingOfItsDetails() throws {
        struct Secret: Error {}
        let answer = try sent(Secret())
        #expect(answer.status == 500)
        #expect(answer.body == ["error": HTTPError.internalError.message])
    }

    @Test func aResourceNotFoundIsNamedAsTheSeedsDo() throws {
        let thrown = #expect(throws: DomainError.self) {
            try MessageEnvelope.naming(.instance, "inst-abc123") { throw DomainError.notFound(.agent, "Agent with ID 'inst-abc123' not found") }
        }
        #expect(thrown?.message == "instance not found: inst-abc123")
        #expect(thrown?.resource == .instance)
    }
}
