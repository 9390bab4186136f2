import LaunchpadDomain
import Foundation

extension AgentService {
    /// POST /api/security/scan/{agentId}: scans the agent as it is now and keeps the scan in its
    /// history. A scan that fails the policy is answered (not refused) and writes SECURITY_SCAN_FAILED.
    public func scan(_ agentId: String, by principal: Principal, now: Date = Date()) throws -> Scan {
        let agent = try visibleAgent(agentId, to: principal)
        guard let scanner else { throw DomainError(.unavailable, "The security scanner is not configured") }
        let store = self.store
        let prepared = try store.database.environment.read { transaction in
            try PreparedScan(
                scanner.scan(
                    agent, packages: try store.lockedPackages(of: agentId, in: transaction),
                    ownerReplicas: try store.replicas(of: agent.ownerId, in: transaction), in: transaction, now: now),
                ownerId: agent.ownerId)
        }
        if prepared.scan.results.passed {
            try store.database.writer.write { transaction in
                try scanner.scans.save(prepared, in: transaction)
            }
        } else {
            try scanner.recordFailed(prepared, blocking: false)
        }
        return prepared.scan
    }

    /// GET /api/security/scans/{scanId}: for the owner of the scanned agent, or an ADMIN.
    public func scanRecord(_ scanId: String, for principal: Principal) throws -> Scan {
        guard let stored = try scanner?.scans.scan(scanId), principal.role == .admin || stored.ownerId == principal.userId else {
            throw DomainError.notFound(.scan, "Scan with ID '\(scanId.prefix(128))' not found")
        }
        return stored.scan
    }

    /// GET /api/agents/{agentId}/scans: the agent's scans, newest first.
    public func scanHistory(_ agentId: String, for principal: Principal, limit: Int) throws -> ScanHistory {
        _ = try visibleAgent(agentId, to: principal)
        return try scanner?.scans.history(of: agentId, limit: limit) ?? ScanHistory(scans: [], total: 0)
    }
}
