import Foundation

/// One advisory as it applies to one npm package: everything a scan needs, compiled for evaluation.
///
/// Stored per package and decoded on every scan, so it has a compact binary encoding (`encoded()`,
/// `init(decoding:)`) rather than JSON. The layout is described in `PackageAdvisory+Encoding.swift`.
public struct PackageAdvisory: Sendable, Equatable {
    public var advisoryId: String
    public var aliases: [String]
    public var modified: Date
    public var summary: String
    public var severity: VulnerabilitySeverity
    /// The highest CVSS v3 base score of the record and entry, when one had a v3 vector.
    public var cvssScore: Double?
    /// "npm".
    public var ecosystem: String
    /// The package name, such as "lodash" or "@scope/pkg".
    public var name: String
    public var affected: AffectedVersions

    public init(
        advisoryId: String, aliases: [String], modified: Date, summary: String, severity: VulnerabilitySeverity,
        cvssScore: Double?, ecosystem: String, name: String, affected: AffectedVersions
    ) {
        self.advisoryId = advisoryId
        self.aliases = aliases
        self.modified = modified
        self.summary = summary
        self.severity = severity
        self.cvssScore = cvssScore
        self.ecosystem = ecosystem
        self.name = name
        self.affected = affected
    }
}
