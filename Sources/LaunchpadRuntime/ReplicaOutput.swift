import Foundation

/// One line a replica wrote, without its newline.
///
/// Lines longer than `ReplicaOutput.maximumLineBytes` are cut to that length (at a UTF-8 character
/// boundary) and the rest of the line is dropped. Bytes that are not UTF-8 are replaced with U+FFFD.
public struct ReplicaOutput: Sendable {
    /// Which of the child's output streams a line came from.
    public enum Stream: Sendable, Equatable {
        case stdout
        case stderr
    }

    /// The longest line delivered, in bytes.
    public static let maximumLineBytes = 16 * 1024

    public var agentId: String
    public var replicaName: String
    public var stream: Stream
    public var line: String
    /// When the line was read.
    public var time: Date

    public init(agentId: String, replicaName: String, stream: Stream, line: String, time: Date) {
        self.agentId = agentId
        self.replicaName = replicaName
        self.stream = stream
        self.line = line
        self.time = time
    }
}
