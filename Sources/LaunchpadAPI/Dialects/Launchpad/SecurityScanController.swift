import LaunchpadCore
import LaunchpadHTTP

/// The security scan routes: seed 001's POST /api/security/scan/{agentId}, and reading past scans.
struct SecurityScanController: Sendable {
    let agents: AgentService
    let identity: IdentityService

    func register(on group: inout RouteGroup) {
        group.post("/api/security/scan/{agentId}") { request in
            let principal = try request.principal(holding: .securityScan, identity)
            return try .json(ScanAnswer(try agents.scan(request.parameter("agentId"), by: principal)))
        }
        group.get("/api/security/scans/{scanId}") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            return try .json(ScanAnswer(try agents.scanRecord(request.parameter("scanId"), for: principal)))
        }
        group.get("/api/agents/{agentId}/scans") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            let limit = try request.query().int("limit", default: 20, in: 1...100)
            let history = try agents.scanHistory(request.parameter("agentId"), for: principal, limit: limit)
            return try .json(ScanHistoryAnswer(scans: history.scans.map(ScanAnswer.init), total: history.total))
        }
    }
}
