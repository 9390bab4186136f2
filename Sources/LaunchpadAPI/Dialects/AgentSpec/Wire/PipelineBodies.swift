import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP

/// The body of PUT /v1/pipelines/{name}: `{description?, steps}` in AgentSpec's step vocabulary.
struct PutPipelineBody: Decodable, Sendable {
    var description: String?
    var steps: [PipelineStepBody]

    enum CodingKeys: String, CodingKey, CaseIterable { case description, steps }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        description = try container.decodeIfPresent(String.self, forKey: .description, refusingNull: true)
        steps = try container.decode([PipelineStepBody].self, forKey: .steps)
    }

    func draft(name: String) -> PipelineDraft {
        PipelineDraft(name: name, description: description ?? "", steps: steps.map(\.step))
    }
}

/// A step as AgentSpec writes it: `{name, agent, input?, depends_on?, condition?, until?,
/// max_iterations?, timeout_ms?, on_error?, max_retries?, backoff_ms?, output_var?}`.
struct PipelineStepBody: Codable, Sendable {
    var name: String
    var agent: String
    var input: String?
    var depends_on: [String]?
    var condition: String?
    var until: String?
    var max_iterations: Int?
    var timeout_ms: Int?
    var on_error: StepErrorMode?
    var max_retries: Int?
    var backoff_ms: Int?
    var output_var: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, agent, input, depends_on, condition, until, max_iterations, timeout_ms, on_error, max_retries, backoff_ms, output_var
    }

    /// The engine's field names in AgentSpec's.
    static let fieldNames = [
        "dependsOn": "depends_on", "maxIterations": "max_iterations", "timeoutMs": "timeout_ms", "errorMode": "on_error",
        "maxRetries": "max_retries", "backoffMs": "backoff_ms", "outputVariable": "output_var",
    ]

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        agent = try container.decode(String.self, forKey: .agent)
        input = try container.decodeIfPresent(String.self, forKey: .input, refusingNull: true)
        depends_on = try container.decodeIfPresent([String].self, forKey: .depends_on, refusingNull: true)
        condition = try container.decodeIfPresent(String.self, forKey: .condition, refusingNull: true)
        until = try container.decodeIfPresent(String.self, forKey: .until, refusingNull: true)
        max_iterations = try container.decodeIfPresent(Int.self, forKey: .max_iterations, refusingNull: true)
        timeout_ms = try container.decodeIfPresent(Int.self, forKey: .timeout_ms, refusingNull: true)
        on_error = try container.decodeIfPresent(StepErrorMode.self, forKey: .on_error, refusingNull: true)
        max_retries = try container.decodeIfPresent(Int.self, forKey: .max_retries, refusingNull: true)
        backoff_ms = try container.decodeIfPresent(Int.self, forKey: .backoff_ms, refusingNull: true)
        output_var = try container.decodeIfPresent(String.self, forKey: .output_var, refusingNull: true)
    }

    init(_ step: PipelineStep) {
        (name, agent, input, depends_on, condition, until) = (step.name, step.agent, step.input, step.dependsOn, step.condition, step.until)
        (max_iterations, timeout_ms, on_error, max_retries) = (step.maxIterations, step.timeoutMs, step.errorMode, step.maxRetries)
        (backoff_ms, output_var) = (step.backoffMs, step.outputVariable)
    }

    var step: PipelineStep {
        PipelineStep(
            name: name, agent: agent, input: input, dependsOn: depends_on, condition: condition, until: until, maxIterations: max_iterations,
            timeoutMs: timeout_ms, errorMode: on_error ?? .fail, maxRetries: max_retries, backoffMs: backoff_ms, outputVariable: output_var)
    }
}

/// The body of POST /v1/pipelines/{name}/run: `{input, variables?, async?}`.
struct RunPipelineBody: Decodable, Sendable {
    var input: String
    var variables: [String: String]
    var async: Bool

    enum CodingKeys: String, CodingKey, CaseIterable { case input, variables, async }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        input = try container.decode(String.self, forKey: .input)
        variables = try container.decodeIfPresent([String: String].self, forKey: .variables, refusingNull: true) ?? [:]
        async = try container.decodeIfPresent(Bool.self, forKey: .async, refusingNull: true) ?? false
    }
}

/// The body of POST /v1/pipelines/{name}/cancel: `{run_id}`.
struct CancelPipelineBody: Decodable, Sendable {
    var run_id: String

    enum CodingKeys: String, CodingKey, CaseIterable { case run_id }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        run_id = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .run_id)
    }
}
