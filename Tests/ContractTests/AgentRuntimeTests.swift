#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadRuntime
import LaunchpadTestSupport
import Testing

/// Agents as real processes, through nginx and `launchpad up`: deploy, scale, restart, crash,
/// failure, delete (a launchpad killed with SIGKILL is FaultTests' SupervisionTests).
@Suite(.serialized) struct AgentRuntimeTests {
    typealias Fixture = AgentFixture

    @Test func createDeploysARealProcessThatAnswers() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("live-bot")
        let pids = try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        #expect(Fixture.isRunning(pids[0]))
        let status = try fixture.request("GET", "/api/agents/\(agentId)/status").body
        guard case .object(let health)? = status["health"], case .object(let runtime)? = health["kubernetes"] else {
            Issue.record("no health in \(status)")
            return
        }
        #expect(runtime["readyReplicas"] == .number(1))
        #expect(health["overall"] == .string("HEALTHY"))
    }

    @Test func scaleChangesTheProcessCountAndRestartGivesNewProcesses() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("scale-bot")
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        #expect(try fixture.request("POST", "/api/agents/\(agentId)/scale", #"{"replicas":3}"#).status == 202)
        let three = try fixture.wait(agentId, status: "DEPLOYED", processes: 3)
        #expect(try fixture.request("POST", "/api/agents/\(agentId)/restart").status == 202)
        let restarted = try fixture.wait(agentId, status: "DEPLOYED", processes: 3)
        #expect(Set(restarted).isDisjoint(with: three), "every replica was replaced")
        #expect(try fixture.request("POST", "/api/agents/\(agentId)/scale", #"{"replicas":0}"#).status == 202)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 0)
    }

    @Test func anUpdateRollsTheReplicasOverOneByOne() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("rolling-bot", replicas: 2)
        let before = try fixture.wait(agentId, status: "DEPLOYED", processes: 2)
        let update = try fixture.request("PUT", "/api/agents/\(agentId)", #"{"resources":{"memory":"384Mi"}}"#)
        #expect(update.status == 200)
        #expect(update.body["status"] == .string("DEPLOYING"))
        // While it rolls, never fewer than the two replicas asked for are running.
        var fewest = Int.max
        let deadline = Date().addingTimeInterval(20)
        var after: [Int32] = []
        while Date() < deadline {
            let pids = Fixture.pids(of: agentId)
            fewest = min(fewest, pids.count)
            let status = try fixture.request("GET", "/api/agents/\(agentId)/status").body["status"]
            if status == .string("DEPLOYED"), pids.count == 2, Set(pids).isDisjoint(with: before) {
                after = pids
                break
            }
            usleep(20_000)
        }
        #expect(after.count == 2, "both replicas replaced: before \(before), now \(Fixture.pids(of: agentId))")
        #expect(fewest >= 2, "the rollout never went below the desired replicas (fewest \(fewest))")
        #expect(try fixture.request("GET", "/api/agents/\(agentId)").body["generation"] == .number(2))
    }

    @Test func scaleRacingDeleteLeavesNoHalfWrittenRecordOrProcess() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("racing-bot", replicas: 1)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        let statuses = Statuses()
        let group = DispatchGroup()
        for index in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                let result = index == 4
                    ? try? fixture.request("DELETE", "/api/agents/\(agentId)")
                    : try? fixture.request("POST", "/api/agents/\(agentId)/scale", #"{"replicas":\#(index % 3 + 1)}"#)
                statuses.add(result?.status ?? 0)
                group.leave()
            }
        }
        group.wait()
        #expect(statuses.all.allSatisfy { [202, 404, 409].contains($0) }, "every racer got a clear answer: \(statuses.all)")
        #expect(statuses.all.filter { $0 == 202 }.count >= 1)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, try fixture.request("GET", "/api/agents/\(agentId)").status != 404 { usleep(100_000) }
        #expect(try fixture.request("GET", "/api/agents/\(agentId)").status == 404, "the delete won in the end")
        #expect(Fixture.pids(of: agentId).isEmpty, "no process left behind")
        let list = try fixture.request("GET", "/api/agents")
        #expect(list.body["total"] == .number(0), "no index entry or count left behind")
    }

    final class Statuses: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int] = []
        func add(_ value: Int) { lock.lock(); values.append(value); lock.unlock() }
        var all: [Int] { lock.lock(); defer { lock.unlock() }; return values }
    }

    @Test func logsReturnTheReplicasLinesInOrderWithLevelsAndPods() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("talky-bot")
        let pids = try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        var messages: [JSONValue] = []
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if case .array(let logs)? = try fixture.request("GET", "/api/agents/\(agentId)/logs?lines=100").body["logs"] { messages = logs }
            if messages.contains(where: { "\($0)".contains("Agent started successfully") }) { break }
            usleep(50_000)
        }
        let lines = messages.compactMap { entry -> (String, String, String)? in
            guard case .object(let fields) = entry, case .string(let message)? = fields["message"],
                  case .string(let level)? = fields["level"], case .string(let pod)? = fields["pod"] else { return nil }
            return (message, level, pod)
        }
        let replica = lines.filter { $0.2 != "launchpad" }
        #expect(replica.map(\.0).starts(with: ["Agent talky-bot starting"]), "replica lines: \(replica)")
        #expect(replica.contains { $0.0 == "Agent started successfully" && $0.1 == "INFO" })
        #expect(Set(replica.map(\.2)).count == 1 && replica.first?.2.hasPrefix(agentId) == true, "one pod, named after the agent")
        #expect(lines.contains { $0.2 == "launchpad" && $0.0.contains("pid \(pids[0])") }, "launchpad's own lifecycle lines are in the stream")
    }

    @Test func aFollowerThroughNginxGetsNewLinesWithinASecondAndLeavingFreesItsSlot() throws {
        let fixture = try Fixture(extraArguments: ["--max-log-followers", "1"])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("follow-bot", replicas: 0)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 0)
        let stream = try SSEConnection(port: fixture.server.port, path: "/api/agents/\(agentId)/logs?follow=true&lines=1", key: fixture.key)
        #expect(stream.status == 200)
        #expect(try fixture.request("GET", "/api/agents/\(agentId)/logs?follow=true").status == 429, "the one follower slot is taken")
        let scaledAt = Date()
        #expect(try fixture.request("POST", "/api/agents/\(agentId)/scale", #"{"replicas":1}"#).status == 202)
        let line = try stream.waitFor("Agent follow-bot starting", timeout: 10)
        #expect(line.contains("id: "), "events carry ids for Last-Event-ID")
        #expect(Date().timeIntervalSince(scaledAt) < 5)
        stream.close()
        // The handler notices within about a second (its keep-alive write fails) and frees the slot.
        let deadline = Date().addingTimeInterval(5)
        var status = 0
        while Date() < deadline {
            let probe = try SSEConnection(port: fixture.server.port, path: "/api/agents/\(agentId)/logs?follow=true&lines=1", key: fixture.key)
            status = probe.status
            probe.close()
            if status == 200 { break }
            usleep(200_000)
        }
        #expect(status == 200, "a new follower is accepted once the first left")
    }

    /// A stream re-checks its caller at every keep-alive: a revoked key, or an agent deleted, ends
    /// it; and it lasts at most --max-stream-seconds, ending with an `end` event.
    @Test func aStreamEndsWhenItsKeyIsRevokedItsAgentDeletedOrItsLifetimeIsOver() throws {
        let fixture = try Fixture(extraArguments: ["--max-stream-seconds", "3"])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("stream-bot", replicas: 0)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 0)

        let issued = try fixture.server.client.send(
            method: "POST", path: "/api/auth/generate-key",
            headers: [("X-API-Key", fixture.server.adminKey), ("Content-Type", "application/json")],
            body: Array(#"{"username":"watcher","email":"watcher@example.com","role":"ADMIN"}"#.utf8))
        guard case .object(let fields)? = try? JSONValue.parse(issued.body), case .string(let watcherKey)? = fields["apiKey"],
              case .string(let keyId)? = fields["keyId"] else {
            Issue.record("no key: \(String(decoding: issued.body, as: UTF8.self))")
            return
        }
        let revoked = try SSEConnection(port: fixture.server.port, path: "/api/agents/\(agentId)/logs?follow=true&lines=1", key: watcherKey)
        #expect(revoked.status == 200)
        let command = Process()
        command.executableURL = URL(fileURLWithPath: RepositoryPaths.launchpadBinary)
        command.arguments = ["keys", "revoke", keyId, "--data", fixture.server.dataDirectory]
        command.standardOutput = FileHandle.nullDevice
        try command.run()
        command.waitUntilExit()
        #expect(command.terminationStatus == 0)
        let ended = try revoked.waitFor("event: error", timeout: 5)
        #expect(ended.contains("INVALID_API_KEY"))
        revoked.close()

        let deleted = try SSEConnection(port: fixture.server.port, path: "/api/agents/\(agentId)/logs?follow=true&lines=1", key: fixture.key)
        #expect(try fixture.request("DELETE", "/api/agents/\(agentId)").status == 202)
        _ = try deleted.waitFor("event: error", timeout: 10)
        deleted.close()

        let other = try fixture.create("long-bot", replicas: 0)
        try fixture.wait(other, status: "DEPLOYED", processes: 0)
        let started = Date()
        let lasting = try SSEConnection(port: fixture.server.port, path: "/api/agents/\(other)/logs?follow=true&lines=1", key: fixture.key)
        let end = try lasting.waitFor("event: end", timeout: 10)
        #expect(end.contains("Last-Event-ID"))
        #expect(Date().timeIntervalSince(started) >= 2.5, "not before its lifetime")
        lasting.close()
    }

    @Test func aKilledReplicaIsReplaced() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("crash-bot")
        let before = try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        kill(before[0], SIGKILL)
        let deadline = Date().addingTimeInterval(20)
        var after: [Int32] = []
        while Date() < deadline {
            after = Fixture.pids(of: agentId)
            if after.count == 1 && after != before { break }
            usleep(100_000)
        }
        #expect(after.count == 1 && after != before, "a new replica replaced \(before): \(after)")
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
    }

    @Test func aCommandThatExitsAtOnceMakesTheAgentFailedWithTheReason() throws {
        let fixture = try Fixture(extraArguments: ["--agent-command", "/bin/sh -c 'exit 3'", "--crash-limit", "2", "--restart-backoff", "0.1"])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("doomed-bot")
        try fixture.wait(agentId, status: "FAILED", processes: 0)
        let details = try fixture.request("GET", "/api/agents/\(agentId)").body
        guard case .string(let reason)? = details["reason"] else {
            Issue.record("no reason in \(details)")
            return
        }
        #expect(reason.contains("crash loop") && reason.contains("3"), "reason: \(reason)")
        let health = try fixture.server.client.send(method: "GET", path: "/api/health", headers: [("X-API-Key", fixture.key)])
        let body = try JSONValue.parse(health.body)
        #expect(health.status == 200)
        guard case .object(let fields) = body, case .object(let components)? = fields["components"], case .object(let runtime)? = components["runtime"] else {
            Issue.record("no runtime component: \(body)")
            return
        }
        #expect(fields["status"] == .string("DEGRADED"), "a FAILED agent degrades the health")
        #expect(runtime["failedAgents"] == .number(1))
    }

    /// A replica that grows by 4 MiB every 100 ms while it serves /health.
    static let allocatingAgent = Fixture.pythonAgent("""
        held = []
        def grow():
            while len(held) < 40:
                held.append(bytearray(4 << 20)); time.sleep(0.1)
        threading.Thread(target=grow, daemon=True).start()
        """)

    @Test func anAllocatingReplicaShowsItsMemoryGrowingInTheWindow() throws {
        let fixture = try Fixture(extraArguments: ["--metrics-interval", "0.3", "--agent-command", Self.allocatingAgent])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("hungry-bot", replicas: 1)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        usleep(3_000_000)
        let body = try fixture.request("GET", "/api/agents/\(agentId)/metrics?window=1h").body
        guard case .array(let history)? = body["history"] else {
            Issue.record("no history: \(body)")
            return
        }
        let memory = history.compactMap { sample -> Double? in
            if case .object(let fields) = sample, case .number(let value)? = fields["memory"] { return value }
            return nil
        }
        #expect(memory.count >= 3, "several samples kept: \(memory)")
        #expect((memory.last ?? 0) > (memory.first ?? 0) + 20_000_000, "memory grows by tens of MiB: \(memory)")
    }

    @Test func systemMetricsAddUpOverSeveralAgents() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let ids = try (0..<3).map { try fixture.create("sum-bot-\($0)", replicas: $0 == 0 ? 1 : 0) }
        for id in ids { try fixture.wait(id, status: "DEPLOYED") }
        let response = try fixture.server.client.send(method: "GET", path: "/api/system/metrics", headers: [("X-API-Key", fixture.server.adminKey)])
        guard case .object(let fields)? = try? JSONValue.parse(response.body), case .object(let system)? = fields["system"],
              case .object(let byStatus)? = system["agentsByStatus"], case .object(let deployments)? = system["deployments"] else {
            Issue.record("no system metrics: \(String(decoding: response.body, as: UTF8.self))")
            return
        }
        let sum = byStatus.values.reduce(0.0) { total, value in if case .number(let n) = value { return total + n } else { return total } }
        #expect(system["totalAgents"] == .number(3))
        #expect(sum == 3, "agents by status add up to the total")
        #expect(system["runningAgents"] == .number(3))
        #expect(deployments["successful"] == .number(3) && deployments["failed"] == .number(0))
        #expect(deployments["successRate"] == .number(100))
    }

    @Test func aCommandThatCannotStartMakesTheAgentFailed() throws {
        let fixture = try Fixture(extraArguments: ["--agent-command", "/nonexistent/agent"])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("missing-bot")
        try fixture.wait(agentId, status: "FAILED", processes: 0)
        let details = try fixture.request("GET", "/api/agents/\(agentId)").body
        #expect(details["reason"].map { "\($0)" }?.contains("nonexistent") == true, "reason: \(String(describing: details["reason"]))")
    }

    @Test func deleteStopsTheProcessesAndRemovesTheRecord() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("doomed-bot", replicas: 2)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 2)
        #expect(try fixture.request("DELETE", "/api/agents/\(agentId)").status == 202)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, try fixture.request("GET", "/api/agents/\(agentId)").status != 404 { usleep(100_000) }
        #expect(try fixture.request("GET", "/api/agents/\(agentId)").status == 404)
        #expect(Fixture.pids(of: agentId).isEmpty)
        #expect(try fixture.request("DELETE", "/api/agents/\(agentId)").status == 404, "deleting twice is 404")
    }

    @Test func aSecondLaunchpadLeavesTheFirstOnesReplicasAlone() throws {
        let first = try Fixture()
        defer { first.server.stop() }
        let agentId = try first.create("neighbour-bot")
        let pids = try first.wait(agentId, status: "DEPLOYED", processes: 1)
        let second = try Fixture()
        second.server.stop()
        #expect(Fixture.pids(of: agentId) == pids, "another data directory's start did not take these replicas for leftovers")
    }

    @Test func stoppingLaunchpadStopsEveryReplica() throws {
        let fixture = try Fixture()
        let agentId = try fixture.create("tidy-bot", replicas: 2)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 2)
        #expect(fixture.server.stop() == 0)
        #expect(Fixture.pids(of: agentId).isEmpty, "no replica outlives launchpad up")
    }

    @Test func aCreateBlockedByTheScanLeavesNoRecordNoProcessAndOneEvent() throws {
        let fixture = try Fixture(extraArguments: ["--advisories", RepositoryPaths.advisoryFixtures])
        defer { fixture.server.stop() }
        let lock = #"{"lockfileVersion":3,"packages":{"":{"name":"bot"},"node_modules/minimist":{"version":"1.2.5"}}}"#
        let blocked = try fixture.request("POST", "/api/agents", #"{"agentName":"risky-bot","personality":{"bio":["A helpful test agent."]},"resources":{"memory":"256Mi","cpu":"100m","replicas":2},"packageLock":\#(lock)}"#)
        #expect(blocked.status == 422)
        guard case .object(let error)? = blocked.body["error"], case .object(let details)? = error["details"], case .string(let scanId)? = details["scanId"] else {
            Issue.record("no scan id in \(blocked)")
            return
        }
        let scan = try fixture.request("GET", "/api/security/scans/\(scanId)")
        guard case .string(let agentId)? = scan.body["agentId"] else {
            Issue.record("scan not readable: \(scan)")
            return
        }
        usleep(500_000)
        #expect(try fixture.request("GET", "/api/agents/\(agentId)").status == 404)
        #expect(Fixture.pids(of: agentId).isEmpty)
        #expect(try fixture.request("GET", "/api/agents").body["total"] == .number(0))
        let events = try fixture.request("GET", "/api/security/events").body["events"]
        guard case .array(let list)? = events else {
            Issue.record("no events: \(String(describing: events))")
            return
        }
        let failed = list.filter { event in
            guard case .object(let fields) = event else { return false }
            return fields["type"] == .string("SECURITY_SCAN_FAILED") && fields["agentId"] == .string(agentId)
        }
        #expect(failed.count == 1)
    }
}
