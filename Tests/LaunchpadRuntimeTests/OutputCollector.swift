import LaunchpadRuntime
import Synchronization
import LaunchpadDomain

/// Records every line a launcher delivers, for tests to wait on.
final class OutputCollector: Sendable {
    private let outputs = Mutex<[ReplicaLogLine]>([])

    func record(_ output: ReplicaLogLine) {
        outputs.withLock { $0.append(output) }
    }

    /// The lines one replica wrote to one stream, in order.
    func lines(of replicaName: String, _ stream: ReplicaLogLine.Stream) -> [String] {
        outputs.withLock { $0.filter { $0.replicaName == replicaName && $0.stream == stream }.map(\.line) }
    }

    /// Waits until `condition` holds for the replica's lines on `stream`; false after `timeout`.
    func waitFor(_ replicaName: String, _ stream: ReplicaLogLine.Stream, timeout: Duration = .seconds(5), _ condition: ([String]) -> Bool) -> Bool {
        eventually(timeout: timeout) { condition(lines(of: replicaName, stream)) }
    }
}
