import Foundation
import LaunchpadStore

/// Measures the system for GET /api/health.
///
/// Rule: the database is UNHEALTHY when a read transaction fails, DEGRADED when one takes longer than
/// `slowRead` or when more than 90% of the reader slots are in use, HEALTHY otherwise. The overall
/// status is the worst component's.
public struct HealthService: Sendable {
    public static let version = "0.1.0"

    private let database: Database
    private let startedAt: ContinuousClock.Instant
    private let slowRead: Duration

    public init(database: Database, slowRead: Duration = .milliseconds(100)) {
        self.database = database
        self.startedAt = .now
        self.slowRead = slowRead
    }

    public func report() -> HealthReport {
        let database = measureDatabase()
        return HealthReport(
            status: database.status,
            timestamp: Date(),
            version: Self.version,
            uptimeSeconds: Int((ContinuousClock.now - startedAt).components.seconds),
            components: .init(database: database))
    }

    func measureDatabase() -> DatabaseHealth {
        let meta = database.meta
        let start = ContinuousClock.now
        let readError: (any Error)?
        do {
            _ = try database.environment.read { try $0.get(meta, MetaKey.schema) }
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
    static func milliseconds(_ duration: Duration) -> String {
        let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        let hundredths = (micros + 5) / 10
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)ms"
    }
}
