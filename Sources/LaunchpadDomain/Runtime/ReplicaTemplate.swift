/// Everything a driver needs to run a replica of one generation of an agent.
public struct ReplicaTemplate: Sendable, Equatable {
    public var agentId: String
    public var generation: Int
    public var character: AgentCharacter
    /// The platform settings and opened secrets, for the replica's environment only.
    public var environment: [String: String]
    /// Memory limit in bytes; nil for none.
    public var memoryBytes: Int?
    /// CPU in thousandths of a core; nil for none.
    public var millicores: Int?
    /// The user who owns the agent, for runtimes that label what they make (a cluster's objects).
    public var ownerId: String?
    /// The registered runtime image it runs (`reference`; a container image for a container
    /// runtime); nil for the driver's default.
    public var image: String?
    /// Where the caller asked it to run, for a runtime that knows regions; others ignore it.
    public var region: String?

    public init(
        agentId: String, generation: Int, character: AgentCharacter, environment: [String: String] = [:], memoryBytes: Int? = nil,
        millicores: Int? = nil, ownerId: String? = nil, image: String? = nil, region: String? = nil
    ) {
        self.agentId = agentId
        self.generation = generation
        self.character = character
        self.environment = environment
        self.memoryBytes = memoryBytes
        self.millicores = millicores
        self.ownerId = ownerId
        self.image = image
        self.region = region
    }
}
