import Foundation
import LaunchpadAPI
import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP
import LaunchpadTestSupport
import Testing

/// AgentOS's per-operation limits on its routes under `/api` (seed 002), through the application:
/// counted per key and per operation, refused in seed 001's envelope with `Retry-After`, the
/// rate-limit headers and `details.retryAfter`; seed 001's own routes do not count against them.
struct AgentOSRateLimitRoutesTests {
    private final class Server {
        let directory: TemporaryDirectory
        let services: Services
        let application: Application

        init(_ limits: AgentOSRateLimits) throws {
            directory = try TemporaryDirectory()
            var rateLimits = RateLimitPolicies()
            rateLimits.agentOS = limits
            services = try Services(dataDirectory: directory.path, configuration: .init(rateLimits: rateLimits))
            application = Application(services: services)
        }

        deinit { services.close() }

        func key(_ username: String) throws -> String {
            try services.identity.generateKey(KeyGrant(username: username, email: "\(username)@example.com", role: .user), by: nil).apiKey
        }

        func send(_ method: HTTPMethod, _ uri: String, key: String, body: String? = nil) -> (status: Int, headers: HTTPHeaders, json: [String: Any]) {
            let response = application.respond(method, uri, key: key, body: body)
            guard case .bytes(let answer) = response.body else { return (response.status, response.headers, [:]) }
            return (response.status, response.headers, (try? JSONSerialization.jsonObject(with: Data(answer))) as? [String: Any] ?? [:])
        }
    }

    static func perHour(_ count: Int) -> RateLimitPolicy {
        RateLimitPolicy(limit: count, periodSeconds: 3600, burst: 0, burstPeriodSeconds: 0)
    }

    @Test func theThirdMessageWithinTheHourIsRefusedInTheEnvelope() throws {
        var limits = AgentOSRateLimits()
        limits.set(.message, Self.perHour(2))
        let server = try Server(limits)
        let key = try server.key("mia")
        let created = server.send(.post, "/api/agents", key: key, body: #"{"agentName": "quiet", "personality": {"bio": ["Quiet."]}, "resources": {"replicas": 0}}"#)
        let agentId = try #require(created.json["agentId"] as? String)
        for _ in 0..<2 {
            // Counted, then refused for want of a replica.
            #expect(server.send(.post, "/api/agents/\(agentId)/message", key: key, body: #"{"message": "hello"}"#).status == 503)
        }
        let refused = server.send(.post, "/api/agents/\(agentId)/message", key: key, body: #"{"message": "hello"}"#)
        #expect(refused.status == 429)
        #expect(refused.headers["Retry-After"] == "1800")
        #expect(refused.headers["X-RateLimit-Limit"] == "2")
        #expect(refused.headers["X-RateLimit-Remaining"] == "0")
        #expect(refused.headers["X-RateLimit-Reset"] != nil)
        let error = try #require(refused.json["error"] as? [String: Any])
        #expect(error["code"] as? String == "RESOURCE_LIMIT_EXCEEDED")
        #expect((error["message"] as? String)?.contains("message") == true)
        #expect((error["details"] as? [String: Any])?["retryAfter"] as? Int == 1800)
        #expect(error["requestId"] as? String != nil)

        // Seed 001's own routes, and another key's messages, are not limited by it.
        #expect(server.send(.get, "/api/agents/\(agentId)", key: key).status == 200)
        let other = try server.key("noah")
        #expect(server.send(.post, "/api/agents/\(agentId)/message", key: other, body: #"{"message": "hello"}"#).status == 404)
    }

    @Test func readsAndWorkflowRunsCountInBucketsOfTheirOwnAndTheTighterLimitsHeadersAreShown() throws {
        var limits = AgentOSRateLimits()
        limits.set(.read, Self.perHour(3))
        limits.set(.workflowRun, Self.perHour(1))
        let server = try Server(limits)
        let key = try server.key("ava")
        let created = server.send(.post, "/api/agents", key: key, body: #"{"agentName": "reader", "personality": {"bio": ["Reads."]}, "resources": {"replicas": 0}}"#)
        let agentId = try #require(created.json["agentId"] as? String)
        for remaining in [2, 1, 0] {
            let listed = server.send(.get, "/api/agents/\(agentId)/sessions", key: key)
            #expect(listed.status == 200)
            // The read limit (3 an hour) has fewer left than the key's own (20 a minute).
            #expect(listed.headers["X-RateLimit-Limit"] == "3")
            #expect(listed.headers["X-RateLimit-Remaining"] == String(remaining))
        }
        #expect(server.send(.get, "/api/workflows", key: key).status == 429)
        #expect(server.send(.get, "/api/agents/\(agentId)/sessions", key: key).status == 429)
        // Workflow runs have their own bucket: the first is not refused by the spent reads.
        let run = server.send(.post, "/api/workflows/run", key: key, body: #"{"workflowId": "none", "input": "x"}"#)
        #expect(run.status == 404)
        let second = server.send(.post, "/api/workflows/run", key: key, body: #"{"workflowId": "none", "input": "x"}"#)
        #expect(second.status == 429)
        #expect(second.headers["Retry-After"] == "3600")
    }
}
