import Foundation
import LaunchpadCore
import LaunchpadHTTP

/// GET /api/health: 200 while HEALTHY or DEGRADED, 503 when UNHEALTHY.
///
/// Public, for load balancers, which have no key: without one it says only the status, the time and
/// the version. With a key it says everything (the database's size and pages, the replicas and
/// failed agents, the advisory database), once the key passes the API's own authentication: a
/// wrong key is 401 and counts against its address, as anywhere else. The details are no business
/// of anyone on the network.
struct HealthController: Sendable {
    let service: HealthService
    let authentication: IdentityMiddleware

    func register(on group: inout RouteGroup) {
        group.get("/api/health", public: true) { request in
            let presentsKey = request.headers["X-API-Key"] != nil || request.headers["Authorization"] != nil
            if presentsKey { _ = try authentication.authenticate(request) }
            let report = service.report()
            let status = report.status == .unhealthy ? 503 : 200
            guard presentsKey else {
                return try .json(HealthSummaryAnswer(status: report.status.rawValue, timestamp: report.timestamp, version: report.version), status: status)
            }
            return try .json(HealthReportAnswer(report), status: status)
        }
    }
}
