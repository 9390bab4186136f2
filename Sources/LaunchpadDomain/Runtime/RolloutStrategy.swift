/// Who replaces replicas when an agent's generation changes.
public enum RolloutStrategy: Sendable, Equatable {
    /// The controller starts and stops replicas one at a time (`startReplica`, `stopReplica`):
    /// a driver of plain processes.
    case controllerSteps
    /// The driver is given the whole target (`apply`) and rolls out by itself, reporting its
    /// progress: a Kubernetes Deployment.
    case driverOwned
}
