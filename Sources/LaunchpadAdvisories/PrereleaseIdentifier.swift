/// One dot-separated identifier of a semver prerelease, such as `alpha` or `1` in `1.0.0-alpha.1`.
///
/// Numeric identifiers compare numerically and order below alphanumeric ones; alphanumeric
/// identifiers compare by their ASCII bytes (semver.org §11.4).
public enum PrereleaseIdentifier: Hashable, Sendable, Comparable, CustomStringConvertible {
    case numeric(UInt64)
    case alphanumeric(String)

    public var description: String {
        switch self {
        case .numeric(let value): String(value)
        case .alphanumeric(let text): text
        }
    }

    public static func < (lhs: PrereleaseIdentifier, rhs: PrereleaseIdentifier) -> Bool {
        switch (lhs, rhs) {
        case (.numeric(let a), .numeric(let b)): a < b
        case (.numeric, .alphanumeric): true
        case (.alphanumeric, .numeric): false
        case (.alphanumeric(let a), .alphanumeric(let b)): a.utf8.lexicographicallyPrecedes(b.utf8)
        }
    }
}
