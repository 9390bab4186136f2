import Foundation
import LaunchpadCore

/// A security scan (seed 001, "Container Security Scan"), with its findings in full.
struct ScanAnswer: Encodable {
    struct Results: Encodable {
        var passed: Bool
        var vulnerabilities: VulnerabilityCountsBody
        var recommendations: [String]
    }

    struct VulnerabilityCountsBody: Encodable {
        var critical: Int
        var high: Int
        var medium: Int
        var low: Int
    }

    struct FindingBody: Encodable {
        var id: String
        var kind: String
        var severity: Severity
        var summary: String
        var package: String?
        var installedVersion: String?
        var fixedVersion: String?
        var aliases: [String]?
        var source: String
        var field: String?

        init(_ finding: Finding) {
            id = finding.id
            kind = finding.kind.rawValue
            severity = finding.severity
            summary = finding.summary
            package = finding.package
            installedVersion = finding.installedVersion
            fixedVersion = finding.fixedVersion
            aliases = finding.aliases
            source = finding.source.rawValue
            field = finding.field
        }
    }

    var agentId: String
    var scanId: String
    /// Always COMPLETED: a scan runs in-process, synchronously, before it is answered.
    var status = "COMPLETED"
    var results: Results
    var scannedAt: Date
    var findings: [FindingBody]

    init(_ scan: Scan) {
        agentId = scan.agentId
        scanId = scan.scanId
        let counts = scan.results.vulnerabilities
        results = Results(
            passed: scan.results.passed,
            vulnerabilities: VulnerabilityCountsBody(critical: counts.critical, high: counts.high, medium: counts.medium, low: counts.low),
            recommendations: scan.results.recommendations)
        scannedAt = scan.scannedAt
        findings = scan.findings.map(FindingBody.init)
    }
}

/// GET /api/agents/{id}/scans: newest first.
struct ScanHistoryAnswer: Encodable {
    var scans: [ScanAnswer]
    var total: Int
}

/// One security event (seed 001, "Security Events").
struct SecurityEventBody: Encodable {
    var id: String
    var type: String
    var severity: Severity
    var agentId: String?
    var message: String
    var timestamp: Date
    var details: [String: String]

    init(_ event: SecurityEvent) {
        (id, type, severity, agentId) = (event.id, event.type.rawValue, event.severity, event.agentId)
        (message, timestamp, details) = (event.message, event.timestamp, event.details)
    }
}

/// GET /api/security/events.
struct SecurityEventsAnswer: Encodable {
    var events: [SecurityEventBody]
    var total: Int
}
