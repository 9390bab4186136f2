import LaunchpadCore
import LaunchpadHTTP

/// GET /api/health: 200 while HEALTHY or DEGRADED, 503 when UNHEALTHY.
struct HealthController: Sendable {
    let service: HealthService

    func register(on group: inout RouteGroup) {
        group.get("/api/health", public: true) { _ in
            let report = service.report()
            return try .json(report, status: report.status == .unhealthy ? 503 : 200)
        }
    }
}
