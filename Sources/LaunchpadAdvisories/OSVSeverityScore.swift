/// One `severity` item of an OSV record or entry.
public struct OSVSeverityScore: Sendable, Equatable {
    /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu` ... kept as written.
    public var type: String
    /// For the CVSS types, a vector string.
    public var score: String

    public init(type: String, score: String) {
        self.type = type
        self.score = score
    }
}
