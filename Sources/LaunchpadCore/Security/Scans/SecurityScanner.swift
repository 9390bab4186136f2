import LaunchpadDomain
import Foundation
import LaunchpadAdvisories
import LaunchpadCrypto
import LaunchpadStore

/// Scans agents in-process: their npm packages against the advisories in LMDB, and their
/// configuration. Decides, by the policy, whether a deployment may go on, and records scans and
/// their security events.
public final class SecurityScanner: Sendable {
    public let advisories: AdvisoryDatabase
    public let scans: ScanStore
    public let policy: ScanPolicy
    let events: SecurityEventLog
    let limits: AgentLimits

    public init(advisories: AdvisoryDatabase, scans: ScanStore, events: SecurityEventLog, policy: ScanPolicy = ScanPolicy(), limits: AgentLimits = AgentLimits()) {
        self.advisories = advisories
        self.scans = scans
        self.events = events
        self.policy = policy
        self.limits = limits
    }

    /// Scans `agent` with the packages of its lockfile, reading advisories in `transaction`.
    /// `ownerReplicas` is what the owner asks for in all, this agent included.
    public func scan(_ agent: Agent, packages: [LockedPackage], ownerReplicas: Int, in transaction: Transaction, now: Date = Date()) throws -> Scan {
        let configuration = ConfigurationChecks(agent, limits: limits, ownerReplicas: ownerReplicas)
        // Each package's advisories are read and decoded once per scan, however many versions of
        // it the lockfile holds: the cost is linear in the lockfile (a lookup is a binary search).
        var byPackage: [String: [PackageAdvisory]] = [:]
        let vulnerable = try PackageFindings(Self.installed(agent, packages: packages)) { name, version in
            if byPackage[name] == nil { byPackage[name] = try advisories.advisories(forPackage: name, in: transaction) }
            return byPackage[name]!.filter { $0.affected.contains(version) }
        }
        let findings = vulnerable.findings + configuration.findings
        let results = ScanResults(
            passed: !findings.contains { policy.blocks($0.severity) },
            vulnerabilities: VulnerabilityCounts(findings),
            recommendations: vulnerable.recommendations + configuration.recommendations)
        return Scan(agentId: agent.agentId, scanId: "scan-" + SecureRandom.hex(6), results: results, scannedAt: now, findings: findings)
    }

    /// Plugins at their exact versions, then the lockfile's packages; a package version found twice is scanned once.
    static func installed(_ agent: Agent, packages: [LockedPackage]) -> [PackageFindings.Installed] {
        var seen = Set<String>()
        var result: [PackageFindings.Installed] = []
        func add(_ name: String, _ version: SemanticVersion, _ source: Finding.Source) {
            guard seen.insert(name + "@" + version.description).inserted else { return }
            result.append(.init(name: name, version: version, source: source))
        }
        for plugin in agent.plugins {
            if let parsed = PluginName(plugin), let version = parsed.exactVersion { add(parsed.name, version, .plugin) }
        }
        for package in packages {
            if let version = SemanticVersion(package.version) { add(package.name, version, .lockfile) }
        }
        return result
    }

    // MARK: Recording

    /// Writes a scan that lets the deployment go on, with a warning event when it has findings at
    /// the warning level.
    public func recordPassed(_ prepared: PreparedScan, in transaction: WriteTransaction) throws {
        try scans.save(prepared, in: transaction)
        let scan = prepared.scan
        let warnings = scan.findings.filter { policy.warns($0.severity) }
        guard !warnings.isEmpty else { return }
        let event = SecurityEvent(
            id: SecurityEvent.makeId(), type: .securityScanWarning, severity: warnings.map(\.severity).max()!, agentId: scan.agentId,
            message: "Security scan found \(warnings.count) finding\(warnings.count == 1 ? "" : "s") to fix; deployment goes on",
            timestamp: scan.scannedAt, details: Self.details(scan, warnings))
        try events.record(event, ownerUserId: prepared.ownerId, in: transaction)
    }

    /// Writes a scan that blocks (or, for an explicit scan, fails) and its SECURITY_SCAN_FAILED event, together.
    public func recordFailed(_ prepared: PreparedScan, blocking: Bool) throws {
        let scan = prepared.scan
        let blockers = scan.findings.filter { policy.blocks($0.severity) }
        let event = SecurityEvent(
            id: SecurityEvent.makeId(), type: .securityScanFailed, severity: blockers.map(\.severity).max() ?? .high, agentId: scan.agentId,
            message: blocking ? "Container security scan failed; deployment blocked" : "Container security scan failed",
            timestamp: scan.scannedAt, details: Self.details(scan, blockers))
        let (scans, events) = (self.scans, self.events)
        try advisories.database.writer.write { transaction in
            try scans.save(prepared, in: transaction)
            try events.record(event, ownerUserId: prepared.ownerId, in: transaction)
        }
    }

    /// The refusal of a blocked deployment, listing the findings that block it.
    public func blockedError(_ scan: Scan) -> DomainError {
        let blockers = scan.findings.filter { policy.blocks($0.severity) }
        let names = blockers.prefix(3).map { finding in
            finding.package.map { "\($0)@\(finding.installedVersion ?? "?") \(finding.id)" } ?? finding.id
        }
        let more = blockers.count > 3 ? " and \(blockers.count - 3) more" : ""
        return DomainError(
            .rejectedByScan,
            "Security scan blocked the deployment: \(blockers.count) finding\(blockers.count == 1 ? "" : "s") at \(policy.blockAt?.rawValue ?? "") or above (\(names.joined(separator: ", "))\(more))",
            details: BlockedDetails(scanId: scan.scanId, findings: blockers))
    }

    private struct BlockedDetails: Encodable, Sendable {
        var scanId: String
        var findings: [Finding]
    }

    static func details(_ scan: Scan, _ findings: [Finding]) -> [String: String] {
        var details = ["scanId": scan.scanId]
        if let first = findings.first {
            details["reason"] = "\(first.severity.rawValue.capitalized) \(first.kind == .vulnerability ? "vulnerability" : "configuration finding") detected: \(first.id)"
                + (first.package.map { " in \($0) \(first.installedVersion ?? "")" } ?? "")
        }
        details["findings"] = findings.map(\.id).joined(separator: ",")
        return details
    }
}
