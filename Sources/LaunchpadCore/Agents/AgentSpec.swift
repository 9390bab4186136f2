/// The parts of an agent a user describes (seed 001, "Create Agent").
public struct Personality: Codable, Sendable, Equatable {
    public var system: String?
    public var bio: [String]
    public var adjectives: [String]
    public var topics: [String]

    public init(system: String? = nil, bio: [String] = [], adjectives: [String] = [], topics: [String] = []) {
        self.system = system
        self.bio = bio
        self.adjectives = adjectives
        self.topics = topics
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case system, bio, adjectives, topics }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        system = try container.decodeIfPresent(String.self, forKey: .system, refusingNull: decoder.isRequestBody)
        bio = try container.decodeIfPresent([String].self, forKey: .bio, refusingNull: decoder.isRequestBody) ?? []
        adjectives = try container.decodeIfPresent([String].self, forKey: .adjectives, refusingNull: decoder.isRequestBody) ?? []
        topics = try container.decodeIfPresent([String].self, forKey: .topics, refusingNull: decoder.isRequestBody) ?? []
    }
}

/// Memory, CPU and replicas as given (`1Gi`, `500m`) and as numbers.
public struct Resources: Codable, Sendable, Equatable {
    public var memory: String
    public var cpu: String
    public var replicas: Int

    public init(memory: String, cpu: String, replicas: Int) {
        self.memory = memory
        self.cpu = cpu
        self.replicas = replicas
    }

    public var memoryBytes: Int { Quantity.bytes(memory) ?? 0 }
    public var millicores: Int { Quantity.millicores(cpu) ?? 0 }
}

/// `resources` of a create or update body: every field optional.
public struct ResourcesInput: Decodable, Sendable, Equatable {
    public var memory: String?
    public var cpu: String?
    public var replicas: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case memory, cpu, replicas }

    public init(memory: String? = nil, cpu: String? = nil, replicas: Int? = nil) {
        self.memory = memory
        self.cpu = cpu
        self.replicas = replicas
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        memory = try container.decodeIfPresent(String.self, forKey: .memory, refusingNull: decoder.isRequestBody)
        cpu = try container.decodeIfPresent(String.self, forKey: .cpu, refusingNull: decoder.isRequestBody)
        replicas = try container.decodeIfPresent(Int.self, forKey: .replicas, refusingNull: decoder.isRequestBody)
    }
}
