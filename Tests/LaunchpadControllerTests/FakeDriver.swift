import Foundation
import LaunchpadDomain

/// A driver without processes: replicas are entries the test makes ready, crashes or leaves
/// unready, on the test's clock.
final class FakeDriver: ReplicaDriver, @unchecked Sendable {
    let name = "fake"
    let rollout: RolloutStrategy
    var measuresUsage = true
    private let lock = NSLock()
    var now: Date
    private(set) var replicas: [String: [ReplicaReport]] = [:]
    private var terminations: [String: [ReplicaTermination]] = [:]
    /// Replicas an earlier run left, returned by `recover`.
    var leftovers: [String: [ReplicaReport]] = [:]
    /// Makes `startReplica` or `apply` fail with this reason.
    var failure: String?
    /// For `.driverOwned`: what `apply` was last given, and the progress `observe` reports.
    private(set) var applied: [String: (template: ReplicaTemplate, replicas: Int)] = [:]
    var progress: [String: RolloutProgress] = [:]
    private(set) var stopped: [String] = []
    private(set) var forgotten: [String] = []
    private var counter = 0

    init(rollout: RolloutStrategy = .controllerSteps, now: Date) {
        self.rollout = rollout
        self.now = now
    }

    func recover() -> [String: [ReplicaReport]] {
        lock.withLock {
            replicas = leftovers
            return leftovers
        }
    }

    func startReplica(_ template: ReplicaTemplate) throws(DriverFailure) -> ReplicaReport {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw DriverFailure(failure) }
        counter += 1
        let report = ReplicaReport(
            name: "\(template.agentId)-\(template.generation)-\(counter)", generation: template.generation,
            endpoint: ReplicaEndpoint(host: "10.0.0.\(counter)", port: 8000 + counter), startedAt: now)
        replicas[template.agentId, default: []].append(report)
        return report
    }

    func stopReplica(agentId: String, name: String) {
        lock.withLock {
            replicas[agentId]?.removeAll { $0.name == name }
            stopped.append(name)
        }
    }

    func apply(_ template: ReplicaTemplate, replicas count: Int) throws(DriverFailure) {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw DriverFailure(failure) }
        applied[template.agentId] = (template, count)
    }

    func observe(agentId: String, now: Date) -> DriverObservation {
        lock.withLock {
            defer { terminations[agentId] = nil }
            return DriverObservation(
                replicas: replicas[agentId] ?? [], terminations: terminations[agentId] ?? [],
                probes: ProbeTally(requests: replicas[agentId]?.count ?? 0, successes: replicas[agentId]?.filter(\.isReady).count ?? 0),
                rollout: progress[agentId])
        }
    }

    func usage(agentId: String) -> [String: ResourceUsage] {
        lock.withLock {
            Dictionary(uniqueKeysWithValues: (replicas[agentId] ?? []).map { ($0.name, ResourceUsage(cpuSeconds: 1, memoryBytes: 1000)) })
        }
    }

    func stopAll(agentId: String) {
        lock.withLock {
            stopped += (replicas[agentId] ?? []).map(\.name)
            replicas[agentId] = nil
            applied[agentId] = nil
        }
    }

    func forget(agentId: String) {
        lock.withLock { forgotten.append(agentId) }
    }

    func shutdown() {
        lock.withLock { replicas.removeAll() }
    }

    // MARK: What the test does to replicas

    /// Marks every replica of the agent (or those of `generation`) ready.
    func makeReady(_ agentId: String, generation: Int? = nil) {
        lock.withLock {
            replicas[agentId] = replicas[agentId]?.map { replica in
                var replica = replica
                if generation == nil || replica.generation == generation, replica.readySince == nil {
                    replica.readySince = now
                    replica.lastHeartbeat = now
                }
                return replica
            }
        }
    }

    /// Ends one replica by itself, as a crash does.
    func crash(_ agentId: String, reason: String = "exited with status 1") {
        lock.withLock {
            guard let victim = replicas[agentId]?.first else { return }
            replicas[agentId]?.removeFirst()
            terminations[agentId, default: []].append(ReplicaTermination(name: victim.name, generation: victim.generation, reason: reason))
        }
    }

    /// For `.driverOwned`: the replicas of the applied target exist, of which `ready` are ready.
    func rollOut(_ agentId: String, ready: Int, failure: String? = nil) {
        lock.withLock {
            guard let target = applied[agentId] else { return }
            replicas[agentId] = (0..<target.replicas).map { index in
                ReplicaReport(
                    name: "\(agentId)-pod-\(index)", generation: target.template.generation,
                    endpoint: ReplicaEndpoint(host: "10.1.0.\(index)", port: 3000), readySince: index < ready ? now : nil, startedAt: now)
            }
            progress[agentId] = RolloutProgress(
                observedGeneration: target.template.generation, updatedReplicas: target.replicas, readyReplicas: ready,
                availableReplicas: ready, failure: failure)
        }
    }

    /// Every ready replica of the agent passes its health check now (the other replicas' heartbeats stop).
    func heartbeat(_ agentId: String, except silent: Set<String> = []) {
        lock.withLock {
            replicas[agentId] = replicas[agentId]?.map { replica in
                var replica = replica
                if replica.isReady, !silent.contains(replica.name) { replica.lastHeartbeat = now }
                return replica
            }
        }
    }

    func running(_ agentId: String) -> [ReplicaReport] {
        lock.withLock { replicas[agentId] ?? [] }
    }
}
