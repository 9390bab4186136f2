import Foundation
import LaunchpadDomain

/// What the controller keeps per agent between passes.
struct AgentProgress {
    var replicas: [ReplicaReport] = []
    var crashes: [Date] = []
    var backoff: TimeInterval
    var nextStartAt: Date?
    var lastCrash: String?
    var measurements = AgentMeasurements()
    var probeTimes: [Date] = []
    /// CPU seconds per replica at the last sample, for the next sample's difference.
    var cpuSeconds: [String: Double] = [:]
    var desired = 0
    /// Since when fewer replicas are ready than asked for; nil while all are.
    var shortSince: Date?
    /// What was last given to a driver that rolls out by itself: (generation, replicas).
    var applied: (generation: Int, replicas: Int)?
    var rollout: RolloutProgress?
    /// The record revisions already reported to `AgentRecords.began` and `settled`.
    var begun: String?
    var settled: String?

    init(backoff: TimeInterval) {
        self.backoff = backoff
    }
}
