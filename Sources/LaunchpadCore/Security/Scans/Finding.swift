/// One thing a security scan found: an advisory matching an installed package, or a configuration check.
public struct Finding: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case vulnerability = "VULNERABILITY"
        case configuration = "CONFIGURATION"
    }

    /// Where the finding comes from.
    public enum Source: String, Codable, Sendable {
        case plugin
        case lockfile
        case configuration
    }

    /// The advisory id (`GHSA-…`; the other ids of the same vulnerability are in `aliases`), or a
    /// configuration check's id (`CONFIG_NO_MEMORY_LIMIT`).
    public var id: String
    public var kind: Kind
    public var severity: Severity
    public var summary: String
    public var package: String?
    public var installedVersion: String?
    /// The lowest version that fixes every advisory of this package version, when there is one.
    public var fixedVersion: String?
    public var aliases: [String]?
    public var source: Source
    /// The agent field at fault, for configuration findings (`personality.system`, `resources.memory`).
    public var field: String?

    public init(
        id: String, kind: Kind, severity: Severity, summary: String, package: String? = nil, installedVersion: String? = nil,
        fixedVersion: String? = nil, aliases: [String]? = nil, source: Source, field: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.summary = summary
        self.package = package
        self.installedVersion = installedVersion
        self.fixedVersion = fixedVersion
        self.aliases = aliases
        self.source = source
        self.field = field
    }
}
