/// How far a driver that rolls out by itself (a Kubernetes Deployment) has come with an agent.
public struct RolloutProgress: Sendable, Equatable {
    /// The newest generation the driver has acted on.
    public var observedGeneration: Int
    /// Replicas of that generation, running or not.
    public var updatedReplicas: Int
    public var readyReplicas: Int
    public var availableReplicas: Int
    /// Why the rollout cannot succeed (an image that cannot be pulled, a quota refused), if known.
    public var failure: String?

    public init(observedGeneration: Int, updatedReplicas: Int, readyReplicas: Int, availableReplicas: Int, failure: String? = nil) {
        self.observedGeneration = observedGeneration
        self.updatedReplicas = updatedReplicas
        self.readyReplicas = readyReplicas
        self.availableReplicas = availableReplicas
        self.failure = failure
    }
}
