/// Where an agent is in its life. The API sets QUEUED, SCALING, RESTARTING, PAUSED and DELETING;
/// the controller owns every other transition. A PAUSED agent keeps its record and runs no replica.
public enum AgentStatus: String, Codable, Sendable, CaseIterable {
    case queued = "QUEUED"
    case deploying = "DEPLOYING"
    case deployed = "DEPLOYED"
    case scaling = "SCALING"
    case restarting = "RESTARTING"
    case deleting = "DELETING"
    case failed = "FAILED"
    case paused = "PAUSED"
}
