import LaunchpadCore
import LaunchpadHTTP

/// GET /api/health: 200 while HEALTHY or DEGRADED, 503 when UNHEALTHY.
struct HealthController: Sendable {
    let service: HealthService

    func register(on router: inout Router) {
        router.get("/api/health") { _ in
            let report = service.report()
            return try .json(report, status: report.status == .unhealthy ? 503 : 200)
        }
    }
}
