import Foundation
import LaunchpadCore
import LaunchpadDomain

/// An instance as seed 003 shows it: times in epoch seconds, a lower-case status, and its health.
struct InstanceSummary: Encodable, Sendable {
    var id: String
    var name: String
    var status: String
    var region: String?
    var createdAt: Int
    var updatedAt: Int
    var health: HealthAnswer

    init(_ agent: Agent, health: InstanceHealth, now: Date) {
        id = agent.agentId
        name = agent.name
        status = Self.status(agent.status)
        region = agent.instance?.region
        createdAt = Int(agent.createdAt.timeIntervalSince1970)
        updatedAt = Int(agent.updatedAt.timeIntervalSince1970)
        self.health = HealthAnswer(health, now: now)
    }

    enum CodingKeys: String, CodingKey { case id, name, status, region, createdAt = "created_at", updatedAt = "updated_at", health }

    /// Every key always present: `region` is null when none was asked for.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(status, forKey: .status)
        try container.encode(region, forKey: .region)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
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
    var cpuPercent: Double?
    var memoryMB: Int?
    var diskMB: Int?
    var lastHeartbeat: Int?
    var uptimeSeconds: Int?

    init(_ health: InstanceHealth, now: Date) {
        cpuPercent = health.cpuPercent
        memoryMB = health.memoryBytes.map { $0 >> 20 }
        diskMB = nil
        lastHeartbeat = health.lastHeartbeat.map { Int($0.timeIntervalSince1970) }
        uptimeSeconds = health.readySince.map { max(0, Int(now.timeIntervalSince($0))) }
    }

    func encode(to encoder: any Encoder) throws {
        // Every key is always present, null when not measured, as the seed's object has them all.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cpuPercent, forKey: .cpuPercent)
        try container.encode(memoryMB, forKey: .memoryMB)
        try container.encode(diskMB, forKey: .diskMB)
        try container.encode(lastHeartbeat, forKey: .lastHeartbeat)
        try container.encode(uptimeSeconds, forKey: .uptimeSeconds)
    }

    enum CodingKeys: String, CodingKey {
        case cpuPercent = "cpu_percent", memoryMB = "memory_mb", diskMB = "disk_mb", lastHeartbeat = "last_heartbeat", uptimeSeconds = "uptime_secs"
    }
}

/// `{"status": "paused"}`, `{"status": "restarted"}`.
struct StatusAnswer: Encodable, Sendable {
    var status: String
}
