import Foundation
import LaunchpadCore
import LaunchpadDomain

/// An instance as seed 003 shows it: times in epoch seconds, a lower-case status, and its health.
struct InstanceSummary: Encodable, Sendable {
    var id: String
    var name: String
    var status: String
    var region: String?
    var created_at: Int
    var updated_at: Int
    var health: HealthAnswer

    init(_ agent: Agent, health: InstanceHealth, now: Date) {
        id = agent.agentId
        name = agent.name
        status = Self.status(agent.status)
        region = agent.instance?.region
        created_at = Int(agent.createdAt.timeIntervalSince1970)
        updated_at = Int(agent.updatedAt.timeIntervalSince1970)
        self.health = HealthAnswer(health, now: now)
    }

    enum CodingKeys: String, CodingKey { case id, name, status, region, created_at, updated_at, health }

    /// Every key always present: `region` is null when none was asked for.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(status, forKey: .status)
        try container.encode(region, forKey: .region)
        try container.encode(created_at, forKey: .created_at)
        try container.encode(updated_at, forKey: .updated_at)
        try container.encode(health, forKey: .health)
    }

    /// `creating`, `running`, `paused`, `stopped` or `error`.
    static func status(_ status: AgentStatus) -> String {
        switch status {
        case .queued, .deploying: "creating"
        case .deployed, .scaling, .restarting: "running"
        case .paused: "paused"
        case .deleting: "stopped"
        case .failed: "error"
        }
    }
}

/// `{cpu_percent, memory_mb, disk_mb, last_heartbeat, uptime_secs}`: what was measured, null where
/// nothing was (no replica runs; the local runtime does not measure disk).
struct HealthAnswer: Encodable, Sendable {
    var cpu_percent: Double?
    var memory_mb: Int?
    var disk_mb: Int?
    var last_heartbeat: Int?
    var uptime_secs: Int?

    init(_ health: InstanceHealth, now: Date) {
        cpu_percent = health.cpuPercent
        memory_mb = health.memoryBytes.map { $0 >> 20 }
        disk_mb = nil
        last_heartbeat = health.lastHeartbeat.map { Int($0.timeIntervalSince1970) }
        uptime_secs = health.readySince.map { max(0, Int(now.timeIntervalSince($0))) }
    }

    func encode(to encoder: any Encoder) throws {
        // Every key is always present, null when not measured, as the seed's object has them all.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cpu_percent, forKey: .cpu_percent)
        try container.encode(memory_mb, forKey: .memory_mb)
        try container.encode(disk_mb, forKey: .disk_mb)
        try container.encode(last_heartbeat, forKey: .last_heartbeat)
        try container.encode(uptime_secs, forKey: .uptime_secs)
    }

    enum CodingKeys: String, CodingKey { case cpu_percent, memory_mb, disk_mb, last_heartbeat, uptime_secs }
}

/// `{"status": "paused"}`, `{"status": "restarted"}`.
struct StatusAnswer: Encodable, Sendable {
    var status: String
}
