import Foundation
import LaunchpadCore
import LaunchpadDomain
import LaunchpadTestSupport
import Testing

/// A `StepInvoker` for the engine's tests: each agent is a script (the reply to an input, a delay,
/// failures), and every call is recorded. It honours the call's deadline and cancellation as a
/// real invoker must: a delay is a wait that either ends early.
final class ScriptedInvoker: StepInvoker, @unchecked Sendable {
    struct Script: Sendable {
        var delay: TimeInterval = 0
        /// The first calls that fail, before it answers.
        var failures = 0
        var reply: @Sendable (String) -> String = { "[\($0)]" }
    }

    struct Call: Equatable {
        var agent: String
        var input: String
        var step: String
    }

    private let lock = NSLock()
    private var scripts: [String: Script]
    private var made: [Call] = []
    private var failed: [String: Int] = [:]
    private var running = 0
    private(set) var mostAtOnce = 0

    init(_ scripts: [String: Script]) {
        self.scripts = scripts
    }

    var calls: [Call] { lock.withLock { made } }

    func calls(of step: String) -> Int { calls.filter { $0.step == step }.count }

    var maxConcurrent: Int { lock.withLock { mostAtOnce } }

    func invoke(_ call: StepCall) throws -> StepReply {
        let script: Script = try lock.withLock {
            guard let script = scripts[call.agent] else { throw DomainError.notFound(.agent, "no agent \(call.agent)") }
            made.append(Call(agent: call.agent, input: call.input, step: call.step))
            running += 1
            mostAtOnce = max(mostAtOnce, running)
            return script
        }
        defer { lock.withLock { running -= 1 } }
        if script.delay > 0 {
            if call.cancellation.wait(until: min(call.deadline, Date().addingTimeInterval(script.delay))) {
                throw DomainError(.unavailable, "cancelled")
            }
            if Date() >= call.deadline { throw DomainError(.unavailable, "deadline passed") }
        }
        let fail = lock.withLock {
            failed[call.agent, default: 0] += 1
            return failed[call.agent]! <= script.failures
        }
        if fail { throw DomainError(.unavailable, "Agent '\(call.agent)' failed to answer: scripted failure") }
        let output = script.reply(call.input)
        return StepReply(output: output, usage: StepUsage(inputTokens: call.input.count, outputTokens: output.count))
    }
}

/// Services on a temporary data directory with a `ScriptedInvoker` attached, and an agent record of
/// alice's (no replicas) for each script, so that definitions naming them are accepted.
final class PipelineFixture {
    static let alice = Principal(keyId: "key_a", userId: "user-alice", username: "alice", role: .user)
    static let bob = Principal(keyId: "key_b", userId: "user-bob", username: "bob", role: .user)

    let directory: TemporaryDirectory
    private(set) var services: Services
    let invoker: ScriptedInvoker

    init(_ scripts: [String: ScriptedInvoker.Script], directory: TemporaryDirectory? = nil, configuration: Services.Configuration = .init()) throws {
        self.directory = try directory ?? TemporaryDirectory()
        services = try Services(dataDirectory: self.directory.path, configuration: configuration)
        invoker = ScriptedInvoker(scripts)
        for name in scripts.keys where try services.agents.store.all().allSatisfy({ $0.name != name }) {
            _ = try services.agents.create(AgentDraft(name: name, personality: .test, resources: .init(replicas: 0)), by: Self.alice)
        }
        try services.pipelines.attach(invoker)
    }

    var pipelines: PipelineService { services.pipelines }

    func close() {
        services.close()
    }

    @discardableResult
    func define(_ name: String, _ steps: [PipelineStep]) throws -> PipelineDefinition {
        try pipelines.save(PipelineDraft(name: name, steps: steps), by: Self.alice, replacing: false).0
    }

    func run(_ name: String, input: String = "in", variables: [String: String] = [:]) throws -> PipelineRun {
        try pipelines.start(named: name, input: input, variables: variables, by: Self.alice, wait: .untilDone)
    }

    /// Polls the stored run until `condition` holds, for at most `seconds`.
    func waitFor(_ runId: String, seconds: TimeInterval = 10, _ condition: (PipelineRun) -> Bool) throws -> PipelineRun {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let run = try #require(try pipelines.store.run(runId))
            if condition(run) || Date() > deadline { return run }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}
