import Foundation

/// One line a replica wrote, as a driver hands it to the log collector.
public struct ReplicaLogLine: Sendable, Equatable {
    public var agentId: String
    /// The replica (pod) that wrote it.
    public var replicaName: String
    public var text: String
    public var isStandardError: Bool
    /// When the driver read it.
    public var time: Date

    public init(agentId: String, replicaName: String, text: String, isStandardError: Bool, time: Date) {
        self.agentId = agentId
        self.replicaName = replicaName
        self.text = text
        self.isStandardError = isStandardError
        self.time = time
    }
}
