/// Why a package-lock.json was refused.
public struct PackageLockProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable reasons, for counting and tests.
    public enum Code: String, Sendable, CaseIterable {
        /// Not JSON, or not a JSON object.
        case notJSON
        /// Nested deeper than `PackageLock.maximumDepth`.
        case tooDeep
        case missingField
        case wrongType
        /// A `lockfileVersion` other than 2 or 3.
        case unsupportedVersion
    }

    public var code: Code
    /// The field concerned, such as `lockfileVersion` or `packages["node_modules/a"].version`; "" for the whole document.
    public var field: String
    /// A sentence saying what is wrong.
    public var description: String

    public init(_ code: Code, field: String, _ description: String) {
        self.code = code
        self.field = field
        self.description = description
    }

    /// Compares `code` and `field`: the description explains, it does not identify.
    public static func == (lhs: PackageLockProblem, rhs: PackageLockProblem) -> Bool {
        lhs.code == rhs.code && lhs.field == rhs.field
    }
}
