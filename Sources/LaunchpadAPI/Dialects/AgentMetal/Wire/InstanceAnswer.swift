import Foundation
import LaunchpadCore
import LaunchpadDomain

/// An instance as AgentMetal shows it: `id`, `kind`, `metadata` (name, labels, times, `version`
/// for `If-Match`), `spec` and `status` with its phase.
struct InstanceAnswer: Encodable, Sendable {
    struct Metadata: Encodable, Sendable {
        var name: String
        var labels: [String: String]
        var created_at: Date
        var updated_at: Date
        var version: Int
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
        var ready_replicas: Int
        var last_heartbeat: Date?
        var operation_id: String?
    }

    var id: String
    var kind = "Instance"
    var metadata: Metadata
    var spec: Spec
    var status: Status

    init(_ agent: Agent, observed: AgentObservation) {
        id = agent.agentId
        metadata = Metadata(
            name: agent.name, labels: agent.labels ?? [:], created_at: agent.createdAt, updated_at: agent.updatedAt, version: agent.version ?? 1)
        spec = Spec(
            type: agent.instance?.type, image: agent.instance?.image ?? "reference", region: agent.instance?.region,
            replicas: agent.resources.replicas, cpu: agent.resources.cpu, memory: agent.resources.memory)
        status = Status(
            phase: Self.phase(agent.status), message: agent.reason, replicas: observed.runningReplicas, ready_replicas: observed.readyReplicas,
            last_heartbeat: observed.lastHeartbeat, operation_id: agent.operationId)
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
