import Foundation

/// Every write a burst sent, per agent, with what it set and what became of it, so that the
/// state after a crash can be checked against what was acknowledged.
final class WriteLedger: @unchecked Sendable {
    enum Outcome: Equatable {
        /// A 2xx: the write is durable and must survive.
        case acknowledged
        /// A 4xx: refused, nothing written.
        case refused
        /// No answer, or nginx's 502 when launchpad died: it may or may not have been written.
        case unknown
    }

    /// One agent's writes in the order they were sent: the create, then scales.
    struct History {
        var agentId: String?
        var writes: [(replicas: Int, outcome: Outcome)] = []

        var createAcknowledged: Bool { writes.first?.outcome == .acknowledged }

        /// The replica counts the store may hold: the last acknowledged one, or the value of a
        /// later write whose outcome is unknown (each agent's writes come from one thread, in turn).
        var possibleReplicas: Set<Int> {
            var possible: Set<Int> = []
            for write in writes {
                switch write.outcome {
                case .acknowledged: possible = [write.replicas]
                case .unknown: possible.insert(write.replicas)
                case .refused: break
                }
            }
            return possible
        }
    }

    private let lock = NSLock()
    private var histories: [String: History] = [:]
    private var acknowledgedCount = 0

    /// Records a write to the agent called `name` and its outcome; `agentId` once known.
    func record(_ name: String, agentId: String? = nil, replicas: Int, outcome: Outcome) {
        lock.withLock {
            var history = histories[name] ?? History()
            if let agentId { history.agentId = agentId }
            history.writes.append((replicas, outcome))
            histories[name] = history
            if outcome == .acknowledged { acknowledgedCount += 1 }
        }
    }

    /// Writes acknowledged so far.
    var acknowledged: Int { lock.withLock { acknowledgedCount } }

    /// Every agent written to, by name.
    var all: [String: History] { lock.withLock { histories } }
}
