import Foundation
import LaunchpadStore
import LaunchpadDomain

/// Measures the system for GET /api/health.
///
/// Rule: the database is UNHEALTHY when a read transaction fails; DEGRADED when writes are failing
/// (the last write batch failed to commit, or one did within `failedWriteWindow`: a full or
/// read-only data directory), when a read takes longer than `slowRead` or when more than 90% of the
/// reader slots are in use; HEALTHY otherwise. The runtime is
/// DEGRADED when an agent is FAILED, or has had fewer replicas ready than asked for longer than a
/// deployment may take (30 s), HEALTHY otherwise; a HEALTHY runtime that cannot isolate replicas as
/// it should (no cgroups, no users of their own) says so in its reason. The registry (the advisory database) is DEGRADED
/// when its last import is older than `staleAdvisories` (scans miss what was published since) or
/// cannot be read, HEALTHY otherwise; with no advisories imported it is HEALTHY with a reason, since
/// a fresh install has none and configuration checks still run. The cluster (a runtime that runs
/// agents on one) is DEGRADED when its API server did not answer the runtime's last probe (agents
/// keep running, but no change reaches them) or when none of its nodes is ready, HEALTHY otherwise,
/// saying in its reason what the probe could not learn.
/// The overall status is the worst component's.
public struct HealthService: Sendable {
    public static let version = "0.1.0"

    private let database: Database
    private let agents: AgentService?
    private let advisories: AdvisoryDatabase?
    private let startedAt: ContinuousClock.Instant
    private let slowRead: Duration
    private let staleAdvisories: TimeInterval
    /// How long a failed commit keeps the database DEGRADED after later batches commit.
    public static let failedWriteWindow: Duration = .seconds(5)

    public init(
        database: Database, agents: AgentService? = nil, advisories: AdvisoryDatabase? = nil, slowRead: Duration = .milliseconds(100),
        staleAdvisories: TimeInterval = 30 * 86_400
    ) {
        self.database = database
        self.agents = agents
        self.advisories = advisories
        self.startedAt = .now
        self.slowRead = slowRead
        self.staleAdvisories = staleAdvisories
    }

    public func report(now: Date = Date()) -> HealthReport {
        let database = measureDatabase()
        let runtime = measureRuntime()
        let registry = measureRegistry(now: now)
        let cluster = agents?.runtime?.clusterHealth.map(Self.judge)
        return HealthReport(
            // Two at a time: the variadic `max` would build an array on every health request.
            status: max(max(database.status, runtime?.status ?? .healthy), max(registry?.status ?? .healthy, cluster?.status ?? .healthy)),
            timestamp: now,
            version: Self.version,
            uptimeSeconds: Int((ContinuousClock.now - startedAt).components.seconds),
            components: .init(database: database, runtime: runtime, registry: registry, cluster: cluster))
    }

    /// The cluster component from what the runtime found (the rule above).
    public static func judge(_ cluster: ClusterHealth) -> ClusterComponentHealth {
        if !cluster.reachable {
            return ClusterComponentHealth(status: .degraded, cluster: cluster, reason: cluster.reason ?? "the API server cannot be reached")
        }
        if let nodes = cluster.nodes, cluster.readyNodes == 0 {
            return ClusterComponentHealth(status: .degraded, cluster: cluster, reason: nodes == 0 ? "the cluster has no node" : "none of the cluster's \(nodes) nodes is ready")
        }
        return ClusterComponentHealth(status: .healthy, cluster: cluster, reason: cluster.reason)
    }

    func measureRegistry(now: Date) -> RegistryHealth? {
        guard let advisories else { return nil }
        guard let stats = try? advisories.stats() else {
            return RegistryHealth(status: .degraded, records: 0, lastImport: nil, reason: "the advisory database cannot be read")
        }
        var health = RegistryHealth(status: .healthy, records: stats.records, lastImport: stats.lastImport)
        if stats.records == 0 {
            health.reason = "no advisories imported: scans run the configuration checks only (launchpad advisories import PATH)"
        } else if let last = stats.lastImport, now.timeIntervalSince(last) > staleAdvisories {
            health.status = .degraded
            health.reason = "advisories last imported \(Int(now.timeIntervalSince(last) / 86_400)) days ago"
        }
        return health
    }

    func measureRuntime() -> RuntimeHealth? {
        guard let agents, let runtime = agents.runtime else { return nil }
        let totals = runtime.replicaTotals()
        let failed = try? agents.store.count(of: .failed)
        var health = RuntimeHealth(status: .healthy, driver: runtime.runtimeName, replicasRunning: totals.running, replicasDesired: totals.desired, failedAgents: failed ?? 0)
        if let failed, failed > 0 {
            health.status = .degraded
            health.reason = "\(failed) agent\(failed == 1 ? " is" : "s are") FAILED"
        } else if totals.shortAgents > 0 {
            health.status = .degraded
            health.reason = "\(totals.shortAgents) agent\(totals.shortAgents == 1 ? " has" : "s have") had fewer replicas ready than asked for too long"
        } else if let limitations = runtime.runtimeLimitations {
            health.reason = limitations
        }
        return health
    }

    func measureDatabase() -> DatabaseHealth {
        let meta = database.meta
        let start = ContinuousClock.now
        let readError: (any Error)?
        do {
            _ = try database.environment.read { try $0.withValue(meta, MetaKey.schema) { $0 != nil } }
            readError = nil
        } catch {
            readError = error
        }
        let elapsed = ContinuousClock.now - start
        let stats = try? database.environment.stats()
        var health = DatabaseHealth(
            status: .healthy,
            responseTime: Self.milliseconds(elapsed),
            connections: stats?.readersInUse ?? 0,
            maxConnections: stats?.maxReaders ?? 0,
            mapSize: stats?.mapSize ?? 0,
            pageSize: stats?.pageSize ?? 0,
            pagesUsed: stats?.pagesUsed ?? 0,
            usedBytes: (stats?.pagesUsed ?? 0) * (stats?.pageSize ?? 0))
        if let readError {
            health.status = .unhealthy
            health.reason = "read transaction failed: \(readError)"
        } else if stats == nil {
            health.status = .unhealthy
            health.reason = "environment statistics unavailable"
        } else if let failure = database.writer.lastCommitFailure, !failure.recovered || ContinuousClock.now - failure.at < Self.failedWriteWindow {
            health.status = .degraded
            health.reason = "writes are failing, reads still work: \(failure.error)"
        } else if elapsed > slowRead {
            health.status = .degraded
            health.reason = "a read transaction took \(health.responseTime)"
        } else if let stats, stats.readersInUse * 10 > stats.maxReaders * 9 {
            health.status = .degraded
            health.reason = "\(stats.readersInUse) of \(stats.maxReaders) reader slots in use"
        }
        return health
    }

    /// `"0.04ms"`: two decimals, since a read takes well under a millisecond.
    public static func milliseconds(_ duration: Duration) -> String {
        let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        let hundredths = (micros + 5) / 10
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)ms"
    }
}
