import Foundation
import LaunchpadCore
import LaunchpadHTTP

/// GET /api/health: 200 while HEALTHY or DEGRADED, 503 when UNHEALTHY.
///
/// Public, for load balancers, which have no key: without one (or with one that is not valid) it
/// says only the status, the time and the version. With a valid key it says everything: the
/// database's size and pages, the replicas and failed agents, the advisory database. The details
/// are no business of anyone on the network.
struct HealthController: Sendable {
    let service: HealthService
    let identity: IdentityService

    /// What anyone may know.
    struct Summary: Encodable {
        var status: HealthStatus
        var timestamp: Date
        var version: String
    }

    func register(on group: inout RouteGroup) {
        group.get("/api/health", public: true) { request in
            let report = service.report()
            let status = report.status == .unhealthy ? 503 : 200
            guard callerHasKey(request) else {
                return try .json(Summary(status: report.status, timestamp: report.timestamp, version: report.version), status: status)
            }
            return try .json(report, status: status)
        }
    }

    private func callerHasKey(_ request: Request) -> Bool {
        guard let key = try? IdentityMiddleware.presentedKey(request.headers) else { return false }
        return (try? identity.authenticate(key)) != nil
    }
}
