/// A replica that ended without being asked to (it exited, crashed, or was killed).
public struct ReplicaTermination: Sendable, Equatable {
    public var name: String
    public var generation: Int
    /// What ended it, for the reason of a failure: "exited with status 3", "killed by signal 9".
    public var reason: String

    public init(name: String, generation: Int, reason: String) {
        self.name = name
        self.generation = generation
        self.reason = reason
    }
}
