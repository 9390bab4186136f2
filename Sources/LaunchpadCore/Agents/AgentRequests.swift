import LaunchpadHTTP

/// The body of POST /api/agents (seed 001, "Create Agent").
public struct CreateAgentRequest: Decodable, Sendable {
    public var agentName: String
    public var description: String?
    public var personality: Personality?
    public var selectedPlugins: [String]?
    public var resources: ResourcesInput?
    public var platforms: [String: [String: String]]?
    /// The agent's package-lock.json (lockfileVersion 2 or 3), whose packages the security scan checks.
    public var packageLock: JSONValue?

    public init(
        agentName: String, description: String? = nil, personality: Personality? = nil, selectedPlugins: [String]? = nil,
        resources: ResourcesInput? = nil, platforms: [String: [String: String]]? = nil, packageLock: JSONValue? = nil
    ) {
        self.agentName = agentName
        self.description = description
        self.personality = personality
        self.selectedPlugins = selectedPlugins
        self.resources = resources
        self.platforms = platforms
        self.packageLock = packageLock
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case agentName, description, personality, selectedPlugins, resources, platforms, packageLock }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        agentName = try container.decode(String.self, forKey: .agentName)
        description = try container.decodeIfPresent(String.self, forKey: .description, refusingNull: decoder.isRequestBody)
        personality = try container.decodeIfPresent(Personality.self, forKey: .personality, refusingNull: decoder.isRequestBody)
        selectedPlugins = try container.decodeIfPresent([String].self, forKey: .selectedPlugins, refusingNull: decoder.isRequestBody)
        resources = try container.decodeIfPresent(ResourcesInput.self, forKey: .resources, refusingNull: decoder.isRequestBody)
        platforms = try container.decodeIfPresent([String: [String: String]].self, forKey: .platforms, refusingNull: decoder.isRequestBody)
        packageLock = try container.decodeIfPresent(JSONValue.self, forKey: .packageLock, refusingNull: decoder.isRequestBody)
    }
}

/// The body of PUT /api/agents/{id}: a partial update. The name cannot change.
public struct UpdateAgentRequest: Decodable, Sendable {
    public var description: String?
    public var personality: Personality?
    public var selectedPlugins: [String]?
    public var resources: ResourcesInput?
    public var platforms: [String: [String: String]]?
    /// A new package-lock.json for the agent; the one stored stays when absent.
    public var packageLock: JSONValue?

    public init(
        description: String? = nil, personality: Personality? = nil, selectedPlugins: [String]? = nil, resources: ResourcesInput? = nil,
        platforms: [String: [String: String]]? = nil, packageLock: JSONValue? = nil
    ) {
        self.description = description
        self.personality = personality
        self.selectedPlugins = selectedPlugins
        self.resources = resources
        self.platforms = platforms
        self.packageLock = packageLock
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case description, personality, selectedPlugins, resources, platforms, packageLock }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        description = try container.decodeIfPresent(String.self, forKey: .description, refusingNull: decoder.isRequestBody)
        personality = try container.decodeIfPresent(Personality.self, forKey: .personality, refusingNull: decoder.isRequestBody)
        selectedPlugins = try container.decodeIfPresent([String].self, forKey: .selectedPlugins, refusingNull: decoder.isRequestBody)
        resources = try container.decodeIfPresent(ResourcesInput.self, forKey: .resources, refusingNull: decoder.isRequestBody)
        platforms = try container.decodeIfPresent([String: [String: String]].self, forKey: .platforms, refusingNull: decoder.isRequestBody)
        packageLock = try container.decodeIfPresent(JSONValue.self, forKey: .packageLock, refusingNull: decoder.isRequestBody)
    }

    public var isEmpty: Bool {
        description == nil && personality == nil && selectedPlugins == nil && resources == nil && platforms == nil && packageLock == nil
    }
}

/// The body of POST /api/agents/{id}/scale.
public struct ScaleAgentRequest: Decodable, Sendable {
    public var replicas: Int

    enum CodingKeys: String, CodingKey, CaseIterable { case replicas }

    public init(replicas: Int) {
        self.replicas = replicas
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        replicas = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .replicas)
    }
}
