import LaunchpadDomain

/// The character of an agent: its system prompt, bio, adjectives and topics. Stored as it is; a
/// record a newer binary wrote with more fields is still read.
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
