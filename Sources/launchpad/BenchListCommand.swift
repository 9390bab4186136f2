import ArgumentParser
import Foundation
import LaunchpadCore
import LaunchpadDomain

/// `launchpad bench-list`: GET /api/agents's work in-process with many agents stored (for `make bench`).
struct BenchListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-list", abstract: "Measure agent listing with many agents stored.", shouldDisplay: false)

    @Option(help: "Agents to store.") var agents: Int = 100_000
    @Option(help: "Owners they are spread over.") var owners: Int = 10
    @Option(help: "List calls per measurement.") var calls: Int = 2000

    func run() throws {
        let directory = NSTemporaryDirectory() + "launchpad-bench-list-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let limits = AgentLimits(agentsPerUser: Int.max, replicasPerUser: Int.max)
        let services = try Services(dataDirectory: directory, configuration: .init(agents: .init(limits: limits)))
        defer { services.close() }
        let principals = (0..<owners).map { Principal(keyId: "key_\($0)", userId: "user-\($0)", username: "owner\($0)", role: .user) }
        let admin = Principal(keyId: "key_admin", userId: "user-admin", username: "admin", role: .admin)
        let start = Date()
        let perThread = (agents + 15) / 16
        DispatchQueue.concurrentPerform(iterations: 16) { thread in
            for index in (thread * perThread)..<min(agents, (thread + 1) * perThread) {
                _ = try? services.agents.create(
                    AgentDraft(name: "bench-\(index)", personality: Personality(bio: ["A benchmark agent."]), resources: .init(replicas: 0)), by: principals[index % owners])
            }
        }
        let stored = try services.agents.list(for: admin, owner: nil, status: nil, limit: 1, offset: 0).total
        let fillSeconds = Date().timeIntervalSince(start)
        var results: [String] = []
        for (label, principal, status, offset) in [("user", principals[0], AgentStatus?.none, 0), ("admin", admin, nil, 0), ("admin-status", admin, .queued, 0), ("user-offset-1000", principals[0], nil, 1000)] {
            var times: [Double] = []
            for _ in 0..<calls {
                let clock = ContinuousClock.now
                _ = try services.agents.list(for: principal, owner: nil, status: status, limit: 20, offset: offset)
                let elapsed = ContinuousClock.now - clock
                times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            times.sort()
            results.append(#"{"query":"\#(label)","p50Ms":\#(String(format: "%.3f", times[times.count / 2])),"p99Ms":\#(String(format: "%.3f", times[times.count * 99 / 100]))}"#)
        }
        print(#"{"agentsStored":\#(stored),"fillSeconds":\#(String(format: "%.1f", fillSeconds)),"createsPerSecondInProcess":\#(Int(Double(stored) / fillSeconds)),"lists":[\#(results.joined(separator: ","))]}"#)
    }
}
