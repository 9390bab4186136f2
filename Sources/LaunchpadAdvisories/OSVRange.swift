/// One `affected[].ranges[]` entry: a type and its events, in the order the record lists them.
public struct OSVRange: Sendable, Equatable {
    public var type: OSVRangeType
    public var events: [OSVEvent]

    public init(type: OSVRangeType, events: [OSVEvent]) {
        self.type = type
        self.events = events
    }
}

/// How a range's versions are ordered.
public enum OSVRangeType: String, Sendable {
    /// SemVer 2.0 precedence.
    case semver = "SEMVER"
    /// The ecosystem's own ordering: for npm, npm semver.
    case ecosystem = "ECOSYSTEM"
    /// Commit hashes, which need the repository's history: not evaluated by Launchpad.
    case git = "GIT"
}

/// One event of a range, with its version string as written (`introduced` may be "0", `limit` may be "*").
public enum OSVEvent: Sendable, Equatable {
    case introduced(String)
    case fixed(String)
    case lastAffected(String)
    case limit(String)

    /// The event's key in OSV JSON.
    public var key: String {
        switch self {
        case .introduced: "introduced"
        case .fixed: "fixed"
        case .lastAffected: "last_affected"
        case .limit: "limit"
        }
    }

    /// The version string.
    public var version: String {
        switch self {
        case .introduced(let version), .fixed(let version), .lastAffected(let version), .limit(let version): version
        }
    }
}
