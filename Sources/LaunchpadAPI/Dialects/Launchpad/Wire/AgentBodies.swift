import LaunchpadCore
import LaunchpadHTTP

/// The body of POST /api/agents (seed 001, "Create Agent").
public struct CreateAgentBody: Decodable, Sendable {
    public var draft: AgentDraft

    enum CodingKeys: String, CodingKey, CaseIterable { case agentName, description, personality, selectedPlugins, resources, platforms, packageLock, access }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        draft = AgentDraft(name: try container.decode(String.self, forKey: .agentName), fields: try agentFields(container))
    }
}

/// The body of PUT /api/agents/{id}: a partial update. The name cannot change.
public struct UpdateAgentBody: Decodable, Sendable {
    public var changes: AgentFields

    enum CodingKeys: String, CodingKey, CaseIterable { case description, personality, selectedPlugins, resources, platforms, packageLock, access }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        changes = try agentFields(try decoder.container(keyedBy: CodingKeys.self))
    }
}

/// The body of POST /api/agents/{id}/scale.
public struct ScaleAgentBody: Decodable, Sendable {
    public var replicas: Int

    enum CodingKeys: String, CodingKey, CaseIterable { case replicas }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        replicas = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .replicas)
    }
}

/// The optional fields that create and update bodies share, each absent or of its type (never null).
private func agentFields<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>) throws -> AgentFields {
    func key(_ name: String) -> Key { Key(stringValue: name)! }
    var fields = AgentFields(
        description: try container.decodeIfPresent(String.self, forKey: key("description"), refusingNull: true),
        personality: try container.decodeIfPresent(PersonalityBody.self, forKey: key("personality"), refusingNull: true)?.personality,
        plugins: try container.decodeIfPresent([String].self, forKey: key("selectedPlugins"), refusingNull: true),
        resources: try container.decodeIfPresent(ResourcesBody.self, forKey: key("resources"), refusingNull: true)?.request,
        platforms: try container.decodeIfPresent([String: [String: String]].self, forKey: key("platforms"), refusingNull: true),
        // Kept as JSON text: the scan reads it with its own parser.
        packageLock: try container.decodeIfPresent(JSONValue.self, forKey: key("packageLock"), refusingNull: true).map { try JSON.encode($0) })
    if let access = try container.decodeIfPresent(String.self, forKey: key("access"), refusingNull: true) {
        guard let value = AgentAccess(rawValue: access) else { throw HTTPError.validation(field: "access", "expected public or private, got '\(access.prefix(64))'") }
        fields.access = value
    }
    return fields
}

/// `personality` in a body and in an answer.
struct PersonalityBody: Codable {
    var system: String?
    var bio: [String]
    var adjectives: [String]
    var topics: [String]

    enum CodingKeys: String, CodingKey, CaseIterable { case system, bio, adjectives, topics }

    init(_ personality: Personality) {
        (system, bio, adjectives, topics) = (personality.system, personality.bio, personality.adjectives, personality.topics)
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        system = try container.decodeIfPresent(String.self, forKey: .system, refusingNull: true)
        bio = try container.decodeIfPresent([String].self, forKey: .bio, refusingNull: true) ?? []
        adjectives = try container.decodeIfPresent([String].self, forKey: .adjectives, refusingNull: true) ?? []
        topics = try container.decodeIfPresent([String].self, forKey: .topics, refusingNull: true) ?? []
    }

    var personality: Personality { Personality(system: system, bio: bio, adjectives: adjectives, topics: topics) }
}

/// `resources` in a body (every field optional) and in an answer (every field present).
struct ResourcesBody: Codable {
    var memory: String?
    var cpu: String?
    var replicas: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case memory, cpu, replicas }

    init(_ resources: Resources) {
        (memory, cpu, replicas) = (resources.memory, resources.cpu, resources.replicas)
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        memory = try container.decodeIfPresent(String.self, forKey: .memory, refusingNull: true)
        cpu = try container.decodeIfPresent(String.self, forKey: .cpu, refusingNull: true)
        replicas = try container.decodeIfPresent(Int.self, forKey: .replicas, refusingNull: true)
    }

    var request: ResourceRequest { ResourceRequest(memory: memory, cpu: cpu, replicas: replicas) }
}
