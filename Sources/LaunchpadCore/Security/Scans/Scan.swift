import Foundation

/// A security scan of an agent, with its findings in full, as stored.
public struct Scan: Codable, Sendable, Equatable {
    public var agentId: String
    public var scanId: String
    /// Always COMPLETED: a scan runs in-process, synchronously, before it is answered.
    public var status: String
    public var results: ScanResults
    public var scannedAt: Date
    public var findings: [Finding]

    public init(agentId: String, scanId: String, results: ScanResults, scannedAt: Date, findings: [Finding]) {
        self.agentId = agentId
        self.scanId = scanId
        self.status = "COMPLETED"
        self.results = results
        self.scannedAt = scannedAt
        self.findings = findings
    }
}

/// What the scan concluded.
public struct ScanResults: Codable, Sendable, Equatable {
    /// False when a finding is at or above the blocking severity.
    public var passed: Bool
    public var vulnerabilities: VulnerabilityCounts
    public var recommendations: [String]
}

/// Findings counted by severity (advisories and configuration checks alike).
public struct VulnerabilityCounts: Codable, Sendable, Equatable {
    public var critical = 0
    public var high = 0
    public var medium = 0
    public var low = 0

    public init() {}

    init(_ findings: [Finding]) {
        for finding in findings {
            switch finding.severity {
            case .critical: critical += 1
            case .high: high += 1
            case .medium: medium += 1
            case .low: low += 1
            }
        }
    }
}

/// An agent's latest scans, newest first, and how many it has.
public struct ScanHistory: Sendable, Equatable {
    public var scans: [Scan]
    public var total: Int
}
