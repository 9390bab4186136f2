/// A permission such as `agents:create`; `agents:*` grants every permission of `agents`.
public struct Permission: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static let agentsCreate = Permission(rawValue: "agents:create")
    public static let agentsRead = Permission(rawValue: "agents:read")
    public static let agentsUpdate = Permission(rawValue: "agents:update")
    public static let agentsDelete = Permission(rawValue: "agents:delete")
    public static let deploymentsRead = Permission(rawValue: "deployments:read")
    public static let usersCreate = Permission(rawValue: "users:create")
    public static let usersRead = Permission(rawValue: "users:read")
    public static let usersDelete = Permission(rawValue: "users:delete")
    public static let systemRead = Permission(rawValue: "system:read")
    public static let securityScan = Permission(rawValue: "security:scan")

    /// The one table of what each role holds (DESIGN.md, "Identity and secrets"). USER acts on its own
    /// agents only; ownership is checked where the agent is loaded.
    public static func granted(to role: Role) -> [Permission] {
        switch role {
        case .user: userGrants
        case .admin: adminGrants
        }
    }

    // Made once: every authorized request asks.
    private static let userGrants: [Permission] = [.agentsCreate, .agentsRead, .agentsUpdate, .agentsDelete, .deploymentsRead, .securityScan]
    private static let adminGrants: [Permission] = [
        Permission(rawValue: "agents:*"), Permission(rawValue: "deployments:*"), Permission(rawValue: "system:*"), Permission(rawValue: "users:*"),
        Permission(rawValue: "security:*"),
    ]

    /// Whether holding `self` grants `wanted`: equal, or a `resource:*` wildcard over it.
    public func grants(_ wanted: Permission) -> Bool {
        if self == wanted { return true }
        guard rawValue.hasSuffix(":*") else { return false }
        return wanted.rawValue.hasPrefix(rawValue.dropLast())
    }
}
