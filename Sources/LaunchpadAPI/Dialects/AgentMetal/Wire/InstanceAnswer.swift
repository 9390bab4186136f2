import Foundation
import LaunchpadCore
import LaunchpadDomain

/// An instance as AgentMetal shows it: `id`, `kind`, `metadata` (name, labels, times, `version`
/// for `If-Match`), `spec` and `status` with its phase.
struct InstanceAnswer: Encodable, Sendable {
    struct Metadata: Encodable, Sendable {
        var name: String
        var labels: [String: String]
        var createdAt: Date
        var updatedAt: Date
        var version: Int

        enum CodingKeys: String, CodingKey { case name, labels, createdAt = "created_at", updatedAt = "updated_at", version }
    }

    struct Spec: Encodable, Sendable {
        var type: String?
        var image: String
        var region: String?
        var replicas: Int
        var cpu: String
        var memory: String
    }

    struct Status: Encodable, Sendable {
        var phase: String
        var message: String?
        var replicas: Int
        var readyReplicas: Int
        var lastHeartbeat: Date?
        var operationId: String?

        enum CodingKeys: String, CodingKey {
            case phase, message, replicas, readyReplicas = "ready_replicas", lastHeartbeat = "last_heartbeat", operationId = "operation_id"
        }
    }

    var id: String
    var kind = "Instance"
    var metadata: Metadata
    var spec: Spec
    var status: Status

    init(_ agent: Agent, observed: AgentObservation) {
        id = agent.agentId
        metadata = Metadata(
            name: agent.name, labels: agent.labels ?? [:], createdAt: agent.createdAt, updatedAt: agent.updatedAt, version: agent.version ?? 1)
        spec = Spec(
            type: agent.instance?.type, image: agent.instance?.image ?? "reference", region: agent.instance?.region,
            replicas: agent.resources.replicas, cpu: agent.resources.cpu, memory: agent.resources.memory)
        status = Status(
            phase: Self.phase(agent.status), message: agent.reason, replicas: observed.runningReplicas, readyReplicas: observed.readyReplicas,
            lastHeartbeat: observed.lastHeartbeat, operationId: agent.operationId)
    }

    static func phase(_ status: AgentStatus) -> String {
        switch status {
        case .queued: "pending"
        case .deploying: "provisioning"
        case .deployed: "running"
        case .scaling: "scaling"
        case .restarting: "restarting"
        case .paused: "paused"
        case .deleting: "deleting"
        case .failed: "failed"
        }
    }
}

/// `{"items": [...]}`.
struct ItemsAnswer<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
}
