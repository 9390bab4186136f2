import Foundation
import LaunchpadAPI
import LaunchpadCore
import LaunchpadHTTP
import Testing
import LaunchpadTestSupport

struct PrometheusTests {
    private func get(_ application: Application, from address: String, authorization: String? = nil) -> Response {
        var headers = HTTPHeaders()
        if let authorization { headers.add("Authorization", authorization) }
        return application.responder.respond(to: Request(method: .get, uri: "/metrics", headers: headers, remoteAddress: address))
    }

    @Test func theTokenGetsTheSeriesLoopbackAloneDoesNot() throws {
        let driver = try InProcessDriver()
        var headers = HTTPHeaders()
        headers.add("X-API-Key", driver.adminKey)
        for _ in 0..<3 {
            _ = driver.application.responder.respond(to: Request(method: .get, uri: "/api/agents/agent-x", headers: headers, remoteAddress: "127.0.0.1"))
        }
        let bearer = "Bearer \(driver.metricsToken)"
        let text = String(decoding: get(driver.application, from: "127.0.0.1", authorization: bearer).bodyBytes, as: UTF8.self)
        #expect(text.contains(#"launchpad_http_requests_total{route="/api/agents/{agentId}",method="GET",status="404"} 3"#), "routes are labelled by pattern, not by id")
        #expect(text.contains("launchpad_http_request_duration_seconds_bucket{le=\"+Inf\"}"))
        #expect(text.contains("launchpad_agents{status=\"DEPLOYED\"}"))
        #expect(text.contains("launchpad_lmdb_map_size_bytes "))
        #expect(text.contains("launchpad_log_entries_written_total "))
        #expect(text.contains("launchpad_replica_restarts_total "))
        // Agents' replicas are loopback callers: loopback without the token gets nothing.
        #expect(get(driver.application, from: "127.0.0.1").status == 401)
        #expect(get(driver.application, from: "::1").status == 401)
        #expect(get(driver.application, from: "127.0.0.1", authorization: "Bearer wrong").status == 401)
        #expect(get(driver.application, from: "10.1.2.3").status == 401)
        #expect(get(driver.application, from: "10.1.2.3", authorization: bearer).status == 200)

        let closed = Application(services: driver.services, configuration: .init(metricsToken: nil))
        #expect(get(closed, from: "127.0.0.1").status == 401, "without a token /metrics is closed")
        #expect(get(closed, from: "127.0.0.1", authorization: "Bearer ").status == 401)
    }
}

struct HealthEndpointTests {
    @Test func anUnreadableStoreMakesTheHealthUnhealthyWith503() throws {
        let driver = try InProcessDriver()
        #expect(driver.application.responder.respond(to: Request(method: .get, uri: "/api/health")).status == 200)
        driver.services.database.environment.close()
        let response = driver.application.responder.respond(to: Request(method: .get, uri: "/api/health"))
        #expect(response.status == 503)
        let body = try JSONValue.parse(response.bodyBytes)
        guard case .object(let fields) = body else {
            Issue.record("no JSON: \(body)")
            return
        }
        #expect(fields["status"] == .string("UNHEALTHY"))
    }
}
