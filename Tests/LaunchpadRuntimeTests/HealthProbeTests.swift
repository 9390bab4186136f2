import LaunchpadRuntime
import Testing

struct HealthProbeTests {
    @Test func listenerAnswering200IsHealthy() throws {
        let listener = try TestHTTPListener(status: 200)
        let result = HealthProbe.check(port: listener.port, path: "/health")
        guard case .healthy(let responseTime) = result else {
            Issue.record("expected healthy, got \(result)")
            return
        }
        #expect(responseTime < .seconds(1))
        #expect(listener.receivedRequestLine == "GET /health HTTP/1.1")
    }

    @Test func listenerAnsweringAnotherStatusIsUnhealthy() throws {
        let listener = try TestHTTPListener(status: 503)
        #expect(HealthProbe.check(port: listener.port, path: "/ready") == .unhealthy(reason: "GET /ready answered 503"))
    }

    @Test func closedPortIsUnhealthy() throws {
        let port = try PortAllocator.freePort()
        #expect(HealthProbe.check(port: port) == .unhealthy(reason: "connection refused on port \(port)"))
    }

    @Test func listenerThatNeverAnswersIsUnhealthyWithinTheTimeout() throws {
        let listener = try TestHTTPListener(status: nil)
        let start = ContinuousClock.now
        let result = HealthProbe.check(port: listener.port, timeout: .milliseconds(300))
        let elapsed = ContinuousClock.now - start
        #expect(result == .unhealthy(reason: "no answer from port \(listener.port) within 300 ms"))
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(1))
    }
}
