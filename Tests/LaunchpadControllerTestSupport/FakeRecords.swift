import Foundation
import LaunchpadController
import LaunchpadDomain

/// Agent records in a dictionary, with every transition kept: what the controller reads and
/// writes in its tests and in the runtimes' tests.
public final class FakeRecords: AgentRecords, @unchecked Sendable {
    public init() {}

    private let lock = NSLock()
    private var agents: [String: ControlledAgent] = [:]
    public private(set) var transitions: [(agentId: String, status: AgentStatus, reason: String)] = []
    /// The revisions reported to `began` and `settled`, as `agentId status replicas`.
    public private(set) var begun: [String] = []
    public private(set) var settled: [String] = []
    private var revisions = 0

    public func put(_ agentId: String, status: AgentStatus, generation: Int = 1, replicas: Int, createdAt: Date = Date(timeIntervalSince1970: 0)) {
        lock.withLock {
            revisions += 1
            let deployedAt = agents[agentId]?.deployedAt
            agents[agentId] = ControlledAgent(
                agentId: agentId, status: status, generation: generation, replicas: replicas, createdAt: createdAt,
                deployedAt: deployedAt, revision: "r\(revisions)")
        }
    }

    public func agent(_ agentId: String) -> ControlledAgent? {
        lock.withLock { agents[agentId] }
    }

    public func status(_ agentId: String) -> AgentStatus? { agent(agentId)?.status }

    public func allAgentIds() throws -> [String] {
        lock.withLock { Array(agents.keys) }
    }

    public func load(_ agentId: String) throws -> ControlledAgent? {
        agent(agentId)
    }

    /// What every template carries besides the agent's id and generation.
    public var environment: [String: String] = [:]
    public var memoryBytes: Int?
    public var millicores: Int?
    public var ownerId: String?

    public func template(for agent: ControlledAgent) throws -> ReplicaTemplate {
        ReplicaTemplate(
            agentId: agent.agentId, generation: agent.generation, character: AgentCharacter(name: agent.agentId, bio: ["a test agent"]),
            environment: environment, memoryBytes: memoryBytes, millicores: millicores, ownerId: ownerId)
    }

    public func recordTransition(_ agentId: String, expecting seen: ControlledAgent, to status: AgentStatus, reason: String, deployedAt: Date?) throws {
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

    /// Removes the record at once, as if the agent had been deleted while no controller ran.
    public func drop(_ agentId: String) {
        lock.withLock { agents[agentId] = nil }
    }

    public func began(_ agentId: String, expecting seen: ControlledAgent) throws {
        lock.withLock { begun.append("\(agentId) \(seen.status.rawValue) \(seen.replicas)") }
    }

    public func settled(_ agentId: String, expecting seen: ControlledAgent) throws {
        lock.withLock { settled.append("\(agentId) \(seen.status.rawValue) \(seen.replicas)") }
    }

    public func removeDeleted(_ agentId: String) throws {
        lock.withLock {
            if agents[agentId]?.status == .deleting { agents[agentId] = nil }
        }
    }
}

/// The controller's events, kept.
public final class RecordedEvents: ControllerEvents, @unchecked Sendable {
    public init() {}

    private let lock = NSLock()
    public private(set) var lines: [(agentId: String, level: String, message: String)] = []
    public private(set) var firstDeployments: [String] = []
    public private(set) var removals: [String] = []
    public private(set) var samples: [String] = []
    public private(set) var missedHeartbeats: [String] = []

    public func lifecycle(agentId: String, level: String, _ message: String) {
        lock.withLock { lines.append((agentId, level, message)) }
    }

    public func firstDeployed(agentId: String, after seconds: TimeInterval) {
        lock.withLock { firstDeployments.append(agentId) }
    }

    public func sampled(agentId: String, at time: Date, cpuCores: Double?, memoryBytes: Int) {
        lock.withLock { samples.append(agentId) }
    }

    public func heartbeatMissed(agentId: String, replica: String, silentFor seconds: TimeInterval) {
        lock.withLock { missedHeartbeats.append(replica) }
    }

    public func removed(agentId: String) {
        lock.withLock { removals.append(agentId) }
    }
}
