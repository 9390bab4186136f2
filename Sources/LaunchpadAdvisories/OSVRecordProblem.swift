/// Why an OSV record was skipped: `code` is stable (skips are counted by it), `description` a sentence naming the field.
public struct OSVRecordProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        /// The bytes are not JSON (or not a JSON object).
        case notJSON
        /// The document is over the size limit.
        case tooLarge
        /// The document nests arrays and objects deeper than the limit.
        case tooDeep
        case missingField
        case wrongType
        /// A date that is not RFC 3339.
        case invalidDate
        /// A range type other than SEMVER or ECOSYSTEM where one must be evaluated.
        case unknownRangeType
        /// A version of an npm entry that is not semver.
        case invalidVersion
        /// A range without an `introduced` event, or an event that is not exactly one known key.
        case invalidRange
        /// More explicit versions or ranges in one `affected` entry than a scan can afford.
        case tooManyVersions
        /// A CVSS v3 vector that does not parse.
        case invalidSeverity
        /// No severity Launchpad can use: no stated word and no scorable CVSS v3 vector.
        case noSeverity
        /// No `affected` entry for the npm ecosystem.
        case notNpm
        /// The record is withdrawn.
        case withdrawn
        /// `PackageAdvisory` bytes that are truncated or not an encoding.
        case invalidEncoding
    }

    public var code: Code
    /// The field concerned, as a path such as `affected[0].ranges[1].events[2].fixed`, when there is one.
    public var field: String?
    public var description: String

    public init(_ code: Code, field: String? = nil, _ description: String) {
        self.code = code
        self.field = field
        self.description = description
    }

    /// Compares `code` and `field`: the description explains, it does not identify.
    public static func == (lhs: OSVRecordProblem, rhs: OSVRecordProblem) -> Bool {
        lhs.code == rhs.code && lhs.field == rhs.field
    }
}
