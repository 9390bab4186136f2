import Foundation
import LaunchpadController
import LaunchpadDomain

/// Agent records in a dictionary, with every transition kept.
final class FakeRecords: AgentRecords, @unchecked Sendable {
    private let lock = NSLock()
    private var agents: [String: ControlledAgent] = [:]
    private(set) var transitions: [(agentId: String, status: AgentStatus, reason: String)] = []
    /// The revisions reported to `began` and `settled`, as `agentId status replicas`.
    private(set) var begun: [String] = []
    private(set) var settled: [String] = []
    private var revisions = 0

    func put(_ agentId: String, status: AgentStatus, generation: Int = 1, replicas: Int, createdAt: Date = Date(timeIntervalSince1970: 0)) {
        lock.withLock {
            revisions += 1
            let deployedAt = agents[agentId]?.deployedAt
            agents[agentId] = ControlledAgent(
                agentId: agentId, status: status, generation: generation, replicas: replicas, createdAt: createdAt,
                deployedAt: deployedAt, revision: "r\(revisions)")
        }
    }

    func agent(_ agentId: String) -> ControlledAgent? {
        lock.withLock { agents[agentId] }
    }

    func status(_ agentId: String) -> AgentStatus? { agent(agentId)?.status }

    func allAgentIds() throws -> [String] {
        lock.withLock { Array(agents.keys) }
    }

    func load(_ agentId: String) throws -> ControlledAgent? {
        agent(agentId)
    }

    func template(for agent: ControlledAgent) throws -> ReplicaTemplate {
        ReplicaTemplate(agentId: agent.agentId, generation: agent.generation, character: AgentCharacter(name: agent.agentId, bio: ["a test agent"]))
    }

    func recordTransition(_ agentId: String, expecting seen: ControlledAgent, to status: AgentStatus, reason: String, deployedAt: Date?) throws {
        lock.withLock {
            guard var agent = agents[agentId], agent.revision == seen.revision else { return }
            revisions += 1
            agent.status = status
            agent.revision = "r\(revisions)"
            if let deployedAt { agent.deployedAt = deployedAt }
            agents[agentId] = agent
            transitions.append((agentId, status, reason))
        }
    }

    func began(_ agentId: String, expecting seen: ControlledAgent) throws {
        lock.withLock { begun.append("\(agentId) \(seen.status.rawValue) \(seen.replicas)") }
    }

    func settled(_ agentId: String, expecting seen: ControlledAgent) throws {
        lock.withLock { settled.append("\(agentId) \(seen.status.rawValue) \(seen.replicas)") }
    }

    func removeDeleted(_ agentId: String) throws {
        lock.withLock {
            if agents[agentId]?.status == .deleting { agents[agentId] = nil }
        }
    }
}

/// The controller's events, kept.
final class RecordedEvents: ControllerEvents, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var lines: [(agentId: String, level: String, message: String)] = []
    private(set) var firstDeployments: [String] = []
    private(set) var removals: [String] = []
    private(set) var samples: [String] = []
    private(set) var missedHeartbeats: [String] = []

    func lifecycle(agentId: String, level: String, _ message: String) {
        lock.withLock { lines.append((agentId, level, message)) }
    }

    func firstDeployed(agentId: String, after seconds: TimeInterval) {
        lock.withLock { firstDeployments.append(agentId) }
    }

    func sampled(agentId: String, at time: Date, cpuCores: Double?, memoryBytes: Int) {
        lock.withLock { samples.append(agentId) }
    }

    func heartbeatMissed(agentId: String, replica: String, silentFor seconds: TimeInterval) {
        lock.withLock { missedHeartbeats.append(replica) }
    }

    func removed(agentId: String) {
        lock.withLock { removals.append(agentId) }
    }
}
