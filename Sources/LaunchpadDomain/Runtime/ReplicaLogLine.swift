import Foundation

/// One line a replica wrote, without its newline, as a driver hands it to the log collector.
public struct ReplicaLogLine: Sendable, Equatable {
    /// Which of the replica's output streams a line came from.
    public enum Stream: Sendable, Equatable {
        case stdout
        case stderr
    }

    public var agentId: String
    /// The replica (pod) that wrote it.
    public var replicaName: String
    public var stream: Stream
    public var line: String
    /// When the driver read it.
    public var time: Date

    public init(agentId: String, replicaName: String, stream: Stream, line: String, time: Date) {
        self.agentId = agentId
        self.replicaName = replicaName
        self.stream = stream
        self.line = line
        self.time = time
    }
}
