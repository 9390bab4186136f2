import LaunchpadDomain

/// A new agent as its creator describes it: what every dialect's create turns into.
public struct AgentDraft: Sendable, Equatable {
    public var name: String
    /// The rest; each nil takes the server's default.
    public var fields: AgentFields
    /// Labels, and what an instance dialect asked for (its type, image and region).
    public var labels: [String: String]? = nil
    public var instance: InstanceSettings? = nil

    public init(name: String, fields: AgentFields) {
        self.name = name
        self.fields = fields
    }

    public init(
        name: String, description: String? = nil, personality: Personality? = nil, plugins: [String]? = nil,
        resources: ResourceRequest? = nil, platforms: [String: [String: String]]? = nil, packageLock: [UInt8]? = nil
    ) {
        self.init(name: name, fields: AgentFields(
            description: description, personality: personality, plugins: plugins, resources: resources, platforms: platforms,
            packageLock: packageLock))
    }
}

/// The fields of an agent a caller gives, on create (nil takes the default) or on update (nil
/// leaves the field as it is). The name is not among them: it cannot change.
public struct AgentFields: Sendable, Equatable {
    public var description: String?
    public var personality: Personality?
    public var plugins: [String]?
    public var resources: ResourceRequest?
    /// Platform settings by platform name, secrets in clear (sealed before they are stored).
    public var platforms: [String: [String: String]]?
    /// The agent's package-lock.json as JSON text (lockfileVersion 2 or 3), for the security scan.
    public var packageLock: [UInt8]?
    /// Who may call the agent's url.
    public var access: AgentAccess?

    public init(
        description: String? = nil, personality: Personality? = nil, plugins: [String]? = nil, resources: ResourceRequest? = nil,
        platforms: [String: [String: String]]? = nil, packageLock: [UInt8]? = nil
    ) {
        self.description = description
        self.personality = personality
        self.plugins = plugins
        self.resources = resources
        self.platforms = platforms
        self.packageLock = packageLock
    }

    public var isEmpty: Bool {
        description == nil && personality == nil && plugins == nil && resources == nil && platforms == nil && packageLock == nil && access == nil
    }
}

/// Memory, CPU and replicas as asked for: each nil is left to the default (on create) or to what
/// the agent has (on update).
public struct ResourceRequest: Sendable, Equatable {
    public var memory: String?
    public var cpu: String?
    public var replicas: Int?

    public init(memory: String? = nil, cpu: String? = nil, replicas: Int? = nil) {
        self.memory = memory
        self.cpu = cpu
        self.replicas = replicas
    }
}
