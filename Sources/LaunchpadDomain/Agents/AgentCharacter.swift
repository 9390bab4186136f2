/// The elizaOS character a replica runs: who the agent is, its plugins, and which platforms it
/// talks to (their secrets travel in the replica's environment, never here).
public struct AgentCharacter: Sendable, Equatable {
    public var name: String
    public var system: String?
    public var bio: [String]
    public var adjectives: [String]
    public var topics: [String]
    public var plugins: [String]
    public var platforms: [String]

    public init(name: String, system: String? = nil, bio: [String] = [], adjectives: [String] = [], topics: [String] = [], plugins: [String] = [], platforms: [String] = []) {
        self.name = name
        self.system = system
        self.bio = bio
        self.adjectives = adjectives
        self.topics = topics
        self.plugins = plugins
        self.platforms = platforms
    }
}
