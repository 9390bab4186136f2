import Foundation

/// The parts of an OSV record (https://ossf.github.io/osv-schema/) that Launchpad uses.
///
/// Versions stay strings here: only npm entries are compiled to `SemanticVersion`, by `packageAdvisories()`.
public struct OSVRecord: Sendable, Equatable {
    public var id: String
    public var modified: Date
    public var published: Date?
    public var withdrawn: Date?
    public var aliases: [String]
    /// `summary`, else the first line of `details`, else "".
    public var summary: String
    /// The top-level `severity` scores.
    public var severity: [OSVSeverityScore]
    /// `database_specific.severity` when it is a string (GHSA writes LOW, MODERATE, HIGH, CRITICAL).
    public var databaseSpecificSeverity: String?
    public var affected: [OSVAffected]

    public init(
        id: String, modified: Date, published: Date? = nil, withdrawn: Date? = nil, aliases: [String] = [],
        summary: String = "", severity: [OSVSeverityScore] = [], databaseSpecificSeverity: String? = nil,
        affected: [OSVAffected] = []
    ) {
        self.id = id
        self.modified = modified
        self.published = published
        self.withdrawn = withdrawn
        self.aliases = aliases
        self.summary = summary
        self.severity = severity
        self.databaseSpecificSeverity = databaseSpecificSeverity
        self.affected = affected
    }
}
