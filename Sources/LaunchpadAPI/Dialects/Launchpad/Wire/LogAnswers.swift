import Foundation
import LaunchpadCore

/// One line of an agent's log as seed 001 shows it (its id is the SSE event id, not a field).
struct LogEntryBody: Encodable {
    var timestamp: Date
    var level: String
    var message: String
    var pod: String

    init(_ entry: AgentLogEntry) {
        (timestamp, level, message, pod) = (entry.timestamp, entry.level, entry.message, entry.pod)
    }
}

/// GET /api/agents/{id}/logs without `follow`.
struct LogPageAnswer: Encodable {
    var agentId: String
    var logs: [LogEntryBody]
    var totalLines: Int
    /// More lines matched than `lines` allowed.
    var truncated: Bool
}
