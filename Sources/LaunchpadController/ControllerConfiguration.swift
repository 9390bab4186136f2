import Foundation

/// The controller's policy settings.
public struct ControllerConfiguration: Sendable {
    /// The longest wait between passes over the agents that have replicas.
    public var tick: TimeInterval = 0.1
    /// A replica that is not ready this long after it started fails the agent.
    public var startTimeout: TimeInterval = 30
    /// A ready replica whose health check has not passed for this long is restarted: its
    /// heartbeat stopped.
    public var heartbeatTimeout: TimeInterval = 90
    /// Replica ends within `crashWindow` that make the agent FAILED.
    public var crashLimit = 5
    public var crashWindow: TimeInterval = 300
    /// The first delay before a crashed replica is started again; it doubles up to `maxBackoff`.
    public var firstBackoff: TimeInterval = 1
    public var maxBackoff: TimeInterval = 60
    /// How often each agent's CPU and memory are sampled.
    public var sampleInterval: TimeInterval = 5

    public init() {}
}
