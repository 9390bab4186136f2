/// Why a CVSS v3 vector was refused.
public struct CVSSProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable reasons, for counting and tests.
    public enum Code: String, Sendable, CaseIterable {
        /// The vector does not start with `CVSS:3.0/` or `CVSS:3.1/` (a v2 or v4 vector, or no prefix).
        case wrongPrefix
        /// A part is not `METRIC:VALUE`.
        case malformedMetric
        /// A metric that CVSS v3 does not define.
        case unknownMetric
        /// A metric given twice.
        case duplicateMetric
        /// A value the metric does not take.
        case invalidValue
        /// A base metric is absent.
        case missingMetric
    }

    public var code: Code
    /// The metric concerned (`AV`, `PR` ...), when there is one.
    public var metric: String?
    /// A sentence saying what is wrong.
    public var description: String

    public init(_ code: Code, metric: String? = nil, _ description: String) {
        self.code = code
        self.metric = metric
        self.description = description
    }

    /// Compares `code` and `metric`: the description explains, it does not identify.
    public static func == (lhs: CVSSProblem, rhs: CVSSProblem) -> Bool {
        lhs.code == rhs.code && lhs.metric == rhs.metric
    }
}
