#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// An agent's resources are enforced by its replicas' cgroups, end to end: CPU, memory, processes,
/// and everything a replica started ends with it; admission refuses what the host cannot hold.
/// Serialized: the CPU figure needs the machine's cores.
@Suite(.serialized) struct ResourceLimitTests {
    typealias Fixture = AgentFixture

    /// One thread spinning in Python bytecode (so that it yields the GIL to the thread answering
    /// /health) in constant memory, started once the replica listens: at a quarter core, its imports
    /// would otherwise share that quarter with it.
    static let busyAgent = Fixture.pythonAgent("""
        def spin():
            while True:
                pass
        """, serving: "threading.Thread(target=spin, daemon=True).start()")

    /// The metric at `path` (`cpu.usage`) of the agent's GET /metrics, or nil.
    private func metric(_ fixture: Fixture, _ agentId: String, _ resource: String, _ field: String) throws -> Double? {
        guard case .object(let metrics)? = try fixture.request("GET", "/api/agents/\(agentId)/metrics").body["metrics"],
              case .object(let values)? = metrics[resource], case .number(let value)? = values[field] else { return nil }
        return value
    }

    @Test func aBusyReplicaAtAQuarterCoreMeasuresAboutAQuarterCoreWithItsMemoryAndProbes() throws {
        let fixture = try Fixture(extraArguments: ["--metrics-interval", "0.5", "--agent-command", Self.busyAgent])
        defer { fixture.server.stop() }
        let busy = try fixture.create("busy-bot", cpu: "250m")
        try fixture.wait(busy, status: "DEPLOYED", processes: 1)
        // Samples over four seconds, each over the last half-second interval; their median.
        var samples: [Double] = []
        let deadline = Date().addingTimeInterval(15)
        while samples.count < 8 && Date() < deadline {
            if let cores = try metric(fixture, busy, "cpu", "usage"), cores > 0 { samples.append(cores) }
            usleep(500_000)
        }
        let median = samples.sorted()[samples.count / 2]
        #expect(samples.count >= 6, "samples: \(samples)")
        #expect((0.15...0.35).contains(median), "a spinning thread held to 250m measures about 0.25 cores: \(samples)")
        #expect(try metric(fixture, busy, "cpu", "limit") == 0.25)
        #expect((try metric(fixture, busy, "memory", "usage") ?? 0) > 1_000_000, "the replica's memory")
        #expect((try metric(fixture, busy, "requests", "total") ?? 0) >= 1, "health probes are counted")
        #expect((try metric(fixture, busy, "network", "bytesIn") ?? 0) > 0, "the probes' answers are traffic")
        let ended = try fixture.logMessages(busy).filter { $0.contains(" exited ") || $0.contains(" killed ") }
        #expect(ended.isEmpty, "one replica measured all along: \(ended)")
    }

    @Test func aReplicaOverItsMemoryIsKilledAndRestarted() throws {
        let growing = Fixture.pythonAgent("""
            held = []
            def grow():
                while True:
                    held.append(bytearray(16 << 20)); time.sleep(0.05)
            threading.Thread(target=grow, daemon=True).start()
            """)
        let fixture = try Fixture(extraArguments: ["--agent-command", growing, "--restart-backoff", "0.2", "--crash-limit", "20"])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("greedy-bot", memory: "128Mi")
        let killed = { (messages: [String]) in messages.filter { $0.contains("killed by signal 9 (out of memory") } }
        let messages = try fixture.waitForLogs(agentId, timeout: 30) { messages in
            // A kill, then a new replica started after it.
            guard let first = messages.firstIndex(where: { !killed([$0]).isEmpty }) else { return false }
            return messages[first...].contains { $0.hasPrefix("Replica ") && $0.contains(" started") }
        }
        #expect(!killed(messages).isEmpty, "the kernel killed the replica at its limit: \(messages.suffix(10))")
        let started = messages.filter { $0.hasPrefix("Replica ") && $0.contains(" started") }
        #expect(Set(started).count >= 2, "a new replica replaced it: \(started)")
    }

    @Test func aForkBombStopsAtTheProcessLimit() throws {
        // Up to 300 children, each sleeping: without a limit it would reach them all.
        let bomb = Fixture.pythonAgent("""
            children, refused = 0, "no refusal"
            for _ in range(300):
                try:
                    if os.fork() == 0:
                        time.sleep(600); os._exit(0)
                    children += 1
                except OSError as error:
                    refused = error.strerror; break
            print(f"forked {children} children, then: {refused}", flush=True)
            """)
        let fixture = try Fixture(extraArguments: ["--agent-command", bomb, "--agent-max-processes", "40"])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("bomb-bot")
        let messages = try fixture.waitForLogs(agentId) { $0.contains { $0.hasPrefix("forked ") } }
        let line = try #require(messages.first { $0.hasPrefix("forked ") }, "the bomb reported: \(messages.suffix(10))")
        let words = line.split(separator: " ")
        let children = Int(words[1]) ?? .max
        #expect(children < 40, "\(line)")
        #expect(line.contains("Resource temporarily unavailable"), "\(line)")
        #expect(Fixture.pids(of: agentId).count <= 40)
        #expect(try fixture.server.client.send(method: "GET", path: "/api/health").status == 200, "launchpad goes on")
        #expect(try fixture.request("DELETE", "/api/agents/\(agentId)").status == 202)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !Fixture.pids(of: agentId).isEmpty { usleep(100_000) }
        #expect(Fixture.pids(of: agentId).isEmpty, "deleting it ended every child")
    }

    /// Thirty children in sessions of their own, deaf to SIGTERM: only the cgroup's SIGKILL ends them.
    @Test func aDeletedAgentLeavesNoProcessEvenThoseInSessionsOfTheirOwn() throws {
        let spawner = Fixture.pythonAgent("""
            import signal, subprocess
            ignore = lambda: signal.signal(signal.SIGTERM, signal.SIG_IGN)
            for _ in range(30):
                subprocess.Popen(["sleep", "600"], start_new_session=True, preexec_fn=ignore)
            print("started 30 sessions", flush=True)
            """)
        let fixture = try Fixture(extraArguments: ["--agent-command", spawner])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("spawner-bot")
        let pids = try fixture.wait(agentId, status: "DEPLOYED", processes: 31)
        let sessions = Set(pids.map { getsid($0) })
        #expect(sessions.count == 31, "each child is the leader of its own session: \(sessions.count)")
        #expect(try fixture.request("DELETE", "/api/agents/\(agentId)").status == 202)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, try fixture.request("GET", "/api/agents/\(agentId)").status != 404 { usleep(100_000) }
        #expect(try fixture.request("GET", "/api/agents/\(agentId)").status == 404)
        #expect(Fixture.pids(of: agentId).isEmpty, "no process of the agent is left: \(Fixture.pids(of: agentId))")
        #expect(pids.allSatisfy { !Fixture.isRunning($0) })
    }

    @Test func admissionRefusesWhatTheHostCannotHoldAndAdmitsItOnceThereIsRoom() throws {
        // An overcommit that admits 700 MiB on this host, whatever its memory.
        let meminfo = try String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
        let kibibytes = try #require(meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }?.split(separator: " ").dropFirst().first.flatMap { Double($0) })
        let overcommit = 700.0 * 1024 / kibibytes
        let fixture = try Fixture(extraArguments: ["--memory-overcommit", String(overcommit), "--agent-command", "/bin/sleep 600"])
        defer { fixture.server.stop() }
        let first = try fixture.create("first-bot", memory: "256Mi")
        _ = try fixture.create("second-bot", memory: "256Mi")
        let refused = try fixture.request("POST", "/api/agents", Fixture.createBody("third-bot", replicas: 1, memory: "256Mi"))
        #expect(refused.status == 429)
        guard case .object(let error)? = refused.body["error"] else {
            Issue.record("no error: \(refused)")
            return
        }
        #expect(error["code"] == .string("RESOURCE_LIMIT_EXCEEDED"))
        #expect(error["message"] == .string("Host capacity reached: this change would add 256 MiB of replica memory, more than this host has left for agents"))
        #expect(try fixture.request("POST", "/api/agents/\(first)/scale", #"{"replicas":2}"#).status == 429)
        #expect(try fixture.request("POST", "/api/agents/\(first)/scale", #"{"replicas":0}"#).status == 202)
        _ = try fixture.create("third-bot", memory: "256Mi")
    }
}
