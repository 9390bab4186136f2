/// One installed package of a package-lock.json.
public struct LockedPackage: Sendable, Hashable, Codable {
    /// Such as "lodash" or "@scope/pkg".
    public var name: String
    /// As the lockfile records it; usually semver.
    public var version: String

    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}
