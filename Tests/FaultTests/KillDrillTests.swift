#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadRuntime
import LaunchpadTestSupport
import Testing

/// The responder killed with SIGKILL in the middle of a burst of creates and scales, twice over;
/// `launchpad up` starts it again by itself: every acknowledged write is there, the controller
/// converges, and every replica running is the new responder's, as many as asked, with none left
/// from the killed run.
///
/// The responder (`launchpad serve`, a child of `launchpad up`) holds the store, runs the controller
/// and is the replicas' parent; nginx, the supervisor's other child, answers 503 while it is away.
@Suite(.serialized) struct KillDrillTests {
    static let clients = 4
    static let limits = ["--max-agents-per-user", "100", "--max-replicas-per-user", "400"]

    @Test func everyAcknowledgedWriteSurvivesAKillAndNoReplicaIsOrphanedOrDoubled() throws {
        let directory = try TemporaryDirectory()
        let data = directory.appending("data")
        let fixture = try AgentFixture(dataDirectory: data, logPath: directory.appending("run.log"), extraArguments: Self.limits)
        defer { fixture.server.stop() }
        let ledger = WriteLedger()
        for round in 0..<2 {
            let killed = try Self.burstAndKill(round: round, fixture: fixture, ledger: ledger)
            try fixture.server.waitUntilServing()
            try Self.check(ledger, against: fixture, killedReplicas: killed, round: round)
        }
    }

    /// Runs the burst from `clients` threads, SIGKILLs the responder once 30 more writes are
    /// acknowledged, waits for the threads, and returns the replicas that were running at the kill.
    static func burstAndKill(round: Int, fixture: AgentFixture, ledger: WriteLedger) throws -> [Int32] {
        let agentsPerClient = round == 0 ? 5 : 3
        let target = ledger.acknowledged + 30
        let group = DispatchGroup()
        for client in 0..<clients {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                var own: [(name: String, agentId: String)] = []
                for step in 0..<10_000 {
                    if own.count < agentsPerClient {
                        let name = "drill-\(round)-\(client)-\(step)"
                        let replicas = step % 2
                        let answer = try? fixture.request("POST", "/api/agents", AgentFixture.createBody(name, replicas: replicas))
                        let agentId: String? = if case .string(let id)? = answer?.body["agentId"] { id } else { nil }
                        let outcome = Self.outcome(answer?.status)
                        ledger.record(name, agentId: agentId, replicas: replicas, outcome: outcome)
                        if outcome == .unknown { return }
                        if let agentId, outcome == .acknowledged { own.append((name, agentId)) }
                    } else {
                        let agent = own[step % own.count]
                        let replicas = step % 3
                        let answer = try? fixture.request("POST", "/api/agents/\(agent.agentId)/scale", #"{"replicas":\#(replicas)}"#)
                        let outcome = Self.outcome(answer?.status)
                        ledger.record(agent.name, replicas: replicas, outcome: outcome)
                        if outcome == .unknown { return }
                    }
                    usleep(20_000)
                }
            }
        }
        let deadline = Date().addingTimeInterval(20)
        while ledger.acknowledged < target && Date() < deadline { usleep(5_000) }
        let pid = fixture.server.responderPid
        let running = ledger.all.values.compactMap(\.agentId).flatMap(AgentFixture.pids(of:))
        kill(pid, SIGKILL)
        let killDeadline = Date().addingTimeInterval(5)
        while AgentFixture.isRunning(pid) && Date() < killDeadline { usleep(5_000) }
        #expect(!AgentFixture.isRunning(pid), "the responder died of SIGKILL")
        #expect(group.wait(timeout: .now() + 30) == .success, "every client saw the kill")
        return running
    }

    /// 2xx acknowledged, 4xx refused, anything else (no answer, nginx's 503) unknown.
    static func outcome(_ status: Int?) -> WriteLedger.Outcome {
        switch status {
        case .some(200..<300): .acknowledged
        case .some(400..<500): .refused
        default: .unknown
        }
    }

    /// Checks the restarted responder against the ledger, waiting up to 30 s for convergence.
    static func check(_ ledger: WriteLedger, against fixture: AgentFixture, killedReplicas: [Int32], round: Int) throws {
        let listed = try fixture.request("GET", "/api/agents?limit=100").body
        guard case .array(let summaries)? = listed["agents"] else { throw FaultTestError("no list: \(listed)") }
        var stored: [String: String] = [:]  // name → id
        for case .object(let summary) in summaries {
            if case .string(let name)? = summary["name"], case .string(let agentId)? = summary["agentId"] { stored[name] = agentId }
        }
        let histories = ledger.all
        #expect(Set(stored.keys).isSubset(of: Set(histories.keys)), "no agent that was never sent: \(Set(stored.keys).subtracting(histories.keys))")
        var expected: [String: (agentId: String, possible: Set<Int>)] = [:]
        for (name, history) in histories {
            if history.createAcknowledged {
                #expect(stored[name] == history.agentId, "round \(round): the acknowledged create of \(name) is there")
            }
            if let agentId = stored[name] { expected[agentId] = (agentId, history.possibleReplicas) }
        }
        #expect(histories.values.filter(\.createAcknowledged).count >= 10, "the burst acknowledged creates before the kill")

        let deadline = Date().addingTimeInterval(30)
        var problems: [String] = []
        repeat {
            problems = []
            for (agentId, entry) in expected {
                let agent = try fixture.request("GET", "/api/agents/\(agentId)").body
                guard case .object(let resources)? = agent["resources"], case .number(let value)? = resources["replicas"] else {
                    problems.append("\(agentId): no record")
                    continue
                }
                let replicas = Int(value)
                if !entry.possible.contains(replicas) {
                    problems.append("\(agentId): replicas \(replicas), acknowledged \(entry.possible.sorted())")
                }
                if agent["status"] != .string("DEPLOYED") { problems.append("\(agentId): \(agent["status"].map { "\($0)" } ?? "?")") }
                let pids = AgentFixture.pids(of: agentId)
                if pids.count != replicas { problems.append("\(agentId): \(pids.count) processes for \(replicas) replicas") }
                let strangers = pids.filter { AgentFixture.parent(of: $0) != fixture.server.responderPid }
                if !strangers.isEmpty { problems.append("\(agentId): processes \(strangers) are not the new responder's") }
            }
            if problems.isEmpty { break }
            usleep(200_000)
        } while Date() < deadline
        #expect(problems.isEmpty, "round \(round) converged within 30 s: \(problems.sorted().prefix(10))\n\(fixture.server.log())")
        let survivors = killedReplicas.filter(AgentFixture.isRunning)
        #expect(survivors.isEmpty, "no replica of the killed launchpad is left: \(survivors)")
        #expect(!killedReplicas.isEmpty || round > 0, "the kill left replicas to clean up (the drill saw some)")
    }
}
