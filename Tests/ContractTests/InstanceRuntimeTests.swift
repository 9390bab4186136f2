#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// Pause and resume, operations, heartbeats and AgentMetal's rate limit with real processes,
/// through nginx and `launchpad up`.
@Suite(.serialized) struct InstanceRuntimeTests {
    typealias Fixture = AgentFixture
    /// Polling AgentMetal's routes ten times a second needs more than its 100 a minute.
    static let pollingLimits = ["--instance-rate-limit", "1000000/15m"]

    /// The JSON object of `path`'s answer at `field` (a dotted path), polled until `equals` holds.
    @discardableResult
    func poll(_ fixture: Fixture, _ path: String, _ field: String, equals expected: String, timeout: TimeInterval = 20) throws -> [String: JSONValue] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String: JSONValue] = [:]
        while Date() < deadline {
            last = try fixture.request("GET", path).body
            if Self.value(last, at: field) == expected { return last }
            usleep(100_000)
        }
        throw RawHTTPClient.ClientError("\(path) never had \(field) = \(expected): \(last)")
    }

    static func value(_ object: [String: JSONValue], at field: String) -> String? {
        var current: JSONValue = .object(object)
        for part in field.split(separator: ".") {
            guard case .object(let fields) = current, let next = fields[String(part)] else { return nil }
            current = next
        }
        switch current {
        case .string(let text): return text
        case .number(let number): return String(Int(number))
        default: return nil
        }
    }

    static func string(_ object: [String: JSONValue], _ key: String) -> String {
        if case .string(let text)? = object[key] { return text }
        return ""
    }

    @Test func pauseStopsEveryReplicaAndResumeBringsTheSameCountBackWithTheLogs() throws {
        let fixture = try Fixture(extraArguments: Self.pollingLimits)
        defer { fixture.server.stop() }
        let agentId = try fixture.create("pause-bot", replicas: 3)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 3)
        // The log is written behind the record: wait for the line that says so.
        let before = try fixture.waitForLogs(agentId) { $0.contains { $0.hasPrefix("Agent deployed: 3 of 3") } }
        #expect(before.contains { $0.hasPrefix("Agent deployed: 3 of 3") })

        let paused = try fixture.request("POST", "/api/agents/\(agentId)/pause")
        #expect(paused.status == 202 && paused.body["status"] == .string("PAUSED"))
        try fixture.wait(agentId, status: "PAUSED", processes: 0)
        #expect(try fixture.request("POST", "/api/agents/\(agentId)/pause").status == 202, "pausing a paused agent is no error")
        let whilePaused = try fixture.waitForLogs(agentId) { $0.contains("Agent paused: 3 replicas stopped") }
        #expect(whilePaused.contains("Agent paused: 3 replicas stopped"))
        #expect(before.allSatisfy(whilePaused.contains), "the logs are kept")
        usleep(1_500_000)
        #expect(Fixture.pids(of: agentId).isEmpty, "nothing restarts a paused agent")

        let resumed = try fixture.request("POST", "/api/agents/\(agentId)/resume")
        #expect(resumed.status == 202)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 3)
        let after = try fixture.logMessages(agentId)
        #expect(before.allSatisfy(after.contains))

        // Every change was an operation that followed the controller to the end.
        let expected = ["resume succeeded", "pause succeeded", "pause succeeded", "create succeeded"]
        var summary: [String] = []
        let deadline = Date().addingTimeInterval(5)
        while summary != expected && Date() < deadline {
            guard case .array(let items)? = try fixture.request("GET", "/v1/instances/\(agentId)/operations").body["items"] else { break }
            summary = items.compactMap { item -> String? in
                guard case .object(let fields) = item else { return nil }
                return "\(Self.string(fields, "kind")) \(Self.string(fields, "status"))"
            }
            usleep(100_000)
        }
        #expect(summary == expected)
    }

    @Test func aScaleWhilePausedIsWhatResumeBringsBack() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("rescale-bot", replicas: 1)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        #expect(try fixture.request("POST", "/api/agents/\(agentId)/pause").status == 202)
        try fixture.wait(agentId, status: "PAUSED", processes: 0)
        let scaled = try fixture.request("POST", "/api/agents/\(agentId)/scale", #"{"replicas":2}"#)
        #expect(scaled.status == 202 && scaled.body["status"] == .string("PAUSED"))
        usleep(1_000_000)
        #expect(Fixture.pids(of: agentId).isEmpty)
        #expect(try fixture.request("POST", "/api/agents/\(agentId)/resume").status == 202)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 2)
    }

    @Test func aScaleOperationSucceedsWhenReadyAndACrashLoopFailsItsOperation() throws {
        let crashing = "sh -c 'echo starting; exit 3'"
        let fixture = try Fixture(extraArguments: Self.pollingLimits + ["--instance-image", "crashing=\(crashing)", "--crash-limit", "2", "--restart-backoff", "0.2"])
        defer { fixture.server.stop() }
        let created = try fixture.request("POST", "/v1/instances", #"{"metadata":{"name":"ops-web"},"spec":{"type":"cx11","replicas":1}}"#)
        #expect(created.status == 202)
        let agentId = Self.string(created.body, "resource_id")
        try poll(fixture, "/v1/operations/\(Self.string(created.body, "operation_id"))", "status", equals: "succeeded")
        #expect(Fixture.pids(of: agentId).count == 1)

        let scaled = try fixture.request("PATCH", "/v1/instances/\(agentId)", #"{"spec":{"replicas":2}}"#)
        #expect(scaled.status == 202 && scaled.body["kind"] == .string("update"))
        let done = try poll(fixture, "/v1/operations/\(Self.string(scaled.body, "operation_id"))", "status", equals: "succeeded")
        #expect(done["error"] == nil)
        #expect(Fixture.pids(of: agentId).count == 2, "succeeded means the new count is running")

        let crash = try fixture.request("POST", "/v1/instances", #"{"metadata":{"name":"crash-web"},"spec":{"image":"crashing"}}"#)
        #expect(crash.status == 202)
        let failed = try poll(fixture, "/v1/operations/\(Self.string(crash.body, "operation_id"))", "status", equals: "failed")
        #expect(Self.string(failed, "error").contains("crash loop"), "\(failed)")
        let instance = try fixture.request("GET", "/v1/instances/\(Self.string(crash.body, "resource_id"))").body
        #expect(Self.value(instance, at: "status.phase") == "failed")
    }

    @Test func aFrozenReplicaMissesItsHeartbeatAndIsRestarted() throws {
        let fixture = try Fixture(extraArguments: ["--heartbeat-timeout", "3"])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("frozen-bot", replicas: 1)
        let frozen = try fixture.wait(agentId, status: "DEPLOYED", processes: 1)[0]
        #expect(kill(frozen, SIGSTOP) == 0)
        defer { kill(frozen, SIGCONT) }
        let deadline = Date().addingTimeInterval(30)
        var replaced: [Int32] = []
        while Date() < deadline {
            replaced = Fixture.pids(of: agentId).filter { $0 != frozen && Fixture.isRunning($0) }
            if !replaced.isEmpty && !Fixture.isRunning(frozen) { break }
            usleep(200_000)
        }
        #expect(!Fixture.isRunning(frozen), "the frozen replica was stopped")
        #expect(replaced.count == 1, "a new replica replaced it")
        let messages = try fixture.waitForLogs(agentId) { $0.contains { $0.contains("missed its heartbeat") } }
        #expect(messages.contains { $0.contains("missed its heartbeat") && $0.contains("restarting it") })
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
    }

    @Test func agentMetalsLimitsArePerSecondAndPerMinuteWithTheirHeaders() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        @Sendable func get() throws -> ReceivedResponse {
            try fixture.server.client.send(method: "GET", path: "/v1/instances", headers: [("X-API-Key", fixture.key)])
        }
        // The burst: 20 a second. 40 at once, so that a slow machine still sends them within it.
        let collected = Collected<ReceivedResponse>()
        DispatchQueue.concurrentPerform(iterations: 40) { _ in
            if let answer = try? get() { collected.append(answer) }
        }
        let answers = collected.values
        let refused = try #require(answers.first { $0.status == 429 })
        let allowed = answers.filter { $0.status == 200 }
        #expect(allowed.count >= 20 && allowed.count < 40)
        #expect(allowed.allSatisfy { $0.header("X-RateLimit-Limit") == "100" && $0.header("X-RateLimit-Remaining") != nil })
        #expect(refused.header("Retry-After") != nil && refused.header("X-RateLimit-Reset") != nil)
        #expect(String(decoding: refused.body, as: UTF8.self).hasPrefix(#"{"error":"Rate limit exceeded"#))
        #expect(try fixture.request("GET", "/api/agents").status == 200, "seed 001's budget is its own")
        // The minute: rounds of 20 after the per-second budget is whole again, until one is refused:
        // then the per-minute budget is spent.
        var minuteRefusal: ReceivedResponse?
        rounds: for _ in 0..<9 {
            usleep(1_100_000)
            for _ in 0..<20 {
                let answer = try get()
                if answer.status == 429 {
                    minuteRefusal = answer
                    break rounds
                }
            }
        }
        let minute = try #require(minuteRefusal, "100 a minute holds")
        #expect(minute.header("X-RateLimit-Remaining") == "0")
        #expect(Int(minute.header("Retry-After") ?? "") ?? 0 >= 1)
    }
}
