import Foundation

/// One line of an agent's log, as stored (its id is the key).
public struct AgentLogEntry: Codable, Sendable, Equatable {
    /// Position in the agent's stream: increasing, and the SSE event id (`Last-Event-ID` resumes after it).
    public var id: UInt64
    public var timestamp: Date
    public var level: String
    public var message: String
    /// The replica that wrote it, or `launchpad` for the runtime's own lifecycle messages.
    public var pod: String

    enum CodingKeys: String, CodingKey { case timestamp, level, message, pod }

    public init(id: UInt64, timestamp: Date, level: String, message: String, pod: String) {
        self.id = id
        self.timestamp = timestamp
        self.level = level
        self.message = message
        self.pod = pod
    }

    /// The stored value has no id: storage keeps it in the key.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = 0
        timestamp = try container.decode(Date.self, forKey: .timestamp)
        level = try container.decode(String.self, forKey: .level)
        message = try container.decode(String.self, forKey: .message)
        pod = try container.decode(String.self, forKey: .pod)
    }
}
