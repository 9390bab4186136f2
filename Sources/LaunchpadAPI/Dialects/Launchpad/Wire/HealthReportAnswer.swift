import Foundation
import LaunchpadCore

/// GET /api/health with a key (seed 001, "System Health"). Components that are not built are absent.
struct HealthReportAnswer: Encodable {
    struct Components: Encodable {
        var database: Database
        var runtime: Runtime?
        var registry: Registry?
        var kubernetes: Cluster?
    }

    struct Database: Encodable {
        var status: String
        var responseTime: String
        var connections: Int
        var maxConnections: Int
        var mapSize: Int
        var pageSize: Int
        var pagesUsed: Int
        var usedBytes: Int
        var reason: String?
    }

    struct Runtime: Encodable {
        var status: String
        var driver: String
        var replicasRunning: Int
        var replicasDesired: Int
        var failedAgents: Int
        var reason: String?
    }

    /// Seed 001's `kubernetes` component: `nodes` and `pods` as the seed has them, and the rest.
    struct Cluster: Encodable {
        var status: String
        var reachable: Bool
        var responseTime: String?
        var nodes: Int?
        var readyNodes: Int?
        var pods: Int
        var readyPods: Int
        var namespace: String
        var checkedAt: Date?
        var reason: String?

        init(_ component: ClusterComponentHealth) {
            let cluster = component.cluster
            status = component.status.rawValue
            reachable = cluster.reachable
            responseTime = cluster.responseTime.map(HealthService.milliseconds)
            (nodes, readyNodes, pods, readyPods) = (cluster.nodes, cluster.readyNodes, cluster.pods, cluster.readyPods)
            namespace = cluster.namespace
            checkedAt = cluster.checkedAt
            reason = component.reason
        }
    }

    struct Registry: Encodable {
        var status: String
        var records: Int
        var lastImport: Date?
        var reason: String?
    }

    var status: String
    var timestamp: Date
    var version: String
    var uptimeSeconds: Int
    var components: Components

    init(_ report: HealthReport) {
        status = report.status.rawValue
        timestamp = report.timestamp
        version = report.version
        uptimeSeconds = report.uptimeSeconds
        let (database, runtime, registry) = (report.components.database, report.components.runtime, report.components.registry)
        components = Components(
            database: Database(
                status: database.status.rawValue, responseTime: database.responseTime, connections: database.connections,
                maxConnections: database.maxConnections, mapSize: database.mapSize, pageSize: database.pageSize, pagesUsed: database.pagesUsed,
                usedBytes: database.usedBytes, reason: database.reason),
            runtime: runtime.map {
                Runtime(
                    status: $0.status.rawValue, driver: $0.driver, replicasRunning: $0.replicasRunning, replicasDesired: $0.replicasDesired,
                    failedAgents: $0.failedAgents, reason: $0.reason)
            },
            registry: registry.map { Registry(status: $0.status.rawValue, records: $0.records, lastImport: $0.lastImport, reason: $0.reason) },
            kubernetes: report.components.cluster.map(Cluster.init))
    }
}

/// GET /api/health without a key: what anyone may know.
struct HealthSummaryAnswer: Encodable {
    var status: String
    var timestamp: Date
    var version: String
}
