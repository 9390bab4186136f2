import Foundation
import LaunchpadDomain

/// An agent and what the runtime sees of it, with the one rule that turns them into health: the
/// runtime is HEALTHY with every replica asked for ready, DEGRADED with some, UNHEALTHY with none;
/// the application is HEALTHY with a ready replica, STOPPED with none asked for; the overall
/// health is UNHEALTHY for a FAILED agent and HEALTHY for one scaled to zero, else the runtime's.
/// A PAUSED agent asks for no replica.
public struct AgentHealth: Sendable, Equatable {
    public enum State: String, Sendable {
        case healthy = "HEALTHY"
        case degraded = "DEGRADED"
        case unhealthy = "UNHEALTHY"
        case stopped = "STOPPED"
    }

    public var agent: Agent
    public var observed: AgentObservation

    public init(_ agent: Agent, observed: AgentObservation) {
        self.agent = agent
        self.observed = observed
    }

    /// The replicas that should run now: none while paused.
    var asked: Int { agent.status == .paused ? 0 : agent.resources.replicas }

    public var runtime: State {
        observed.readyReplicas >= asked ? .healthy : (observed.readyReplicas > 0 ? .degraded : .unhealthy)
    }

    public var application: State {
        observed.readyReplicas > 0 ? .healthy : (asked == 0 ? .stopped : .unhealthy)
    }

    public var overall: State {
        agent.status == .failed ? .unhealthy : (asked == 0 ? .healthy : runtime)
    }
}
