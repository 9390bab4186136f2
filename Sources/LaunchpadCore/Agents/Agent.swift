import Foundation
import LaunchpadDomain

/// An agent as stored in the `agents` table.
public struct Agent: Codable, Sendable, Equatable {
    public var agentId: String
    public var ownerId: String
    public var name: String
    public var description: String
    public var personality: Personality
    public var plugins: [String]
    public var resources: Resources
    public var platforms: [String: StoredPlatform]
    public var status: AgentStatus
    /// Why the agent is FAILED (or what the last transition was for).
    public var reason: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var deployedAt: Date?
    /// Bumped by every change that needs new processes (spec change or restart); replicas of an
    /// older generation are replaced one by one.
    public var generation: Int
    /// The latest transitions, newest last (at most `Agent.transitionHistory`).
    public var transitions: [Transition]
    /// The `resources` fields the request left to the server's defaults (`memory`, `cpu`): the scan
    /// reports them. Absent in records written before scans.
    public var defaultedResources: [String]?
    /// Bumped by every change a caller makes, for optimistic concurrency (`If-Match`); absent in
    /// records written before it, which count as version 1.
    public var version: Int? = nil
    /// The newest operation on the agent.
    public var operationId: String? = nil
    /// Labels a caller gave it (AgentMetal's `metadata.labels`).
    public var labels: [String: String]? = nil
    /// What an instance dialect asked for: its size preset, image and region.
    public var instance: InstanceSettings? = nil
    /// Who may call the agent's url; nil is `.public` (records written before it).
    public var access: AgentAccess? = nil

    public static let transitionHistory = 20

    public struct Transition: Codable, Sendable, Equatable {
        public var status: AgentStatus
        public var at: Date
        public var reason: String?
    }

    /// The platform settings as anyone may see them: secrets shown as `***`.
    public var maskedPlatforms: [String: [String: String]] {
        platforms.mapValues { stored in
            var fields = stored.settings
            for key in stored.sealed.keys { fields[key] = "***" }
            return fields
        }
    }

    /// Moves to `status`, recording the transition.
    public mutating func transition(to status: AgentStatus, reason: String?, at date: Date) {
        self.status = status
        self.reason = reason
        updatedAt = date
        transitions.append(Transition(status: status, at: date, reason: reason))
        if transitions.count > Self.transitionHistory { transitions.removeFirst(transitions.count - Self.transitionHistory) }
    }
}

/// A platform's settings as stored: plain fields, and secrets sealed with the master key
/// (AES-256-GCM, base64), never in clear.
public struct StoredPlatform: Codable, Sendable, Equatable {
    public var settings: [String: String]
    public var sealed: [String: String]
}
