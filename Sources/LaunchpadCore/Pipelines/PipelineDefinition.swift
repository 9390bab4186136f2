import Foundation

/// A stored pipeline (AgentSpec) or workflow (AgentOS): one definition seen through two dialects.
public struct PipelineDefinition: Codable, Sendable, Equatable {
    public var pipelineId: String
    public var ownerId: String
    /// Unique per owner; AgentSpec's `{name}` and AgentOS's workflow `id`.
    public var name: String
    /// A display name (AgentOS's `name`); nil shows `name`.
    public var title: String?
    public var description: String
    public var steps: [PipelineStep]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        pipelineId: String, ownerId: String, name: String, title: String?, description: String, steps: [PipelineStep], createdAt: Date, updatedAt: Date
    ) {
        self.pipelineId = pipelineId
        self.ownerId = ownerId
        self.name = name
        self.title = title
        self.description = description
        self.steps = steps
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What a caller asks to store as a pipeline.
public struct PipelineDraft: Sendable, Equatable {
    public var name: String
    public var title: String?
    public var description: String
    public var steps: [PipelineStep]

    public init(name: String, title: String? = nil, description: String = "", steps: [PipelineStep]) {
        self.name = name
        self.title = title
        self.description = description
        self.steps = steps
    }
}
