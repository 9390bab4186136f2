/// One `affected` entry of an OSV record: a package and the versions of it that are vulnerable.
public struct OSVAffected: Sendable, Equatable {
    /// `package.ecosystem`, such as "npm"; "" when the entry has no `package`.
    public var ecosystem: String
    /// `package.name`, such as "lodash" or "@scope/pkg"; "" when the entry has no `package`.
    public var name: String
    public var ranges: [OSVRange]
    public var versions: [String]
    /// The entry's own `severity`, which OSV allows in place of the record's.
    public var severity: [OSVSeverityScore]

    public init(ecosystem: String, name: String, ranges: [OSVRange] = [], versions: [String] = [], severity: [OSVSeverityScore] = []) {
        self.ecosystem = ecosystem
        self.name = name
        self.ranges = ranges
        self.versions = versions
        self.severity = severity
    }
}
