import Foundation
import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP

/// The body of POST /api/workflows (AgentOS's workflows, in seed 001's namespace): `{id?, name,
/// description?, steps}`. `id` is the pipeline's name, AgentSpec's `{name}`; `name` is its title.
public struct CreateWorkflowBody: Decodable, Sendable {
    public var id: String?
    public var name: String
    public var description: String?
    public var steps: [WorkflowStepBody]

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, description, steps }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id, refusingNull: true)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description, refusingNull: true)
        steps = try container.decode([WorkflowStepBody].self, forKey: .steps)
    }

    /// The pipeline it describes, named `id` (or `generatedId` without one): AgentOS's modes become
    /// dependencies (a `fanout` step runs beside the fan-out steps next to it, after what came
    /// before them; a `collect` step, or any step after them, waits for all of them).
    public func draft(generatedId: String) throws -> PipelineDraft {
        var steps: [PipelineStep] = []
        var stage: [String] = []
        var group: [String] = []
        var groupBase: [String] = []
        for (index, body) in self.steps.enumerated() {
            var step = try body.step(field: "steps[\(index)]")
            if body.mode == .fanout {
                if group.isEmpty { groupBase = stage }
                step.dependsOn = groupBase
                group.append(step.name)
                stage = group
            } else {
                step.dependsOn = group.isEmpty ? stage : group
                group = []
                stage = [step.name]
            }
            steps.append(step)
        }
        return PipelineDraft(name: id ?? generatedId, title: name, description: description ?? "", steps: steps)
    }
}

extension DomainError {
    /// The error with a field named as a workflow names it (`steps[1].promptTemplate` for the
    /// engine's `steps[1].input`, `id` for its `name`).
    func inWorkflowTerms() -> DomainError {
        if code == .notFound, resource == .pipeline {
            return DomainError(.notFound, message.replacingOccurrences(of: "Pipeline '", with: "Workflow '"), resource: .pipeline)
        }
        if code == .conflict {
            return DomainError(.conflict, message.replacingOccurrences(of: "a pipeline named '", with: "a workflow with id '"))
        }
        return naming(
            fields: ["name": "id", "title": "name"],
            stepFields: ["input": "promptTemplate", "agent": "functionId", "outputVariable": "outputVar", "dependsOn": "mode"])
    }
}

/// A step of a workflow, in AgentOS's vocabulary.
public struct WorkflowStepBody: Codable, Sendable {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        case sequential, fanout, collect, conditional, loop
    }

    public var name: String
    /// `agent::<name>`: the caller's agent.
    public var functionId: String
    public var mode: Mode
    public var promptTemplate: String?
    public var timeoutMs: Int?
    public var errorMode: StepErrorMode?
    public var maxRetries: Int?
    public var outputVar: String?
    public var condition: String?
    public var maxIterations: Int?
    public var until: String?

    static let agentPrefix = "agent::"

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, functionId, mode, promptTemplate, timeoutMs, errorMode, maxRetries, outputVar, condition, maxIterations, until
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        functionId = try container.decode(String.self, forKey: .functionId)
        mode = try container.decodeIfPresent(Mode.self, forKey: .mode, refusingNull: true) ?? .sequential
        promptTemplate = try container.decodeIfPresent(String.self, forKey: .promptTemplate, refusingNull: true)
        timeoutMs = try container.decodeIfPresent(Int.self, forKey: .timeoutMs, refusingNull: true)
        errorMode = try container.decodeIfPresent(StepErrorMode.self, forKey: .errorMode, refusingNull: true)
        maxRetries = try container.decodeIfPresent(Int.self, forKey: .maxRetries, refusingNull: true)
        outputVar = try container.decodeIfPresent(String.self, forKey: .outputVar, refusingNull: true)
        condition = try container.decodeIfPresent(String.self, forKey: .condition, refusingNull: true)
        maxIterations = try container.decodeIfPresent(Int.self, forKey: .maxIterations, refusingNull: true)
        until = try container.decodeIfPresent(String.self, forKey: .until, refusingNull: true)
    }

    /// A stored step shown in AgentOS's vocabulary, its mode read back from its dependencies.
    init(_ step: PipelineStep, mode: Mode) {
        name = step.name
        functionId = Self.agentPrefix + step.agent
        self.mode = mode
        promptTemplate = step.input
        timeoutMs = step.timeoutMs
        errorMode = step.errorMode
        maxRetries = step.maxRetries
        outputVar = step.outputVariable
        condition = step.condition
        maxIterations = step.maxIterations
        until = step.until
    }

    /// The engine's step; its dependencies are set by the workflow. A `conditional` step needs a
    /// `condition`, a `loop` step an `until` or `maxIterations`; no other step may have them.
    func step(field: String) throws -> PipelineStep {
        guard functionId.hasPrefix(Self.agentPrefix), functionId.count > Self.agentPrefix.count else {
            throw DomainError.invalid(field: "\(field).functionId", "step '\(name.prefix(64))': must be 'agent::<agent name>'")
        }
        switch mode {
        case .conditional where condition == nil:
            throw DomainError.invalid(field: "\(field).condition", "step '\(name.prefix(64))': a conditional step needs a condition")
        case .loop where until == nil && maxIterations == nil:
            throw DomainError.invalid(field: "\(field).until", "step '\(name.prefix(64))': a loop step needs until or maxIterations")
        case .sequential, .fanout, .collect, .conditional, .loop:
            break
        }
        if mode != .conditional, condition != nil {
            throw DomainError.invalid(field: "\(field).condition", "step '\(name.prefix(64))': only a conditional step has a condition")
        }
        if mode != .loop, until != nil || maxIterations != nil {
            throw DomainError.invalid(field: "\(field).\(until != nil ? "until" : "maxIterations")", "step '\(name.prefix(64))': only a loop step repeats")
        }
        return PipelineStep(
            name: name, agent: String(functionId.dropFirst(Self.agentPrefix.count)), input: promptTemplate, condition: condition, until: until,
            maxIterations: maxIterations, timeoutMs: timeoutMs, errorMode: errorMode ?? .fail, maxRetries: maxRetries, outputVariable: outputVar)
    }
}

/// The body of POST /api/workflows/run: `{workflowId, input, agentId?, async?}`.
public struct RunWorkflowBody: Decodable, Sendable {
    public var workflowId: String
    public var input: String
    /// The agent the run is for, given to the steps as `{{variables.agentId}}`.
    public var agentId: String?
    /// Answer 202 with the run's id at once instead of the ended run.
    public var async: Bool

    enum CodingKeys: String, CodingKey, CaseIterable { case workflowId, input, agentId, async }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        workflowId = try container.decode(String.self, forKey: .workflowId)
        input = try container.decode(String.self, forKey: .input)
        agentId = try container.decodeIfPresent(String.self, forKey: .agentId, refusingNull: true)
        async = try container.decodeIfPresent(Bool.self, forKey: .async, refusingNull: true) ?? false
    }
}
